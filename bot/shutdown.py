"""Graceful stop for `rampcoach serve --http`: on SIGTERM, refuse new connections, stop ticking, let acks,
post-ack work and the send in flight finish, and exit within RAMPCOACH_SHUTDOWN_SECONDS."""

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import structlog
from waitress import wasyncore

from bot.delivery.scheduler import Ticking

log = structlog.get_logger("rampcoach.shutdown")


def serve_until_terminated(
    server: Any,
    sockets: dict[int, Any],
    executor: ThreadPoolExecutor,
    ticking: Ticking | None,
    *,
    grace_s: float,
) -> None:
    """Run the waitress `server` (polling `sockets`) until SIGTERM or SIGINT, then drain within `grace_s`.

    If the work in flight outlasts the grace period, the process exits at once with status 1: a row
    still `sending` then becomes `unknown` after its lease, never a duplicate.
    """
    stopping = threading.Event()

    def on_signal(signum: int, _frame: Any) -> None:
        if stopping.is_set():
            return
        stopping.set()
        log.info("stopping", signal=signal.Signals(signum).name, grace_s=grace_s)
        # Close the listening socket only (server.close() would also close the trigger), and from inside
        # the loop: the select() this signal interrupted resumes on its old list, and a socket closed here
        # would fail it with EBADF. New connections are refused from then on; accepted ones are served.
        server.trigger.pull_trigger(lambda: wasyncore.dispatcher.close(server))
        args = (server, sockets, executor, ticking, grace_s)
        threading.Thread(target=_drain, args=args, name="rampcoach-drain").start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server.run()


def _drain(
    server: Any,
    sockets: dict[int, Any],
    executor: ThreadPoolExecutor,
    ticking: Ticking | None,
    grace_s: float,
) -> None:
    deadline = time.monotonic() + grace_s
    sends_done = ticking.stop(grace_s) if ticking else True
    # Requests already accepted get their ack; then the post-ack work (lazy listeners) finishes.
    server.task_dispatcher.shutdown(cancel_pending=False, timeout=_left(deadline))
    lazy_done = _within(lambda: executor.shutdown(wait=True), _left(deadline))
    drained = sends_done and lazy_done and time.monotonic() < deadline
    log.info(
        "stopped" if drained else "stopped with work unfinished", sends_done=sends_done, lazy_done=lazy_done
    )
    if not drained:
        os._exit(1)  # threads still busy would keep the interpreter alive past the deadline
    server.trigger.pull_trigger(lambda: wasyncore.close_all(sockets))  # an empty map ends server.run()


def _within(work: Any, timeout: float) -> bool:
    runner = threading.Thread(target=work, daemon=True)
    runner.start()
    runner.join(timeout)
    return not runner.is_alive()


def _left(deadline: float) -> float:
    return max(0.0, deadline - time.monotonic())
