"""Helper: the offline-first desktop app for community digital-technology volunteers.

Everything in this package except :mod:`helper_app.ui` runs without Qt, so the CLI, the tests
and the server (which reuses :mod:`helper_app.forms` and the wire models in
:mod:`helper_app.sync`) never need a display.
"""

__version__ = "0.1.0"
APP_NAME = "helper_app"
APP_AUTHOR = "helper"
