"""The one engine for scheduled messages: a tick records what is due in the ledger, a sender sends it."""
