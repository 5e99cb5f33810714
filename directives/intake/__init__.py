"""The intake: a document becomes a draft, the draft is read in a worker with limits, reviewed,
and confirmed into one Directive with its clauses, references and tasks.

process.py     intake_submit (store the file, queue the job), intake_process (the job)
sandbox.py     the parse in a child process with CPU, memory and wall-clock limits
limits.py      caps on Office parts, extracted text and paragraph length, each with its message
serialize.py   a parse as JSON (clause ids from the tree walk)
draft.py       draft.data from that JSON: units resolved, the day-off policy applied
confirm.py     intake_confirm: the only way a draft becomes a directive (idempotent)
purge.py       intake_purge_stale: unconfirmed drafts go after INTAKE_DRAFT_KEEP_DAYS
proposals.py   parse → TaskDraft for the import_directive command

Names are loaded on first use, so the sandboxed child can import ``directives.intake.sandbox``
without setting Django up.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "intake_submit": "process",
    "intake_process": "process",
    "queue_process": "process",
    "intake_confirm": "confirm",
    "DraftChanged": "confirm",
    "DraftNotReady": "confirm",
    "DuplicateDirective": "confirm",
    "intake_purge_stale": "purge",
    "Candidate": "proposals",
    "candidates": "proposals",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'directives.intake' has no attribute {name!r}")
    return getattr(importlib.import_module(f"directives.intake.{module}"), name)
