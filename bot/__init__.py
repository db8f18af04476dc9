"""Ramp Coach's Slack side: the Bolt app, listeners, views, use-case services, delivery, CLI and settings."""
