"""The review screen: the document's clauses beside the proposed tasks; every edit is one
conditional write on the draft (directives.review.draft_edit); confirming calls the intake's
``intake_confirm``. With htmx the edits answer with out-of-band fragments (changed rows,
the summary, the draft's version); without JavaScript every form posts and redirects back."""

from __future__ import annotations

import datetime as dt
import json
import logging
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deadlines.workdays import get_calendar
from directives import review
from directives.models import Directive, IntakeDraft
from directives.services import directive_duplicates
from units.models import UnitAlias, UnitGroup
from units.permissions import Action, require
from units.selectors import active_units
from units.text import fold

logger = logging.getLogger("dondoc.directives.review")
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
STRUCTURAL = {"add_clause", "split", "merge", "remove"}


# --- input ----------------------------------------------------------------------------------


def _date(value: str | None) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise review.ReviewError(
        _("Ngày “%(value)s” không hợp lệ; nhập theo dạng dd/mm/yyyy.") % {"value": value}
    )


def _unit_ids(values: list[str], catalogue: dict) -> list[int]:
    """Unit ids from a picker: plain ids, or "g:<id>" for a group (expanded to its members)."""
    out: list[int] = []
    for value in values:
        value = value.strip()
        if value.startswith("g:") and value[2:].isdigit():
            members = catalogue["groups"].get(int(value[2:]))
            if members is None:
                raise review.ReviewError(_("Nhóm đơn vị không còn tồn tại; vui lòng tải lại trang."))
            out.extend(members["members"])
        elif value.isdigit() and int(value) in catalogue["units"]:
            out.append(int(value))
        elif value:
            raise review.ReviewError(_("Đơn vị đã chọn không còn hoạt động; vui lòng tải lại trang."))
    return list(dict.fromkeys(out))


# --- catalogue of units for the pickers -----------------------------------------------------


def _catalogue() -> dict:
    """Active units (with aliases) and groups with their members, for pickers and names."""
    units = list(active_units())
    aliases: dict[int, list[str]] = {}
    for unit_id, name in UnitAlias.objects.filter(unit__is_active=True).values_list("unit_id", "name"):
        aliases.setdefault(unit_id, []).append(name)
    by_kind: dict[str, list[int]] = {}
    for u in units:
        by_kind.setdefault(u.kind, []).append(u.pk)
    active = {u.pk for u in units}
    groups: dict[int, dict] = {}
    seen: dict[tuple, int] = {}
    # the shortest name of a set of members is the one shown; the others stay searchable
    for group in sorted(UnitGroup.objects.prefetch_related("units"), key=lambda g: (len(g.name), g.name)):
        members = {u.pk for u in group.units.all() if u.pk in active}
        for kind in group.kinds or []:
            members.update(by_kind.get(kind, []))
        ordered = [u.pk for u in units if u.pk in members]
        if not ordered:
            continue
        key = tuple(ordered)
        if key in seen:  # the same members under another name: searchable, shown once
            groups[seen[key]]["other_names"].append(group.name)
            continue
        seen[key] = group.pk
        groups[group.pk] = {"id": group.pk, "name": group.name, "members": ordered, "other_names": []}
    return {
        "units": {u.pk: u for u in units},
        "ordered": units,
        "aliases": aliases,
        "groups": groups,
    }


def _picker_options(catalogue: dict) -> dict:
    """What the picker script needs beyond the <option>s: folded search text per value and
    each group's members (shown as separate units before anything is saved)."""
    search, members = {}, {}
    for u in catalogue["ordered"]:
        names = [u.name, u.short_name, *catalogue["aliases"].get(u.pk, [])]
        search[str(u.pk)] = "|".join(fold(n) for n in names)
    for g in catalogue["groups"].values():
        names = [g["name"], *g["other_names"]]
        search[f"g:{g['id']}"] = "|".join(fold(n) for n in names)
        members[f"g:{g['id']}"] = [str(m) for m in g["members"]]
    return {"search": search, "members": members}


