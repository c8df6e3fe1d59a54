"""The one shape every validation problem takes, on the client and on the server."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from helper_app.forms.model import Severity


class Problem(BaseModel):
    """One problem with one value.

    Attributes:
        path: where it is: ``child_dob``, ``members[2].dob``, or ``documents.birth_certificate``
            for a missing document; ``""`` for the dossier as a whole.
        code: stable machine-readable reason (``required``, ``pid.century``,
            ``phone.old_11_digit``).
        severity: ``error`` blocks finalizing; ``warning`` is shown and stored.
        message_vi / message_en: what a volunteer reads, naming what is expected.
    """

    model_config = ConfigDict(frozen=True)

    path: str
    code: str
    severity: Severity
    message_vi: str
    message_en: str

    @property
    def is_error(self) -> bool:
        """True when this problem blocks finalizing."""
        return self.severity is Severity.ERROR


def has_errors(problems: list[Problem]) -> bool:
    """True when any problem blocks finalizing."""
    return any(p.is_error for p in problems)
