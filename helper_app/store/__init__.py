"""The laptop's local store: one SQLite (SQLCipher) file and a folder of attachment files.

``db`` opens connections and hands out transactions, ``migrations`` brings the schema up to
date, ``models`` are its tables, ``audit`` records what happened to each dossier,
``attachments`` keeps the attachment bytes, ``errors`` holds the storage error family, and
``files`` the one atomic file write the app uses. See docs/store.md.
"""
