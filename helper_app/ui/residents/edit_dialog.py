"""Adding or editing a resident, with the same validators the forms use (ID, phone, date).

Problems are shown under each box as the volunteer types, in the chosen language; "Lưu" stays
refused until nothing blocks. The address reuses the form's address widget (commune search).
"""

from __future__ import annotations

from collections.abc import Callable

from helper_app.forms.model import FieldDef, FieldType
from helper_app.forms.validators import (
    ValidationError,
    clean_name,
    format_date,
    name_problem,
    parse_date,
    parse_personal_id,
    parse_phone,
)
from helper_app.residents import ResidentConflict, ResidentGone, ResidentRecord, ResidentView
from helper_app.ui.form.address_field import AddressField
from helper_app.ui.form.base import FormContext
from helper_app.ui.i18n import pick
from helper_app.ui.qt import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    Signal,
)
from helper_app.ui.wheel import FocusWheelComboBox

_ADDRESS = FieldDef(id="address", type=FieldType.ADDRESS, label_vi="Địa chỉ", label_en="Address")


def _name(raw: str) -> str:
    name = clean_name(raw)
    if not name:
        raise ValidationError("required", "Cần nhập họ tên.", "The name is required.")
    problem = name_problem(name)
    if problem is not None:
        raise problem
    return name


class ResidentDialog(QDialog):
    """The resident form.

    Signals:
        save_requested(object): a valid :class:`ResidentRecord` to store.
    """

    save_requested = Signal(object)

    def __init__(
        self, context: FormContext, resident: ResidentView | None, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self._language = context.language
        self.setWindowTitle(self.tr("Sửa cư dân") if resident else self.tr("Thêm cư dân"))
        self.resize(600, 460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.errors: dict[str, QLabel] = {}
        self.name = self._line(form, "full_name", self.tr("Họ và tên *"), "")
        self.birth = self._line(
            form, "birth_date", self.tr("Ngày sinh"), self.tr("dd/mm/yyyy, mm/yyyy hoặc yyyy")
        )
        self.gender = FocusWheelComboBox(self)
        self.gender.addItem(self.tr("— chọn —"), None)
        self.gender.addItem(self.tr("Nam"), "Nam")
        self.gender.addItem(self.tr("Nữ"), "Nữ")
        form.addRow(self.tr("Giới tính"), self.gender)
        self.pid = self._line(
            form, "personal_id", self.tr("Số định danh cá nhân"), self.tr("12 chữ số")
        )
        self.phone = self._line(
            form, "phone", self.tr("Số điện thoại"), self.tr("Ví dụ 0912345678")
        )
        self.ethnicity = self._line(form, "ethnicity", self.tr("Dân tộc"), self.tr("Ví dụ: Kinh"))
        self.nationality = self._line(
            form, "nationality", self.tr("Quốc tịch"), self.tr("Việt Nam")
        )
        self.address = AddressField(_ADDRESS, context, self)
        self.address.title.setVisible(False)
        form.addRow(self.tr("Địa chỉ"), self.address)
        layout.addLayout(form)
        layout.addStretch(1)
        buttons = QDialogButtonBox(self)
        save = buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        save.setDefault(True)
        buttons.addButton(self.tr("Huỷ"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if resident is not None:
            self._fill(resident)

    def _line(self, form: QFormLayout, key: str, label: str, hint: str) -> QLineEdit:
        box = QWidget(self)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(box)
        edit.setObjectName(f"resident_{key}")
        edit.setPlaceholderText(hint)
        error = QLabel(box)
        error.setObjectName(f"error_{key}")
        error.setWordWrap(True)
        error.setStyleSheet("color: #b3261e;")
        error.setVisible(False)
        inner.addWidget(edit)
        inner.addWidget(error)
        form.addRow(label, box)
        self.errors[key] = error
        edit.textEdited.connect(lambda _t: self.check())
        return edit

    def _fill(self, resident: ResidentView) -> None:
        self.name.setText(resident.full_name)
        self.birth.setText(format_date(resident.birth_date) if resident.birth_date else "")
        index = self.gender.findData(resident.gender)
        self.gender.setCurrentIndex(max(index, 0))
        self.pid.setText(resident.personal_id or "")
        self.phone.setText(resident.phone or "")
        self.ethnicity.setText(resident.ethnicity or "")
        self.nationality.setText(resident.nationality or "")
        self.address.set_value(resident.address)

    def _parsed(self) -> dict[str, str | None]:
        """Each box parsed; problems shown under the boxes; raises nothing."""
        checks: dict[str, tuple[QLineEdit, Callable[[str], str]]] = {
            "full_name": (self.name, _name),
            "birth_date": (self.birth, lambda s: parse_date(s, allow_partial=True)),
            "personal_id": (self.pid, parse_personal_id),
            "phone": (self.phone, parse_phone),
        }
        values: dict[str, str | None] = {}
        for key, (edit, parse) in checks.items():
            raw = edit.text().strip()
            label = self.errors[key]
            try:
                values[key] = parse(raw) if raw or key == "full_name" else None
                label.setVisible(False)
            except ValidationError as err:
                values[key] = None
                label.setText(pick(self._language, err.message_vi, err.message_en))
                label.setVisible(True)
        return values

    def check(self) -> bool:
        """Show the problems of what is typed; True when nothing blocks."""
        self._parsed()
        return not any(label.isVisible() for label in self.errors.values())

    def record(self) -> ResidentRecord | None:
        """The resident as typed, or None while a box has a problem."""
        values = self._parsed()
        if any(label.isVisible() for label in self.errors.values()):
            return None
        address = self.address.value()
        return ResidentRecord(
            full_name=str(values["full_name"]),
            birth_date=values["birth_date"],
            gender=self.gender.currentData(),
            personal_id=values["personal_id"],
            phone=values["phone"],
            ethnicity=self.ethnicity.text().strip() or None,
            nationality=self.nationality.text().strip() or None,
            address=address if isinstance(address, dict) else {},
        )

    def on_buttons_accepted(self) -> None:
        record = self.record()
        if record is not None:
            self.save_requested.emit(record)

    def show_refusal(self, exc: ResidentConflict | ResidentGone) -> None:
        """The store refused the resident: say why next to the ID box (or under the form)."""
        key = "personal_id" if isinstance(exc, ResidentConflict) else "full_name"
        label = self.errors[key]
        label.setText(pick(self._language, exc.message_vi, exc.message_en))
        label.setVisible(True)
