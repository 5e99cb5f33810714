"""A commune (xã Sơn Tây Thượng, tỉnh Quảng Ngãi) or a ward (phường Cẩm Thành) after 1 July 2025.

Structure per domain.md §9 (Nghị định 150/2025/NĐ-CP): Văn phòng HĐND và UBND, Phòng Kinh tế
(a ward: Phòng Kinh tế, Hạ tầng và Đô thị), Phòng Văn hóa - Xã hội, Trung tâm Phục vụ hành chính
công, Công an, Ban Chỉ huy quân sự, and the thôn / tổ dân phố. The commune and ward names are
real; the village names are illustrative and the people fictional. The demo holds the commune's
own directives and a provincial Kế hoạch received from above (origin "higher").
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from directives.models import Directive
from units.demo.common import (
    CANCELLED,
    CONTINUOUS,
    DUE_SOON,
    EXTENSION,
    LATE,
    ON_TIME,
    OPEN,
    OVERDUE,
    PAUSED,
    DirectiveSpec,
    Person,
    SeedResult,
    TaskSpec,
    UnitSpec,
    play_directive,
    seed_groups,
    seed_organization,
    seed_people,
    seed_units,
    spread_history,
)
from units.demo.routine import routine_specs
from units.models import Membership, Organization, Unit

K = Unit.Kind
R = Membership.Role
PROVINCE = "UBND tỉnh Quảng Ngãi"


def _structure(ward: bool) -> dict:
    """Names that differ between a commune (xã) and a ward (phường)."""
    if ward:
        return {
            "profile": "ward",
            "place": "Cẩm Thành",
            "level_word": "phường",
            "name": "UBND phường Cẩm Thành",
            "economy": (
                "Phòng Kinh tế, Hạ tầng và Đô thị",
                "KT-HT-ĐT",
                ("Phòng Kinh tế - Hạ tầng và Đô thị",),
            ),
            "villages": [f"Tổ dân phố {n}" for n in (1, 2, 3, 4, 5)],
            "village_head": "Tổ trưởng tổ dân phố",
            "village_groups": ["các tổ dân phố", "Tổ trưởng các tổ dân phố"],
        }
    return {
        "profile": "commune",
        "place": "Sơn Tây Thượng",
        "level_word": "xã",
        "name": "UBND xã Sơn Tây Thượng",
        "economy": ("Phòng Kinh tế", "Kinh tế", ("Phòng Kinh tế xã",)),
        "villages": ["Thôn Đắk Lang", "Thôn Ra Manh", "Thôn Tang", "Thôn Mang Hin"],
        "village_head": "Trưởng thôn",
        "village_groups": ["các thôn", "Trưởng các thôn", "Ban nhân dân các thôn"],
    }


def _units(s: dict) -> list[UnitSpec]:
    w = s["level_word"]
    economy, economy_short, economy_aliases = s["economy"]
    c = Unit.Level.COMMUNE
    return [
        UnitSpec(
            f"Lãnh đạo UBND {w}",
            "Lãnh đạo UBND",
            K.LEADERSHIP,
            (f"Chủ tịch UBND {w}", f"Thường trực UBND {w}"),
            c,
        ),
        UnitSpec(
            f"Văn phòng HĐND và UBND {w}",
            "VP HĐND-UBND",
            K.OFFICE,
            ("Văn phòng HĐND và UBND", f"Văn phòng UBND {w}", f"Văn phòng HĐND - UBND {w}", f"Văn phòng {w}"),
            c,
        ),
        UnitSpec(economy, economy_short, K.DEPARTMENT, economy_aliases, c),
        UnitSpec(
            "Phòng Văn hóa - Xã hội",
            "VH-XH",
            K.DEPARTMENT,
            ("Phòng Văn hóa – Xã hội", "Phòng Văn hóa và Xã hội", "Phòng VH-XH"),
            c,
        ),
        UnitSpec(
            f"Trung tâm Phục vụ hành chính công {w}",
            "TT PVHCC",
            K.AGENCY,
            ("Trung tâm Phục vụ hành chính công", "Bộ phận Một cửa"),
            c,
        ),
        UnitSpec(f"Công an {w}", "Công an", K.AGENCY, (f"Công an {w} {s['place']}",), c),
        UnitSpec(
            f"Ban Chỉ huy quân sự {w}",
            "BCH QS",
            K.AGENCY,
            (f"Ban CHQS {w}", f"Ban Chỉ huy Quân sự {w} {s['place']}"),
            c,
        ),
        UnitSpec(f"Trạm Y tế {w}", "Trạm Y tế", K.AGENCY, (), c),
        UnitSpec(
            f"Ủy ban Mặt trận Tổ quốc Việt Nam {w}",
            "UB MTTQ",
            K.AGENCY,
            (f"Ủy ban MTTQ Việt Nam {w}", f"Ủy ban MTTQ {w}", f"Ủy ban Mặt trận Tổ quốc {w}"),
            c,
        ),
        *(UnitSpec(v, v.replace("Tổ dân phố", "TDP"), K.VILLAGE, (), c) for v in s["villages"]),
    ]


def _groups(s: dict) -> list[tuple[str, list[str]]]:
    w = s["level_word"]
    own = [K.DEPARTMENT, K.OFFICE]
    every = [K.DEPARTMENT, K.OFFICE, K.AGENCY]
    return [
        (f"các phòng chuyên môn thuộc UBND {w}", own),
        ("các phòng chuyên môn", own),
        (f"các cơ quan chuyên môn thuộc UBND {w}", own),
        ("các cơ quan chuyên môn", own),
        ("Thủ trưởng các cơ quan chuyên môn", own),
        (f"các phòng, ban, đơn vị thuộc UBND {w}", every),
        (f"các phòng, ban, ngành {w}", every),
        ("các cơ quan, đơn vị", every),
        *((name, [K.VILLAGE]) for name in s["village_groups"]),
        ("các cơ quan, đơn vị, " + s["village_groups"][0].removeprefix("các "), [*every, K.VILLAGE]),
    ]


def _people(s: dict) -> list[Person]:
    w, economy = s["level_word"], s["economy"][0]
    village = s["villages"][0]
    return [
        Person(
            "chutich",
            "Nguyễn Văn An",
            f"Lãnh đạo UBND {w}",
            R.HEAD,
            f"Chủ tịch UBND {w}",
            "Chủ tịch (lãnh đạo)",
        ),
        Person(
            "phochutich",
            "Trần Thị Bích",
            f"Lãnh đạo UBND {w}",
            R.DEPUTY,
            f"Phó Chủ tịch UBND {w}",
            "Phó Chủ tịch (lãnh đạo)",
        ),
        Person(
            "chanhvanphong",
            "Lê Quốc Cường",
            f"Văn phòng HĐND và UBND {w}",
            R.HEAD,
            "Chánh Văn phòng",
            "Chánh Văn phòng",
        ),
        Person(
            "vanthu",
            "Phạm Thu Dung",
            f"Văn phòng HĐND và UBND {w}",
            R.CLERK,
            "Văn thư",
            "Văn phòng (nhập văn bản, giao việc)",
        ),
        Person("truongphong.kinhte", "Hoàng Minh Đức", economy, R.HEAD, "Trưởng phòng", f"Trưởng {economy}"),
        Person(
            "chuyenvien.kinhte",
            "Đặng Văn Hải",
            economy,
            R.SPECIALIST,
            "Chuyên viên",
            f"Chuyên viên {economy}",
        ),
        Person(
            "truongphong.vhxh",
            "Bùi Thị Hoa",
            "Phòng Văn hóa - Xã hội",
            R.HEAD,
            "Trưởng phòng",
            "Trưởng Phòng Văn hóa - Xã hội",
        ),
        Person(
            "giamdoc.ttpvhcc",
            "Ngô Văn Khánh",
            f"Trung tâm Phục vụ hành chính công {w}",
            R.HEAD,
            "Giám đốc",
            "Giám đốc Trung tâm Phục vụ hành chính công",
        ),
        Person(
            "truongcongan",
            "Đỗ Văn Long",
            f"Công an {w}",
            R.HEAD,
            f"Trưởng Công an {w}",
            f"Trưởng Công an {w}",
        ),
        Person(
            "truongthon",
            "Đinh Văn Mạnh",
            village,
            R.HEAD,
            s["village_head"],
            f"{s['village_head']} ({village})",
        ),
    ]


def _directives(s: dict, today: dt.date, size: int) -> list[DirectiveSpec]:
    w, name, place = s["level_word"], s["name"], s["place"]
    office, economy = f"Văn phòng HĐND và UBND {w}", s["economy"][0]
    culture, centre = "Phòng Văn hóa - Xã hội", f"Trung tâm Phục vụ hành chính công {w}"
    police, military = f"Công an {w}", f"Ban Chỉ huy quân sự {w}"
    v1, v2 = s["villages"][0], s["villages"][1]
    year = (today - dt.timedelta(days=80)).year
    specs = [
        DirectiveSpec(
            kind=Directive.Kind.KE_HOACH,
            number="35",
            symbol="KH-UBND",
            issuer=name,
            place=place,
            issued=-80,
            subject=f"Triển khai thực hiện chuyển đổi số và Đề án 06 năm {year}",
            signer="Nguyễn Văn An",
            signer_title="CHỦ TỊCH",
            recipients=(
                f"Các phòng chuyên môn thuộc UBND {w}",
                f"Công an {w}",
                s["village_groups"][0].capitalize(),
            ),
            clauses=(
                ("I", "MỤC ĐÍCH, YÊU CẦU", True),
                ("II", "NHIỆM VỤ CỤ THỂ", True),
                (
                    "1",
                    f"{office} chủ trì rà soát, số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
                    False,
                ),
                ("2", f"{centre} hướng dẫn người dân nộp hồ sơ trực tuyến toàn trình.", False),
                (
                    "3",
                    f"{culture} tuyên truyền về chuyển đổi số trên hệ thống truyền thanh {w}, thường xuyên.",
                    False,
                ),
                ("4", f"{police} làm sạch dữ liệu dân cư, kích hoạt tài khoản định danh điện tử.", False),
                ("5", f"{economy} cập nhật cơ sở dữ liệu đất đai, hộ kinh doanh.", False),
            ),
            tasks=(
                TaskSpec(
                    "Rà soát, số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
                    office,
                    ON_TIME,
                    deadline=-40,
                    done=-44,
                    clause=2,
                    progress=((50, "Đã số hóa hồ sơ năm trước, đang làm hồ sơ năm nay."),),
                    note="Đã số hóa 1.240 hồ sơ.",
                    reporter="chanhvanphong",
                ),
                TaskSpec(
                    "Hướng dẫn người dân nộp hồ sơ trực tuyến toàn trình",
                    centre,
                    LATE,
                    deadline=-30,
                    done=-20,
                    clause=3,
                    note="Hoàn thành chậm do đường truyền bị gián đoạn.",
                    reporter="giamdoc.ttpvhcc",
                ),
                TaskSpec(
                    "Tuyên truyền về chuyển đổi số trên hệ thống truyền thanh", culture, CONTINUOUS, clause=4
                ),
                TaskSpec(
                    "Làm sạch dữ liệu dân cư, kích hoạt tài khoản định danh điện tử",
                    police,
                    OVERDUE,
                    deadline=-6,
                    clause=5,
                    coop=(v1, v2),
                    progress=((70, "Đã kích hoạt 70% tài khoản định danh mức 2."),),
                    reporter="truongcongan",
                ),
                TaskSpec(
                    "Cập nhật cơ sở dữ liệu đất đai, hộ kinh doanh",
                    economy,
                    EXTENSION,
                    deadline=-2,
                    clause=6,
                    progress=((40, "Đang đối chiếu số liệu với Thuế cơ sở."),),
                    note="Chờ số liệu hộ kinh doanh từ cơ quan thuế.",
                    reporter="truongphong.kinhte",
                ),
            ),
        ),
        DirectiveSpec(
            kind=Directive.Kind.KE_HOACH,
            number="118",
            symbol="KH-UBND",
            issuer=PROVINCE,
            place="Quảng Ngãi",
            issued=-50,
            received=2,
            origin="higher",
            instruction=f"Giao {office} tham mưu; {economy}, {culture} thực hiện phần việc của {w}.",
            subject=f"Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm {year}",
            signer="Trương Minh Quân",
            signer_title="PHÓ CHỦ TỊCH",
            recipients=("Các sở, ban, ngành tỉnh", "UBND các xã, phường, đặc khu"),
            clauses=(
                ("1", "Sở Nông nghiệp và Môi trường chủ trì hướng dẫn bộ tiêu chí nông thôn mới.", False),
                (
                    "2",
                    "UBND các xã, phường, đặc khu rà soát, đánh giá mức độ đạt các tiêu chí, báo cáo về Sở.",
                    False,
                ),
                ("3", "UBND các xã, phường, đặc khu tuyên truyền, vận động nhân dân tham gia.", False),
            ),
            tasks=(
                TaskSpec(
                    "Rà soát, đánh giá mức độ đạt các tiêu chí nông thôn mới",
                    economy,
                    ON_TIME,
                    deadline=-15,
                    done=-18,
                    clause=1,
                    coop=(office,),
                    note="Đã gửi báo cáo về Sở Nông nghiệp và Môi trường.",
                    reporter="truongphong.kinhte",
                ),
                TaskSpec(
                    "Tuyên truyền, vận động nhân dân tham gia xây dựng nông thôn mới",
                    culture,
                    OPEN,
                    deadline=40,
                    clause=2,
                    coop=(v1, v2),
                    progress=((30, f"Đã tổ chức 2 buổi tuyên truyền tại {v1}, {v2}."),),
                    reporter="truongphong.vhxh",
                ),
            ),
        ),
        DirectiveSpec(
            kind=Directive.Kind.CONG_VAN,
            number="212",
            symbol="UBND-VP",
            issuer=name,
            place=place,
            issued=-28,
            subject="Chủ động ứng phó với mưa lũ, sạt lở đất",
            signer="Trần Thị Bích",
            signer_title="PHÓ CHỦ TỊCH",
            recipients=(f"Các cơ quan, đơn vị thuộc UBND {w}", s["village_groups"][0].capitalize()),
            clauses=(
                ("1", f"{military} rà soát lực lượng, phương tiện ứng cứu.", False),
                ("2", f"{economy} kiểm tra các điểm có nguy cơ sạt lở, lập danh sách hộ phải di dời.", False),
                ("3", f"{s['village_head']} {v1} tổ chức di dời các hộ ở vùng nguy hiểm.", False),
                ("4", f"{police} bảo đảm an ninh trật tự tại các điểm sơ tán.", False),
            ),
            tasks=(
                TaskSpec(
                    "Rà soát lực lượng, phương tiện ứng cứu mưa lũ", military, DUE_SOON, deadline=1, clause=0
                ),
                TaskSpec(
                    "Kiểm tra các điểm có nguy cơ sạt lở đất",
                    economy,
                    PAUSED,
                    deadline=-8,
                    clause=1,
                    progress=((20, "Đã kiểm tra 3 điểm."),),
                    note="Tạm dừng chờ đoàn khảo sát địa chất của tỉnh.",
                    reporter="chuyenvien.kinhte",
                ),
                TaskSpec(
                    "Di dời các hộ ở vùng nguy hiểm",
                    v1,
                    CANCELLED,
                    deadline=-10,
                    clause=2,
                    note="Giao trùng với phương án của Ban Chỉ huy phòng thủ dân sự.",
                ),
                TaskSpec(
                    "Bảo đảm an ninh trật tự tại các điểm sơ tán",
                    police,
                    OPEN,
                    deadline=20,
                    clause=3,
                    is_request=True,
                ),
            ),
        ),
        DirectiveSpec(
            kind=Directive.Kind.THONG_BAO,
            number="47",
            symbol="TB-UBND",
            issuer=name,
            place=place,
            issued=-9,
            subject=f"Kết luận của Chủ tịch UBND {w} tại cuộc họp giao ban tháng",
            signer="Lê Quốc Cường",
            signer_title="CHÁNH VĂN PHÒNG",
            clauses=(
                ("1", f"Giao {culture} rà soát hộ nghèo, cận nghèo.", False),
                ("2", f"Giao {centre} niêm yết công khai thủ tục hành chính mới.", False),
            ),
            tasks=(
                TaskSpec("Rà soát hộ nghèo, hộ cận nghèo", culture, DUE_SOON, deadline=2, clause=0),
                TaskSpec(
                    "Niêm yết công khai thủ tục hành chính mới",
                    centre,
                    ON_TIME,
                    deadline=5,
                    done=-3,
                    clause=1,
                    reporter="giamdoc.ttpvhcc",
                ),
            ),
        ),
    ]
    specs += routine_specs(
        size=size,
        today=today,
        issuer=name,
        place=place,
        signer="Trần Thị Bích",
        signer_title="PHÓ CHỦ TỊCH",
        subjects=[
            ("Báo cáo kết quả thu ngân sách", [economy, office, centre]),
            ("Tổng vệ sinh môi trường khu dân cư", [culture, economy, v1, v2]),
            ("Rà soát hộ gia đình chưa có nhà vệ sinh hợp vệ sinh", [culture, v1, v2]),
            ("Phòng, chống dịch bệnh trên gia súc", [economy, v1, v2]),
            ("Cập nhật danh sách đối tượng bảo trợ xã hội", [culture, centre, v1]),
            ("Kiểm tra an toàn thực phẩm", [culture, economy, police]),
            ("Giải quyết đơn thư kiến nghị của công dân", [office, economy, police]),
            ("Tuyển quân và huấn luyện dân quân", [military, police, v2]),
        ],
        reporters={economy: "truongphong.kinhte", culture: "truongphong.vhxh", centre: "giamdoc.ttpvhcc"},
    )
    return specs


@transaction.atomic
def seed_demo_commune(*, ward: bool = False, size: int = 8, today: dt.date | None = None) -> SeedResult:
    """The commune (or, with ``ward``, the ward) profile; running it again duplicates nothing."""
    today = today or timezone.localdate()
    s = _structure(ward)
    units = seed_units(_units(s))
    seed_groups(_groups(s))
    w = s["level_word"]
    seed_organization(
        profile=s["profile"],
        leadership=units[f"Lãnh đạo UBND {w}"],
        name=s["name"],
        level=Organization.Level.WARD if ward else Organization.Level.COMMUNE,
        header_parent="ỦY BAN NHÂN DÂN",
        header_name=f"{w.upper()} {s['place'].upper()}",
        place=s["place"],
        symbol="UBND",
        parent_name=PROVINCE,
        aliases=[f"{w} {s['place']}", f"Ủy ban nhân dân {w} {s['place']}"],
        groups=["UBND các xã, phường, đặc khu", "UBND cấp xã", "các địa phương"],
    )
    users, logins = seed_people(_people(s), units)
    created = not Directive.objects.filter(number="35", symbol="KH-UBND", issuer=s["name"]).exists()
    if created:
        directives = [
            play_directive(spec, units=units, users=users, clerk=users["vanthu"], today=today)
            for spec in _directives(s, today, size)
        ]
        spread_history(directives, today=today)
    return SeedResult(created=created, logins=logins, profile=s["profile"], org_name=s["name"])
