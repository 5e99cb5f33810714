"""parse_* entry points: any input to a :class:`ParsedDirective`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from . import clauses as clauses_mod
from . import lines as lines_mod
from . import metadata as metadata_mod
from .clauses import Clause, ClauseTree
from .errors import DirectiveParseError
from .metadata import Metadata
from .readers import read_bytes, read_path, read_text
from .references import Reference, find_references
from .structure import SourceDocument
from .task_tables import table_tasks
from .tasks import TaskCandidate, TaskExtractor

logger = logging.getLogger(__name__)


@dataclass
class ParsedDirective:
    meta: Metadata
    references: list[Reference]
    tree: ClauseTree
    tasks: list[TaskCandidate]
    footnotes: dict[str, str] = field(default_factory=dict)
    footnote_anchors: dict[str, int] = field(default_factory=dict)
    body_lines: list[str] = field(default_factory=list)
    source_kind: str = "text"

    @property
    def closing(self) -> list[str]:
        return self.tree.closing

    def clauses(self) -> list[Clause]:
        return [c for c in self.tree.root.walk() if c.kind not in ("field",)]

    def as_json(self) -> dict:
        m = self.meta
        doc = {
            "type": m.type,
            "number": m.number,
            "symbol": m.symbol,
            "issued_date": m.issued_date.isoformat() if m.issued_date else None,
            "issuer": m.issuer,
            "place": m.place,
            "subject": m.subject,
            "signer": m.signer,
            "signer_title": m.signer_title,
            "signer_capacity": m.signer_capacity,
            "recipients": m.recipients,
            "cc": m.cc,
            "references": [
                {
                    "type": r.type,
                    "number": r.number,
                    "symbol": r.symbol,
                    "date": r.date.isoformat() if r.date else None,
                    "issuer": r.issuer,
                }
                for r in self.references
            ],
        }
        notes = list(m.notes)
        if self.closing:
            doc["closing"] = self.closing
        if self.footnotes:
            doc["footnotes"] = self.footnotes
        if notes:
            doc["notes"] = "; ".join(notes)
        return {"doc": doc, "tasks": [t.as_json() for t in self.tasks]}


def parse_document(source: SourceDocument, *, calendar=None) -> ParsedDirective:
    try:
        return _parse(source, calendar=calendar)
    except DirectiveParseError:
        raise
    except RecursionError as exc:
        raise DirectiveParseError(
            "Văn bản quá phức tạp, không phân tích được.", code="too_complex", log_message=repr(exc)
        ) from exc


def _parse(source: SourceDocument, *, calendar=None) -> ParsedDirective:
    lines, tables, footnotes, anchors = lines_mod.to_lines(source)
    if not lines and not tables:
        raise DirectiveParseError(
            "Văn bản không có nội dung để phân tích.",
            code="no_content",
            log_message="no text lines after reading",
        )
    full_text = "\n".join(ln.text for ln in lines)
    meta, layout = metadata_mod.extract(lines, full_text)
    tree = clauses_mod.build(lines, layout.body_start, layout.excluded, layout.doc_breaks)
    body_text = "\n".join(
        ln.text for i, ln in enumerate(lines) if i >= layout.body_start and i not in layout.excluded
    )
    refs_text = "\n".join(
        [body_text, *footnotes.values(), *(" ".join(" ".join(r) for r in t.rows) for t in tables)]
    )
    references = find_references(refs_text, own_number=meta.number, own_symbol=meta.symbol)
    extractor = TaskExtractor(meta, tree, calendar=calendar)
    tasks = extractor.run()
    if tables:
        default = extractor.doc_lead_in or meta.recipients
        tasks.extend(table_tasks(tables, meta, default, calendar=calendar))
        tasks.sort(key=lambda t: t.line)
    return ParsedDirective(
        meta=meta,
        references=references,
        tree=tree,
        tasks=tasks,
        footnotes=footnotes,
        footnote_anchors=anchors,
        body_lines=[
            ln.text for i, ln in enumerate(lines) if i >= layout.body_start and i not in layout.excluded
        ],
        source_kind=source.source_kind,
    )


def parse_text(text: str, *, calendar=None) -> ParsedDirective:
    if text is None or not str(text).strip():
        raise DirectiveParseError(
            "Văn bản rỗng, không có nội dung để phân tích.", code="empty", log_message="empty text"
        )
    return parse_document(read_text(str(text)), calendar=calendar)


def parse_bytes(data: bytes, filename: str = "", *, calendar=None) -> ParsedDirective:
    return parse_document(read_bytes(data, filename), calendar=calendar)


def parse_path(path: str | Path, *, calendar=None) -> ParsedDirective:
    return parse_document(read_path(path), calendar=calendar)
