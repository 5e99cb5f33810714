"""The context each document kind's template receives, built from the dashboard's report
objects and from tasks; everything as display text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tasks.dashboard.exports import _d, period_text
from tasks.dashboard.reports import Head, SummaryRow, UnitReport, chairman
from tasks.documents.render import org_context


def rate_text(rate: float | None) -> str:
    if rate is None:
        return "–"
    return f"{rate:.1f}".replace(".", ",") + "%"


def _recipients(extra: Sequence[str]) -> list[str]:
    return ["- Chủ tịch, các Phó Chủ tịch UBND;", *[f"- {e};" for e in extra], "- Lưu: VT."]


def _signer() -> str:
    head: Head | None = chairman()
    return head.name if head else ""


def counting_text(today: dt.date) -> str:
    return (
        "nhiệm vụ có thời hạn trong kỳ và nhiệm vụ của kỳ trước còn quá hạn chưa hoàn thành đến cuối kỳ; "
        f"tình trạng tính đến ngày {_d(today)}"
    )


def unit_report_context(report: UnitReport, *, today: dt.date, explanations=()) -> dict:
    context = org_context(today)
    head = f"{report.head.name} – {report.head.title}" if report.head else "Chưa xác định"
    context.update(
        {
            "unit": report.unit.name,
            "head": head,
            "period": period_text(report.period),
            "counting": getattr(report, "counting_note", "") or counting_text(report.today),
            "summary": [
                {"label": label, "value": value}
                for label, value in (
                    ("Tổng số nhiệm vụ được giao (có thời hạn trong kỳ)", report.assigned),
                    ("Hoàn thành đúng hạn", report.on_time),
                    ("Hoàn thành quá hạn", report.done_late),
                    ("Quá hạn, chưa hoàn thành", report.overdue_count),
                    ("Đang thực hiện trong hạn", report.in_progress),
                    ("Tạm dừng", report.paused),
                    ("Số lượt đề nghị gia hạn", report.extensions_requested),
                    ("Số lượt được đồng ý gia hạn", report.extensions_granted),
                    ("Tỷ lệ hoàn thành đúng hạn", rate_text(report.rate)),
                )
            ],
            "overdue": [
                {
                    "title": t.title,
                    "directive": t.directive,
                    "deadline": _d(t.deadline),
                    "days_late": t.days_late,
                    "note": t.note or "Chưa báo cáo tiến độ",
                }
                for t in report.overdue
            ],
            "late": [
                {
                    "title": t.title,
                    "directive": t.directive,
                    "deadline": _d(t.deadline),
                    "completed_on": _d(t.completed_on),
                    "days_late": t.days_late,
                }
                for t in report.late
            ],
            "tasks": [
                {
                    "title": t.title,
                    "directive": t.directive,
                    "deadline": _d(t.deadline),
                    "completed_on": _d(t.completed_on),
                    "status": t.category_label,
                }
                for t in report.tasks
            ],
            "explanations": list(explanations),
            "rate": rate_text(report.rate),
            "rating": report.rating.name,
            "signer": _signer(),
            "recipients": _recipients([report.unit.name]),
        }
    )
    return context


def ranking_context(rows: Sequence[SummaryRow], *, period, today: dt.date) -> dict:
    context = org_context(today)
    context.update(
        {
            "period": period_text(period),
            "counting": counting_text(today),
            "total": len(rows),
            "ranked": sum(1 for r in rows if r.rank is not None),
            "rows": [
                {
                    "rank": r.rank or "–",
                    "name": r.row.name,
                    "head": r.head.name if r.head else "",
                    "assigned": r.row.assigned,
                    "on_time": r.row.on_time,
                    "late": r.row.late,
                    "overdue": r.row.overdue,
                    "rate": rate_text(r.row.rate),
                    "rating": r.rating.name,
                }
                for r in rows
            ],
            "signer": _signer(),
            "recipients": _recipients(["Các cơ quan, đơn vị, địa phương"]),
        }
    )
    return context
