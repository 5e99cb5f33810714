"""The one exception the parser raises for input it cannot read."""

from __future__ import annotations


class DirectiveParseError(Exception):
    """Input that cannot be turned into a directive.

    ``message`` is shown to the user (Vietnamese); ``log_message`` is for the logs (English).
    ``code`` is a short stable identifier for tests and callers.
    """

    def __init__(self, message: str, *, code: str, log_message: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.log_message = log_message or code

    def __str__(self) -> str:
        return self.message
