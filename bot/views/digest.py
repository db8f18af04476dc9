"""The leader digest in Block Kit: short lines for a phone, split into a thread when the cohort is large.

Slack allows 50 blocks per message and 3,000 characters per section; a message much over ~13,000
characters of blocks is refused or truncated. The first message is the headline; the rest reply in its
thread, and the full cohort table is attached as CSV when the digest had to be split.
"""

import csv
import io
import json

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.services.digest import DigestData
from bot.views.figures import trend_text
from bot.views.status_table import PROJECTION_NOTE, percent
from bot.views.text import escape, status_words
from coaching.digest import Digest, Headline, LateRep, RiskReason, Row

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_MESSAGE_CHARS = 12_000  # JSON of the blocks, under Slack's ~13,000 with room for text and metadata
MAX_MOVED = 5
Message = tuple[str, list[Block]]
Section = list[str]  # a title line, then one line per item


def digest_messages(data: DigestData, *, resent: bool = False, thread: bool = True) -> list[Message]:
    """Return the digest as one message, or as a headline message plus replies (in its thread, or after
    it when `thread` is False, as for an ephemeral answer)."""
    d = data.digest
    head = _section_blocks(_headline(data, resent))
    body = [block for section in _sections(d) for block in _section_blocks(section)]
    text = _summary(data)
    if _fits(head + body):
        return [(text, head + body)]
    replies = _pack(body)
    where = "The details, CSV and chart are in the thread." if thread else f"{len(replies)} parts follow."
    note = ContextBlock(elements=[MarkdownTextObject(text=where)])
    return [(text, [*head, note])] + [
        (f"Ramp digest {data.week}, part {n} of {len(replies)}", blocks)
        for n, blocks in enumerate(replies, 1)
    ]


def is_split(messages: list[Message]) -> bool:
    return len(messages) > 1


def _summary(data: DigestData) -> str:
    h = data.digest.headline
    counts = ", ".join(f"{n} {status}" for status, n in h.counts.items() if n)
    return f"Ramp digest {data.week}: {h.ramping} reps ramping" + (f" ({counts})" if counts else "")


def _headline(data: DigestData, resent: bool) -> Section:
    h: Headline = data.digest.headline
    title = f"{'_(resent)_ ' if resent else ''}*Ramp digest · {data.week}*"
    if not h.ramping:
        return [title, "No reps are ramping right now."]
    lines = [title, f"*{h.ramping} reps ramping*"]
    lines += [f"• {status}: {n} ({_change(h.change[status])} on last week)" for status, n in h.counts.items()]
    moved = [f"{escape(name)}: {was} → {now}" for name, was, now in h.moved]
    if moved:
        more = f" and {len(moved) - MAX_MOVED} more" if len(moved) > MAX_MOVED else ""
        lines.append("Changed: " + "; ".join(moved[:MAX_MOVED]) + more)
    return lines


def _change(delta: int) -> str:
    return f"+{delta}" if delta > 0 else (f"−{-delta}" if delta < 0 else "±0")


def _sections(d: Digest) -> list[Section]:
    return [_cohort(d), _at_risk(d), _milestones(d), _reviews(d), _ecosystem(d), _messaging(d)]


def _cohort(d: Digest) -> Section:
    if not d.rows:
        return ["*Cohort*", "No reps are enrolled in a ramp plan."]
    return ["*Cohort*", *(row_line(r) for r in d.rows), f"_{PROJECTION_NOTE}_"]


def row_line(r: Row) -> str:
    """Return one rep on one short line: name, manager, day, attainment, status, trend, projection."""
    status = escape(status_words(r.status, r.blanks))
    return (
        f"*{escape(r.name)}* · {escape(r.manager)} · day {r.day} · {percent(r.attainment)} {status}"
        f" · trend {trend_text(r.trend, '/')} · ends ~{percent(r.projection)}"
    )


def _at_risk(d: Digest) -> Section:
    lines = [f"• *{escape(a.name)}* ({a.status}): {escape(risk_reason_text(a.reason))}" for a in d.at_risk]
    return ["*At risk or behind*"] + (lines or ["Nobody is at risk or behind this week."])


def _milestones(d: Digest) -> Section:
    hit = [f"• ✅ {escape(e.name)}: {escape(e.label)} (day {e.day})" for e in d.hit]
    missed = [f"• ❌ {escape(e.name)}: {escape(e.label)} (day {e.day})" for e in d.missed]
    return ["*Milestones this week*"] + (hit + missed or ["No milestone was hit or missed this week."])


def _reviews(d: Digest) -> Section:
    lines = []
    for m in d.reviews:
        line = f"• *{escape(m.manager)}*: {m.done} done, {_reps(m.due)} due, {_reps(m.overdue)} overdue"
        if m.drive_by:
            line += f" · ⚠️ drive-by reviews ({', '.join(m.signs)})"
        lines.append(line)
        lines += [f"    ◦ {late_line(rep)}" for rep in m.very_late]
    return ["*Reviews by manager*"] + (lines or ["No reviews were due or done for these reps."])


