"""A province after 1 July 2025: UBND tỉnh Quảng Ngãi, its Sở, ban, ngành and some of its
communes, wards and its special zone (đặc khu Lý Sơn).

Structure per domain.md §9: Văn phòng UBND tỉnh, the Sở of a 2025 province, Thanh tra tỉnh,
a Ban Quản lý, agencies often addressed (Công an, Bộ Chỉ huy quân sự), and the communes that
provincial documents address directly. Names are real; people are fictional.
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
P = Unit.Level.PROVINCE
NAME = "UBND tỉnh Quảng Ngãi"

UNITS = [
    UnitSpec(
        "Lãnh đạo UBND tỉnh",
        "Lãnh đạo UBND",
        K.LEADERSHIP,
        ("Chủ tịch UBND tỉnh", "Thường trực UBND tỉnh"),
        P,
    ),
    UnitSpec(
        "Văn phòng UBND tỉnh",
        "VP UBND",
        K.OFFICE,
        ("Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", "Văn phòng UBND tỉnh Quảng Ngãi"),
        P,
    ),
    UnitSpec("Sở Nội vụ", "SNV", K.DEPARTMENT, ("Sở Nội vụ tỉnh",), P),
    UnitSpec("Sở Tài chính", "STC", K.DEPARTMENT, ("Sở Tài chính tỉnh",), P),
    UnitSpec("Sở Tư pháp", "STP", K.DEPARTMENT, (), P),
    UnitSpec("Sở Xây dựng", "SXD", K.DEPARTMENT, (), P),
    UnitSpec(
        "Sở Nông nghiệp và Môi trường",
        "SNN&MT",
        K.DEPARTMENT,
        ("Sở Nông nghiệp & Môi trường", "Sở NN&MT", "Sở Nông nghiệp - Môi trường"),
        P,
    ),
    UnitSpec("Sở Khoa học và Công nghệ", "SKH&CN", K.DEPARTMENT, ("Sở KH&CN", "Sở Khoa học & Công nghệ"), P),
    UnitSpec("Sở Y tế", "SYT", K.DEPARTMENT, (), P),
    UnitSpec("Sở Giáo dục và Đào tạo", "SGD&ĐT", K.DEPARTMENT, ("Sở GD&ĐT", "Sở Giáo dục & Đào tạo"), P),
    UnitSpec(
        "Sở Văn hóa, Thể thao và Du lịch",
        "SVHTTDL",
        K.DEPARTMENT,
        ("Sở VHTTDL", "Sở Văn hóa, Thể thao & Du lịch", "Sở Văn hóa - Thể thao và Du lịch"),
        P,
    ),
    UnitSpec("Sở Công Thương", "SCT", K.DEPARTMENT, (), P),
    UnitSpec("Sở Dân tộc và Tôn giáo", "SDT&TG", K.DEPARTMENT, ("Sở Dân tộc & Tôn giáo",), P),
    UnitSpec("Thanh tra tỉnh", "TTr", K.DEPARTMENT, ("Thanh tra tỉnh Quảng Ngãi",), P),
    UnitSpec(
        "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi",
        "BQL KKT",
        K.AGENCY,
        (
            "Ban Quản lý KKT Dung Quất và các KCN Quảng Ngãi",
            "Ban Quản lý Khu kinh tế Dung Quất và các KCN Quảng Ngãi",
            "Ban Quản lý Khu kinh tế",
            "Ban Quản lý các Khu công nghiệp",
        ),
        P,
    ),
    UnitSpec("Công an tỉnh", "CA tỉnh", K.AGENCY, ("Công an tỉnh Quảng Ngãi",), P),
    UnitSpec("Bộ Chỉ huy quân sự tỉnh", "BCH QS", K.AGENCY, ("Bộ CHQS tỉnh",), P),
    UnitSpec("Thuế tỉnh Quảng Ngãi", "Thuế tỉnh", K.AGENCY, ("Thuế tỉnh",), P),
    UnitSpec(
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "UB MTTQ",
        K.AGENCY,
        ("Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban Mặt trận Tổ quốc tỉnh", "Ủy ban MTTQ tỉnh"),
        P,
    ),
]
COMMUNES = [
    ("UBND phường Cẩm Thành", "Cẩm Thành"),
    ("UBND phường Nghĩa Lộ", "Nghĩa Lộ"),
    ("UBND phường Trương Quang Trọng", "Trương Quang Trọng"),
    ("UBND phường Đức Phổ", "Đức Phổ"),
    ("UBND phường Kon Tum", "Kon Tum"),
    ("UBND xã Mộ Đức", "Mộ Đức"),
    ("UBND xã Ba Tơ", "Ba Tơ"),
    ("UBND xã Sơn Tây", "Sơn Tây"),
    ("UBND xã Sơn Tây Thượng", "Sơn Tây Thượng"),
    ("UBND đặc khu Lý Sơn", "Lý Sơn"),
]
SBN = [K.DEPARTMENT, K.OFFICE, K.AGENCY]
CQCM = [K.DEPARTMENT, K.OFFICE]
GROUPS: list[tuple[str, list[str]]] = [
    ("các sở, ban, ngành", SBN),
    ("các sở, ban, ngành tỉnh", SBN),
    ("các sở, ban, ngành thuộc tỉnh", SBN),
    ("các sở, ngành", SBN),
    ("sở, ban, ngành", SBN),  # "Sở, ban, ngành có liên quan"
    ("các sở, ban, ngành cấp tỉnh", SBN),
    ("các sở, ban, ngành, đoàn thể", SBN),
    ("các sở, ban, ngành, đoàn thể cấp tỉnh", SBN),
    ("các cơ quan chuyên môn", CQCM),
    ("các cơ quan chuyên môn thuộc UBND tỉnh", CQCM),
    ("Thủ trưởng các cơ quan chuyên môn", CQCM),
    ("Thủ trưởng các cơ quan chuyên môn thuộc UBND tỉnh", CQCM),
    ("Thủ trưởng các sở, ban, ngành", SBN),
    ("UBND các xã, phường, đặc khu", [K.COMMUNE]),
    ("Ủy ban nhân dân các xã, phường, đặc khu", [K.COMMUNE]),
    ("Chủ tịch UBND các xã, phường, đặc khu", [K.COMMUNE]),
    ("UBND các xã, phường", [K.COMMUNE]),
    ("UBND xã, phường", [K.COMMUNE]),
    ("UBND xã, phường, đặc khu", [K.COMMUNE]),
    ("các xã, phường", [K.COMMUNE]),
    ("các xã, phường, đặc khu", [K.COMMUNE]),
    ("UBND cấp xã", [K.COMMUNE]),
    ("Chủ tịch UBND cấp xã", [K.COMMUNE]),
    ("các địa phương", [K.COMMUNE]),
    ("các sở, ban, ngành, địa phương", [*SBN, K.COMMUNE]),
    ("các sở, ngành, địa phương", [*SBN, K.COMMUNE]),
    ("các cơ quan, đơn vị, địa phương", [*SBN, K.COMMUNE]),
]

PEOPLE = [
    Person(
        "chutich", "Nguyễn Văn An", "Lãnh đạo UBND tỉnh", R.HEAD, "Chủ tịch UBND tỉnh", "Chủ tịch (lãnh đạo)"
    ),
    Person(
        "phochutich",
        "Trần Thị Bích",
        "Lãnh đạo UBND tỉnh",
        R.DEPUTY,
        "Phó Chủ tịch UBND tỉnh",
        "Phó Chủ tịch (lãnh đạo)",
    ),
    Person(
        "chanhvanphong",
        "Lê Quốc Cường",
        "Văn phòng UBND tỉnh",
        R.HEAD,
        "Chánh Văn phòng",
        "Chánh Văn phòng UBND tỉnh",
    ),
    Person(
        "vanthu",
        "Phạm Thu Dung",
        "Văn phòng UBND tỉnh",
        R.CLERK,
        "Chuyên viên",
        "Văn phòng (nhập văn bản, giao việc)",
    ),
    Person("giamdoc.noivu", "Hoàng Minh Đức", "Sở Nội vụ", R.HEAD, "Giám đốc Sở", "Giám đốc Sở Nội vụ"),
    Person(
        "chuyenvien.noivu", "Đặng Văn Hải", "Sở Nội vụ", R.SPECIALIST, "Chuyên viên", "Chuyên viên Sở Nội vụ"
    ),
    Person(
        "giamdoc.taichinh", "Ngô Văn Khánh", "Sở Tài chính", R.HEAD, "Giám đốc Sở", "Giám đốc Sở Tài chính"
    ),
    Person(
        "giamdoc.nnmt",
        "Bùi Thị Hoa",
        "Sở Nông nghiệp và Môi trường",
        R.HEAD,
        "Giám đốc Sở",
        "Giám đốc Sở Nông nghiệp và Môi trường",
    ),
    Person(
        "chutich.camthanh",
        "Đỗ Văn Long",
        "UBND phường Cẩm Thành",
        R.HEAD,
        "Chủ tịch UBND phường",
        "Chủ tịch UBND phường Cẩm Thành",
    ),
]


def _directives(today: dt.date, size: int) -> list[DirectiveSpec]:
    year = (today - dt.timedelta(days=90)).year
    return [
        DirectiveSpec(
            kind=Directive.Kind.KE_HOACH,
            number="118",
            symbol="KH-UBND",
            issuer=NAME,
            place="Quảng Ngãi",
            issued=-90,
            subject=f"Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm {year}",
            signer="Trương Minh Quân",
            signer_title="PHÓ CHỦ TỊCH",
            recipients=("Các sở, ban, ngành tỉnh", "UBND các xã, phường, đặc khu"),
            clauses=(
                ("1", "Sở Nông nghiệp và Môi trường chủ trì hướng dẫn bộ tiêu chí nông thôn mới.", False),
                ("2", "Sở Tài chính tham mưu phân bổ vốn thực hiện Chương trình.", False),
                ("3", "UBND các xã, phường, đặc khu rà soát mức độ đạt các tiêu chí, báo cáo về Sở.", False),
                ("4", "Sở Văn hóa, Thể thao và Du lịch tuyên truyền về Chương trình, thường xuyên.", False),
            ),
            tasks=(
                TaskSpec(
                    "Hướng dẫn bộ tiêu chí nông thôn mới",
                    "Sở Nông nghiệp và Môi trường",
                    ON_TIME,
                    deadline=-60,
                    done=-66,
                    clause=0,
                    note="Đã ban hành văn bản hướng dẫn.",
                    reporter="giamdoc.nnmt",
                ),
                TaskSpec(
                    "Tham mưu phân bổ vốn thực hiện Chương trình",
                    "Sở Tài chính",
                    LATE,
                    deadline=-45,
                    done=-30,
                    clause=1,
                    coop=("Sở Nông nghiệp và Môi trường",),
                    note="Chậm do chờ Trung ương giao dự toán.",
                    reporter="giamdoc.taichinh",
                ),
                TaskSpec(
                    "Rà soát mức độ đạt các tiêu chí nông thôn mới – phường Cẩm Thành",
                    "UBND phường Cẩm Thành",
                    EXTENSION,
                    deadline=-4,
                    clause=2,
                    progress=((60, "Đã rà soát 12/19 tiêu chí."),),
                    note="Chờ số liệu thu nhập bình quân của cơ quan thống kê.",
                    reporter="chutich.camthanh",
                ),
                TaskSpec(
                    "Rà soát mức độ đạt các tiêu chí nông thôn mới – xã Sơn Tây Thượng",
                    "UBND xã Sơn Tây Thượng",
                    OVERDUE,
                    deadline=-4,
                    clause=2,
                ),
                TaskSpec(
                    "Rà soát mức độ đạt các tiêu chí nông thôn mới – xã Ba Tơ",
                    "UBND xã Ba Tơ",
                    ON_TIME,
                    deadline=-4,
                    done=-9,
                    clause=2,
                ),
                TaskSpec(
                    "Tuyên truyền về Chương trình nông thôn mới",
                    "Sở Văn hóa, Thể thao và Du lịch",
                    CONTINUOUS,
                    clause=3,
                ),
            ),
        ),
        DirectiveSpec(
            kind=Directive.Kind.CONG_VAN,
            number="5120",
            symbol="UBND-NC",
            issuer=NAME,
            place="Quảng Ngãi",
            issued=-35,
            subject="Vận hành chính quyền địa phương hai cấp",
            signer="Nguyễn Văn An",
            signer_title="CHỦ TỊCH",
            recipients=("Các sở, ban, ngành tỉnh", "UBND các xã, phường, đặc khu"),
            clauses=(
                ("1", "Sở Nội vụ chủ trì rà soát, bố trí cán bộ, công chức cấp xã.", False),
                ("2", "Sở Tài chính bảo đảm kinh phí hoạt động của chính quyền cấp xã.", False),
                ("3", "Sở Xây dựng rà soát trụ sở làm việc dôi dư.", False),
                ("4", "Thanh tra tỉnh kiểm tra việc tiếp công dân tại cấp xã.", False),
                ("5", "Công an tỉnh bảo đảm an ninh trật tự tại các trụ sở mới.", False),
            ),
            tasks=(
                TaskSpec(
                    "Rà soát, bố trí cán bộ, công chức cấp xã",
                    "Sở Nội vụ",
                    DUE_SOON,
                    deadline=2,
                    clause=0,
                    progress=((80, "Đã rà soát 96 xã, phường, đặc khu."),),
                    reporter="chuyenvien.noivu",
                ),
                TaskSpec(
                    "Bảo đảm kinh phí hoạt động của chính quyền cấp xã",
                    "Sở Tài chính",
                    OPEN,
                    deadline=25,
                    clause=1,
                ),
                TaskSpec(
                    "Rà soát trụ sở làm việc dôi dư",
                    "Sở Xây dựng",
                    PAUSED,
                    deadline=-5,
                    clause=2,
                    note="Chờ Trung ương hướng dẫn phương án sắp xếp tài sản công.",
                ),
                TaskSpec(
                    "Kiểm tra việc tiếp công dân tại cấp xã", "Thanh tra tỉnh", OVERDUE, deadline=-3, clause=3
                ),
                TaskSpec(
                    "Bảo đảm an ninh trật tự tại các trụ sở mới",
                    "Công an tỉnh",
                    CANCELLED,
                    deadline=-20,
                    clause=4,
                    is_request=True,
                    note="Đã có kế hoạch riêng của Công an tỉnh.",
                ),
            ),
        ),
        DirectiveSpec(
            kind=Directive.Kind.THONG_BAO,
            number="301",
            symbol="TB-UBND",
            issuer=NAME,
            place="Quảng Ngãi",
            issued=-8,
            subject="Kết luận của Chủ tịch UBND tỉnh tại phiên họp thường kỳ",
            signer="Lê Quốc Cường",
            signer_title="CHÁNH VĂN PHÒNG",
            clauses=(
                ("1", "Giao Sở Y tế chuẩn bị phương án phòng, chống dịch sốt xuất huyết.", False),
                (
                    "2",
                    "Giao Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi báo cáo thu hút đầu tư.",
                    False,
                ),
            ),
            tasks=(
                TaskSpec(
                    "Phương án phòng, chống dịch sốt xuất huyết", "Sở Y tế", DUE_SOON, deadline=1, clause=0
                ),
                TaskSpec(
                    "Báo cáo tình hình thu hút đầu tư",
                    "Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi",
                    OPEN,
                    deadline=30,
                    clause=1,
                ),
            ),
        ),
        *routine_specs(
            size=size,
            today=today,
            issuer=NAME,
            place="Quảng Ngãi",
            signer="Trần Thị Bích",
            signer_title="PHÓ CHỦ TỊCH",
            subjects=[
                (
                    "Báo cáo tình hình giải ngân vốn đầu tư công",
                    ["Sở Tài chính", "Sở Xây dựng", "UBND phường Cẩm Thành"],
                ),
                (
                    "Rà soát thủ tục hành chính thuộc thẩm quyền cấp tỉnh",
                    ["Sở Tư pháp", "Sở Nội vụ", "Sở Y tế"],
                ),
                (
                    "Phòng, chống thiên tai và tìm kiếm cứu nạn",
                    ["Sở Nông nghiệp và Môi trường", "Bộ Chỉ huy quân sự tỉnh"],
                ),
                ("Bảo đảm trật tự an toàn giao thông dịp lễ", ["Công an tỉnh", "Sở Xây dựng"]),
                (
                    "Tổng kết công tác thi đua, khen thưởng",
                    ["Sở Nội vụ", "Sở Giáo dục và Đào tạo", "Sở Y tế"],
                ),
                (
                    "Tăng cường quản lý đất đai, khoáng sản",
                    ["Sở Nông nghiệp và Môi trường", "UBND phường Cẩm Thành"],
                ),
            ],
            reporters={
                "Sở Nội vụ": "giamdoc.noivu",
                "Sở Tài chính": "giamdoc.taichinh",
                "Sở Nông nghiệp và Môi trường": "giamdoc.nnmt",
                "UBND phường Cẩm Thành": "chutich.camthanh",
            },
            number_start=5200,
        ),
    ]


@transaction.atomic
def seed_demo_province(*, size: int = 8, today: dt.date | None = None) -> SeedResult:
    """The province profile; running it again duplicates nothing."""
    today = today or timezone.localdate()
    communes = [UnitSpec(name, short, K.COMMUNE, (name.removeprefix("UBND "),)) for name, short in COMMUNES]
    units = seed_units([*UNITS, *communes])
    seed_groups(GROUPS)
    seed_organization(
        profile="province",
        leadership=units["Lãnh đạo UBND tỉnh"],
        name=NAME,
        level=Organization.Level.PROVINCE,
        header_parent="ỦY BAN NHÂN DÂN",
        header_name="TỈNH QUẢNG NGÃI",
        place="Quảng Ngãi",
        symbol="UBND",
        aliases=["tỉnh Quảng Ngãi", "Ủy ban nhân dân tỉnh Quảng Ngãi"],
        groups=["UBND các tỉnh, thành phố trực thuộc Trung ương", "UBND cấp tỉnh", "các địa phương"],
    )
    users, logins = seed_people(PEOPLE, units)
    created = not Directive.objects.filter(number="118", symbol="KH-UBND", issuer=NAME).exists()
    if created:
        directives = [
            play_directive(spec, units=units, users=users, clerk=users["vanthu"], today=today)
            for spec in _directives(today, size)
        ]
        spread_history(directives, today=today)
    return SeedResult(created=created, logins=logins, profile="province", org_name=NAME)
