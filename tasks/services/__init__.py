"""Every write to a task goes through here, and every change is recorded as a TaskEvent.

Split by concern — ``history`` (the versioned write and the TaskEvent), ``lifecycle``
(create and Văn phòng's changes), ``progress`` (reports, evidence, completion),
``extensions``, ``bulk`` — and re-exported here, so ``from tasks.services import …``
keeps working. Each service first asks ``tasks.lifecycle.check`` whether the task's
state allows it; permission checks (who) are the views' job (units.permissions.require).
The rules of the domain raise ``ValidationError`` in Vietnamese.
"""

from tasks.services.bulk import BulkResult, task_bulk_reassign, task_bulk_shift_deadline
from tasks.services.extensions import extension_request_create, extension_request_decide
from tasks.services.history import (
    CONFLICT_MESSAGE,
    TaskConflictError,
    task_event_record,
    task_search_text,
)
from tasks.services.lifecycle import (
    task_assign,
    task_cancel,
    task_change_deadline,
    task_create,
    task_pause,
    task_reassign,
    task_reopen,
    task_update_info,
)
from tasks.services.progress import task_complete, task_progress_record

__all__ = [
    "CONFLICT_MESSAGE",
    "BulkResult",
    "TaskConflictError",
    "extension_request_create",
    "extension_request_decide",
    "task_assign",
    "task_bulk_reassign",
    "task_bulk_shift_deadline",
    "task_cancel",
    "task_change_deadline",
    "task_complete",
    "task_create",
    "task_event_record",
    "task_pause",
    "task_progress_record",
    "task_reassign",
    "task_reopen",
    "task_search_text",
    "task_update_info",
]
