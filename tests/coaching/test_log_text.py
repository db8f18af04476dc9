import pytest
from hypothesis import given
from hypothesis import strategies as st

from coaching.errors import Code, FieldProblem, Problem, problem
from coaching.log_text import LogRequest, parse_log_text
from tests.coaching.builders import make_plan

PLAN = make_plan()


def problems(text: str) -> list[Problem]:
    with pytest.raises(FieldProblem) as caught:
        parse_log_text(text, PLAN)
    return caught.value.problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("calls=42 meetings=5", LogRequest(0, {"calls": 42.0, "meetings": 5.0})),
        ("last week calls=40", LogRequest(1, {"calls": 40.0})),
        ("This Week calls = 7", LogRequest(0, {"calls": 7.0})),
        ("CALLS: 3", LogRequest(0, {"calls": 3.0})),
        ("Meetings_Booked=2", LogRequest(0, {"meetings": 2.0})),
        ("meetingsbooked=0", LogRequest(0, {"meetings": 0.0})),
        ("pipeline=$12,500.50", LogRequest(0, {"pipeline": 12500.5})),
        ("pipeline=1,200", LogRequest(0, {"pipeline": 1200.0})),
    ],
)
def test_the_quick_form_reads_keys_labels_and_numbers(text: str, expected: LogRequest) -> None:
    assert parse_log_text(text, PLAN) == expected


def test_a_near_miss_gets_a_suggestion() -> None:
    assert problems("meetngs=3") == [
        problem(
            Code.UNKNOWN_METRIC,
            name="meetngs",
            suggestion="meetings",
            known=["calls", "meetings", "pipeline"],
        )
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("calls=-3", problem(Code.NEGATIVE, "calls", raw="-3")),
        ("calls=lots", problem(Code.NOT_A_NUMBER, "calls", raw="lots")),
        ("calls=2.5", problem(Code.NOT_WHOLE, "calls", raw="2.5")),
        ("calls=401", problem(Code.OVER_WEEKLY_MAX, "calls", raw="401", max=400)),
        ("calls=1 calls=2", problem(Code.METRIC_TWICE, metric="calls")),
        ("calls", problem(Code.NOT_A_PAIR, token="calls")),
        ("", problem(Code.NO_VALUES)),
        ("last week", problem(Code.NO_VALUES)),
    ],
)
def test_bad_values_are_explained(text: str, expected: Problem) -> None:
    assert problems(text) == [expected]


def test_every_problem_is_reported_at_once_and_nothing_is_half_accepted() -> None:
    assert len(problems("calls=-1 meetings=x pipeline=5")) == 2


def test_a_fraction_of_currency_is_fine_but_not_of_a_count() -> None:
    assert parse_log_text("pipeline=0.5", PLAN).values == {"pipeline": 0.5}
    assert problems("meetings=0.5") == [problem(Code.NOT_WHOLE, "meetings", raw="0.5")]


def test_very_long_text_is_refused_before_parsing() -> None:
    assert problems("calls=1 " * 500) == [problem(Code.TEXT_TOO_LONG, length=4000, max=1000)]


@given(st.text(max_size=2000))
def test_any_text_either_parses_within_bounds_or_is_refused_with_problems(text: str) -> None:
    try:
        request = parse_log_text(text, PLAN)
    except FieldProblem as err:
        assert err.problems and all(isinstance(p, Problem) for p in err.problems)
        return
    assert request.values
    for key, value in request.values.items():
        assert 0 <= value <= PLAN.metric(key).max_per_week


@given(st.dictionaries(st.sampled_from(["calls", "meetings"]), st.integers(0, 40), min_size=1))
def test_formatting_values_and_parsing_them_gives_them_back(values: dict[str, int]) -> None:
    text = " ".join(f"{key}={value}" for key, value in values.items())
    assert parse_log_text(text, PLAN).values == {k: float(v) for k, v in values.items()}
