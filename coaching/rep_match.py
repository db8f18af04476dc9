"""Matching a touch's rep (a Slack user id or an email address) to a person in the workspace."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from coaching.touches import Touch


@dataclass(frozen=True)
class Directory:
    """Who a rep value can name: every lowercased Slack id and email, mapped to the person's Slack id."""

    names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, people: Iterable[tuple[str, str | None]]) -> "Directory":
        """Build from (slack_id, email or None) pairs."""
        names: dict[str, str] = {}
        for slack_id, email in people:
            names[slack_id.lower()] = slack_id
            if email:
                names.setdefault(email.strip().lower(), slack_id)
        return cls(names)

    def find(self, rep: str) -> str | None:
        """Return the Slack id `rep` names (case-insensitive), or None when it names nobody."""
        return self.names.get(rep.strip().lower())


@dataclass(frozen=True)
class RepMatch:
    matched: list[Touch]  # with `rep` replaced by the person's Slack id
    unmatched: list[Touch]  # as given, so the caller can say which row and value


def match_reps(touches: Sequence[Touch], directory: Directory) -> RepMatch:
    """Split touches into those whose rep names a person and those that name nobody.

    A matched touch's rep becomes the Slack id, so its key no longer depends on whether a file named the
    rep by email or by id: the same touch from two sources is stored once.
    """
    matched: list[Touch] = []
    unmatched: list[Touch] = []
    for touch in touches:
        slack_id = directory.find(touch.rep)
        if slack_id is None:
            unmatched.append(touch)
        else:
            matched.append(touch if touch.rep == slack_id else touch.model_copy(update={"rep": slack_id}))
    return RepMatch(matched, unmatched)
