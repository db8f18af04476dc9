"""The demo's HTML transcript: every message each person received, with Block Kit drawn readably (sections,
fields, buttons as buttons). Every text from a message is escaped before it reaches the page."""

import html
import re
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from bot.demo import org
from bot.demo.world import Received, person_of

STYLE = """
body{font-family:system-ui,sans-serif;max-width:880px;margin:2em auto;color:#1d1c1d;background:#f8f8f8}
h2{border-bottom:2px solid #4a154b;padding-bottom:.2em;margin-top:2em}
.msg{background:#fff;border:1px solid #ddd;border-radius:8px;padding:.8em 1em;margin:.8em 0}
.meta{color:#616061;font-size:.85em;margin-bottom:.4em}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:.3em 1.5em;margin:.4em 0}
.context{color:#616061;font-size:.85em;margin:.3em 0}
.btn{display:inline-block;border:1px solid #bbb;border-radius:4px;padding:.2em .8em;margin:.2em .3em .2em 0;
background:#fff;font-weight:600}
.btn.primary{background:#007a5a;color:#fff;border-color:#007a5a}.btn.danger{background:#e01e5a;color:#fff}
.input{margin:.5em 0}.input label{font-weight:600;display:block}.input .box{border:1px solid #bbb;
border-radius:4px;padding:.3em;color:#616061;min-height:1.2em;white-space:pre-wrap}
.file{font-style:italic}nav a{margin-right:1em}
"""
_MRKDWN = (
    (re.compile(r"\*([^*\n]+)\*"), r"<b>\1</b>"),
    (re.compile(r"(?<![\w])_([^_\n]+)_(?![\w])"), r"<i>\1</i>"),
    (re.compile(r"~([^~\n]+)~"), r"<s>\1</s>"),
    (re.compile(r"`([^`\n]+)`"), r"<code>\1</code>"),
)
EMOJI = {":wave:": "👋", ":white_check_mark:": "✅", ":warning:": "⚠️"}  # the shortcodes our messages use
_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]+))?>")


def transcript_html(received: Iterable[Received]) -> str:
    """Return the whole transcript page: one section per person, their messages in the order received."""
    by_person: dict[str, list[Received]] = {}
    for item in received:
        by_person.setdefault(person_of(item.person), []).append(item)
    people = [p for p in org.NAMES if p in by_person]
    nav = " ".join(f'<a href="#{p}">{html.escape(org.NAMES[p])}</a>' for p in people)
    parts = [f"<h1>Ramp Coach demo: what everyone received</h1><nav>{nav}</nav>"]
    for person in people:
        items = by_person[person]
        title = f"{org.NAMES[person]} ({_role(person)}), {len(items)} messages"
        parts.append(f'<h2 id="{person}">{html.escape(title)}</h2>')
        parts += [message_html(item) for item in items]
    body = "\n".join(parts)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ramp Coach demo</title>'
        f"<style>{STYLE}</style></head><body>{body}</body></html>\n"
    )


def _role(person: str) -> str:
    if person == org.LEADER:
        return "sales leader"
    return "manager" if person in org.MANAGERS else next(r.story for r in org.REPS if r.slack_id == person)


def message_html(item: Received) -> str:
    """Return one message as a card: when and where it arrived, then its blocks (or its text)."""
    zone = ZoneInfo(org.ZONES.get(person_of(item.person), "UTC"))
    when = item.at.astimezone(zone).strftime("%a %b %-d %Y, %H:%M %Z")
    meta = f'<div class="meta">{html.escape(when)} · {html.escape(item.where)}</div>'
    if item.where == "file":
        return f'<div class="msg">{meta}<div class="file">📎 {html.escape(item.text)}</div></div>'
    inner = "".join(block_html(b) for b in item.blocks) or f"<p>{mrkdwn(item.text)}</p>"
    if item.where == "modal":
        inner = f"<h3>{html.escape(item.text)}</h3>{inner}"
    return f'<div class="msg">{meta}{inner}</div>'


def block_html(block: dict[str, Any]) -> str:
    """Return one Block Kit block as HTML."""
    kind = block.get("type")
    if kind == "header":
        return f"<h3>{html.escape(_text(block.get('text')))}</h3>"
    if kind == "divider":
        return "<hr>"
    if kind == "section":
        return _section(block)
    if kind == "context":
        return f'<div class="context">{" ".join(_element(e) for e in block.get("elements", []))}</div>'
    if kind == "actions":
        return f"<div>{''.join(_element(e) for e in block.get('elements', []))}</div>"
    if kind == "input":
        return _input(block)
    if kind == "image":
        return f'<div class="context">[image: {html.escape(str(block.get("alt_text", "")))}]</div>'
    return f'<div class="context">[{html.escape(str(kind))} block]</div>'


def _section(block: dict[str, Any]) -> str:
    out = f"<p>{_rich(block['text'])}</p>" if block.get("text") else ""
    fields = block.get("fields") or []
    if fields:
        out += '<div class="fields">' + "".join(f"<div>{_rich(f)}</div>" for f in fields) + "</div>"
    if block.get("accessory"):
        out += f"<div>{_element(block['accessory'])}</div>"
    return out


def _input(block: dict[str, Any]) -> str:
    element = block.get("element", {})
    shown = (
        element.get("initial_value")
        or _text(element.get("initial_option", {}).get("text"))
        or element.get("initial_date")
        or _text(element.get("placeholder"))
    )
    label, box = html.escape(_text(block.get("label"))), html.escape(str(shown or ""))
    return f'<div class="input"><label>{label}</label><div class="box">{box}</div></div>'


def _element(element: dict[str, Any]) -> str:
    kind = element.get("type")
    if kind == "button":
        style = html.escape(str(element.get("style", "")))
        return f'<span class="btn {style}">{html.escape(_text(element.get("text")))}</span>'
    if kind in ("mrkdwn", "plain_text"):
        return _rich(element)
    if kind == "image":
        return f"[{html.escape(str(element.get('alt_text', 'image')))}]"
    label = _text(element.get("placeholder")) or str(kind)
    return f'<span class="btn">{html.escape(label)} ▾</span>'


def _text(obj: Any) -> str:
    return str(obj.get("text", "")) if isinstance(obj, dict) else str(obj or "")


def _rich(obj: dict[str, Any]) -> str:
    text = _text(obj)
    return mrkdwn(text) if obj.get("type") == "mrkdwn" else html.escape(text).replace("\n", "<br>")


def mrkdwn(text: str) -> str:
    """Return Slack mrkdwn as safe HTML: Slack's own escapes undone, then everything escaped, then bold,
    italics, code, links and mentions drawn."""
    plain = text.replace("&lt;", "\0lt").replace("&gt;", "\0gt").replace("&amp;", "&")
    out = html.escape(_LINK.sub(_link, plain), quote=False)
    out = out.replace("\0lt", "&lt;").replace("\0gt", "&gt;")
    for pattern, replacement in _MRKDWN:
        out = pattern.sub(replacement, out)
    for code, emoji in EMOJI.items():
        out = out.replace(code, emoji)
    return out.replace("\n", "<br>")


def _link(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith("@"):
        return "@" + org.NAMES.get(target[1:], target[1:])
    if target.startswith("!"):
        return "@" + target[1:].split("^")[0]
    if target.startswith(("http://", "https://", "mailto:")):
        return label or target
    return match.group(0)  # not Slack's link syntax: shown as typed
