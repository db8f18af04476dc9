"""Long lists are split over several Block Kit texts, not cut (Slack refuses texts over 3,000 chars)."""

from bot.views.text import packed


def test_lines_are_packed_into_as_few_texts_as_fit_and_none_is_lost() -> None:
    lines = [f"{n:03d} " + "x" * 96 for n in range(70)]  # 70 lines of 100 characters
    texts = packed(lines, 2900)
    assert [len(text) for text in texts] == [2827, 2827, 1413]  # 28 lines and their newlines fit in 2,900
    assert "\n".join(texts).split("\n") == lines


def test_a_single_line_longer_than_the_limit_is_cut_to_it() -> None:
    assert packed(["y" * 5000, "z"], 3000) == ["y" * 3000, "z"]


def test_a_custom_separator_joins_the_lines_of_one_text() -> None:
    assert packed(["a", "b", "c"], 4, sep=", ") == ["a, b", "c"]
    assert packed([]) == []
