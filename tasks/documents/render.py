"""Fill a Word template (docxtpl) with a document's context.

The template in force for a kind is the administrator's active upload, else the shipped one.
Every value reaches the template as text already formatted (dates dd/mm/yyyy, rates "40,0%"),
so a template author only places ``{{ … }}`` tags; XML special characters are escaped.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from lxml import etree

from tasks.documents.builder import SHIPPED
from tasks.documents.models import DocumentKind, DocumentTemplate

logger = logging.getLogger("dondoc.reports")

#: the tags each kind's context offers (shown in the admin beside the upload)
TAGS = {
    DocumentKind.UNIT_REPORT: "org.name, org.header_parent, org.header_name, org.symbol, date_line, unit, head, period, "
    "counting, summary[label, value], overdue[title, directive, deadline, days_late, note], late[title, directive, "
    "deadline, completed_on, days_late], explanations[request, reply_by, reply], tasks[title, directive, deadline, "
    "completed_on, status], rate, rating, signer, recipients",
    DocumentKind.RANKING: "org.*, date_line, period, counting, total, ranked, rows[rank, name, head, assigned, on_time, "
    "late, overdue, rate, rating], signer, recipients",
    DocumentKind.REMINDER_LETTER: "org.*, date_line, today, count, giver, units[name, tasks[title, directive, deadline, "
    "days_overdue, note]], reply_by, signer, recipients",
    DocumentKind.EXPLANATION_REQUEST: "org.*, date_line, today, unit, addressee, count, threshold, tasks[title, directive, "
    "deadline, days_overdue, note], giver, reply_by, signer, recipients",
}


def vn_date_line(place: str, day: dt.date) -> str:
    """ "Sơn Tây, ngày 05 tháng 3 năm 2026": days below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def org_context(today: dt.date | None = None) -> dict:
    from units.org import current_org

    org = current_org()  # one read of the profile (settings.ORGANIZATION reads it on every access)
    today = today or timezone.localdate()
    return {
        "org": {
            "name": org.name,
            "header_parent": org.header_parent,
            "header_name": org.header_name,
            "symbol": org.symbol,
            "place": org.place,
        },
        "giver": f"Chủ tịch {org.name}",
        "date_line": vn_date_line(org.place, today),
        "today": today.strftime("%d/%m/%Y"),
    }


def template_source(kind: str) -> tuple[bytes, str]:
    """(template bytes, where it came from) for ``kind``: the active upload, else the shipped file."""
    active = DocumentTemplate.objects.filter(kind=kind, is_active=True).order_by("-uploaded_at").first()
    if active is not None:
        try:
            with active.file.open("rb") as handle:
                return handle.read(), f"upload #{active.pk}"
        except (FileNotFoundError, OSError):
            logger.warning("document template %s is missing its file; using the shipped one", active.pk)
    return (Path(SHIPPED) / f"{kind}.docx").read_bytes(), "shipped"


class _Template(DocxTemplate):
    """docxtpl without two whole-document passes that our values never need: turning tabs and
    line breaks inside values into Word runs (values are one-line text, see ``clean``), and
    re-fitting table grids after ``{%tc %}`` column loops (only when the template has one).
    Together they were two thirds of the time of a 2,000-row report."""

    def resolve_listing(self, xml):
        body = xml.split("?>", 1)[-1].lstrip("\r\n")
        if not any(ch in body for ch in "\t\a\n\f"):
            return xml
        return super().resolve_listing(xml)

    def fix_tables(self, xml):
        if getattr(self, "_column_loops", True):
            return super().fix_tables(xml)
        return etree.fromstring(xml, parser=etree.XMLParser(recover=True, huge_tree=True))


_CONTROL = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\a": " ", "\f": " ", "\v": " "})


def clean(value):
    """Context values as one-line text (recursively): a progress note's line breaks become spaces."""
    if isinstance(value, str):
        return value.translate(_CONTROL)
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def render_bytes(template: bytes, context: dict) -> bytes:
    document = _Template(io.BytesIO(template))
    document.init_docx()
    document._column_loops = "{%tc" in document.get_xml() or "{% tc" in document.get_xml()
    document.render(clean(context), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(kind: str, context: dict) -> bytes:
    template, source = template_source(kind)
    try:
        data = render_bytes(template, context)
    except Exception as exc:  # a broken upload must not take the report down: say so, use the shipped one
        if source == "shipped":
            raise
        logger.exception(
            "document template (%s) for %s failed; falling back to the shipped one", source, kind
        )
        data = render_bytes((Path(SHIPPED) / f"{kind}.docx").read_bytes(), context)
        del exc
    logger.info("rendered %s from %s template: %s bytes", kind, source, len(data))
    return data


def check_template(kind: str, data: bytes, context: dict) -> None:
    """Refuse an upload that is not a .docx or that the template engine cannot fill."""
    try:
        render_bytes(data, context)
    except Exception as exc:  # noqa: BLE001 - any failure means the upload is unusable
        raise ValidationError(
            _("Mẫu không dùng được: %(error)s. Kiểm tra các thẻ {{ … }} và {%% … %%} trong tệp Word.")
            % {"error": str(exc)[:200]}
        ) from exc
