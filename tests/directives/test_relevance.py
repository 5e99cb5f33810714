"""directives.relevance: which clauses of a directive concern us, and whose directive it is."""

from __future__ import annotations

import copy

import pytest

from directives.relevance import concerns_us, decide_origin, issuer_level, mark
from units.org import Org

COMMUNE = Org(
    name="UBND xã Sơn Tây Thượng",
    level="commune",
    header_parent="ỦY BAN NHÂN DÂN",
    header_name="XÃ SƠN TÂY THƯỢNG",
    place="Sơn Tây Thượng",
    symbol="UBND",
    aliases=("xã Sơn Tây Thượng",),
    groups=("UBND các xã, phường, đặc khu", "UBND cấp xã", "các địa phương"),
)
WARD = Org(
    name="UBND phường Cẩm Thành",
    level="ward",
    header_parent="ỦY BAN NHÂN DÂN",
    header_name="PHƯỜNG CẨM THÀNH",
    place="Cẩm Thành",
    symbol="UBND",
)
PROVINCE = Org(
    name="UBND tỉnh Quảng Ngãi",
    level="province",
    header_parent="ỦY BAN NHÂN DÂN",
    header_name="TỈNH QUẢNG NGÃI",
    place="Quảng Ngãi",
    symbol="UBND",
    aliases=("tỉnh Quảng Ngãi",),
)


@pytest.mark.parametrize(
    "phrase",
    [
        "UBND các xã, phường, đặc khu",
        "Ủy ban nhân dân các xã, phường",
        "Chủ tịch UBND các xã, phường và đặc khu",
        "UBND cấp xã",
        "Chủ tịch UBND cấp xã",
        "các địa phương",
        "các sở, ban, ngành, địa phương",
        "UBND các xã",
        "UBND xã Sơn Tây Thượng",
        "Ủy ban nhân dân xã Sơn Tây Thượng",
        "UBND các xã: Sơn Tây, Sơn Tây Thượng, Sơn Tây Hạ",
        "UBND các xã, phường, đặc khu trên địa bàn tỉnh",
        "Ủy ban nhân dân xã, phường",  # no name after it: every commune and ward
        "Chủ tịch Ủy ban nhân dân xã, phường",
        "Các sở, ban, ngành, Ủy ban nhân dân xã, phường",
    ],
)
def test_phrases_that_address_a_commune(phrase):
    assert concerns_us(phrase, COMMUNE)


@pytest.mark.parametrize(
    "phrase",
    [
        "Sở Tài chính",
        "Sở Văn hóa, Thể thao và Du lịch",
        "các sở, ban, ngành tỉnh",
        "Thủ trưởng các cơ quan chuyên môn thuộc UBND tỉnh",
        "UBND các phường",  # a commune is not a ward
        "UBND xã Sơn Tây",  # a neighbour with a name that starts like ours
        "UBND các xã: Sơn Tây, Sơn Tây Hạ",  # a list of communes without us
        "UBND phường",
        "Ủy ban nhân dân tỉnh",
        "",
    ],
)
def test_phrases_that_do_not_address_a_commune(phrase):
    assert not concerns_us(phrase, COMMUNE)


def test_a_ward_is_addressed_by_phuong_and_cap_xa_but_not_by_cac_xa_alone():
    assert concerns_us("UBND các xã, phường, đặc khu", WARD)
    assert concerns_us("Chủ tịch UBND cấp xã", WARD)
    assert concerns_us("UBND phường Cẩm Thành", WARD)
    assert not concerns_us("UBND các xã", WARD)


@pytest.mark.parametrize(
    ("issuer", "header", "level"),
    [
        ("UBND tỉnh Quảng Ngãi", "", "province"),
        ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "", "province"),
        ("Sở Nội vụ", "", "province"),
        ("Bộ Nội vụ", "", "central"),
        ("Thủ tướng Chính phủ", "", "central"),
        ("UBND xã Sơn Tây Thượng", "", "commune"),
        ("UBND phường Cẩm Thành", "", "ward"),
        ("UBND huyện Mộ Đức", "", "district"),
        ("", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "province"),
        ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", None),
        ("", "", None),
    ],
)
def test_issuer_level(issuer, header, level):
    assert issuer_level(issuer, header) == level


