"""The core services the windows use, built once by the composition root and handed down.

:class:`Services` is a plain bundle: views receive it through their constructors instead of
looking anything up globally. It holds no Qt object, so it can be built and tested headless.
The store and the attachment files come from ONE :class:`~helper_app.security.storage.LocalStorage`
(opened encrypted by :func:`helper_app.security.storage.open_store`), so every view reads attachment
bytes through the same decrypting :class:`AttachmentStore` and never from a disk path.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass, field

from helper_app.config import AppPaths
from helper_app.dossiers import VIETNAM_TZ, DossierService
from helper_app.forms import Catalog, UnitDirectory
from helper_app.logs import RedactingFilter
from helper_app.residents import ResidentDirectory
from helper_app.security.storage import LocalStorage
from helper_app.security.vault import Vault
from helper_app.store.attachments import AttachmentStore
from helper_app.store.db import Store
from helper_app.store.models import utc_now
from helper_app.ui.settings import UiSettings


@dataclass
class Services:
    """What the UI needs from the core.

    Attributes:
        paths: where the files are.
        settings: the UI settings read at start.
        storage: the opened local storage (store + attachment files + data key).
        catalog: procedure definitions.
        units: administrative units (address widgets, validation).
        dossiers: the dossier domain operations.
        residents: the residents directory.
        actor: the name written in the audit trail.
        vault: where the data key is kept (None when the caller keeps it elsewhere).
        redactor: the log filter; secrets typed or received this session are registered on it.
    """

    paths: AppPaths
    settings: UiSettings
    storage: LocalStorage
    catalog: Catalog
    units: UnitDirectory
    dossiers: DossierService
    residents: ResidentDirectory
    actor: str = field(default="volunteer")
    vault: Vault | None = None
    redactor: RedactingFilter | None = None

    @property
    def store(self) -> Store:
        """The open local store."""
        return self.storage.store

    @property
    def files(self) -> AttachmentStore:
        """The attachment files (decrypting; read bytes through it, never from paths)."""
        return self.storage.files

    @property
    def language(self) -> str:
        """The interface language of this run."""
        return self.settings.language

    def today(self) -> dt.date:
        """Today's date in Vietnam (what date rules compare against)."""
        return utc_now().astimezone(VIETNAM_TZ).date()

    def add_secret(self, secret: str) -> None:
        """Never let ``secret`` (a token, a passphrase typed this session) reach the log."""
        if self.redactor is not None and secret:
            self.redactor.add_secret(secret)

    def act_as(self, actor: str) -> None:
        """Name ``actor`` (the signed-in volunteer) in the audit trail from now on, instead of
        the operating-system user the app started with. Call it on the UI thread."""
        self.actor = actor
        self.dossiers.act_as(actor)

    def use_catalog(self, catalog: Catalog) -> None:
        """Switch to a catalog that gained procedure versions (sync or provisioning).

        Why replacing is safe: catalogs only grow (nothing downloaded is ever deleted), so a
        draft's pinned ``(code, version)`` is still found, while new drafts get the latest
        version. Views read ``services.dossiers`` / ``services.catalog`` at call time, and a
        task already running on the store worker finishes with the service it started with.
        Call it on the UI thread.
        """
        self.catalog = catalog
        self.dossiers = _dossier_service(self.storage, catalog, self.units, self.actor)


def default_actor() -> str:
    """The OS user name, until sign-in gives the volunteer's account name."""
    try:
        return getpass.getuser() or "volunteer"
    except (OSError, KeyError):
        return "volunteer"


def _dossier_service(
    storage: LocalStorage, catalog: Catalog, units: UnitDirectory, actor: str
) -> DossierService:
    return DossierService(storage.store, catalog, storage.files, actor=actor, units=units)


def build_services(
    paths: AppPaths,
    settings: UiSettings,
    storage: LocalStorage,
    catalog: Catalog,
    units: UnitDirectory,
    *,
    actor: str | None = None,
    vault: Vault | None = None,
    redactor: RedactingFilter | None = None,
) -> Services:
    """Wire the domain services on an opened local storage.

    Args:
        storage: what :func:`helper_app.security.storage.open_store` returned (encrypted; the
            self-test and the benchmark open theirs the same way, so no window ever runs on a plain
            store).
    """
    who = actor or default_actor()
    return Services(
        paths=paths,
        settings=settings,
        storage=storage,
        catalog=catalog,
        units=units,
        dossiers=_dossier_service(storage, catalog, units, who),
        residents=ResidentDirectory(storage.store),
        actor=who,
        vault=vault,
        redactor=redactor,
    )
