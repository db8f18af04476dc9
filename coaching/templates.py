"""Message approaches: the template registry's tags, and tags derived from a message body itself."""

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from coaching.errors import Code, FieldProblem, describe, problem

Tag = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{0,39}$")]

# Each approach and its opposite: only these pairs are compared, since a tag alone has no baseline.
OPPOSITES: dict[str, str] = {
    "issue-led": "product-led",
    "brief": "long",
    "personalized": "generic",
    "asks-question": "no-question",
}
OPPOSITES |= {b: a for a, b in OPPOSITES.items()}
BRIEF_WORDS = 90

_WORD = re.compile(r"[\w'’{}\[\]]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_GREETING = re.compile(r"^(hi|hello|hey|dear|good (morning|afternoon))\b[^.!?]{0,40}[,!]?$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{\{?\s*[\w.]+\s*\}?\}|\[[A-Z][\w ]{0,30}\]")
_PERSONAL_PHRASES = re.compile(
    r"\b(saw your|noticed|congrats|congratulations|read your|loved your|your recent|heard you)\b",
    re.IGNORECASE,
)
# A personal detail about the buyer's company or role: a named company after "saw"/"noticed", or a
# trigger event (hiring, funding, a launch, a new role) that is theirs, not ours.
_COMPANY = re.compile(
    r"\b(?:[Ss]aw|[Nn]oticed|[Rr]ead|[Hh]eard|[Ss]ee)\s+(?:that\s+)?"
    r"(?!(?:[Yy]ou|[Yy]our|[Tt]he|[Aa]|[Aa]n|[Ww]e|[Oo]ur|[Ii]t|[Tt]his|[Tt]hat)\b)[A-Z][\w&.-]+"
)
_TRIGGER = re.compile(
    r"\b(?:(?:is|are|'s|’s|you're|you’re|just|been|now)\s+(?:hiring|expanding|growing|raising|launching|opening)"
    r"|(?:raised|closed|announced)\s+(?:a|an|their|your|the)?\s*(?:new\s+)?(?:series\s+[a-e]|round|funding|seed)"
    r"|(?:your|their)\s+(?:new\s+role|promotion|funding|series\s+[a-e]|launch|expansion|acquisition|new\s+office)"
    r"|(?:congrats|congratulations)\s+on)\b",
    re.IGNORECASE,
)
_PRODUCT_WORDS = frozenset(
    str.split(
        "we we're we've we'll our ours us product products platform feature features solution solutions "
        "tool software app integration demo launched launch"
    )
)
_BUYER_WORDS = frozenset(
    str.split(
        "you you're you've your yours challenge challenges problem problems goal goals issue issues "
        "priority priorities struggle struggling pain risk"
    )
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Template(_Frozen):
    name: Annotated[str, Field(min_length=1, max_length=120)]
    tags: Annotated[list[Tag], Field(max_length=20)] = []
    subject: Annotated[str, Field(max_length=500)] | None = None
    body: Annotated[str, Field(max_length=20_000)] | None = None

    @model_validator(mode="after")
    def _no_opposites(self) -> "Template":
        clash = sorted(t for t in self.tags if OPPOSITES.get(t) in self.tags)
        if clash:
            raise FieldProblem([problem(Code.TAGS_CONTRADICT, tags=clash)])
        return self


class TemplateRegistry(_Frozen):
    templates: Annotated[list[Template], Field(max_length=500)] = []

    @model_validator(mode="after")
    def _unique_names(self) -> "TemplateRegistry":
        names = [t.name for t in self.templates]
        if len(set(names)) != len(names):
            raise FieldProblem([problem(Code.TEMPLATE_NAMES_REPEATED)])
        return self

    def tags_for(
        self, template: str, body: str | None = None, body_tags: frozenset[str] | None = None
    ) -> frozenset[str]:
        """Return a touch's approach tags: those derived from its body (or kept from a body since dropped),
        overruled by the registry's."""
        derived = set(derive_tags(body).tags) if body else set(body_tags or ())
        known = self.by_name.get(template)
        if known is None:
            return frozenset(derived)
        if not body and not body_tags and known.body:
            derived = set(derive_tags(known.body).tags)
        for tag in known.tags:
            derived.discard(OPPOSITES.get(tag, ""))
            derived.add(tag)
        return frozenset(derived)

    @cached_property
    def by_name(self) -> dict[str, Template]:
        return {t.name: t for t in self.templates}


def parse_registry(data: Any) -> TemplateRegistry:
    """Return the registry in an already-loaded YAML mapping; raise FieldProblem naming each bad field."""
    if not isinstance(data, dict):
        raise FieldProblem([problem(Code.NOT_A_REGISTRY, "")])
    try:
        return TemplateRegistry.model_validate(data)
    except ValidationError as err:
        raise FieldProblem(describe(err)) from None


@dataclass(frozen=True)
class DerivedTags:
    """What a body's text shows: its size, questions, focus of the opening, and personal touches."""

    words: int
    questions: int
    product_words: int  # in the opening two sentences
    buyer_words: int  # in the opening two sentences
    personal_markers: int
    tags: frozenset[str]
    # Which kinds of personal detail it has: "company" (their company by name), "trigger" (hiring,
    # funding, a launch, a new role), "mention" (saw your..., congrats...), "merge-field" (a placeholder).
    details: frozenset[str] = frozenset()


def derive_tags(body: str) -> DerivedTags:
    """Return the approach tags a body shows; a tie between product and buyer words gives neither tag."""
    words = _WORD.findall(body)
    questions = len(re.findall(r"\?+", body))
    opening = [w.lower().replace("’", "'") for w in _WORD.findall(" ".join(_opening(body)))]
    product = sum(w in _PRODUCT_WORDS for w in opening)
    buyer = sum(w in _BUYER_WORDS for w in opening)
    details = _personal_details(body)
    markers = _personal_markers(body) + sum(kind in details for kind in ("company", "trigger"))
    tags = {
        "brief" if len(words) <= BRIEF_WORDS else "long",
        "asks-question" if questions else "no-question",
        "personalized" if markers else "generic",
    }
    if product != buyer:
        tags.add("product-led" if product > buyer else "issue-led")
    return DerivedTags(len(words), questions, product, buyer, markers, frozenset(tags), details)


def _opening(body: str) -> list[str]:
    """Return the first two sentences after any greeting line."""
    sentences = [s.strip() for s in _SENTENCE_END.split(body) if s.strip()]
    if sentences and _GREETING.match(sentences[0]):
        sentences = sentences[1:]
    return sentences[:2]


def _after_greeting(body: str) -> str:
    # A first-name merge field in the greeting is on every template, so it is not personalization.
    lines = body.strip().splitlines()
    return "\n".join(lines[1:]) if lines and _GREETING.match(lines[0].strip()) else body


def _personal_markers(body: str) -> int:
    return len(_PLACEHOLDER.findall(_after_greeting(body))) + len(_PERSONAL_PHRASES.findall(body))


def _personal_details(body: str) -> frozenset[str]:
    """Return the kinds of personal detail about the buyer that the body shows."""
    found = {
        "company": bool(_COMPANY.search(body)),
        "trigger": bool(_TRIGGER.search(body)),
        "mention": bool(_PERSONAL_PHRASES.search(body)),
        "merge-field": bool(_PLACEHOLDER.search(_after_greeting(body))),
    }
    return frozenset(kind for kind, seen in found.items() if seen)
