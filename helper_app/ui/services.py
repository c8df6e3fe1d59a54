"""The core services the windows use, built once by the composition root and handed down.

:class:`Services` is a plain bundle: views receive it through their constructors instead of
looking anything up globally. It holds no Qt object, so it can be built and tested headless.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass, field

from helper_app.attachments import AttachmentStore
from helper_app.config import AppPaths
from helper_app.db import Store
from helper_app.dossiers import VIETNAM_TZ, DossierService
from helper_app.forms import Catalog, UnitDirectory
from helper_app.models import utc_now
from helper_app.residents import ResidentDirectory
from helper_app.ui.settings import UiSettings


@dataclass
class Services:
    """What the UI needs from the core.

    Attributes:
        paths: where the files are.
        settings: the UI settings read at start.
        store: the open local store.
        catalog: procedure definitions.
        units: administrative units (address widgets, validation).
        dossiers: the dossier domain operations.
        residents: the residents directory.
        files: the attachment store.
        actor: the name written in the audit trail.
    """

    paths: AppPaths
    settings: UiSettings
    store: Store
    catalog: Catalog
    units: UnitDirectory
    dossiers: DossierService
    residents: ResidentDirectory
    files: AttachmentStore
    actor: str = field(default="volunteer")

    @property
    def language(self) -> str:
        """The interface language of this run."""
        return self.settings.language

    def today(self) -> dt.date:
        """Today's date in Vietnam (what date rules compare against)."""
        return utc_now().astimezone(VIETNAM_TZ).date()


def default_actor() -> str:
    """The OS user name, until sign-in gives the volunteer's account name."""
    try:
        return getpass.getuser() or "volunteer"
    except (OSError, KeyError):
        return "volunteer"


def build_services(
    paths: AppPaths,
    settings: UiSettings,
    store: Store,
    catalog: Catalog,
    units: UnitDirectory,
    *,
    actor: str | None = None,
) -> Services:
    """Wire the domain services on an open store."""
    who = actor or default_actor()
    files = AttachmentStore(paths.attachments_dir)
    return Services(
        paths=paths,
        settings=settings,
        store=store,
        catalog=catalog,
        units=units,
        dossiers=DossierService(store, catalog, files, actor=who, units=units),
        residents=ResidentDirectory(store),
        files=files,
        actor=who,
    )
