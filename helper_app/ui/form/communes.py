"""The commune list the address widgets search, built once per unit directory.

A form has several address fields and a volunteer opens many dossiers: the list (thousands of
rows once a province's units are loaded, each name folded for accent-free search) is built once
and shared by every combo. :class:`CommuneModels` holds it; the form context carries one
(:attr:`helper_app.ui.form.base.FormContext.communes`), and the main window hands the same one
to every dossier window and the residents page.
"""

from __future__ import annotations

from helper_app.forms import UnitDirectory
from helper_app.text import fold
from helper_app.ui.qt import QCoreApplication, QStandardItem, QStandardItemModel, Qt

CODE_ROLE = Qt.ItemDataRole.UserRole
"""Item data: the commune's code (``None`` for the empty first row)."""
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
"""Item data the completer matches: the name, its accent-free form and the code, joined by
:data:`SEARCH_KEY_SEPARATOR` (the code last)."""
SEARCH_KEY_SEPARATOR = " | "


UNIT_TYPES = ("thi tran ", "phuong ", "dac khu ", "xa ")
"""Folded words a commune-level name starts with (the volunteer often leaves them out)."""


def _without_unit_type(folded: str) -> str:
    for prefix in UNIT_TYPES:
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


class CommuneList:
    """Every commune of one unit directory as combo items, and folded name -> code.

    The model belongs to the application object, so Qt frees it with the app; a list replaced
    by a newer directory is not deleted while combos of windows still open may use it.
    """

    def __init__(self, units: UnitDirectory) -> None:
        self.units = units
        self.model = QStandardItemModel(QCoreApplication.instance())
        empty = QStandardItem("")
        empty.setData(None, CODE_ROLE)
        empty.setData("", SEARCH_ROLE)
        self.model.appendRow(empty)
        self.code_by_folded_name: dict[str, str] = {}
        bare: dict[str, set[str]] = {}
        for commune in units.communes():
            province = units.province(commune.province_code)
            text = commune.name_vi + (f", {province.name_vi}" if province else "")
            item = QStandardItem(text)
            item.setData(commune.code, CODE_ROLE)
            key = SEARCH_KEY_SEPARATOR.join((text, fold(text), commune.code))
            item.setData(key, SEARCH_ROLE)
            self.model.appendRow(item)
            self.code_by_folded_name.setdefault(fold(commune.name_vi), commune.code)
            bare.setdefault(_without_unit_type(fold(commune.name_vi)), set()).add(commune.code)
        # "dai son" typed without picking finds "Xã Đại Sơn" when no other unit has that name
        for name, codes in bare.items():
            if len(codes) == 1:
                self.code_by_folded_name.setdefault(name, next(iter(codes)))


class CommuneModels:
    """The commune list of the unit directory in use; a new directory (after provisioning or a
    catalog update) gets a new list, built on first use."""

    def __init__(self) -> None:
        self._current: CommuneList | None = None

    def for_units(self, units: UnitDirectory) -> CommuneList:
        """The list for ``units`` (the same object for the same directory)."""
        if self._current is None or self._current.units is not units:
            self._current = CommuneList(units)
        return self._current
