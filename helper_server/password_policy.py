"""The server's password rules: at least 10 characters, not one of the common passwords.

Applied wherever a password is set (account creation, an admin's reset, a user's own change),
so a volunteer's laptop, lost with its saved sign-in name, is not opened by the first guesses
of a password list. The list (``common_passwords.txt``, shipped with the server) is checked
case-insensitively; it is read once per process.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

MIN_PASSWORD_LENGTH = 10


class WeakPasswordError(ValueError):
    """A password breaks the rules; ``field`` names the input, the message says what is expected.

    ``message_vi`` is the same in Vietnamese, for the console and the API's answer.
    """

    def __init__(self, field: str, message: str, message_vi: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.message_vi = message_vi


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower case."""
    text = resources.files("helper_server").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def check_password(password: str, *, field: str = "password") -> None:
    """Raise :class:`WeakPasswordError` naming ``field`` when ``password`` may not be used."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(
            field,
            f"must be at least {MIN_PASSWORD_LENGTH} characters (got {len(password)})",
            f"mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự (hiện có {len(password)})",
        )
    if password.strip().lower() in common_passwords():
        raise WeakPasswordError(
            field,
            "is in the list of common passwords; choose a less guessable one",
            "mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác",
        )
