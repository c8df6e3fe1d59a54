"""Provisioning: a new laptop made ready for a ward, offline, from one signed file.

``format`` is the file format and its verification and ``link`` the QR code's text: the
server imports these two (and nothing else of the laptop). ``apply`` stores a verified file on
this laptop, ``fetch`` downloads the file a link names. This package's ``__init__`` imports
nothing, so importing the format never drags the laptop's side (requests, the store) along.
"""
