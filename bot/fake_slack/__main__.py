"""Run the fake Slack in the foreground: python -m bot.fake_slack --port 8999."""

import argparse
import threading

from bot.fake_slack.server import FakeSlack


def main(argv: list[str] | None = None) -> None:
    """Serve until interrupted, after printing the api_url to give the bot as SLACK_API_URL."""
    parser = argparse.ArgumentParser(prog="python -m bot.fake_slack", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)")
    parser.add_argument("--token", default="xoxb-test", help="the bot token it accepts")
    parser.add_argument("--team-id", default="T111")
    options = parser.parse_args(argv)
    with FakeSlack(options.token, team_id=options.team_id, port=options.port) as fake:
        print(fake.api_url, flush=True)  # noqa: T201 (the CLI's one output)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            return


if __name__ == "__main__":
    main()
