"""The common structure every reader produces.

A :class:`SourceDocument` is the body in reading order: :class:`Paragraph` items (their
visible numbering label kept apart from the text, since Word's automatic numbering is not
part of the paragraph text) and :class:`Table` items (rows of cell texts). Footnotes are
kept apart from the body, keyed by their marker.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Paragraph:
    text: str
    label: str = ""  # visible numbering: "1.", "2.1.", "a)", "-" (Word automatic numbering)
    new_para: bool = True  # False for a wrapped line that continues the previous one (text/PDF)
    bold: bool = False
    centered: bool = False
    footnote_refs: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        return f"{self.label} {self.text}".strip() if self.label else self.text


@dataclass(slots=True)
class Table:
    rows: list[list[str]]
    borderless: bool = False


@dataclass(slots=True)
class SourceDocument:
    blocks: list[Paragraph | Table] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    source_kind: str = "text"  # "docx" | "pdf" | "text"
    warnings: list[str] = field(default_factory=list)

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]
