"""The review of an intake draft: pure functions over ``IntakeDraft.data`` (see TEAM.md's
data contract), plus :func:`draft_edit`, the one conditional write that stores an edit.

Every edit function takes the ``data`` dict, changes it in place and returns what the screen
needs to re-render (the ids of the rows it changed, or the new row). Edits never touch the
database; :func:`draft_edit` loads, edits and saves with ``UPDATE … WHERE version = n`` so a
stale tab gets :class:`StaleDraft` instead of overwriting newer work.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from units.text import fold

logger = logging.getLogger("dondoc.directives.review")

URGENCY_CHOICES = [
    ("thuong", gettext_lazy("Thường")),
    ("khan", gettext_lazy("Khẩn")),
    ("thuong_khan", gettext_lazy("Thượng khẩn")),
    ("hoa_toc", gettext_lazy("Hỏa tốc")),
]

# Parser doubts (TaskCandidate.flags, set by the parsing package) as the reviewer reads them.
FLAG_LABELS = {
    "unit_unsplit": gettext_lazy("Tên đơn vị có thể gồm nhiều đơn vị, kiểm tra lại"),
    "unit_unresolved_phrase": gettext_lazy("Có cụm tên đơn vị chưa nhận ra"),
    "deadline_unparsed": gettext_lazy("Có thời hạn nhưng chưa đọc được ngày"),
    "deadline_before_doc": gettext_lazy("Thời hạn trước ngày ban hành văn bản"),
    "deadline_no_year": gettext_lazy("Thời hạn không ghi năm, đã lấy năm của văn bản"),
    "lead_from_heading": gettext_lazy("Đơn vị chủ trì lấy từ đề mục"),
    "lead_from_lead_in": gettext_lazy("Đơn vị chủ trì lấy từ câu dẫn của mục"),
    "lead_from_doc_lead_in": gettext_lazy("Đơn vị chủ trì lấy từ câu dẫn đầu văn bản"),
    "lead_from_kinh_gui": gettext_lazy("Đơn vị chủ trì lấy từ phần “Kính gửi”"),
    "lead_missing": gettext_lazy("Chưa có đơn vị chủ trì"),
}


class ReviewError(ValueError):
    """An edit that cannot be made; ``message`` is for the user (Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StaleDraft(ReviewError):
    """The draft changed since the page was loaded (another tab, another person)."""


def flag_label(code: str) -> str:
    label = FLAG_LABELS.get(code)
    if label is not None:
        return str(label)
    return _("Cần kiểm tra (%(code)s)") % {"code": code.replace("_", " ")}


# doubts that the clerk's own choice settles
_SETTLED_BY_LEAD = frozenset({"lead_missing"})
_SETTLED_BY_NAMES = frozenset({"unit_unresolved_phrase"})


def open_flags(row: dict) -> list[str]:
    """The parser's flags still worth showing: "no lead" stops mattering once the row has one,
    "unresolved phrase" once every name is assigned, "deadline unread" once there is a deadline;
    "before the document's date" is checked live on the current deadline (deadline_warnings)."""
    out = []
    for code in row.get("flags", []):
        if code == "deadline_before_doc" or (code == "deadline_unparsed" and row.get("deadline")):
            continue
        if code in _SETTLED_BY_LEAD and row.get("lead_unit_ids"):
            continue
        if code in _SETTLED_BY_NAMES and not row.get("unresolved"):
            continue
        out.append(code)
    return out


# --- lookups --------------------------------------------------------------------------------


def rows_by_id(data: dict) -> dict[str, dict]:
    return {r["id"]: r for r in data.get("rows", [])}


def clauses_by_id(data: dict) -> dict[int, dict]:
    return {c["id"]: c for c in data.get("clauses", [])}


def _rows(data: dict, row_ids: Iterable[str]) -> list[dict]:
    index = rows_by_id(data)
    wanted = list(dict.fromkeys(row_ids))
    missing = [rid for rid in wanted if rid not in index]
    if missing:
        raise ReviewError(_("Không tìm thấy dòng nhiệm vụ đã chọn; vui lòng tải lại trang."))
    if not wanted:
        raise ReviewError(_("Chưa chọn dòng nhiệm vụ nào."))
    return [index[rid] for rid in wanted]


def next_row_id(data: dict) -> str:
    numbers = [int(m.group(1)) for r in data.get("rows", []) if (m := re.fullmatch(r"r(\d+)", str(r["id"])))]
    return f"r{max(numbers, default=0) + 1}"


def descendants(data: dict, clause_id: int) -> list[int]:
    """``clause_id`` and every clause under it, in document order."""
    children: dict[int | None, list[int]] = {}
    for c in data.get("clauses", []):
        children.setdefault(c.get("parent"), []).append(c["id"])
    out, stack = [], [clause_id]
    while stack:
        cid = stack.pop()
        out.append(cid)
        stack.extend(reversed(children.get(cid, [])))
    order = {c["id"]: i for i, c in enumerate(data.get("clauses", []))}
    return sorted(out, key=lambda cid: order.get(cid, 0))


def rows_under(data: dict, clause_id: int) -> list[str]:
    """Ids of the rows that come from ``clause_id`` or any clause under it ("all under this heading")."""
    ids = set(descendants(data, clause_id))
    return [r["id"] for r in data.get("rows", []) if r.get("clause_id") in ids]


def ancestors(data: dict, clause_id: int | None) -> list[int]:
    index = clauses_by_id(data)
    out: list[int] = []
    while clause_id is not None and clause_id in index and clause_id not in out:
        out.append(clause_id)
        clause_id = index[clause_id].get("parent")
    return out


# --- edits ----------------------------------------------------------------------------------


_UNSET: Any = object()


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(int(i) for i in ids))


