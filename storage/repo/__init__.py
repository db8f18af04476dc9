"""Typed, keyword-only queries that return coaching values. They never commit: the caller's scope does."""
