"""Writes for directives."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from directives.models import Clause, Directive


@transaction.atomic
def directive_create(*, actor: Any, clauses: list[dict] | None = None, **fields: Any) -> Directive:
    """Create a directive and, optionally, its clauses: ``[{"label", "text", "parent_index", "is_heading"}]``
    where ``parent_index`` points at an earlier item of the same list."""
    directive = Directive(created_by=actor if getattr(actor, "pk", None) else None, **fields)
    directive.full_clean(exclude=["created_by"])
    directive.save()
    created: list[Clause] = []
    for order, item in enumerate(clauses or [], start=1):
        parent_index = item.get("parent_index")
        clause = Clause.objects.create(
            directive=directive,
            parent=created[parent_index] if parent_index is not None else None,
            label=item.get("label", ""),
            order=order,
            text=item["text"],
            is_heading=item.get("is_heading", False),
        )
        created.append(clause)
    directive._created_clauses = created
    return directive
