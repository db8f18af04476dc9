"""The memo of figures and Homes (bot/services/figures_memo.py) lets the least recently used go first."""

from bot.services import figures_memo
from bot.services.figures_memo import remembered


def test_figures_read_all_day_stay_while_others_come_and_go() -> None:
    figures_memo.forget_all()
    worked: list[object] = []

    def work(name: object) -> object:
        worked.append(name)
        return name

    assert remembered(("leader",), lambda: work("leader")) == "leader"
    for n in range(200):  # every manager opens their Home; the leader keeps coming back
        assert remembered(("manager", n), lambda n=n: work(n)) == n  # type: ignore[misc]
        assert remembered(("leader",), lambda: work("leader")) == "leader"
    assert worked.count("leader") == 1
    assert remembered(("manager", 0), lambda: work("again")) == "again"  # long gone: worked out again
    assert remembered(("manager", 199), lambda: work("kept")) == 199
    figures_memo.forget_all()
