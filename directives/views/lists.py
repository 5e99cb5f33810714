"""Directive pages: the list, a directive's page and its original file."""

from __future__ import annotations

import os

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from directives.filters import DirectiveFilterSet
from directives.models import Directive, DirectiveAttachment
from directives.selectors import directive_detail as select_detail
from directives.selectors import directive_list
from directives.tables import DirectiveTable


class DirectiveListView(LoginRequiredMixin, SingleTableMixin, FilterView):
    table_class = DirectiveTable
    filterset_class = DirectiveFilterSet
    template_name = "directives/directive_list.html"

    def get_queryset(self):
        return directive_list()


@login_required
def directive_detail(request, pk: int):
    try:
        directive = select_detail(pk=pk, user=request.user)
    except Directive.DoesNotExist as exc:
        raise Http404 from exc
    clauses = list(directive.clauses.all())
    depth: dict[int, int] = {}
    for clause in clauses:  # parents come first (document order)
        depth[clause.pk] = depth.get(clause.parent_id, -1) + 1 if clause.parent_id else 0
        clause.depth = min(depth[clause.pk], 5)
    return render(
        request,
        "directives/directive_detail.html",
        {
            "directive": directive,
            "clauses": clauses,
            "references": directive.references.all(),
            "cited_by": directive.cited_by.all(),
        },
    )


@login_required
def directive_source(request, pk: int):
    """The uploaded original, for signed-in users only (uploads are never served from /media/)."""
    directive = get_object_or_404(Directive.objects.only("pk", "source_file"), pk=pk)
    if not directive.source_file:
        raise Http404
    try:
        handle = directive.source_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    filename = os.path.basename(directive.source_file.name)
    return FileResponse(handle, as_attachment=True, filename=filename)


@login_required
def directive_attachment(request, pk: int, attachment_pk: int):
    """A file that came with the directive (e.g. an edXML package's appendix), signed-in users only."""
    attachment = get_object_or_404(DirectiveAttachment, pk=attachment_pk, directive_id=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=attachment.name or os.path.basename(attachment.file.name)
    )
