"""Directive views, split by concern; the names below are what directives/urls.py uses.

lists.py    the directive list, a directive's page, its original file
intake.py   upload or paste, the reading status page, the office's intake queue, confirm
review.py   the review screen (RV); until it is there, intake.intake_review_basic serves it
"""

from directives.views.intake import (
    directive_intake,
    directive_intake_confirm,
    intake_queue,
    intake_review_basic,
    intake_status,
)
from directives.views.lists import DirectiveListView, directive_attachment, directive_detail, directive_source

try:
    from directives.views.review import intake_review, intake_review_confirm, intake_review_edit
except ModuleNotFoundError as exc:  # the review screen (RV) is not in this tree yet
    if exc.name != "directives.views.review":
        raise
    intake_review = intake_review_edit = intake_review_basic
    intake_review_confirm = directive_intake_confirm

__all__ = [
    "DirectiveListView",
    "directive_attachment",
    "directive_detail",
    "directive_intake",
    "directive_intake_confirm",
    "directive_source",
    "intake_queue",
    "intake_review",
    "intake_review_confirm",
    "intake_review_edit",
    "intake_status",
]