# A provincial Kế hoạch, as the intake draft holds it after parsing (written for this test).
EXCERPT = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NGÃI                          Độc lập - Tự do - Hạnh phúc

Số: 227/KH-UBND                    Quảng Ngãi, ngày 15 tháng 9 năm 2026

KẾ HOẠCH
Triển khai phong trào thi đua xây dựng nông thôn mới năm 2026
"""


def _row(rid, clause_id, lead, coop=(), text="", lead_ids=(7,)):
    return {
        "id": rid,
        "clause_id": clause_id,
        "source": "body",
        "include": bool(lead_ids),
        "title": text[:40],
        "text": text,
        "lead_unit_ids": list(lead_ids),
        "coop_unit_ids": [],
        "lead_names": list(lead),
        "coop_names": list(coop),
        "unresolved": [],
        "deadline": None,
        "deadline_text": "",
        "recurrence": "",
        "is_request": False,
        "flags": [],
        "relevant": None,
        "pair_of": None,
    }


def provincial_plan(issuer="UBND TỈNH QUẢNG NGÃI"):
    clauses = [
        {"id": 1, "label": "II", "text": "TỔ CHỨC THỰC HIỆN", "parent": None, "is_heading": True, "depth": 0},
        {
            "id": 2,
            "label": "1",
            "text": "Sở Nông nghiệp và Môi trường chủ trì hướng dẫn bộ tiêu chí.",
            "parent": 1,
        },
        {"id": 3, "label": "2", "text": "Sở Tài chính bố trí kinh phí.", "parent": 1},
        {
            "id": 4,
            "label": "3",
            "text": "UBND các xã, phường, đặc khu xây dựng kế hoạch thực hiện, gửi Sở Nội vụ trước ngày 15/10/2026.",
            "parent": 1,
        },
        {"id": 5, "label": "4", "text": "Chủ tịch UBND cấp xã chỉ đạo rà soát các tiêu chí.", "parent": 1},
        {
            "id": 6,
            "label": "5",
            "text": "Sở Văn hóa, Thể thao và Du lịch tuyên truyền, phối hợp với các địa phương.",
            "parent": 1,
        },
        {"id": 7, "label": "6", "text": "UBND các xã, phường, đặc khu:", "parent": 1, "is_heading": True},
        {"id": 8, "label": "a", "text": "Tổ chức ra quân tổng vệ sinh môi trường.", "parent": 7},
        {"id": 9, "label": "7", "text": "UBND xã Sơn Tây Thượng hoàn thiện hồ sơ xã đạt chuẩn.", "parent": 1},
    ]
    rows = [
        _row("r1", 2, ["Sở Nông nghiệp và Môi trường"], text=clauses[1]["text"]),
        _row("r2", 3, ["Sở Tài chính"], text=clauses[2]["text"]),
        _row("r3", 4, ["UBND các xã, phường, đặc khu"], text=clauses[3]["text"], lead_ids=()),
        _row("r4", 5, ["Chủ tịch UBND cấp xã"], text=clauses[4]["text"], lead_ids=()),
        _row("r5", 6, ["Sở Văn hóa, Thể thao và Du lịch"], ["các địa phương"], text=clauses[5]["text"]),
        _row("r6", 8, [], text=clauses[7]["text"], lead_ids=()),
        _row("r7", 9, ["UBND xã Sơn Tây Thượng"], text=clauses[8]["text"], lead_ids=()),
    ]
    rows[0]["coop_unit_ids"] = [8]
    rows[2]["flags"] = ["unit_unresolved_phrase"]
    rows[2]["unresolved"] = ["UBND các xã, phường, đặc khu"]
    return {
        "meta": {
            "kind": "ke_hoach",
            "number": "227",
            "symbol": "KH-UBND",
            "issuer": issuer,
            "signer": "Trương Minh Quân",
            "recipients": [],
            "distribution": ["Các sở, ban, ngành tỉnh", "UBND các xã, phường, đặc khu", "Lưu: VT"],
            "origin": "own",
        },
        "clauses": clauses,
        "rows": rows,
        "warnings": [],
        "text_excerpt": EXCERPT,
    }


def test_a_commune_reading_a_provincial_plan_gets_only_the_clauses_for_communes():
    data = mark(provincial_plan(), COMMUNE)
    assert data["meta"]["origin"] == "higher"
    rows = {r["id"]: r for r in data["rows"]}
    assert {rid for rid, r in rows.items() if r["relevant"]} == {"r3", "r4", "r6", "r7"}
    for row in rows.values():
        assert row["include"] is row["relevant"]
        # the clerk hands each to one of our units; the addressee as written is kept
        assert row["lead_unit_ids"] == [] and row["coop_unit_ids"] == []
    assert rows["r3"]["lead_names"] == ["UBND các xã, phường, đặc khu"]
    assert "unit_unresolved_phrase" not in rows["r3"]["flags"] and rows["r3"]["unresolved"] == []
    assert "lead_missing" in rows["r3"]["flags"]
    # a Sở leads, the localities only cooperate: shown, not proposed, flagged
    assert rows["r5"]["relevant"] is False and "coop_concerns_us" in rows["r5"]["flags"]
    assert "4/7" in data["warnings"][0] and "UBND xã Sơn Tây Thượng" in data["warnings"][0]


def test_marking_twice_changes_nothing():
    once = mark(provincial_plan(), COMMUNE)
    twice = mark(copy.deepcopy(once), COMMUNE)
    assert twice == once


def test_the_header_lines_tell_the_origin_when_the_issuer_was_misread():
    data = mark(provincial_plan(issuer="ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), COMMUNE)
    assert data["meta"]["origin"] == "higher"


def test_without_issuer_or_header_the_addressees_tell_the_origin():
    data = provincial_plan(issuer="")
    data["text_excerpt"] = ""
    assert decide_origin(data, COMMUNE) == "higher"
    data["meta"]["distribution"] = ["Các phòng chuyên môn", "Lưu: VT"]
    assert decide_origin(data, COMMUNE) == "own"


def test_the_province_reading_its_own_plan_keeps_todays_behaviour():
    original = provincial_plan()
    data = mark(copy.deepcopy(original), PROVINCE)
    assert data["meta"]["origin"] == "own"
    for before, after in zip(original["rows"], data["rows"], strict=True):
        assert after["relevant"] is None
        assert after["include"] == before["include"]
        assert after["lead_unit_ids"] == before["lead_unit_ids"]
    assert data["warnings"] == []


def test_a_communes_own_directive_is_own():
    data = provincial_plan(issuer="UBND xã Sơn Tây Thượng")
    data["text_excerpt"] = "ỦY BAN NHÂN DÂN\nXÃ SƠN TÂY THƯỢNG\nSố: 12/KH-UBND"
    assert decide_origin(data, COMMUNE) == "own"


def test_a_central_directive_is_higher_for_a_province():
    data = provincial_plan(issuer="Bộ Nội vụ")
    data["text_excerpt"] = ""
    data["rows"][0]["lead_names"] = ["UBND các tỉnh, thành phố trực thuộc Trung ương"]
    data = mark(data, PROVINCE)
    assert data["meta"]["origin"] == "higher"
    assert data["rows"][0]["relevant"] is True
    assert data["rows"][1]["relevant"] is False


# --- through the parser and the unit catalogue of a seeded profile ---------------------------

PLAN_TEXT = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI

Số: 227/KH-UBND
Quảng Ngãi, ngày 15 tháng 9 năm 2026

KẾ HOẠCH
Triển khai phong trào thi đua xây dựng nông thôn mới năm 2026

Thực hiện chỉ đạo của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:

I. TỔ CHỨC THỰC HIỆN
1. Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính hướng dẫn bộ tiêu chí nông thôn mới, hoàn thành trước ngày 30/10/2026.
2. Sở Tài chính tham mưu UBND tỉnh bố trí kinh phí thực hiện phong trào thi đua.
3. UBND các xã, phường, đặc khu xây dựng kế hoạch thực hiện tại địa phương, gửi về Sở Nội vụ trước ngày 15/10/2026.
4. Chủ tịch UBND cấp xã chỉ đạo rà soát, đánh giá mức độ đạt tiêu chí, báo cáo UBND tỉnh trước ngày 15/11/2026.
5. Sở Nội vụ theo dõi, tổng hợp kết quả, báo cáo UBND tỉnh trước ngày 15/12/2026.

Nơi nhận:
- Các sở, ban, ngành tỉnh;
- UBND các xã, phường, đặc khu;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Trương Minh Quân
"""


