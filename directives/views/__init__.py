"""Directive views, split by concern; the names below are what directives/urls.py uses.

lists.py    the directive list, a directive's page, its original file
intake.py   upload or paste, the reading status page, the office's intake queue, confirm
review.py   the review screen (RV)
"""

from directives.views.intake import directive_intake, directive_intake_confirm
from directives.views.lists import DirectiveListView, directive_detail, directive_source

__all__ = [
    "DirectiveListView",
    "directive_detail",
    "directive_intake",
    "directive_intake_confirm",
    "directive_source",
]
