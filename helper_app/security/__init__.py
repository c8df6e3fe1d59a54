"""Keeping the volunteer's data secret: the data key and its vault, encryption, the keyring,
the app lock and retention (no Qt, no network)."""
