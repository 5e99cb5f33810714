from __future__ import annotations

import datetime as dt
from html import escape
from typing import NamedTuple
from urllib.parse import urlencode

import django_tables2 as tables
from django.db.models import F
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableQuerysetData
from django_tables2.templatetags.django_tables2 import table_page_range

from directives.models import Directive
from tasks.models import Task
from tasks.status import BADGE_CLASSES, StatusContext, category_of


class TaskRow(NamedTuple):
    """What a row of the list shows, read as plain values: 25 tasks with their directive,
    unit and person as model instances cost more to build than the query that reads them.
    ``category_of()`` takes it like a task (status, deadline, completed_on)."""

    pk: int
    title: str
    lead_unit_short_name: str
    directive_id: int | None
    directive_number: str | None
    directive_symbol: str | None
    assignee_id: int | None
    assignee_first_name: str | None
    assignee_last_name: str | None
    assignee_username: str | None
    deadline: dt.date | None
    original_deadline: dt.date | None
    deadline_text: str
    status: str
    progress: int
    completed_on: dt.date | None

    # the same rules as the models' (Task.deadline_extended, Directive.reference_code)
    deadline_extended = Task.deadline_extended

    @property
    def reference_code(self) -> str:
        return Directive.reference_code.fget(_Code(self.directive_number, self.directive_symbol))

    @property
    def assignee_name(self) -> str:
        """``{{ task.assignee|person }}``: the full name (User.get_full_name()), or the username."""
        if self.assignee_id is None:
            return ""
        return f"{self.assignee_first_name} {self.assignee_last_name}".strip() or self.assignee_username


class _Code(NamedTuple):
    number: str
    symbol: str


# the lookups TaskRow's fields are read with, in its order
ROW_VALUES = (
    "pk",
    "title",
    "lead_unit__short_name",
    "directive_id",
    "directive__number",
    "directive__symbol",
    "assignee_id",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
    "deadline",
    "original_deadline",
    "deadline_text",
    "status",
    "progress",
    "completed_on",
)


class DeferredJoinData(TableQuerysetData):
    """A page in one query: the ids of the page, read from the index alone in a subquery,
    then only those rows with their joined units, directives and people, in the list's
    order, as TaskRow values. Page 200 of a long list no longer joins the 4,975 rows before
    it. (Exports read ``.data``, the ordered queryset of whole tasks.)"""

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return super().__getitem__(key)
        page_ids = self.data.values("pk")[key]
        # Fetch by primary key alone (the list's filters would tempt the planner into a range
        # scan), ordered again as the list is: every ordering ends with the id, so the rows
        # come back in the order of the subquery.
        rows = self.data.model._default_manager.filter(pk__in=page_ids)
        rows.query.order_by = self.data.query.order_by
        rows.query.default_ordering = self.data.query.default_ordering
        return [TaskRow._make(values) for values in rows.values_list(*ROW_VALUES)]


_ANY_ID = 987654321
_NO_CTX = StatusContext(today=dt.date.min, due_soon_until=dt.date.min)


def _d(day) -> str:
    """``{{ day|date:"d/m/Y" }}``"""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


class _SharedColumn:
    """A column that every table shares instead of django-tables2's deep copy per table (of
    its attributes, lazy labels and accessor, nine columns on every request): these columns
    are configuration that no table changes (nothing here calls ``columns.hide()``/``show()``,
    the only mutation django-tables2 offers)."""

    def __deepcopy__(self, memo):
        return self


class Column(_SharedColumn, tables.Column):
    pass


class DateColumn(_SharedColumn, tables.DateColumn):
    pass


class CheckBoxColumn(_SharedColumn, tables.CheckBoxColumn):
    pass


