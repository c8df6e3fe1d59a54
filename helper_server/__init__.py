"""The intake server volunteers' laptops sync with and officials work on (FastAPI).

It reuses :mod:`helper_app.forms` (the same validation as the client: never trust the client) and
the wire models of :mod:`helper_app.sync`, and nothing else of the client. ``helper_server.app``
is the composition root; ``helper_server.cli`` the ``helper-server`` command.
"""
