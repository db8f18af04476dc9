"""Ramp Coach's domain: plans, teams, activity and ramp status, in pure Python (no Slack, SQL or I/O)."""
