"""The resident's consent, as a dossier records it, and the problem finalize reports without it.

Under the 2025 Personal Data Protection Law the volunteer processes a resident's data (ID card
images are sensitive data) on the resident's consent. A dossier records that the resident
agreed to two things, each ticked explicitly by the volunteer (never pre-ticked): the
volunteer's help with the procedure, and the processing of their data for it; with the time and
the volunteer's name. :class:`~helper_app.dossiers.DossierService` refuses to finalize a dossier
without it when built with ``require_consent=True`` (what the app and the commands do).
"""

from __future__ import annotations

from helper_app.dossier_types import ConsentError
from helper_app.forms import Problem
from helper_app.forms.model import Severity

CONSENT_PATH = "consent"

CONSENT_TEXT_VI = (
    "Người dân đồng ý để tình nguyện viên giúp chuẩn bị hồ sơ, và đồng ý cho xử lý dữ liệu cá "
    "nhân (kể cả ảnh giấy tờ tuỳ thân) để nộp hồ sơ này."
)
CONSENT_TEXT_EN = (
    "The resident agrees to the volunteer's help in preparing the dossier, and to the processing "
    "of their personal data (including ID document images) to submit it."
)


def check_consent(*, help_accepted: bool, processing_accepted: bool) -> None:
    """Both boxes must be ticked; anything else records nothing.

    Raises:
        ConsentError: naming what is missing.
    """
    if help_accepted is not True or processing_accepted is not True:
        raise ConsentError(
            "Cần người dân đồng ý cả hai điều: nhận giúp đỡ và cho xử lý dữ liệu cá nhân.",
            "The resident must agree to both: the volunteer's help and the processing of "
            "their personal data.",
        )


def missing_consent_problem() -> Problem:
    """The error finalize reports for a dossier without recorded consent."""
    return Problem(
        path=CONSENT_PATH,
        code="consent.missing",
        severity=Severity.ERROR,
        message_vi="Chưa ghi nhận sự đồng ý của người dân (giúp đỡ và xử lý dữ liệu cá nhân).",
        message_en="The resident's consent (help and processing of personal data) is not recorded.",
    )