def _reps(count: int) -> str:
    return f"{count} rep" if count == 1 else f"{count} reps"


def late_line(rep: LateRep) -> str:
    """Return one very late rep: how many reviews they missed and how long since their last one."""
    missed = "1 review missed" if rep.missed == 1 else f"{rep.missed} reviews missed"
    last = f"last review {rep.since_last}d ago" if rep.since_last is not None else "never reviewed"
    return f"{escape(rep.rep)}: {missed}, {last} (oldest due {rep.days_late}d ago)"


def _ecosystem(d: Digest) -> Section:
    title = "*Ecosystem signal*"
    if not d.signals:
        return [title, f"No stage or milestone holds back {d.share:.0%} or more of the reps on one plan."]
    lines = [title]
    for s in d.signals:
        what = f"stall at {escape(s.name)}" if s.kind == "stage" else f"missed {escape(s.name)}"
        reps = f"reps on *{escape(s.plan)}*" if s.plan else "reps"
        lines.append(
            f"• {s.count} of {s.of} {reps} {what}: probably a process, enablement or marketing problem, "
            "not a people problem. Look at the stage before coaching each rep."
        )
    return lines


def _messaging(d: Digest) -> Section:
    title = "*Messaging: what is winning*"
    if not d.touches:
        return [title, "No outreach touches in the last four weeks, so nothing to compare yet."]
    if not d.approaches:
        return [title, f"{d.touches} touches, but no approach has enough of them to compare yet."]
    lines = [
        f"• {escape(a.arm)}: {a.rate:.0%} replied ({a.low:.0%}–{a.high:.0%}, n={a.touches})"
        for a in d.approaches
    ]
    return [title, *lines, f"_Ranked by the low end of the 95% range; {d.touches} touches in 4 weeks._"]


def _section_blocks(section: Section) -> list[Block]:
    """Return the section as blocks of at most MAX_SECTION characters, cutting between lines."""
    blocks: list[Block] = []
    chunk = ""
    for line in section:
        line = line if len(line) <= MAX_SECTION else line[: MAX_SECTION - 1] + "…"
        if chunk and len(chunk) + 1 + len(line) > MAX_SECTION:
            blocks.append(SectionBlock(text=MarkdownTextObject(text=chunk)))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=chunk)))
    return blocks


def size(blocks: list[Block]) -> int:
    """Return the characters the blocks take as JSON, which is what Slack measures."""
    return len(json.dumps([b.to_dict() for b in blocks], ensure_ascii=False))


def _fits(blocks: list[Block]) -> bool:
    return len(blocks) <= MAX_BLOCKS and size(blocks) <= MAX_MESSAGE_CHARS


def _pack(blocks: list[Block]) -> list[list[Block]]:
    """Return the blocks in order, as few messages as the limits allow."""
    messages: list[list[Block]] = [[]]
    used = 2  # the list's brackets
    for block in blocks:
        extra = size([block]) - 2 + 2  # the block, plus ", " between blocks
        if messages[-1] and (len(messages[-1]) >= MAX_BLOCKS or used + extra > MAX_MESSAGE_CHARS):
            messages.append([])
            used = 2
        messages[-1].append(block)
        used += extra
    return messages


def table_csv(digest: Digest) -> str:
    """Return the cohort table as CSV, one row per rep."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["rep_id", "rep", "manager", "day", "attainment", "status", "trend", "projection"])
    for r in digest.rows:
        trend = " ".join("" if t is None else f"{t:.3f}" for t in r.trend)
        row = [r.rep_id, _safe(r.name), _safe(r.manager), r.day, _num(r.attainment), r.status, trend]
        writer.writerow([*row, _num(r.projection)])
    return buffer.getvalue()


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _safe(cell: str) -> str:
    # Spreadsheets run cells starting with these as formulas; names are typed by people.
    return "'" + cell if cell.startswith(("=", "+", "-", "@")) else cell


def digest_refused_text() -> str:
    return "Only leaders and admins can see the leader digest. Your own ramp is in the Home tab."


def digest_cut_text(shown: int, total: int) -> str:
    return (
        f"Showing {shown} of {total} parts here. The Monday digest has all of them, "
        "with the CSV table and the chart; `rampcoach digest` prints it too."
    )


def risk_reason_text(reason: RiskReason) -> str:
    """Return one line on why a rep is behind: `Meetings at 25% of target; missed …; stalls at …`."""
    parts = []
    if reason.weakest:
        parts.append(f"{reason.weakest[0]} at {reason.weakest[1]:.0%} of target")
    if reason.missed:
        parts.append(f"missed {reason.missed[0]} (day {reason.missed[1]})")
    if reason.stall:
        parts.append(f"stalls at {reason.stall}")
    return "; ".join(parts) or "no logged numbers to explain it"
