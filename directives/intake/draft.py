"""The draft's ``data`` (TEAM.md's contract) from the sandboxed parse: unit names resolved to
units (the unresolved ones kept by name), the office's day-off policy applied to deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from deadlines.workdays import WorkCalendar
from directives.intake.proposals import short_title
from directives.resolve import Resolution, UnitResolver
from directives.services import kind_from_type

TEXT_EXCERPT_CHARS = 20_000


def _ids(resolutions: list[Resolution]) -> list[int]:
    seen: dict[int, None] = {}
    for r in resolutions:
        for unit in r.units:
            seen.setdefault(unit.pk, None)
    return list(seen)


def build_row(
    index: int, task: dict, *, resolver: UnitResolver, calendar: WorkCalendar, policy: str | None = None
) -> dict[str, Any]:
    lead = resolver.resolve_many(task["lead_units"])
    coop = resolver.resolve_many(task["cooperating_units"])
    lead_ids = _ids(lead)
    coop_ids = [pk for pk in _ids(coop) if pk not in lead_ids]
    deadline = dt.date.fromisoformat(task["deadline"]) if task.get("deadline") else None
    if deadline is not None:
        deadline = calendar.apply_day_off_policy(deadline, policy)
    flags = list(task.get("flags") or [])
    if not lead_ids and "lead_missing" not in flags:
        flags.append("lead_missing")
    text = task.get("text") or ""
    title = task.get("title") or ""
    return {
        "id": f"r{index}",
        "clause_id": task.get("clause_id"),
        "source": task.get("source") or "body",
        "include": bool(lead_ids),
        "title": title if len(text) <= len(title) else short_title(text),
        "text": text,
        "lead_unit_ids": lead_ids,
        "coop_unit_ids": coop_ids,
        "lead_names": list(task["lead_units"]),
        "coop_names": list(task["cooperating_units"]),
        "unresolved": [r.name for r in [*lead, *coop] if not r.resolved],
        "deadline": deadline.isoformat() if deadline else None,
        "deadline_text": task.get("deadline_text") or "",
        "recurrence": task.get("recurrence") or "",
        "is_request": bool(task.get("is_request")),
        "flags": flags,
        "relevant": None,
        "pair_of": None,
    }


def build_data(
    payload: dict, *, resolver: UnitResolver | None = None, calendar: WorkCalendar, policy: str | None = None
) -> dict[str, Any]:
    resolver = resolver or UnitResolver()
    parsed_meta = payload["meta"]
    meta = {
        "kind": str(kind_from_type(parsed_meta.get("type", ""))),
        "number": parsed_meta.get("number") or "",
        "symbol": parsed_meta.get("symbol") or "",
        "issuer": parsed_meta.get("issuer") or "",
        "issuer_code": "",
        "place": parsed_meta.get("place") or "",
        "issued_on": parsed_meta.get("issued_on"),
        "subject": parsed_meta.get("subject") or "",
        "signer": parsed_meta.get("signer") or "",
        "signer_title": parsed_meta.get("signer_title") or "",
        "recipients": list(parsed_meta.get("recipients") or []),
        "distribution": list(parsed_meta.get("distribution") or []),
        "urgency": "thuong",
        "instruction": "",
        "processing_deadline": None,
        "origin": "own",
        "package_id": "",
    }
    rows = [
        build_row(i, task, resolver=resolver, calendar=calendar, policy=policy)
        for i, task in enumerate(payload.get("tasks") or [], start=1)
    ]
    full_text = payload.get("full_text") or ""
    stats = dict(payload.get("stats") or {})
    stats.update(
        {"rows": len(rows), "clauses": len(payload.get("clauses") or []), "text_chars": len(full_text)}
    )
    return {
        "meta": meta,
        "envelope": {},
        "disagreements": [],
        "clauses": payload.get("clauses") or [],
        "rows": rows,
        "whole_document": None,
        "references": [
            {
                "type": r.get("type") or "",
                "number": r.get("number") or "",
                "symbol": r.get("symbol") or "",
                "date": r.get("date"),
                "issuer": r.get("issuer") or "",
                "raw": r.get("raw") or "",
            }
            for r in payload.get("references") or []
        ],
        "warnings": list(parsed_meta.get("notes") or []),
        "text_excerpt": full_text[:TEXT_EXCERPT_CHARS],
        "stats": stats,
        "attachments": [],
        "text_file": "",
    }