def set_fields(
    data: dict,
    row_ids: Iterable[str],
    *,
    lead_unit_ids: list[int] | None = None,
    coop_unit_ids: list[int] | None = None,
    deadline: dt.date | None = _UNSET,
    recurrence: str | None = None,
    title: str | None = None,
    include: bool | None = None,
) -> list[str]:
    """Set the given fields on every selected row; fields left as None (deadline: unset) stay."""
    rows = _rows(data, row_ids)
    if title is not None and not title.strip():
        raise ReviewError(_("Tên nhiệm vụ không được để trống."))
    for row in rows:
        if lead_unit_ids is not None:
            _include_when_led(row, lead_unit_ids, explicit=include)
            row["lead_unit_ids"] = _unique(lead_unit_ids)
            # a unit cannot both lead and cooperate
            row["coop_unit_ids"] = [u for u in row.get("coop_unit_ids", []) if u not in row["lead_unit_ids"]]
            if row["lead_unit_ids"]:
                # the names the parser could not resolve for the lead are now decided
                lead_names = set(row.get("lead_names", []))
                row["unresolved"] = [n for n in row.get("unresolved", []) if n not in lead_names]
        if coop_unit_ids is not None:
            lead = set(row.get("lead_unit_ids", []))
            row["coop_unit_ids"] = [u for u in _unique(coop_unit_ids) if u not in lead]
        if deadline is not _UNSET:
            row["deadline"] = deadline.isoformat() if deadline else None
        if recurrence is not None:
            row["recurrence"] = recurrence.strip()
        if title is not None:
            row["title"] = title.strip()
        if include is not None:
            row["include"] = include
    return [r["id"] for r in rows]


def _include_when_led(row: dict, lead_unit_ids: list[int], *, explicit: bool | None = None) -> None:
    """A row proposed without a lead unit was left out only because nobody could do it: giving
    it a lead includes it (unless the clerk said otherwise, or it is not addressed to us)."""
    if (
        explicit is None
        and lead_unit_ids
        and not row.get("lead_unit_ids")
        and row.get("relevant") is not False
    ):
        row["include"] = True


def set_include(data: dict, row_ids: Iterable[str], include: bool) -> list[str]:
    return set_fields(data, row_ids, include=include)


def remove_rows(data: dict, row_ids: Iterable[str]) -> list[str]:
    """Delete rows the clerk added by hand or split off; parsed rows are only excluded."""
    rows = _rows(data, row_ids)
    if any(r.get("source") in ("body", "table") for r in rows):
        raise ReviewError(
            _("Chỉ xóa được dòng tự thêm hoặc tách ra; dòng đọc từ văn bản thì chọn “Không tạo”.")
        )
    gone = {r["id"] for r in rows}
    data["rows"] = [r for r in data["rows"] if r["id"] not in gone]
    _clear_pairs(data, gone)
    return list(gone)


def short_title(text: str, limit: int = 200) -> str:
    """The clause's first sentence (cut at a word when longer than ``limit``)."""
    text = " ".join(text.split())
    match = re.search(r"[.;:](?:\s|$)", text)
    if match and match.start() >= 20:
        text = text[: match.start()]
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def blank_row(row_id: str, **fields: Any) -> dict:
    row = {
        "id": row_id,
        "clause_id": None,
        "source": "manual",
        "include": True,
        "title": "",
        "text": "",
        "lead_unit_ids": [],
        "coop_unit_ids": [],
        "lead_names": [],
        "coop_names": [],
        "unresolved": [],
        "deadline": None,
        "deadline_text": "",
        "recurrence": "",
        "is_request": False,
        "flags": [],
        "relevant": None,
        "pair_of": None,
    }
    row.update(fields)
    return row


