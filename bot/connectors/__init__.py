"""Connectors to outside systems that touches can be read from."""
