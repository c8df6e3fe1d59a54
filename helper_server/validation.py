"""Server-side validation of a submitted dossier: the client's own rules, run again.

Wraps :func:`helper_app.forms.normalize` and :func:`helper_app.forms.validate` and adds what only
the wire can get wrong: an unknown procedure/version, an attachment in a slot the procedure does
not have, too many files in one slot. The result is normalized data plus errors and warnings as
:class:`~helper_app.sync.protocol.FieldError`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from helper_app.forms import Problem, normalize, validate
from helper_app.sync.protocol import AttachmentRef, FieldError
from helper_server.forms_catalog import FormsCatalog


@dataclass
class Checked:
    """What validation made of a submission."""

    data: dict[str, Any]
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)


def field_error(path: str, code: str, en: str, vi: str) -> FieldError:
    """A blocking problem at ``path``."""
    return FieldError(path=path, code=code, message_en=en, message_vi=vi)


def _from_problem(problem: Problem) -> FieldError:
    return FieldError(
        path=problem.path,
        code=problem.code,
        message_en=problem.message_en,
        message_vi=problem.message_vi,
        severity=str(problem.severity),
    )


def check_submission(
    forms: FormsCatalog,
    *,
    procedure: str | None,
    form_version: int | None,
    data: dict[str, Any],
    attachments: list[AttachmentRef],
    check_documents: bool = True,
) -> Checked:
    """Normalize and validate one submission; every problem at once."""
    if not procedure or form_version is None:
        return Checked(
            data,
            [
                field_error(
                    "procedure",
                    "procedure.required",
                    "A submission names its procedure and form_version.",
                    "Hồ sơ nộp phải ghi rõ thủ tục (procedure) và phiên bản biểu mẫu.",
                )
            ],
        )
    definition = forms.definition(procedure, form_version)
    if definition is None:
        return Checked(
            data,
            [
                field_error(
                    "procedure",
                    "procedure.unknown",
                    f"Unknown procedure {procedure!r} version {form_version}; "
                    "update the forms catalog.",
                    f"Không có thủ tục {procedure!r} phiên bản {form_version}; "
                    "hãy cập nhật danh mục biểu mẫu.",
                )
            ],
        )
    slots = {d.id: d for d in definition.documents}
    errors: list[FieldError] = []
    for slot, count in Counter(a.slot for a in attachments).items():
        doc = slots.get(slot)
        if doc is None:
            errors.append(
                field_error(
                    f"documents.{slot}",
                    "document.unknown_slot",
                    f"Procedure {procedure!r} has no document slot {slot!r}.",
                    f"Thủ tục {procedure!r} không có loại giấy tờ {slot!r}.",
                )
            )
        elif count > doc.max_files:
            errors.append(
                field_error(
                    f"documents.{slot}",
                    "document.too_many_files",
                    f"At most {doc.max_files} files in {slot!r}; got {count}.",
                    f"Tối đa {doc.max_files} tệp cho {slot!r}; đã gửi {count}.",
                )
            )
    normalized = normalize(definition, data)
    problems = validate(
        definition,
        normalized,
        documents={a.slot for a in attachments},
        check_documents=check_documents,
    )
    errors.extend(_from_problem(p) for p in problems if p.is_error)
    warnings = [_from_problem(p) for p in problems if not p.is_error]
    return Checked(normalized, errors, warnings)
