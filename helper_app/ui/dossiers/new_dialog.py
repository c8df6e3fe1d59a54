"""The new-dossier flow: pick a procedure (searchable, accent-insensitive), then the residents.

Step 1 lists the procedures of the catalog by Vietnamese name; typing filters them whatever the
accents ("khai sinh" finds "Đăng ký khai sinh"). Step 2, optional, offers one "choose" button per
person field of the procedure (requester, child's mother...); the residents chosen prefill the
form. The dialog only asks: the main window creates the draft and opens it.
"""

from __future__ import annotations

from helper_app.forms import ProcedureDefinition
from helper_app.forms.model import FieldType
from helper_app.residents import ResidentView
from helper_app.text import fold
from helper_app.ui.i18n import pick
from helper_app.ui.qt import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from helper_app.ui.residents.picker import ResidentAccess, describe
from helper_app.ui.services import Services
from helper_app.ui.tasks import TaskRunner

_CODE_ROLE = Qt.ItemDataRole.UserRole
_KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class NewDossierDialog(QDialog):
    """Choose a procedure and, optionally, the residents the dossier is for.

    Signals:
        create_requested(str, object): procedure code and ``{person_field_id: resident_id}``.

    Attributes:
        residents: the resident access (its ``last_picker`` is the open picker).
    """

    create_requested = Signal(str, object)

    def __init__(self, services: Services, tasks: TaskRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._services = services
        self._language = services.language
        self.residents = ResidentAccess(services, tasks)
        self.chosen: dict[str, ResidentView] = {}
        self.definition: ProcedureDefinition | None = None
        self.setWindowTitle(self.tr("Hồ sơ mới"))
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages)
        self.pages.addWidget(self._procedure_page())
        self.people_page = QWidget(self)
        self.pages.addWidget(self.people_page)

    def _procedure_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Bước 1: chọn thủ tục"), page))
        self.search = QLineEdit(page)
        self.search.setObjectName("procedureSearch")
        self.search.setPlaceholderText(self.tr("Tìm thủ tục, ví dụ: khai sinh"))
        self.search.textChanged.connect(self.on_search_textChanged)
        layout.addWidget(self.search)
        self.procedures = QListWidget(page)
        self.procedures.setObjectName("procedures")
        self.procedures.setWordWrap(True)
        for definition in self._services.catalog.current():
            title = pick(self._language, definition.title_vi, definition.title_en)
            item = QListWidgetItem(title, self.procedures)
            item.setData(_CODE_ROLE, definition.code)
            item.setData(
                _KEY_ROLE,
                " ".join(
                    fold(f"{definition.title_vi} {definition.title_en} {definition.code}")
                    .replace("_", " ")
                    .replace("–", " ")
                    .split()
                ),
            )
            item.setToolTip(definition.description_vi or "")
        self.procedures.setCurrentRow(0)
        self.procedures.itemDoubleClicked.connect(self.on_procedures_itemDoubleClicked)
        layout.addWidget(self.procedures, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(self.tr("Huỷ"), page)
        cancel.clicked.connect(self.reject)
        self.next_button = QPushButton(self.tr("Tiếp"), page)
        self.next_button.setObjectName("next")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.on_next_button_clicked)
        buttons.addWidget(cancel)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        return page

    def on_search_textChanged(self, text: str) -> None:
        """Keep procedures whose words start with every typed word; select the best match.

        The best match contains the whole typed phrase ("dang ky khai tu" -> khai tử, not the
        interlinked procedure whose words merely start with "tu").
        """
        phrase = " ".join(fold(text).split())
        tokens = phrase.split()
        best = first = None
        for i in range(self.procedures.count()):
            item = self.procedures.item(i)
            key = str(item.data(_KEY_ROLE))
            words = key.split()
            shown = all(any(w.startswith(t) for w in words) for t in tokens)
            item.setHidden(not shown)
            if shown:
                first = first or item
                if best is None and phrase and phrase in key:
                    best = item
        chosen = best or first
        if chosen is None:
            self.procedures.setCurrentRow(-1)
        else:
            self.procedures.setCurrentItem(chosen)
        self.next_button.setEnabled(first is not None)

    def current_code(self) -> str | None:
        """The procedure selected now."""
        item = self.procedures.currentItem()
        return None if item is None else str(item.data(_CODE_ROLE))

    def visible_codes(self) -> list[str]:
        """The procedure codes the list shows now (tests read it)."""
        return [
            str(self.procedures.item(i).data(_CODE_ROLE))
            for i in range(self.procedures.count())
            if not self.procedures.item(i).isHidden()
        ]

    def on_procedures_itemDoubleClicked(self, _item: QListWidgetItem) -> None:
        self.on_next_button_clicked()

    def on_next_button_clicked(self) -> None:
        item = self.procedures.currentItem()
        if item is None or item.isHidden():
            return
        self.definition = self._services.catalog.get(str(item.data(_CODE_ROLE)))
        self._build_people_page(self.definition)
        self.pages.setCurrentWidget(self.people_page)

    def _build_people_page(self, definition: ProcedureDefinition) -> None:
        old = self.people_page
        self.people_page = QWidget(self)
        self.pages.addWidget(self.people_page)
        self.pages.removeWidget(old)
        old.deleteLater()
        self.chosen.clear()
        layout = QVBoxLayout(self.people_page)
        title = pick(self._language, definition.title_vi, definition.title_en)
        heading = QLabel(self.tr("Bước 2 (không bắt buộc): hồ sơ này cho ai?") + "\n" + title)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        grid = QGridLayout()
        self.person_labels: dict[str, QLabel] = {}
        self.person_buttons: dict[str, QPushButton] = {}
        people = [f for f in definition.iter_fields() if f.type is FieldType.PERSON]
        for row, field in enumerate(people):
            grid.addWidget(QLabel(pick(self._language, field.label_vi, field.label_en)), row, 0)
            shown = QLabel(self.tr("(chưa chọn)"))
            button = QPushButton(self.tr("Chọn…"))
            button.setObjectName(f"pick_{field.id}")
            button.clicked.connect(lambda _=False, fid=field.id: self._pick(fid))
            grid.addWidget(shown, row, 1)
            grid.addWidget(button, row, 2)
            self.person_labels[field.id] = shown
            self.person_buttons[field.id] = button
        if not people:
            layout.addWidget(QLabel(self.tr("Thủ tục này không cần chọn cư dân.")))
        layout.addLayout(grid)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        back = QPushButton(self.tr("Quay lại"))
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.create_button = QPushButton(self.tr("Tạo hồ sơ"))
        self.create_button.setObjectName("create")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.on_create_button_clicked)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)

    def _pick(self, field_id: str) -> None:
        def chosen(resident: ResidentView | None) -> None:
            if resident is not None:
                self.chosen[field_id] = resident
                self.person_labels[field_id].setText(describe(resident))

        self.residents.pick(self, chosen)

    def on_create_button_clicked(self) -> None:
        if self.definition is None:
            return
        prefill = {fid: r.id for fid, r in self.chosen.items()}
        self.create_requested.emit(self.definition.code, prefill)
        self.accept()