class TaskTable(tables.Table):
    select = CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {
                "class": "form-check-input js-select-all",
                "aria-label": _("Chọn tất cả trên trang"),
            },
            "td__input": {"class": "form-check-input js-select-row", "form": "bulk-form", "name": "tasks"},
        },
    )
    title = Column(
        verbose_name=_("Nhiệm vụ"), order_by=("title", "pk"), attrs={"th": {"class": "task-title"}}
    )
    directive = Column(verbose_name=_("Văn bản"), order_by=("directive__issued_on", "pk"))
    lead_unit = Column(verbose_name=_("Chủ trì"), order_by=("lead_unit__ordering", "lead_unit__name", "pk"))
    assignee = Column(
        verbose_name=_("Chuyên viên"), order_by=("assignee__last_name", "assignee__first_name", "pk")
    )
    deadline = Column(verbose_name=_("Thời hạn"), attrs={"td": {"class": "text-nowrap"}})
    category = Column(verbose_name=_("Tình trạng"), accessor="pk", orderable=False, empty_values=())
    progress = Column(
        verbose_name=_("Tiến độ"), attrs={"td": {"class": "text-end"}}, order_by=("progress", "pk")
    )
    completed_on = DateColumn(
        verbose_name=_("Hoàn thành"),
        format="d/m/Y",
        attrs={"td": {"class": "text-nowrap"}},
        order_by=("completed_on", "pk"),
    )

    class Meta:
        model = Task
        fields = [
            "select",
            "title",
            "directive",
            "lead_unit",
            "assignee",
            "deadline",
            "category",
            "progress",
            "completed_on",
        ]
        attrs = {"class": "table table-sm table-hover align-middle task-table"}
        order_by_field = "sort"
        per_page = 25
        empty_text = _("Không có nhiệm vụ nào phù hợp.")
        template_name = "tasks/partials/_task_table.html"  # written without django-tables2's tags

    def __init__(self, *args, ctx: StatusContext | None = None, selectable: bool = False, **kwargs):
        if not selectable:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "select")
        super().__init__(*args, **kwargs)
        self.ctx = ctx or StatusContext.for_today()
        self.selectable = selectable

    # Deadlines sort with the undated (continuous) tasks last on every database, and on
    # the id as a tie-breaker so that pages never overlap.
    def order_deadline(self, queryset, is_descending):
        if is_descending:
            return queryset.order_by(F("deadline").desc(nulls_last=True), "-pk"), True
        return queryset.order_by(F("deadline").asc(nulls_last=True), "pk"), True

    # The page is written by tasks/partials/_task_table.html with what follows, computed in
    # one pass each: django-tables2's own template renders every cell, attribute and link
    # through template tags, which cost more than the rest of the list page together. The
    # markup is django-tables2's bootstrap5 template's (tests/tasks/test_list_table.py).

    def _linker(self, key: str):
        """``{% querystring_replace key=value %}`` as a function of value: the current query
        with ``key`` replaced (in its place, or added at the end), escaped for an attribute."""
        parts, at = [], None
        for name, values in self.request.GET.lists():
            if name == key:
                at = len(parts)
                parts.append("")
            else:
                parts.append(urlencode([(name, v) for v in values]))
        if at is None:
            at = len(parts)
            parts.append("")

        def link(value) -> str:
            parts[at] = urlencode([(key, value)])
            return escape("?" + "&".join(p for p in parts if p))

        return link

    @classmethod
    def _header_parts(cls, selectable: bool) -> list[tuple[str, set[str], bool, str]]:
        """(name, <th> classes, orderable, escaped label) of each column shown, in order: read
        from django-tables2's columns once per class, language and selectability."""
        key = (get_language(), selectable)
        cache = cls.__dict__.get("_header_cache")
        if cache is None:
            cache = cls._header_cache = {}
        if key not in cache:
            table = cls([], selectable=selectable, ctx=_NO_CTX)
            cache[key] = [
                (
                    column.name,
                    set(column.column.attrs.get("th", {}).get("class", "").split()),
                    column.orderable,
                    str(conditional_escape(column.header)),
                )
                for column in table.columns
            ]
        return cache[key]

    def header_html(self) -> SafeString:
        """The ``<th>`` cells: sort links (the next direction) and asc/desc/orderable classes."""
        link = self._linker(self.prefixed_order_by_field)
        ordered = {o.bare: o.is_descending for o in (self.order_by or ())}
        cells = []
        for name, th_classes, orderable, label in self._header_parts(self.selectable):
            classes = set(th_classes)
            if orderable:
                classes.add("orderable")
                following = name  # ascending first, then the opposite of the current order
                if name in ordered:
                    classes.add("desc" if ordered[name] else "asc")
                    following = name if ordered[name] else f"-{name}"
                label = f'<a href="{link(following)}">{label}</a>'
            attrs = f'class="{escape(" ".join(sorted(classes)))}" ' if classes else ""
            cells.append(f'\n<th {attrs}scope="col">{label}</th>')
        return mark_safe("".join(cells))  # noqa: S308 - labels and links are escaped

    def pagination_html(self) -> SafeString:
        """Links to the previous, next and nearby pages, when there is more than one."""
        page, paginator = getattr(self, "page", None), getattr(self, "paginator", None)
        if not page or paginator.num_pages <= 1:
            return mark_safe("")
        link = self._linker(self.prefixed_page_field)
        out = [
            f'\n<nav aria-label="{escape(gettext("Phân trang"))}">'
            '\n<ul class="pagination justify-content-center">'
        ]
        if page.has_previous():
            out.append(
                f'\n<li class="previous page-item"><a href="{link(page.previous_page_number())}" '
                f'class="page-link"><span aria-hidden="true">&laquo;</span> {escape(gettext("Trang trước"))}'
                "</a></li>"
            )
        if page.has_previous() or page.has_next():
            for number in table_page_range(page, paginator):
                active = " active" if number == page.number else ""
                href = "" if number == "..." else f' href="{link(number)}"'
                out.append(f'\n<li class="page-item{active}"><a class="page-link"{href}>{number}</a></li>')
        if page.has_next():
            out.append(
                f'\n<li class="next page-item"><a href="{link(page.next_page_number())}" '
                f'class="page-link">{escape(gettext("Trang sau"))} <span aria-hidden="true">&raquo;</span>'
                "</a></li>"
            )
        out.append("\n</ul>\n</nav>")
        return mark_safe("".join(out))  # noqa: S308 - the links are escaped

    def rows_html(self) -> SafeString:
        """The page's rows, one ``<tr data-task="…">`` per task.

        Written here rather than cell by cell in a template: 25 rows of ten cells are the
        bulk of the page. Every value from the database is escaped."""
        tasks = [row.record for row in self.paginated_rows]
        ctx = self.ctx
        # the task page's address, reversed once: "/nhiem-vu/" + id + "/"
        url, url_end = reverse("tasks:detail", args=[_ANY_ID]).split(str(_ANY_ID))
        choose = escape(gettext("Chọn"))
        originally = escape(gettext("ban đầu"))
        no_deadline = escape(gettext("Không thời hạn"))
        badges = {}  # category -> its badge, the label translated once
        out = []
        for t in tasks:
            title = escape(t.title)
            if t.deadline:
                deadline = _d(t.deadline)
                if t.deadline_extended:
                    deadline += (
                        f'<br><small class="text-body-secondary">{originally} '
                        f"{_d(t.original_deadline)}</small>"
                    )
            else:
                deadline = escape(t.deadline_text) if t.deadline_text else no_deadline
            category = category_of(t, ctx)
            badge = badges.get(category)
            if badge is None:
                badge = badges[category] = (
                    f'<span class="badge {BADGE_CLASSES[category]}" data-category="{category.value}">'
                    f"{escape(str(category.label))}</span>"
                )
            out.append(
                f'\n<tr data-task="{t.pk}">\n  '
                + (
                    f'<td><input type="checkbox" class="form-check-input js-select-row" form="bulk-form"'
                    f' name="tasks" value="{t.pk}" aria-label="{choose}: {title}"></td>\n  '
                    if self.selectable
                    else ""
                )
                + f'<td class="task-title"><a href="{url}{t.pk}{url_end}" class="fw-semibold">{title}</a></td>\n'
                f'  <td class="text-nowrap">{escape(t.reference_code) if t.directive_id else ""}</td>\n'
                f"  <td>{escape(t.lead_unit_short_name)}</td>\n"
                f"  <td>{escape(t.assignee_name)}</td>\n"
                f'  <td class="text-nowrap">{deadline}</td>\n'
                f"  <td>{badge}</td>\n"
                f'  <td class="text-end">{t.progress}%</td>\n'
                f'  <td class="text-nowrap">{_d(t.completed_on)}</td>\n'
                "</tr>"
            )
        return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
