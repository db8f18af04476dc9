"""Pieces every listener module shares."""

import threading
from collections.abc import Callable

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.home import home_for
from bot.views.home import home_view


def ack_now(ack: Ack) -> None:
    """Acknowledge at once; the listener's lazy functions do the work after the ack."""
    ack()


class _Coalescer:
    """Runs one publish per person at a time: a request while one runs asks for one more run after it.

    A burst of logs from one person then costs two Home renders, not one per log, and the last render
    still reads the data as it is after the last change.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._again: dict[tuple[str, str], bool] = {}

    def run(self, key: tuple[str, str], publish: Callable[[], None]) -> None:
        with self._lock:
            if key in self._again:
                self._again[key] = True
                return
            self._again[key] = False
        try:
            while True:
                publish()
                with self._lock:
                    if not self._again[key]:
                        return
                    self._again[key] = False
        finally:
            with self._lock:
                self._again.pop(key, None)


_homes = _Coalescer()


def publish_home(client: WebClient, deps: Deps, team_id: str, user_id: str) -> None:
    """Republish a person's Home tab after the data behind it changed."""

    def publish() -> None:
        view = home_view(home_for(deps, team_id=team_id, user_id=user_id))
        client.views_publish(user_id=user_id, view=view)

    _homes.run((team_id, user_id), publish)
