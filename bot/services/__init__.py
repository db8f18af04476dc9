"""Use cases shared by listeners, the CLI and scheduled jobs. No Slack imports here."""
