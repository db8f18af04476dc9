"""Home tab publishes for one person coalesce: a burst costs two renders, and the last one comes last."""

import threading

from bot.listeners.common import _Coalescer


def test_requests_during_a_publish_become_one_more_publish_after_it() -> None:
    coalescer = _Coalescer()
    started, release = threading.Event(), threading.Event()
    runs: list[str] = []

    def slow() -> None:
        runs.append("render")
        started.set()
        release.wait(5)

    first = threading.Thread(target=coalescer.run, args=(("T1", "U1"), slow))
    first.start()
    started.wait(5)
    for _ in range(5):  # five more changes while the first render is in flight
        coalescer.run(("T1", "U1"), lambda: runs.append("unexpected"))
    coalescer.run(("T1", "U2"), lambda: runs.append("someone else"))
    release.set()
    first.join(5)
    assert runs == ["render", "someone else", "render"]
