"""``helper-app residents ...`` commands."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the residents commands to the top-level parser."""
