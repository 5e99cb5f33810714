"""Directive parsing: pure Python, no Django models.

``parse_path`` / ``parse_bytes`` / ``parse_text`` read a .docx, .pdf or plain text directive
and return a :class:`ParsedDirective` (metadata, references, clause tree, task candidates).
Bad input raises :class:`DirectiveParseError` and nothing else.
"""

from .errors import DirectiveParseError
from .pipeline import ParsedDirective, parse_bytes, parse_document, parse_path, parse_text

__all__ = [
    "DirectiveParseError",
    "ParsedDirective",
    "parse_bytes",
    "parse_document",
    "parse_path",
    "parse_text",
]
