"""Slack's side of the conversation, simulated: signed request bodies for the demo, benchmarks and tests."""
