"""The intake: upload or paste → review → confirm."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives.forms import DirectiveMetaForm, IntakeForm, TaskDraftFormSet
from directives.intake import candidates
from directives.parsing import DirectiveParseError, parse_bytes
from directives.services import TaskDraft, directive_duplicates, directive_import, kind_from_type
from units.models import Unit
from units.permissions import Action, require

logger = logging.getLogger("dondoc.directives")
STASH_DIR = "intake"
STASH_SALT = "directives.intake"
STASH_MAX_AGE = 24 * 3600


# --- intake -------------------------------------------------------------------------


def _stash(data: bytes, name: str) -> str:
    ext = Path(name).suffix.lower()[:6] if name else ".txt"
    stored = default_storage.save(f"{STASH_DIR}/{uuid.uuid4().hex}{ext}", ContentFile(data))
    return signing.dumps({"path": stored, "name": name or "van-ban.txt"}, salt=STASH_SALT)


def _unstash(token: str) -> tuple[bytes, str, str]:
    info = signing.loads(token, salt=STASH_SALT, max_age=STASH_MAX_AGE)
    path = info["path"]
    if not path.startswith(f"{STASH_DIR}/") or ".." in path:
        raise signing.BadSignature("bad path")
    with default_storage.open(path, "rb") as fh:
        return fh.read(), info["name"], path


def _units():
    return Unit.objects.filter(is_active=True).order_by("ordering", "name")


def _initial_meta(parsed) -> dict:
    m = parsed.meta
    return {
        "kind": kind_from_type(m.type),
        "number": m.number or "",
        "symbol": m.symbol,
        "issuer": m.issuer,
        "place": m.place,
        "issued_on": m.issued_date,
        "subject": m.subject,
        "signer": m.signer,
        "signer_title": m.signer_title,
    }


def _initial_tasks(cands) -> list[dict]:
    rows = []
    for c in cands:
        draft = c.draft()
        rows.append(
            {
                "include": bool(draft.lead_units),
                "clause": draft.clause_label,
                "title": draft.title,
                "lead_units": [u.pk for u in draft.lead_units],
                "cooperating_units": [u.pk for u in draft.cooperating_units],
                "deadline": draft.deadline,
                "deadline_text": draft.deadline_text,
                "recurrence": draft.recurrence,
            }
        )
    return rows


def _review(request, *, token, parsed, cands, meta_form, formset, status=200):
    m = parsed.meta
    duplicates = list(
        directive_duplicates(number=m.number, symbol=m.symbol, issuer=m.issuer, issued_on=m.issued_date)[:5]
    )
    rows = list(zip(formset.forms, cands, strict=False))
    return render(
        request,
        "directives/intake_review.html",
        {
            "token": token,
            "parsed": parsed,
            "meta_form": meta_form,
            "formset": formset,
            "rows": rows,
            "duplicates": duplicates,
        },
        status=status,
    )


@login_required
def directive_intake(request):
    require(request.user, Action.DIRECTIVE_CREATE)
    form = IntakeForm(request.POST, request.FILES) if request.method == "POST" else IntakeForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        if upload:
            data, name = upload.read(), upload.name
        else:
            data, name = form.cleaned_data["text"].encode("utf-8"), "van-ban-dan.txt"
        try:
            parsed = parse_bytes(data, name)
        except DirectiveParseError as exc:
            logger.info("intake refused for user %s: %s", request.user.pk, exc.log_message)
            form.add_error(None, exc.message)
        else:
            token = _stash(data, name)
            cands = candidates(parsed)
            units = _units()
            meta_form = DirectiveMetaForm(initial=_initial_meta(parsed), prefix="meta")
            formset = TaskDraftFormSet(initial=_initial_tasks(cands), prefix="tasks", units=units)
            return _review(
                request, token=token, parsed=parsed, cands=cands, meta_form=meta_form, formset=formset
            )
    return render(request, "directives/intake_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def directive_intake_confirm(request):
    require(request.user, Action.DIRECTIVE_CREATE)
    token = request.POST.get("token", "")
    try:
        data, name, path = _unstash(token)
        parsed = parse_bytes(data, name)
    except (signing.BadSignature, OSError, KeyError, DirectiveParseError):
        logger.warning("intake confirm with a bad or expired token from user %s", request.user.pk)
        return HttpResponseBadRequest(_("Phiên nhập văn bản đã hết hạn, vui lòng tải văn bản lên lại."))
    cands = candidates(parsed)
    units = _units()
    meta_form = DirectiveMetaForm(request.POST, prefix="meta")
    formset = TaskDraftFormSet(request.POST, prefix="tasks", units=units)
    if meta_form.is_valid() and formset.is_valid():
        meta = dict(meta_form.cleaned_data)
        confirm_duplicate = meta.pop("confirm_duplicate", False)
        dupes = directive_duplicates(
            number=meta["number"], symbol=meta["symbol"], issuer=meta["issuer"], issued_on=meta["issued_on"]
        )
        if dupes.exists() and not confirm_duplicate:
            meta_form.add_error(
                "confirm_duplicate",
                _("Văn bản cùng số, ký hiệu, cơ quan ban hành và ngày đã có trong hệ thống."),
            )
        else:
            drafts = [
                TaskDraft(
                    title=f.cleaned_data["title"],
                    lead_units=list(f.cleaned_data["lead_units"]),
                    clause_label=f.cleaned_data["clause"],
                    description=cand.task.text if cand else "",
                    cooperating_units=list(f.cleaned_data["cooperating_units"]),
                    deadline=f.cleaned_data["deadline"],
                    deadline_text=f.cleaned_data["deadline_text"],
                    recurrence=f.cleaned_data["recurrence"],
                    is_request=cand.task.is_request if cand else False,
                )
                for f, cand in zip(formset.forms, [*cands, *[None] * len(formset.forms)], strict=False)
                if f.cleaned_data.get("include")
            ]
            try:
                directive = directive_import(
                    actor=request.user,
                    parsed=parsed,
                    fields=meta,
                    tasks=drafts,
                    source_file=ContentFile(data, name=name),
                )
            except ValidationError as exc:
                meta_form.add_error(None, exc)
            else:
                default_storage.delete(path)
                return redirect(directive)
    return _review(
        request, token=token, parsed=parsed, cands=cands, meta_form=meta_form, formset=formset, status=400
    )
