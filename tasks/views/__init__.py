"""Task views, split by page: ``lists`` (the three lists, export, bulk actions), ``page``
(the task page and the writes made in place), ``actions`` (transitions with a page of
their own, assigning by hand), ``extensions``. Re-exported here for tasks/urls.py."""

from tasks.views.actions import task_action, task_create
from tasks.views.extensions import extension_decide, extension_list
from tasks.views.lists import (
    BULK_LIMIT,
    MyTaskListView,
    TaskListView,
    UnitTaskListView,
    task_bulk,
    task_export,
)
from tasks.views.page import (
    evidence_download,
    task_complete,
    task_contribute,
    task_detail,
    task_progress,
)

__all__ = [
    "BULK_LIMIT",
    "MyTaskListView",
    "TaskListView",
    "UnitTaskListView",
    "evidence_download",
    "extension_decide",
    "extension_list",
    "task_action",
    "task_bulk",
    "task_complete",
    "task_contribute",
    "task_create",
    "task_detail",
    "task_export",
    "task_progress",
]