def _option_parts(catalogue: dict) -> dict:
    """Each unit's <option> (plain and selected) and the groups' block, escaped once per request."""
    parts = catalogue.get("_option_parts")
    if parts is None:
        units = [
            (
                u.pk,
                format_html('<option value="{}">{}</option>', u.pk, u.name),
                format_html('<option value="{}" selected>{}</option>', u.pk, u.name),
            )
            for u in catalogue["ordered"]
        ]
        groups = format_html_join(
            "",
            '<option value="g:{}">{} ({})</option>',
            (
                (g["id"], g["name"], _("%(n)s đơn vị") % {"n": len(g["members"])})
                for g in catalogue["groups"].values()
            ),
        )
        parts = catalogue["_option_parts"] = {
            "units": units,
            "head": format_html('<optgroup label="{}">', _("Đơn vị")),
            "groups": format_html(
                '</optgroup><optgroup label="{}">{}</optgroup>',
                _("Nhóm đơn vị (chọn nhóm sẽ thêm từng đơn vị)"),
                groups,
            ),
        }
    return parts


def _options_html(catalogue: dict, selected: list[int]) -> str:
    """The <option>s of a unit picker (every active unit, then the groups), ``selected`` marked.
    Built here rather than in a template loop: a long review has ~70 pickers."""
    parts = _option_parts(catalogue)
    chosen = set(selected)
    body = "".join(on if pk in chosen else off for pk, off, on in parts["units"])
    return mark_safe(parts["head"] + body + parts["groups"])  # every piece escaped above


# --- the page -------------------------------------------------------------------------------


def _load(request, pk) -> IntakeDraft:
    require(request.user, Action.DIRECTIVE_CREATE)
    return get_object_or_404(IntakeDraft, pk=pk)


def _row_view(row: dict, *, clauses: dict, catalogue: dict, today, issued_on, calendar, errors) -> dict:
    units = catalogue["units"]
    deadline = review.parse_iso(row.get("deadline"))
    clause = clauses.get(row.get("clause_id"))
    return {
        "row": row,
        "id": row["id"],
        "clause": clause,
        "ancestors": review.ancestors({"clauses": list(clauses.values())}, row.get("clause_id")),
        "lead": [units[i] for i in row.get("lead_unit_ids", []) if i in units],
        "coop": [units[i] for i in row.get("coop_unit_ids", []) if i in units],
        "deadline": deadline,
        "warnings": review.deadline_warnings(deadline, today=today, issued_on=issued_on, calendar=calendar),
        "flags": [review.flag_label(code) for code in review.open_flags(row)],
        "errors": {e["field"]: e["message"] for e in errors if e["row"] == row["id"]},
        # built only for the rows a response shows (the template calls these)
        "lead_options": partial(_options_html, catalogue, row.get("lead_unit_ids", [])),
        "coop_options": partial(_options_html, catalogue, row.get("coop_unit_ids", [])),
    }


def _context(draft: IntakeDraft, *, catalogue: dict | None = None) -> dict:
    data = draft.data or {}
    catalogue = catalogue or _catalogue()
    meta = data.get("meta", {})
    issued_on = review.parse_iso(meta.get("issued_on"))
    today = timezone.localdate()
    calendar = get_calendar()
    clauses = review.clauses_by_id(data)
    errors = review.problems(data)
    rows = [
        _row_view(
            r,
            clauses=clauses,
            catalogue=catalogue,
            today=today,
            issued_on=issued_on,
            calendar=calendar,
            errors=errors,
        )
        for r in data.get("rows", [])
    ]
    pairs = {}
    for body_id, table_id in review.duplicate_pairs(data):
        pairs[body_id], pairs[table_id] = table_id, body_id
    rows_of: dict[int, list[dict]] = {}
    for number, rv in enumerate(rows, start=1):
        rv["number"] = number
        rv["pair"] = pairs.get(rv["id"]) or rv["row"].get("pair_of")
        if rv["row"].get("clause_id") is not None:
            rows_of.setdefault(rv["row"]["clause_id"], []).append({"id": rv["id"], "number": number})
    number_of = {rv["id"]: rv["number"] for rv in rows}
    for rv in rows:
        rv["pair_number"] = number_of.get(rv["pair"])
    clause_list = [
        {**c, "depth": min(int(c.get("depth") or 0), 5), "rows": rows_of.get(c["id"], [])}
        for c in data.get("clauses", [])
    ]
    whole = data.get("whole_document")
    units = catalogue["units"]
    whole_view = None
    if whole:
        whole_view = {
            **whole,
            "lead": [units[i] for i in whole.get("lead_unit_ids", []) if i in units],
            "coop": [units[i] for i in whole.get("coop_unit_ids", []) if i in units],
            "deadline_date": review.parse_iso(whole.get("deadline")),
        }
    whole_ids = whole or {}
    duplicates = list(
        directive_duplicates(
            number=meta.get("number"),
            symbol=meta.get("symbol", ""),
            issuer=meta.get("issuer", ""),
            issued_on=issued_on,
        )[:5]
    )
    error_items = [
        {
            "target": f"row-{e['row']}-{e['field']}" if e["row"] else e["field"],
            "label": _("Nhiệm vụ %(n)s") % {"n": _row_number(data, e["row"])}
            if e["row"]
            else _("Giao cả văn bản"),
            "message": e["message"],
        }
        for e in errors
    ]
    return {
        "draft": draft,
        "data": data,
        "meta": meta,
        "issued_on": issued_on,
        "processing_deadline": review.parse_iso(meta.get("processing_deadline")),
        "rows": rows,
        "clauses": clause_list,
        "whole": whole_view,
        "summary": review.summary(data),
        "duplicates": duplicates,
        "error_items": error_items,
        "shown_errors": [],
        "selected": set(),
        "catalogue": catalogue,
        "picker": _picker_options(catalogue),
        "kinds": Directive.Kind.choices,
        "urgencies": review.URGENCY_CHOICES,
        "no_options": _options_html(catalogue, []),
        "whole_lead_options": _options_html(catalogue, whole_ids.get("lead_unit_ids", [])),
        "whole_coop_options": _options_html(catalogue, whole_ids.get("coop_unit_ids", [])),
        "edit_url": reverse("directives:intake_review_edit", args=[draft.pk]),
    }