def _insert_in_clause_order(data: dict, row: dict) -> None:
    order = {c["id"]: i for i, c in enumerate(data.get("clauses", []))}
    mine = order.get(row.get("clause_id"), len(order))
    rows = data.setdefault("rows", [])
    at = len(rows)
    for i, other in enumerate(rows):
        theirs = order.get(other.get("clause_id"), len(order))
        if theirs > mine:
            at = i
            break
    rows.insert(at, row)


def add_row_from_clause(data: dict, clause_id: int, *, prefill: dict | None = None) -> dict:
    """A new task from clause ``clause_id`` (a clause the parser missed), prefilled from its text
    and from ``prefill`` (units and deadline the caller read from the clause); placed among the
    rows in document order."""
    clause = clauses_by_id(data).get(clause_id)
    if clause is None:
        raise ReviewError(_("Không tìm thấy mục này trong văn bản; vui lòng tải lại trang."))
    text = clause.get("text", "").strip()
    fields = {"clause_id": clause_id, "source": "manual", "text": text, "title": short_title(text)}
    fields.update({k: v for k, v in (prefill or {}).items() if v not in (None, "", [])})
    row = blank_row(next_row_id(data), **fields)
    _insert_in_clause_order(data, row)
    return row


def split_row(data: dict, row_id: str) -> dict:
    """Split one row into two (one clause, two tasks). With several lead units the first keeps
    the first unit and the new row takes the others; otherwise the new row is a copy to edit."""
    (row,) = _rows(data, [row_id])
    new = copy.deepcopy(row)
    new.update(id=next_row_id(data), source="split", pair_of=None)
    leads = row.get("lead_unit_ids", [])
    if len(leads) > 1:
        row["lead_unit_ids"], new["lead_unit_ids"] = leads[:1], leads[1:]
    rows = data["rows"]
    rows.insert(rows.index(row) + 1, new)
    return new


def merge_rows(data: dict, row_ids: Iterable[str]) -> dict:
    """Merge the selected rows into the first of them (document order): texts joined, units
    united, the earliest deadline kept; the other rows are removed."""
    rows = _rows(data, row_ids)
    if len(rows) < 2:
        raise ReviewError(_("Chọn ít nhất hai dòng để gộp."))
    position = {r["id"]: i for i, r in enumerate(data["rows"])}
    rows.sort(key=lambda r: position[r["id"]])
    keep, others = rows[0], rows[1:]
    for other in others:
        if other.get("text") and other["text"] not in keep.get("text", ""):
            keep["text"] = "\n".join(t for t in (keep.get("text", ""), other["text"]) if t)
        for key in ("lead_unit_ids", "coop_unit_ids", "lead_names", "coop_names", "unresolved", "flags"):
            keep[key] = list(dict.fromkeys([*keep.get(key, []), *other.get(key, [])]))
        if other.get("deadline") and (not keep.get("deadline") or other["deadline"] < keep["deadline"]):
            keep["deadline"] = other["deadline"]
            keep["deadline_text"] = other.get("deadline_text", "")
        keep["recurrence"] = keep.get("recurrence") or other.get("recurrence", "")
        keep["include"] = bool(keep.get("include") or other.get("include"))
        keep["is_request"] = bool(keep.get("is_request") and other.get("is_request"))
    keep["coop_unit_ids"] = [u for u in keep["coop_unit_ids"] if u not in keep["lead_unit_ids"]]
    gone = {r["id"] for r in others}
    data["rows"] = [r for r in data["rows"] if r["id"] not in gone]
    _clear_pairs(data, gone)
    if keep.get("pair_of") in gone:
        keep["pair_of"] = None
    return keep


