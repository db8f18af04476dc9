"""Pieces every listener module shares."""

import functools
import inspect
import threading
from collections.abc import Callable
from typing import Any

import structlog
from slack_bolt import Ack, Respond
from slack_bolt.kwargs_injection.args import Args
from slack_sdk import WebClient
from sqlalchemy.exc import OperationalError

from bot.deps import Deps
from bot.services.home import home_for
from bot.views.errors import database_down_text, unexpected_error_text
from bot.views.home import home_view

log = structlog.get_logger("rampcoach.listeners")


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


def tell_on_failure(listener: Callable[..., None]) -> Callable[..., None]:
    """Wrap a lazy command listener so a failure after the ack still gets the person an answer.

    Bolt only logs a lazy listener's exception, and the person would hear nothing at all.
    """

    @functools.wraps(listener)
    def wrapped(*args: Any, respond: Respond, **kwargs: Any) -> None:
        try:
            listener(*args, respond=respond, **kwargs)
        except OperationalError:
            log.exception("database unavailable", listener=listener.__name__)
            respond(text=database_down_text(), response_type="ephemeral")
        except Exception:
            log.exception("listener failed", listener=listener.__name__)
            respond(text=unexpected_error_text(), response_type="ephemeral")

    return wrapped


def tell_if_failed(listener: Callable[..., None]) -> Callable[[Args], None]:
    """Wrap a lazy button, shortcut or modal listener: a failure after the ack reaches the person in a DM.

    Bolt only logs a lazy listener's exception, and a click would otherwise seem to do nothing. The
    wrapper takes Bolt's `args` and passes the listener the arguments it names.
    """
    names = inspect.getfullargspec(listener).args

    def wrapped(args: Args) -> None:
        try:
            listener(**{name: getattr(args, name) for name in names})
        except Exception as error:
            log.exception("listener failed", listener=listener.__name__)
            user = (args.body.get("user") or {}).get("id")
            text = database_down_text() if isinstance(error, OperationalError) else unexpected_error_text()
            if user:
                try:
                    args.client.chat_postMessage(channel=user, text=text)
                except Exception:
                    log.warning("could not tell the user about the failure", listener=listener.__name__)

    wrapped.__name__ = wrapped.__qualname__ = listener.__name__  # Bolt tells lazy functions apart by name
    return wrapped