def _row_number(data: dict, row_id: str) -> int:
    for i, r in enumerate(data.get("rows", []), start=1):
        if r["id"] == row_id:
            return i
    return 0


@login_required
def intake_review(request, pk):
    draft = _load(request, pk)
    if draft.status == IntakeDraft.Status.CONFIRMED and draft.directive_id:
        messages.info(request, _("Văn bản này đã được tạo từ bản nháp."))
        return redirect(draft.directive)
    if draft.status != IntakeDraft.Status.READY:
        return render(request, "directives/review/not_ready.html", {"draft": draft}, status=409)
    return render(request, "directives/review/page.html", _context(draft))


# --- edits ----------------------------------------------------------------------------------


def _apply(op: str, post, catalogue: dict, actor) -> tuple:
    """(edit function over data, changed-rows hint, message) for one posted operation."""
    rows = post.getlist("rows")
    ids = lambda name: _unit_ids(post.getlist(name), catalogue)  # noqa: E731

    if op == "row":
        row_id = post.get("row", "")
        fields = {
            "title": post.get("title", ""),
            "lead_unit_ids": ids("lead"),
            "coop_unit_ids": ids("coop"),
            "deadline": _date(post.get("deadline")),
            "recurrence": post.get("recurrence", ""),
            "include": post.get("include") == "on",
        }
        return (lambda d: review.set_fields(d, [row_id], **fields)), "row", ""
    if op == "bulk_set":
        fields = {}
        if post.getlist("lead"):
            fields["lead_unit_ids"] = ids("lead")
        if post.getlist("coop"):
            fields["coop_unit_ids"] = ids("coop")
        if post.get("deadline", "").strip():
            fields["deadline"] = _date(post.get("deadline"))
        if post.get("recurrence", "").strip():
            fields["recurrence"] = post.get("recurrence", "")
        if not fields:
            raise review.ReviewError(
                _("Chọn đơn vị, thời hạn hoặc tần suất để áp dụng cho các dòng đã chọn.")
            )
        n = len(set(rows))
        return (
            (lambda d: review.set_fields(d, rows, **fields)),
            "rows",
            _("Đã cập nhật %(n)s dòng.") % {"n": n},
        )
    if op in ("include", "exclude"):
        msg = _("Đã chọn tạo %(n)s nhiệm vụ.") if op == "include" else _("Đã bỏ %(n)s dòng, sẽ không tạo.")
        return (
            (lambda d: review.set_include(d, rows, op == "include")),
            "include",
            msg % {"n": len(set(rows))},
        )
    if op == "fill_deadline":
        day = _date(post.get("deadline"))
        if day is None:
            raise review.ReviewError(_("Nhập thời hạn để đặt cho các dòng chưa có hạn."))
        return (
            (lambda d: review.fill_missing_deadlines(d, day)),
            "rows",
            _("Đã đặt hạn cho các dòng chưa có hạn."),
        )
    if op == "merge":
        return (lambda d: [review.merge_rows(d, rows)["id"]]), "all", _("Đã gộp các dòng đã chọn.")
    if op == "split":
        return (
            (lambda d: [review.split_row(d, post.get("row", ""))["id"]]),
            "all",
            _("Đã tách thành hai dòng."),
        )
    if op == "remove":
        return (lambda d: review.remove_rows(d, [post.get("row", "")])), "all", _("Đã xóa dòng.")
    if op == "add_clause":
        try:
            clause_id = int(post.get("clause", ""))
        except ValueError as exc:
            raise review.ReviewError(
                _("Không tìm thấy mục này trong văn bản; vui lòng tải lại trang.")
            ) from exc

        def add(d):
            clause = review.clauses_by_id(d).get(clause_id) or {}
            return [
                review.add_row_from_clause(d, clause_id, prefill=_prefill(clause.get("text", ""), d))["id"]
            ]

        return add, "all", _("Đã thêm nhiệm vụ từ mục này.")
    if op == "assign":
        name = post.get("name", "")
        unit_ids = ids("units")
        return (
            (lambda d: review.assign_name(d, name, unit_ids)),
            "rows",
            _("Đã gán đơn vị cho “%(name)s”.") % {"name": name},
        )
    if op == "whole":
        fields = {
            "lead_unit_ids": ids("lead"),
            "coop_unit_ids": ids("coop"),
            "deadline": _date(post.get("deadline")),
            "instruction": post.get("instruction", ""),
        }
        return (
            (lambda d: review.set_whole_document(d, **fields)),
            "all",
            _("Sẽ giao cả văn bản thành một nhiệm vụ."),
        )
    if op == "whole_clear":
        return review.clear_whole_document, "all", _("Đã bỏ giao cả văn bản; giao theo từng mục.")
    if op == "meta":
        fields = {k: post.get(k, "") for k in review.META_FIELDS if k in post}
        for key in ("issued_on", "processing_deadline"):
            if key in fields:
                fields[key] = _date(fields[key])
        return (lambda d: review.set_meta(d, **fields)), "meta", ""
    raise review.ReviewError(_("Thao tác không hợp lệ."))