def assign_name(data: dict, name: str, unit_ids: list[int]) -> list[str]:
    """The clerk says which unit(s) an unresolved name means: every row that names it gets
    the units (as lead or cooperating, wherever the document put the name)."""
    unit_ids = _unique(unit_ids)
    if not unit_ids:
        raise ReviewError(_("Chọn đơn vị cho tên này."))
    changed = []
    for row in data.get("rows", []):
        if name not in row.get("unresolved", []):
            continue
        row["unresolved"] = [n for n in row["unresolved"] if n != name]
        if name in row.get("coop_names", []) and name not in row.get("lead_names", []):
            row["coop_unit_ids"] = _unique([*row.get("coop_unit_ids", []), *unit_ids])
        else:
            _include_when_led(row, unit_ids)
            row["lead_unit_ids"] = _unique([*row.get("lead_unit_ids", []), *unit_ids])
        row["coop_unit_ids"] = [u for u in row["coop_unit_ids"] if u not in row["lead_unit_ids"]]
        changed.append(row["id"])
    if not changed:
        raise ReviewError(_("Tên này không còn trong danh sách chưa xác định; vui lòng tải lại trang."))
    return changed


def fill_missing_deadlines(data: dict, deadline: dt.date, row_ids: Iterable[str] | None = None) -> list[str]:
    """Give ``deadline`` to every included row (or every selected row) that has none."""
    rows = _rows(data, row_ids) if row_ids else [r for r in data.get("rows", []) if r.get("include")]
    changed = []
    for row in rows:
        if not row.get("deadline"):
            row["deadline"] = deadline.isoformat()
            changed.append(row["id"])
    return changed


def set_whole_document(
    data: dict,
    *,
    lead_unit_ids: list[int],
    coop_unit_ids: list[int] | None = None,
    deadline: dt.date | None = None,
    instruction: str = "",
) -> dict:
    """One task for the whole document (the leader's bút phê): lead, cooperating, deadline,
    instruction. The clause rows stay in the draft, left out (the clerk may put some back)."""
    lead = _unique(lead_unit_ids)
    if not lead:
        raise ReviewError(_("Chọn đơn vị chủ trì để giao cả văn bản."))
    previous = data.get("whole_document") or {}
    restore = previous.get("restore_rows")
    if restore is None:  # the first time: the clause rows step aside, remembered for "Bỏ"
        restore = [r["id"] for r in data.get("rows", []) if r.get("include")]
        for row in data.get("rows", []):
            row["include"] = False
    data["whole_document"] = {
        "lead_unit_ids": lead,
        "coop_unit_ids": [u for u in _unique(coop_unit_ids or []) if u not in lead],
        "deadline": deadline.isoformat() if deadline else None,
        "instruction": instruction.strip(),
        "restore_rows": restore,
    }
    return data["whole_document"]


def clear_whole_document(data: dict) -> None:
    """Back to clause by clause: the rows that were to be created before are again."""
    whole = data.get("whole_document") or {}
    back = set(whole.get("restore_rows") or [])
    for row in data.get("rows", []):
        if row["id"] in back:
            row["include"] = True
    data["whole_document"] = None


META_FIELDS = (
    "kind",
    "number",
    "symbol",
    "issuer",
    "place",
    "issued_on",
    "subject",
    "signer",
    "signer_title",
    "urgency",
    "instruction",
    "processing_deadline",
)


def set_meta(data: dict, **fields: Any) -> dict:
    meta = data.setdefault("meta", {})
    for key, value in fields.items():
        if key not in META_FIELDS:
            raise ReviewError(_("Trường thông tin văn bản không hợp lệ."))
        if key == "urgency" and value not in dict(URGENCY_CHOICES):
            raise ReviewError(_("Độ khẩn không hợp lệ."))
        if isinstance(value, dt.date):
            value = value.isoformat()
        meta[key] = value.strip() if isinstance(value, str) else value
    return meta


# --- checks ---------------------------------------------------------------------------------


_STOP = frozenset(
    "va cac cua cho voi trong tren duoi de da se la co nhung mot theo tai ve tu den viec thuc hien "
    "chu tri phoi hop don vi co quan ubnd huyen xa phuong tinh nam ngay thang truoc".split()
)


def _words(row: dict) -> set[str]:
    text = fold(f"{row.get('title', '')} {row.get('text', '')}")
    return {w for w in re.findall(r"[a-z0-9]+", text) if len(w) > 1 and w not in _STOP}


def duplicate_pairs(data: dict, threshold: float = 0.5) -> list[tuple[str, str]]:
    """Likely pairs between a body row and an appendix-table row: the same work written twice.
    Compared on folded words (overlap coefficient); each table row pairs with its best body row."""
    body = [r for r in data.get("rows", []) if r.get("source") == "body"]
    table = [r for r in data.get("rows", []) if r.get("source") == "table"]
    words = {r["id"]: _words(r) for r in [*body, *table]}
    pairs = []
    for t in table:
        best, best_score = None, 0.0
        for b in body:
            a, c = words[t["id"]], words[b["id"]]
            if not a or not c:
                continue
            score = len(a & c) / min(len(a), len(c))
            if set(t.get("lead_unit_ids", [])) & set(b.get("lead_unit_ids", [])):
                score += 0.1
            if score > best_score:
                best, best_score = b, score
        if best is not None and best_score >= threshold:
            pairs.append((best["id"], t["id"]))
    return pairs


