"""A fake Slack Web API on a loopback port, for tests, the demo and benchmarks (standard library only)."""

from bot.fake_slack.records import Call
from bot.fake_slack.server import FakeSlack

__all__ = ["Call", "FakeSlack"]
