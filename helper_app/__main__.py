"""``python -m helper_app``: same as the ``helper-app`` command."""

import sys

from helper_app.cli import main

sys.exit(main())
