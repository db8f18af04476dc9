"""Multi-workspace mode: OAuth installs, an encrypted installation store, uninstalls."""