def _draft_data():
    from deadlines.workdays import get_calendar

    build_data = pytest.importorskip("directives.intake.draft").build_data  # the intake (IC)
    run_parse = pytest.importorskip("directives.intake.sandbox").run_parse

    payload = run_parse(PLAN_TEXT.encode(), "ke-hoach-tinh.txt", [])
    return build_data(payload, calendar=get_calendar())


@pytest.mark.django_db
def test_a_seeded_commune_reading_the_provincial_plan_gets_the_clauses_for_communes():
    from django.core.management import call_command

    from units.org import current_org

    call_command("seed_demo", profile="commune", size=0, quiet=True)
    data = mark(_draft_data(), current_org())
    assert data["meta"]["origin"] == "higher"
    relevant = [r for r in data["rows"] if r["relevant"]]
    others = [r for r in data["rows"] if not r["relevant"]]
    assert {r["text"][:12] for r in relevant} == {"UBND các xã,", "Chủ tịch UBN"}
    assert others and all(r["text"].startswith("Sở ") for r in others)
    assert all(r["include"] for r in relevant) and not any(r["include"] for r in others)
    assert all(r["lead_unit_ids"] == [] for r in data["rows"])


@pytest.mark.django_db
def test_the_seeded_province_reading_its_plan_resolves_every_lead_without_picking():
    from django.core.management import call_command

    from units.models import Unit
    from units.org import current_org

    call_command("seed_demo", profile="province", size=0, quiet=True)
    data = mark(_draft_data(), current_org())
    assert data["meta"]["origin"] == "own"
    assert len(data["rows"]) == 5
    for row in data["rows"]:
        assert row["lead_unit_ids"], row["lead_names"]
        assert row["include"] and row["relevant"] is None
    by_text = {r["text"][:10]: r for r in data["rows"]}
    communes = set(Unit.objects.filter(kind=Unit.Kind.COMMUNE).values_list("pk", flat=True))
    assert set(by_text["UBND các x"]["lead_unit_ids"]) == communes
    assert by_text["Sở Tài chí"]["lead_unit_ids"] == [Unit.objects.get(name="Sở Tài chính").pk]


@pytest.mark.django_db
def test_the_intake_job_marks_a_provincial_plan_for_the_commune(django_capture_on_commit_callbacks):
    """Through the intake (IC): submit, the reading job, the draft's rows — the hook is there."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    intake = pytest.importorskip("directives.intake.process")
    call_command("seed_demo", profile="commune", size=0, quiet=True)
    clerk = get_user_model().objects.get(username="vanthu")
    with django_capture_on_commit_callbacks(execute=False):  # run the job here, not in a worker
        draft = intake.intake_submit(actor=clerk, data=PLAN_TEXT.encode(), filename="ke-hoach-tinh.txt")
    assert intake.intake_process(draft.pk) == "ready"
    draft.refresh_from_db()
    assert draft.data["meta"]["origin"] == "higher"
    proposed = [r["text"][:12] for r in draft.data["rows"] if r["include"]]
    assert proposed == ["UBND các xã,", "Chủ tịch UBN"]
