"""Thin Slack adapters, one module per kind of request, each wired by its own `register(app)`."""

from slack_bolt import App

from bot.listeners import actions, commands, crm, events, nudges, reviews, uninstall, views


def register_all(app: App) -> None:
    """Wire every listener the app handles (the manifest test compares this with manifest.yml)."""
    commands.register(app)
    events.register(app)
    actions.register(app)
    views.register(app)
    reviews.register(app)
    nudges.register(app)
    uninstall.register(app)
    crm.register(app)
