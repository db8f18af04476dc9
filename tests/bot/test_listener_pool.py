"""The pool for post-ack work makes the interpreter hand the GIL over often, so acks do not wait for it."""

import sys

from bot.app import listener_executor


def test_the_post_ack_pool_lets_acks_take_the_gil_within_a_millisecond() -> None:
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)  # Python's default
    try:
        pool = listener_executor()
        pool.shutdown()
        assert sys.getswitchinterval() <= 0.001
    finally:
        sys.setswitchinterval(before)
