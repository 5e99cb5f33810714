"""Accountability report: numbers, rating thresholds, the .docx and .xlsx files, the command."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.core.management import call_command
from docx.shared import Pt

from tasks.dashboard.reports import organisation_summary, rate_unit, unit_report
from tasks.dashboard.selectors import Period
from tasks.models import ExtensionRequest
from tasks.status import StatusContext
from tests.dashboard.conftest import TODAY
from tests.factories import MembershipFactory, UserFactory
from units.models import Membership, RatingThreshold

YEAR = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
UNIT_URL = "/bang-dieu-khien/bao-cao/don-vi/{}/"


def _docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_unit_report_numbers(cast, world):
    report = unit_report(unit=cast.unit_a, period=YEAR, ctx=StatusContext.for_today())
    expected = world.labels("a")
    assert report.head.name == cast.head_a.get_full_name()
    # the continuous task has no deadline: outside any period
    assert report.assigned == sum(n for k, n in expected.items() if k != "cancelled") - 1
    assert report.on_time == expected["done_on_time"]
    assert report.done_late == expected["done_late"]
    assert report.overdue_count == expected["overdue"]
    assert report.extensions_requested == 1 and report.extensions_granted == 0
    assert report.rate == 40.0
    assert report.rating.name == "Không hoàn thành nhiệm vụ"  # default thresholds: 95 / 85 / 70 / 0
    assert [t.title for t in report.overdue] == ["A quá hạn 40 ngày", "A quá hạn 3 ngày"]
    assert report.overdue[1].note == "Đang chờ số liệu của các xã"


def test_extensions_granted_are_counted(cast, world):
    ext = ExtensionRequest.objects.get(task__lead_unit=cast.unit_a)
    ext.status, ext.decided_at = ExtensionRequest.Status.APPROVED, dt.datetime(2026, 6, 15, tzinfo=dt.UTC)
    ext.save()
    report = unit_report(unit=cast.unit_a, period=YEAR, ctx=StatusContext.for_today())
    assert (report.extensions_requested, report.extensions_granted) == (1, 1)


@pytest.mark.django_db
def test_default_thresholds_are_seeded_and_rating_follows_them():
    levels = list(RatingThreshold.objects.order_by("-min_on_time_rate"))
    assert [lv.name for lv in levels] == [
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành nhiệm vụ",
        "Không hoàn thành nhiệm vụ",
    ]
    assert rate_unit(100.0, 0, levels).name == "Hoàn thành xuất sắc nhiệm vụ"
    assert rate_unit(100.0, 1, levels).name == "Hoàn thành tốt nhiệm vụ"  # excellent allows no overdue
    assert rate_unit(85.0, 3, levels).name == "Hoàn thành tốt nhiệm vụ"
    assert rate_unit(84.9, 3, levels).name == "Hoàn thành nhiệm vụ"
    assert rate_unit(10.0, 3, levels).name == "Không hoàn thành nhiệm vụ"
    assert not rate_unit(None, 0, levels).reached


def test_thresholds_are_configurable(cast, world):
    RatingThreshold.objects.filter(name="Hoàn thành nhiệm vụ").update(min_on_time_rate=Decimal("40"))
    report = unit_report(unit=cast.unit_a, period=YEAR, ctx=StatusContext.for_today())
    assert report.rating.name == "Hoàn thành nhiệm vụ"


def test_summary_ranks_every_unit(cast, world):
    rows = organisation_summary(period=YEAR, ctx=StatusContext.for_today())
    names = [r.row.name for r in rows]
    # B 75 %, A 40 %, commune 0 %; then units with nothing due (office, unit without tasks) unranked
    assert names[:3] == [cast.unit_b.name, cast.unit_a.name, cast.commune.name]
    assert [r.rank for r in rows[:3]] == [1, 2, 3]
    assert cast.office_unit.name in names[3:] and all(r.rank is None for r in rows[3:])
    assert cast.leadership.name not in names


def test_unit_report_page(client, cast, world):
    client.force_login(cast.head_a)
    response = client.get(UNIT_URL.format(cast.unit_a.pk), {"start": "2026-01-01", "end": "2026-12-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đang chờ số liệu của các xã" in html
    assert cast.head_a.get_full_name() in html
    report = response.context["report"]
    for key in ("assigned", "on_time", "late", "overdue"):
        listed = client.get(report.links[key])
        value = {"late": report.done_late, "overdue": report.overdue_count}.get(key) or getattr(report, key)
        assert listed.context["filter"].qs.count() == value, key


def test_docx_export_layout_and_rows(client, cast, world, settings):
    settings.ORGANIZATION = {
        **settings.ORGANIZATION,
        "header_parent": "Ủy ban nhân dân",
        "header_name": "Huyện Sơn Tây",
        "place": "Sơn Tây",
        "symbol": "UBND",
    }
    client.force_login(cast.office)
    response = client.get(
        UNIT_URL.format(cast.unit_a.pk) + "tai-ve.docx", {"start": "2026-01-01", "end": "2026-12-31"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "attachment" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and Pt(13) <= normal.size <= Pt(14)
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert "ỦY BAN NHÂN DÂN" in left.text and "HUYỆN SƠN TÂY" in left.text
    assert "Số:" in left.text and "/BC-UBND" in left.text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right.text and "Độc lập - Tự do - Hạnh phúc" in right.text
    date_runs = [r for p in right.paragraphs for r in p.runs if "ngày" in r.text]
    assert date_runs[0].text == "Sơn Tây, ngày 15 tháng 6 năm 2026" and date_runs[0].italic
    text = _docx_text(document)
    assert "BÁO CÁO" in text and cast.unit_a.name in text
    assert "Nơi nhận:" in text and "TM. ỦY BAN NHÂN DÂN" in text and cast.chairman.get_full_name() in text
    summary = document.tables[1]
    cells = {row.cells[1].text: row.cells[2].text for row in summary.rows[1:]}
    assert cells["Quá hạn, chưa hoàn thành"] == "2"
    assert cells["Hoàn thành đúng hạn"] == "2"
    assert cells["Tỷ lệ hoàn thành đúng hạn"] == "40,0%"
    overdue = document.tables[2]
    assert [row.cells[1].text for row in overdue.rows[1:]] == ["A quá hạn 40 ngày", "A quá hạn 3 ngày"]
    assert overdue.rows[2].cells[5].text == "Đang chờ số liệu của các xã"
    appendix = document.tables[-1]
    assert len(appendix.rows) - 1 == 9  # every task with a deadline in the year, cancelled excluded


def test_xlsx_export(client, cast, world):
    client.force_login(cast.chairman)
    response = client.get(
        UNIT_URL.format(cast.unit_a.pk) + "tai-ve.xlsx", {"start": "2026-01-01", "end": "2026-12-31"}
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Quá hạn", "Hoàn thành quá hạn", "Danh mục nhiệm vụ"]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
    assert summary["Quá hạn, chưa hoàn thành"] == 2 and isinstance(summary["Quá hạn, chưa hoàn thành"], int)
    assert summary["Tỷ lệ hoàn thành đúng hạn"] == pytest.approx(0.4)
    sheet = book["Quá hạn"]
    assert sheet["A1"].font.bold and sheet.column_dimensions["B"].width >= 40
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "A quá hạn 40 ngày",
        "A quá hạn 3 ngày",
    ]
    assert sheet["D2"].value == dt.datetime(2026, 5, 6)  # dates are dates, shown dd/mm/yyyy
    assert sheet["D2"].number_format == "DD/MM/YYYY"


def test_summary_exports(client, cast, world):
    client.force_login(cast.chairman)
    period = {"start": "2026-01-01", "end": "2026-12-31"}
    document = docx.Document(io.BytesIO(client.get("/bang-dieu-khien/bao-cao/tong-hop.docx", period).content))
    ranking = document.tables[1]
    assert [row.cells[1].text for row in ranking.rows[1:4]] == [
        cast.unit_b.name,
        cast.unit_a.name,
        cast.commune.name,
    ]
    assert [row.cells[0].text for row in ranking.rows[1:4]] == ["1", "2", "3"]
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/bang-dieu-khien/bao-cao/tong-hop.xlsx", period).content)
    )
    rows = list(book.active.iter_rows(min_row=2, max_row=4, values_only=True))
    assert [r[1] for r in rows] == [cast.unit_b.name, cast.unit_a.name, cast.commune.name]
    assert rows[0][3] == 4 and rows[0][6] == 1  # B: assigned 4, overdue 1


def test_report_index_lists_ranking_for_office_and_only_own_unit_for_a_head(client, cast, world):
    client.force_login(cast.office)
    response = client.get("/bang-dieu-khien/bao-cao/")
    assert [r.row.name for r in response.context["rows"]][:3] == [
        cast.unit_b.name,
        cast.unit_a.name,
        cast.commune.name,
    ]
    client.force_login(cast.head_a)
    response = client.get("/bang-dieu-khien/bao-cao/")
    assert response.context["rows"] == [] and response.context["units"] == [cast.unit_a]
    assert cast.unit_b.name not in response.content.decode()
    chosen = client.get(
        "/bang-dieu-khien/bao-cao/", {"unit": cast.unit_a.pk, "start": "2026-04-01", "end": "2026-06-30"}
    )
    assert chosen.status_code == 302
    assert chosen["Location"] == UNIT_URL.format(cast.unit_a.pk) + "?start=2026-04-01&end=2026-06-30"
    other = client.get("/bang-dieu-khien/bao-cao/", {"unit": cast.unit_b.pk})
    assert other.status_code == 200 and other.context["form"].errors  # not a choice for this head


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_management_command_writes_the_same_files(cast, world, tmp_path, fmt):
    one = tmp_path / f"a.{fmt}"
    call_command(
        "accountability_report",
        "--unit",
        str(cast.unit_a.pk),
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        fmt,
        "-o",
        str(one),
    )
    everyone = tmp_path / f"all.{fmt}"
    call_command(
        "accountability_report",
        "--unit",
        "all",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        fmt,
        "-o",
        str(everyone),
    )
    if fmt == "docx":
        text = _docx_text(docx.Document(str(one)))
        assert "A quá hạn 40 ngày" in text and "/BC-UBND" in text
        assert cast.unit_b.name in _docx_text(docx.Document(str(everyone)))
    else:
        assert openpyxl.load_workbook(one)["Quá hạn"]["B2"].value == "A quá hạn 40 ngày"
        assert openpyxl.load_workbook(everyone).active["B2"].value == cast.unit_b.name


@pytest.mark.django_db
def test_management_command_refuses_bad_input(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command(
            "accountability_report",
            "--unit",
            "999999",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "-o",
            str(tmp_path / "x.docx"),
        )
    with pytest.raises(CommandError):
        call_command(
            "accountability_report",
            "--unit",
            "all",
            "--from",
            "2026-12-31",
            "--to",
            "2026-01-01",
            "-o",
            str(tmp_path / "x.docx"),
        )
    assert not (tmp_path / "x.docx").exists()


def test_unit_without_head_says_so(cast, today):
    Membership.objects.filter(unit=cast.unit_b, role=Membership.Role.HEAD).delete()
    MembershipFactory(unit=cast.unit_b, user=UserFactory(username="cv_b"), role=Membership.Role.SPECIALIST)
    report = unit_report(unit=cast.unit_b, period=YEAR, ctx=StatusContext.for_today())
    assert report.head is None and report.rate is None and not report.rating.reached
    assert TODAY.year == 2026
