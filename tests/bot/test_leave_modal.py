"""The leave form of a rep's row: within Block Kit's limits, filled in with the leave it changes, read back
field by field, and each problem shown under the field it is about."""

import datetime as dt

from bot.fake_slack.blockkit import check_view
from bot.services.leave import LeaveForm
from bot.views import ids
from bot.views.leave_modal import leave_answer, leave_errors, leave_modal
from coaching.errors import Code, problem
from coaching.leave import LeavePeriod
from coaching.team import Member, Role

RILEY = Member("T1", "U0REP1", "Riley <Rep>", Role.REP, "U0MGR1", None)
TODAY = dt.date(2026, 11, 20)
FIRST, LAST, REASON, END = ids.LEAVE_BLOCKS


def test_a_new_leave_form_has_empty_dates_and_no_end_box() -> None:
    view = leave_modal(LeaveForm(RILEY, None, TODAY)).to_dict()
    check_view(view)
    assert view["private_metadata"] == "U0REP1" and "Riley &lt;Rep&gt;" in str(view["blocks"])
    assert [b.get("block_id") for b in view["blocks"][1:]] == [FIRST, LAST, REASON]
    assert "initial_date" not in view["blocks"][1]["element"]


def test_a_current_leave_is_filled_in_with_a_box_to_end_it() -> None:
    current = LeavePeriod(dt.date(2026, 11, 16), dt.date(2026, 11, 29), "family")
    view = leave_modal(LeaveForm(RILEY, current, TODAY)).to_dict()
    check_view(view)
    assert view["blocks"][1]["element"]["initial_date"] == "2026-11-16"
    assert view["blocks"][2]["element"]["initial_date"] == "2026-11-29"
    assert view["blocks"][3]["element"]["initial_value"] == "family" and view["blocks"][4]["block_id"] == END
    assert "is on leave from Mon Nov 16, 2026" in view["blocks"][0]["text"]["text"]


def test_the_answer_reads_every_field_and_a_malformed_date_as_missing() -> None:
    values = {
        FIRST: {"value": {"type": "datepicker", "selected_date": "2026-12-21"}},
        LAST: {"value": {"type": "datepicker", "selected_date": "soon"}},
        REASON: {"value": {"type": "plain_text_input", "value": "holidays"}},
        END: {"value": {"type": "checkboxes", "selected_options": [{"value": "end"}]}},
    }
    answer = leave_answer({"private_metadata": "U0REP1", "state": {"values": values}})
    assert (answer.rep_id, answer.first, answer.last, answer.reason, answer.end) == (
        "U0REP1",
        dt.date(2026, 12, 21),
        None,
        "holidays",
        True,
    )


def test_each_problem_shows_under_its_field() -> None:
    errors = leave_errors(
        [
            problem(Code.DAY_IN_PAST, field="from", day=dt.date(2026, 11, 1), today=TODAY),
            problem(Code.LEAVE_ENDS_BEFORE_START, first=dt.date(2026, 11, 1), last=dt.date(2026, 10, 1)),
            problem(Code.REASON_TOO_LONG, max=200, actual=300),
        ]
    )
    assert set(errors) == {FIRST, LAST, REASON} and "is in the past" in errors[FIRST]