def _prefill(text: str, data: dict) -> dict:
    """Units and deadline read from a clause the parser did not turn into a task (best effort:
    the parser's own rules; anything it cannot read is left for the clerk)."""
    from directives.resolve import UnitResolver

    out: dict = {}
    try:
        from directives.parsing.actors import clause_actor, cooperating
        from directives.parsing.timeexpr import extract_deadline

        resolver = UnitResolver()
        lead = resolver.resolve_many(clause_actor(text))
        coop = resolver.resolve_many(cooperating(text))
        out["lead_unit_ids"] = [u.pk for r in lead for u in r.units]
        out["coop_unit_ids"] = [u.pk for r in coop for u in r.units if u.pk not in out["lead_unit_ids"]]
        out["lead_names"] = [r.name for r in lead]
        out["coop_names"] = [r.name for r in coop]
        out["unresolved"] = [r.name for r in [*lead, *coop] if not r.resolved]
        issued = review.parse_iso(data.get("meta", {}).get("issued_on"))
        found = extract_deadline([(text, False)], doc_date=issued, doc_year=issued.year if issued else None)
        if found.date:
            out["deadline"] = get_calendar().apply_day_off_policy(found.date).isoformat()
            out["deadline_text"] = found.text or ""
    except Exception:  # noqa: BLE001 - a prefill never blocks adding the row
        logger.exception("prefill from clause failed")
    return out


def _learn_alias(*, name: str, unit_ids: list[int], actor) -> str:
    """Remember ``name`` as another name of the one chosen unit (UnitAlias, source learned)."""
    if len(unit_ids) != 1:
        return _("Chỉ ghi nhớ được tên gọi khác khi gán cho đúng một đơn vị.")
    key = fold(name)
    existing = UnitAlias.objects.filter(name_key=key).select_related("unit").first()
    if existing:
        if existing.unit_id == unit_ids[0]:
            return ""
        return _("Tên “%(name)s” đã là tên gọi khác của %(unit)s; không ghi nhớ lại.") % {
            "name": name,
            "unit": existing.unit.name,
        }
    try:
        with transaction.atomic():
            UnitAlias.objects.create(
                unit_id=unit_ids[0], name=name, source=UnitAlias.Source.LEARNED, created_by=actor
            )
    except IntegrityError:  # learned at the same moment in another tab
        return ""
    logger.info("alias learned: %r -> unit %s by user %s", name, unit_ids[0], actor.pk)
    return _("Lần sau, “%(name)s” sẽ tự nhận là đơn vị này.") % {"name": name}


