"""Slack mrkdwn made readable on a terminal: `rampcoach digest` prints the messages it would send, and a
person reading them should see bold headings and names, not asterisks, `<url|label>` or `&amp;`."""

import re

from rich.markup import escape

_LINK = re.compile(r"<([^<>|]+)\|([^<>]+)>")  # <https://…|label>
_MENTION = re.compile(r"<[@#!]?([^<>|]+)>")  # <@U123>, <#C123>, <!here>, <https://…>
_STYLES = (
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), "bold"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), "italic"),
    (re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])"), "strike"),
)
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def terminal_markup(mrkdwn: str) -> str:
    """Return Slack mrkdwn as rich console markup: styles as styles, links as their labels, Slack's
    HTML escapes undone; rich drops the styles itself when the output is not a terminal."""
    text = _MENTION.sub(r"\1", _LINK.sub(r"\2", mrkdwn))
    text = escape(text)
    for pattern, style in _STYLES:
        text = pattern.sub(rf"[{style}]\1[/{style}]", text)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text
