"""Block Kit builders (slack_sdk.models) and every user-facing text. Pure functions of coaching values."""