def mark_pairs(data: dict) -> list[tuple[str, str]]:
    """Write each pair into the rows' ``pair_of`` (both directions)."""
    pairs = duplicate_pairs(data)
    index = rows_by_id(data)
    for row in index.values():
        if row.get("source") in ("body", "table"):
            row["pair_of"] = None
    for body_id, table_id in pairs:
        index[body_id]["pair_of"] = table_id
        index[table_id]["pair_of"] = body_id
    return pairs


def _clear_pairs(data: dict, gone: set[str]) -> None:
    for row in data.get("rows", []):
        if row.get("pair_of") in gone:
            row["pair_of"] = None


def parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def deadline_warnings(
    deadline: dt.date | None,
    *,
    today: dt.date,
    issued_on: dt.date | None = None,
    calendar: Any = None,
    policy: str | None = None,
) -> list[str]:
    """What is wrong with a deadline, for the reviewer: already past, before the document's
    date, on a day off (with the configured policy's consequence)."""
    if deadline is None:
        return []
    out = []
    if deadline < today:
        out.append(
            _("Hạn %(day)s đã qua (trước hôm nay %(today)s).")
            % {"day": deadline.strftime("%d/%m/%Y"), "today": today.strftime("%d/%m/%Y")}
        )
    if issued_on and deadline < issued_on:
        out.append(
            _("Hạn %(day)s trước ngày ban hành văn bản (%(issued)s).")
            % {"day": deadline.strftime("%d/%m/%Y"), "issued": issued_on.strftime("%d/%m/%Y")}
        )
    if calendar is not None:
        note = calendar.policy_note(deadline, policy)
        if note:
            out.append(note)
    return out


def problems(data: dict) -> list[dict]:
    """What stops a confirm, as ``{"row": id|None, "field": name, "message": str}``."""
    out = []
    whole = data.get("whole_document")
    if whole and not whole.get("lead_unit_ids"):
        out.append(
            {"row": None, "field": "whole-lead", "message": _("Chọn đơn vị chủ trì để giao cả văn bản.")}
        )
    for row in data.get("rows", []):
        if not row.get("include"):
            continue
        if not row.get("title", "").strip():
            out.append({"row": row["id"], "field": "title", "message": _("Nhập tên nhiệm vụ.")})
        if not row.get("lead_unit_ids"):
            out.append(
                {
                    "row": row["id"],
                    "field": "lead",
                    "message": _("Chọn ít nhất một đơn vị chủ trì cho nhiệm vụ được tạo."),
                }
            )
    return out


def summary(data: dict) -> dict:
    rows = data.get("rows", [])
    included = [r for r in rows if r.get("include")]
    return {
        "rows": len(rows),
        "included": len(included),
        "without_lead": sum(1 for r in included if not r.get("lead_unit_ids")),
        "without_deadline": sum(1 for r in included if not r.get("deadline")),
        "unresolved": sorted({n for r in rows for n in r.get("unresolved", [])}),
    }


# --- the one write --------------------------------------------------------------------------


def draft_edit(*, draft: Any, expected_version: int, edit: Callable[[dict], Any]) -> Any:
    """Apply ``edit(data)`` to a copy of the draft's data and store it only if nobody saved
    in between (``UPDATE … WHERE version = expected_version``). Returns what ``edit`` returned;
    raises :class:`StaleDraft` when the version moved, :class:`ReviewError` from the edit."""
    from django.db.models import F
    from django.utils import timezone

    model = type(draft)
    if int(expected_version) != draft.version:
        raise StaleDraft(_stale_message())
    data = copy.deepcopy(draft.data)
    result = edit(data)
    updated = model.objects.filter(pk=draft.pk, version=expected_version, status="ready").update(
        data=data, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        logger.info("stale draft edit: draft=%s expected_version=%s", draft.pk, expected_version)
        raise StaleDraft(_stale_message())
    draft.data, draft.version = data, int(expected_version) + 1
    return result


def _stale_message() -> str:
    return _(
        "Bản nháp vừa được sửa ở thẻ hoặc máy khác nên thay đổi này chưa được lưu. "
        "Tải lại trang để xem bản mới nhất rồi sửa lại."
    )
