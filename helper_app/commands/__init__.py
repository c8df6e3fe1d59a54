"""Headless commands, one module per noun; each exposes ``register(subparsers)``.

A command's handler takes the parsed ``argparse.Namespace`` (with ``data_dir``) and returns an
exit code. Handlers build what they need from :func:`helper_app.config.resolve_paths`.
"""

from __future__ import annotations

from types import ModuleType

from helper_app.commands import dossiers, forms, provision, residents, security, sync

COMMAND_MODULES: list[ModuleType] = [forms, residents, dossiers, sync, security, provision]
