"""Confirming a draft: the only way an intake draft becomes a Directive.

Idempotent by construction: the draft is claimed with a conditional UPDATE (ready → confirming)
inside the same transaction that creates the directive, its clauses, references and tasks and
links the draft to it (``IntakeDraft.directive`` is one-to-one). A double click, a second tab,
a retried request or four concurrent submits: one wins, the others find the created directive
and get it back with ``created=False``. Nothing is parsed again: everything comes from
``draft.data``, rows are tied to clauses by ``clause_id``.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.models import Clause, Directive, DirectiveAttachment, IntakeDraft, Reference
from directives.services import _task_kind, directive_duplicates, directive_find_cited
from tasks.services import task_create
from units.models import Unit

logger = logging.getLogger("dondoc.intake")

Status = IntakeDraft.Status


class DraftNotReady(ValidationError):
    pass


class DraftChanged(ValidationError):
    """The draft was edited since the page that confirms it was loaded."""


class DuplicateDirective(ValidationError):
    pass


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def intake_confirm(
    *, draft: IntakeDraft, actor: Any, expected_version: int | None = None, allow_duplicate: bool = True
) -> tuple[Directive, bool]:
    """Create the directive from the draft, or return the one already created from it.
    Raises DraftChanged (stale version), DraftNotReady, DuplicateDirective (with
    ``allow_duplicate=False``: same number, symbol, issuer and date, or the same edXML package;
    checked inside the transaction, so two drafts of one document cannot both pass) or a
    ValidationError naming the row that cannot become a task; in every case nothing is written."""
    with transaction.atomic():
        claim = IntakeDraft.objects.filter(pk=draft.pk, status=Status.READY)
        if expected_version is not None:
            claim = claim.filter(version=expected_version)
        if not claim.update(status=Status.CONFIRMING, updated_at=timezone.now()):
            current = IntakeDraft.objects.select_related("directive").get(pk=draft.pk)
            if current.directive_id:
                return current.directive, False
            if current.status == Status.READY:
                raise DraftChanged(
                    _("Bản nháp vừa được sửa ở nơi khác. Vui lòng tải lại trang rồi xác nhận."),
                    code="stale",
                )
            raise DraftNotReady(
                _("Văn bản chưa sẵn sàng để tạo (đang đọc hoặc không đọc được)."), code="not_ready"
            )
        current = IntakeDraft.objects.get(pk=draft.pk)
        directive, files = _create(current, actor=actor, allow_duplicate=allow_duplicate)
        IntakeDraft.objects.filter(pk=current.pk).update(
            status=Status.CONFIRMED, directive=directive, updated_at=timezone.now()
        )
        transaction.on_commit(lambda: _delete_files(files))
    logger.info(
        "intake draft %s confirmed as directive %s with %d tasks by user %s",
        draft.pk,
        directive.pk,
        len(directive._created_tasks),
        getattr(actor, "pk", None),
    )
    return directive, True


def _delete_files(paths: list[str]) -> None:
    for path in paths:
        if path:
            default_storage.delete(path)


def _create(draft: IntakeDraft, *, actor: Any, allow_duplicate: bool) -> tuple[Directive, list[str]]:
    data = draft.data or {}
    meta = data.get("meta") or {}
    issued_on = _date(meta.get("issued_on"))
    package_id = (meta.get("package_id") or "")[:128]
    if not allow_duplicate:
        dupes = directive_duplicates(
            number=meta.get("number"),
            symbol=meta.get("symbol") or "",
            issuer=meta.get("issuer") or "",
            issued_on=issued_on,
        )
        if dupes.exists() or (package_id and Directive.objects.filter(package_id=package_id).exists()):
            raise DuplicateDirective(
                _("Văn bản cùng số, ký hiệu, cơ quan ban hành và ngày đã có trong hệ thống."),
                code="duplicate",
            )
    text_file = data.get("text_file") or ""
    full_text = ""
    if text_file and default_storage.exists(text_file):
        with default_storage.open(text_file, "rb") as handle:
            full_text = handle.read().decode("utf-8", "replace")
    directive = Directive(
        created_by=actor if getattr(actor, "pk", None) else None,
        kind=meta.get("kind") or Directive.Kind.OTHER,
        number=(meta.get("number") or "")[:32],
        symbol=(meta.get("symbol") or "")[:64],
        issuer=(meta.get("issuer") or "")[:255],
        issuer_code=(meta.get("issuer_code") or "")[:64],
        place=(meta.get("place") or "")[:128],
        issued_on=issued_on,
        received_on=_date(meta.get("received_on")) or timezone.localdate(),
        incoming_number=(meta.get("incoming_number") or "")[:32],
        subject=meta.get("subject") or "",
        recipients=list(meta.get("recipients") or []),
        distribution=list(meta.get("distribution") or []),
        signer=(meta.get("signer") or "")[:128],
        signer_title=(meta.get("signer_title") or "")[:128],
        urgency=meta.get("urgency") or Directive.Urgency.THUONG,
        instruction=meta.get("instruction") or "",
        processing_deadline=_date(meta.get("processing_deadline")),
        origin=meta.get("origin") or Directive.Origin.OWN,
        package_id=package_id,
        full_text=full_text,
    )
    try:
        directive.full_clean(exclude=["created_by", "source_file"])
    except ValidationError as exc:
        raise ValidationError(
            [f"{_field_label(k)}: {' '.join(v)}" for k, v in exc.message_dict.items()], code="invalid"
        ) from exc
    directive.save()
    files = [text_file]
    if draft.source_file and default_storage.exists(draft.source_file.name):
        name = PurePosixPath(draft.source_file.name).name
        with draft.source_file.open("rb") as handle:
            directive.source_file.save(name, ContentFile(handle.read()), save=True)
        files.append(draft.source_file.name)
    clauses = _create_clauses(directive, data.get("clauses") or [])
    _create_references(directive, data.get("references") or [])
    for item in data.get("attachments") or []:
        path = item.get("path") or ""
        if not path or not default_storage.exists(path):
            continue
        with default_storage.open(path, "rb") as handle:
            content = handle.read()
        attachment = DirectiveAttachment(
            directive=directive,
            name=(item.get("name") or PurePosixPath(path).name)[:255],
            content_type=(item.get("content_type") or "")[:128],
            size=len(content),
        )
        attachment.file.save(PurePosixPath(attachment.name).name or "tep", ContentFile(content), save=True)
        files.append(path)
    directive._created_tasks = _create_tasks(directive, data, clauses, actor=actor)
    return directive, files


def _field_label(name: str) -> str:
    try:
        return str(Directive._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - "__all__" and the like
        return _("Văn bản")


def _create_clauses(directive: Directive, items: list[dict]) -> dict[Any, Clause]:
    created: dict[Any, Clause] = {}
    for order, item in enumerate(items, start=1):
        text = (item.get("text") or "").strip()
        if not text:
            continue
        created[item.get("id")] = Clause.objects.create(
            directive=directive,
            parent=created.get(item.get("parent")) if item.get("parent") is not None else None,
            label=(item.get("label") or "")[:64],
            order=order,
            text=text,
            is_heading=bool(item.get("is_heading")),
        )
    return created


def _create_references(directive: Directive, items: list[dict]) -> None:
    for ref in items:
        date = _date(ref.get("date"))
        number, symbol = (ref.get("number") or "")[:32], (ref.get("symbol") or "")[:64]
        Reference.objects.create(
            directive=directive,
            kind=(ref.get("type") or "")[:64],
            number=number,
            symbol=symbol,
            date=date,
            issuer=(ref.get("issuer") or "")[:255],
            raw=ref.get("raw") or "",
            target=directive_find_cited(number=number, symbol=symbol, date=date, exclude_pk=directive.pk),
        )


def _create_tasks(directive: Directive, data: dict, clauses: dict[Any, Clause], *, actor: Any) -> list:
    rows = [r for r in data.get("rows") or [] if r.get("include")]
    whole = data.get("whole_document") or None
    wanted: set[int] = set()
    for row in [*rows, *([whole] if whole else [])]:
        wanted.update(int(pk) for pk in row.get("lead_unit_ids") or [])
        wanted.update(int(pk) for pk in row.get("coop_unit_ids") or [])
    units = Unit.objects.filter(pk__in=wanted, is_active=True).in_bulk()
    created = []
    for row in rows:
        title = " ".join((row.get("title") or row.get("text") or "").split())
        created += _tasks_for(
            directive,
            actor=actor,
            units=units,
            title=title,
            lead_ids=row.get("lead_unit_ids") or [],
            coop_ids=row.get("coop_unit_ids") or [],
            clause=clauses.get(row.get("clause_id")),
            description=row.get("text") or "",
            deadline=_date(row.get("deadline")),
            deadline_text=row.get("deadline_text") or "",
            recurrence=row.get("recurrence") or "",
            is_request=bool(row.get("is_request")),
        )
    if whole:
        subject = directive.subject_display or directive.reference_code
        created += _tasks_for(
            directive,
            actor=actor,
            units=units,
            title=_("Thực hiện %(document)s: %(subject)s")
            % {
                "document": f"{directive.get_kind_display()} {directive.reference_code}".strip(),
                "subject": subject,
            },
            lead_ids=whole.get("lead_unit_ids") or [],
            coop_ids=whole.get("coop_unit_ids") or [],
            clause=None,
            description=whole.get("instruction") or directive.instruction,
            deadline=_date(whole.get("deadline")) or directive.processing_deadline,
            deadline_text="",
            recurrence="",
            is_request=False,
        )
    return created


def _tasks_for(
    directive: Directive,
    *,
    actor,
    units,
    title,
    lead_ids,
    coop_ids,
    clause,
    description,
    deadline,
    deadline_text,
    recurrence,
    is_request,
) -> list:
    title = title.strip() or _("Nhiệm vụ theo văn bản")
    leads = [units[int(pk)] for pk in lead_ids if int(pk) in units]
    if not leads:
        raise ValidationError(
            _("Nhiệm vụ “%(title)s” chưa có đơn vị chủ trì.") % {"title": title[:60]}, code="no_lead"
        )
    if len(leads) != len(lead_ids):
        raise ValidationError(
            _("Nhiệm vụ “%(title)s” giao cho đơn vị không còn hoạt động.") % {"title": title[:60]},
            code="inactive_unit",
        )
    cooperating = [units[int(pk)] for pk in coop_ids if int(pk) in units]
    kind, rule, recurrence_text = _task_kind(recurrence, deadline_text)
    return [
        task_create(
            actor=actor,
            title=title[:500],
            lead_unit=lead,
            directive=directive,
            clause=clause,
            description=description,
            cooperating_units=[u for u in cooperating if u.pk != lead.pk],
            deadline=deadline,
            deadline_text=deadline_text[:255],
            kind=kind,
            recurrence_rule=rule,
            recurrence_text=recurrence_text[:128],
            is_request=is_request,
        )
        for lead in leads
    ]