@login_required
@require_POST
def intake_review_edit(request, pk):
    draft = _load(request, pk)
    htmx = request.headers.get("HX-Request") == "true"
    op = request.POST.get("op") or "row"
    catalogue = _catalogue()
    status = 200
    changed: list[str] = []
    scope = "row"
    note = ""
    try:
        if draft.status != IntakeDraft.Status.READY:
            raise review.StaleDraft(
                _("Bản nháp này không còn ở bước rà soát (đã tạo hoặc đang tạo văn bản).")
            )
        edit, scope, note = _apply(op, request.POST, catalogue, request.user)
        version = request.POST.get("version", "")
        if not version.isdigit():
            raise review.StaleDraft(_("Thiếu phiên bản của bản nháp; vui lòng tải lại trang."))
        with transaction.atomic():  # the edit and the alias it teaches land together
            changed = list(review.draft_edit(draft=draft, expected_version=int(version), edit=edit) or [])
            if op == "assign" and request.POST.get("learn") == "on":
                learned = _learn_alias(
                    name=request.POST.get("name", ""),
                    unit_ids=_unit_ids(request.POST.getlist("units"), catalogue),
                    actor=request.user,
                )
                note = f"{note} {learned}".strip()
        logger.info(
            "draft %s edited: op=%s rows=%s user=%s", draft.pk, op, ",".join(changed), request.user.pk
        )
        level = messages.SUCCESS
    except review.StaleDraft as exc:
        note, level, status, scope = exc.message, messages.ERROR, 409, "none"
    except review.ReviewError as exc:
        note, level, status, scope = exc.message, messages.ERROR, 400, "none"
    if not htmx:
        if note:
            messages.add_message(request, level, note)
        return redirect(reverse("directives:intake_review", args=[draft.pk]) + _anchor(op, changed))
    context = _context(draft, catalogue=catalogue)
    context.update(
        {
            "note": note,
            "note_level": "danger" if status >= 400 else "success",
            "scope": scope,
            "changed": set(changed) if scope in ("rows", "include") else {request.POST.get("row", "")},
            "selected": set(request.POST.getlist("rows")),
        }
    )
    response = render(request, "directives/review/_oob.html", context, status=status)
    if op in STRUCTURAL and changed:
        response["HX-Trigger-After-Settle"] = json.dumps({"rv-focus": f"#row-{changed[0]}-title"})
    return response


def _anchor(op: str, changed: list) -> str:
    if changed and op in STRUCTURAL | {"row", "assign"}:
        return f"#row-{changed[0]}"
    return ""


# --- confirm --------------------------------------------------------------------------------


@login_required
@require_POST
def intake_review_confirm(request, pk):
    """Create the directive from the draft (IC's ``intake_confirm``: idempotent; a second submit,
    another tab or a retried request lands on the directive already created)."""
    from directives.intake import DuplicateDirective, intake_confirm

    draft = _load(request, pk)
    version = request.POST.get("version", "")
    context = None
    page_errors: list[str] = []
    if draft.status == IntakeDraft.Status.READY:
        context = _context(draft)
        if context["error_items"]:
            page_errors.append(_("Còn %(n)s chỗ cần sửa trước khi tạo.") % {"n": len(context["error_items"])})
    if not page_errors:
        try:
            directive, created = intake_confirm(
                draft=draft,
                actor=request.user,
                expected_version=int(version) if version.isdigit() else None,
                allow_duplicate=request.POST.get("confirm_duplicate") == "on",
            )
        except DuplicateDirective as exc:
            context = context or _context(draft)
            context["error_items"] = [
                {"target": "confirm-duplicate", "label": _("Văn bản trùng"), "message": m}
                for m in exc.messages
            ]
        except ValidationError as exc:  # stale version, not ready, a row that cannot become a task
            draft.refresh_from_db()
            if draft.status != IntakeDraft.Status.READY:
                messages.error(request, " ".join(exc.messages))
                return redirect(reverse("directives:intake_review", args=[draft.pk]))
            page_errors.extend(exc.messages)
        else:
            if created:
                messages.success(
                    request,
                    _("Đã tạo văn bản với %(n)s nhiệm vụ.")
                    % {"n": len(getattr(directive, "_created_tasks", []))},
                )
            else:
                messages.info(request, _("Văn bản này đã được tạo trước đó; không tạo thêm lần nữa."))
            return redirect(directive)
    context = context or _context(draft)
    context["page_errors"] = page_errors
    context["shown_errors"] = context["error_items"]
    return render(request, "directives/review/page.html", context, status=400)
