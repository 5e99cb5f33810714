"""A ParsedDirective as plain JSON (what the sandboxed parse hands back to the intake job).

Clause ids come from walking the parse tree in document order; each task candidate carries the
id of the clause node it came from (``TaskCandidate.node``), so nothing is matched by position
or by label later.
"""

from __future__ import annotations

from typing import Any

from directives.parsing import ParsedDirective

MAX_LABEL = 64


def serialize_parse(parsed: ParsedDirective) -> dict[str, Any]:
    clauses, node_ids = clause_rows(parsed)
    by_label: dict[str, int] = {}
    for clause in clauses:
        by_label.setdefault(clause["label"], clause["id"])
    m = parsed.meta
    return {
        "meta": {
            "type": m.type,
            "number": m.number or "",
            "symbol": m.symbol,
            "issuer": m.issuer,
            "place": m.place,
            "issued_on": m.issued_date.isoformat() if m.issued_date else None,
            "subject": m.subject,
            "signer": m.signer,
            "signer_title": m.signer_title,
            "recipients": list(m.recipients),
            "distribution": list(m.cc),
            "notes": list(m.notes),
        },
        "clauses": clauses,
        "tasks": [_task(t, node_ids, by_label) for t in parsed.tasks],
        "references": [
            {
                "type": r.type,
                "number": r.number,
                "symbol": r.symbol,
                "date": r.date.isoformat() if r.date else None,
                "issuer": r.issuer,
                "raw": r.raw,
            }
            for r in parsed.references
        ],
        "full_text": "\n".join(parsed.body_lines),
        "source_kind": parsed.source_kind,
    }


def clause_rows(parsed: ParsedDirective) -> tuple[list[dict], dict[int, int]]:
    """The clause tree flattened in document order (parent before child), and node → id."""
    rows: list[dict] = []
    node_ids: dict[int, int] = {}
    depth_of: dict[int, int] = {}
    for node in parsed.tree.root.walk():
        if node.kind in ("field", "root"):
            continue
        parent = node.parent
        while parent is not None and id(parent) not in node_ids:
            parent = parent.parent
        text = node.own_text if node.kind != "annex" else " ".join(node.paras)
        field_lines = [c.heading for c in node.children if c.kind == "field"]
        if field_lines:
            text = "\n".join([text, *field_lines])
        if not text.strip():
            continue
        clause_id = len(rows) + 1
        node_ids[id(node)] = clause_id
        parent_id = node_ids.get(id(parent)) if parent is not None else None
        depth = depth_of[parent_id] + 1 if parent_id else 0
        depth_of[clause_id] = depth
        rows.append(
            {
                "id": clause_id,
                "label": (node.label or "")[:MAX_LABEL],
                "text": text,
                "parent": parent_id,
                "is_heading": bool(node.children) and node.kind != "annex",
                "depth": depth,
            }
        )
    return rows, node_ids


def _clause_id(task, node_ids: dict[int, int], by_label: dict[str, int]) -> int | None:
    node = getattr(task, "node", None)
    while node is not None:
        if id(node) in node_ids:
            return node_ids[id(node)]
        node = node.parent
    if getattr(task, "source", "body") == "table":
        return None
    # until the parser hands over its node: the clause the candidate names
    return by_label.get((task.clause or "")[:MAX_LABEL])


def _task(t, node_ids: dict[int, int], by_label: dict[str, int]) -> dict:
    return {
        "clause_id": _clause_id(t, node_ids, by_label),
        "clause": t.clause,
        "source": getattr(t, "source", "body") or "body",
        "flags": list(getattr(t, "flags", None) or []),
        "title": t.title,
        "text": t.text,
        "lead_units": list(t.lead_units),
        "cooperating_units": list(t.cooperating_units),
        "deadline": t.deadline.isoformat() if t.deadline else None,
        "deadline_text": t.deadline_text or "",
        "recurrence": t.recurrence or "",
        "is_request": bool(t.is_request),
        "notes": list(t.notes),
    }
