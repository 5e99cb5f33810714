from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from directives.models import Directive
from directives.services import directive_create
from tasks.models import Task
from tasks.services import (
    extension_request_create,
    task_cancel,
    task_complete,
    task_create,
    task_pause,
    task_progress_record,
)
from units.demo.common import DEMO_PASSWORD, SeedResult, demo_password_hash, seed_organization, spread_history
from units.models import Membership, Organization, Unit, UnitAlias, UnitGroup

__all__ = ["DEMO_PASSWORD", "PEOPLE", "SeedResult", "seed_demo_district"]

K = Unit.Kind
UNITS: list[tuple[str, str, str, list[str]]] = [
    # name, short name, kind, aliases used in documents
    ("Lãnh đạo UBND huyện", "Lãnh đạo UBND", K.LEADERSHIP, ["Chủ tịch UBND huyện", "Thường trực UBND huyện"]),
    ("Văn phòng HĐND và UBND huyện", "VP HĐND-UBND", K.OFFICE, ["Văn phòng huyện", "Văn phòng UBND huyện"]),
    ("Phòng Nội vụ", "Nội vụ", K.DEPARTMENT, ["Cơ quan Tổ chức - Nội vụ", "Cơ quan Tổ chức - Nội vụ huyện"]),
    ("Phòng Tư pháp", "Tư pháp", K.DEPARTMENT, []),
    ("Phòng Tài chính - Kế hoạch", "TC-KH", K.DEPARTMENT, ["Phòng Tài chính Kế hoạch"]),
    ("Phòng Văn hóa và Thông tin", "VH-TT", K.DEPARTMENT, ["Phòng Văn hóa & Thông tin"]),
    ("Phòng Kinh tế và Hạ tầng", "KT-HT", K.DEPARTMENT, ["Phòng Kinh tế & Hạ tầng"]),
    ("Phòng Tài nguyên và Môi trường", "TN-MT", K.DEPARTMENT, []),
    ("Phòng Giáo dục và Đào tạo", "GD-ĐT", K.DEPARTMENT, []),
    ("Phòng Lao động - Thương binh và Xã hội", "LĐ-TB&XH", K.DEPARTMENT, []),
    ("Thanh tra huyện", "Thanh tra", K.DEPARTMENT, []),
    ("Trung tâm Văn hóa - Thông tin và Thể thao huyện", "TT VH-TT-TT", K.AGENCY, ["Đài Truyền thanh huyện"]),
    ("Công an huyện", "Công an", K.AGENCY, []),
    ("Bảo hiểm xã hội huyện", "BHXH", K.AGENCY, []),
    ("Hội đồng thẩm định huyện", "HĐ thẩm định", K.COUNCIL, []),
]
COMMUNES = [
    ("UBND thị trấn Mộ Đức", "TT Mộ Đức"),
    ("UBND xã Đức Chánh", "Đức Chánh"),
    ("UBND xã Đức Hiệp", "Đức Hiệp"),
    ("UBND xã Đức Hòa", "Đức Hòa"),
    ("UBND xã Đức Lân", "Đức Lân"),
    ("UBND xã Đức Lợi", "Đức Lợi"),
    ("UBND xã Đức Minh", "Đức Minh"),
    ("UBND xã Đức Nhuận", "Đức Nhuận"),
    ("UBND xã Đức Phong", "Đức Phong"),
    ("UBND xã Đức Phú", "Đức Phú"),
    ("UBND xã Đức Tân", "Đức Tân"),
    ("UBND xã Đức Thạnh", "Đức Thạnh"),
    ("UBND xã Đức Thắng", "Đức Thắng"),
]
GROUPS: list[tuple[str, list[str]]] = [
    ("UBND các xã, thị trấn", [K.COMMUNE]),
    ("Ủy ban nhân dân các xã, thị trấn", [K.COMMUNE]),
    ("UBND cấp xã", [K.COMMUNE]),
    ("Chủ tịch UBND các xã, thị trấn", [K.COMMUNE]),
    ("các phòng, ban, ngành huyện", [K.DEPARTMENT, K.OFFICE]),
    ("các phòng, ban, ngành thuộc UBND huyện", [K.DEPARTMENT, K.OFFICE]),
    ("Thủ trưởng các phòng, ban, ngành huyện", [K.DEPARTMENT, K.OFFICE]),
    ("các phòng chuyên môn thuộc UBND huyện", [K.DEPARTMENT, K.OFFICE]),
    ("các cơ quan chuyên môn thuộc UBND huyện", [K.DEPARTMENT, K.OFFICE]),
    ("các cơ quan, đơn vị, địa phương", [K.DEPARTMENT, K.OFFICE, K.AGENCY, K.COMMUNE]),
]

# username, full name (fictional), unit name, role, title, role shown in the login list
PEOPLE = [
    (
        "chutich",
        "Nguyễn Văn An",
        "Lãnh đạo UBND huyện",
        Membership.Role.HEAD,
        "Chủ tịch UBND huyện",
        "Chủ tịch (lãnh đạo)",
    ),
    (
        "phochutich",
        "Trần Thị Bích",
        "Lãnh đạo UBND huyện",
        Membership.Role.DEPUTY,
        "Phó Chủ tịch UBND huyện",
        "Phó Chủ tịch (lãnh đạo)",
    ),
    (
        "chanhvanphong",
        "Lê Quốc Cường",
        "Văn phòng HĐND và UBND huyện",
        Membership.Role.HEAD,
        "Chánh Văn phòng",
        "Chánh Văn phòng",
    ),
    (
        "vanthu",
        "Phạm Thu Dung",
        "Văn phòng HĐND và UBND huyện",
        Membership.Role.CLERK,
        "Chuyên viên tổng hợp",
        "Văn phòng (nhập văn bản, giao việc)",
    ),
    (
        "truongphong.noivu",
        "Hoàng Minh Đức",
        "Phòng Nội vụ",
        Membership.Role.HEAD,
        "Trưởng phòng",
        "Trưởng phòng Nội vụ",
    ),
    (
        "phophong.noivu",
        "Võ Thị Giang",
        "Phòng Nội vụ",
        Membership.Role.DEPUTY,
        "Phó Trưởng phòng",
        "Phó Trưởng phòng Nội vụ",
    ),
    (
        "chuyenvien.noivu",
        "Đặng Văn Hải",
        "Phòng Nội vụ",
        Membership.Role.SPECIALIST,
        "Chuyên viên",
        "Chuyên viên Nội vụ",
    ),
    (
        "truongphong.tuphap",
        "Bùi Thị Hoa",
        "Phòng Tư pháp",
        Membership.Role.HEAD,
        "Trưởng phòng",
        "Trưởng phòng Tư pháp",
    ),
    (
        "truongphong.tckh",
        "Ngô Văn Khánh",
        "Phòng Tài chính - Kế hoạch",
        Membership.Role.HEAD,
        "Trưởng phòng",
        "Trưởng phòng TC-KH",
    ),
    (
        "chutich.ducchanh",
        "Đỗ Văn Long",
        "UBND xã Đức Chánh",
        Membership.Role.HEAD,
        "Chủ tịch UBND xã",
        "Chủ tịch UBND xã Đức Chánh",
    ),
]
ADMIN = ("admin", "Quản trị hệ thống")


def _units() -> dict[str, Unit]:
    by_name: dict[str, Unit] = {}
    for order, (name, short, kind, aliases) in enumerate(UNITS, start=1):
        unit, _ = Unit.objects.get_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "ordering": order * 10}
        )
        by_name[name] = unit
        for alias in aliases:
            if not UnitAlias.objects.filter(name=alias).exists():
                UnitAlias.objects.create(unit=unit, name=alias, source=UnitAlias.Source.SEEDED)
    for order, (name, short) in enumerate(COMMUNES, start=1):
        unit, _ = Unit.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": K.COMMUNE,
                "level": Unit.Level.COMMUNE,
                "ordering": 500 + order,
            },
        )
        by_name[name] = unit
    for name, kinds in GROUPS:
        UnitGroup.objects.get_or_create(name=name, defaults={"kinds": [str(k) for k in kinds]})
    return by_name


def _people(units: dict[str, Unit]) -> tuple[dict[str, object], list[tuple[str, str]]]:
    User = get_user_model()
    users: dict[str, object] = {}
    logins: list[tuple[str, str]] = []
    admin, created = User.objects.get_or_create(
        username=ADMIN[0],
        defaults={
            "first_name": ADMIN[1],
            "is_staff": True,
            "is_superuser": True,
            "email": "admin@example.vn",
        },
    )
    if created:
        admin.password = demo_password_hash()
        admin.save()
    users["admin"] = admin
    logins.append(("admin", "Quản trị viên"))
    for username, full_name, unit_name, role, title, label in PEOPLE:
        # Vietnamese names read family name first; Django's get_full_name() puts
        # first_name first, so the whole name goes in first_name.
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": full_name, "email": f"{username}@example.vn"}
        )
        if created:
            user.password = demo_password_hash()
            user.save()
        Membership.objects.get_or_create(
            user=user, unit=units[unit_name], defaults={"role": role, "title": title}
        )
        users[username] = user
        logins.append((username, label))
    return users, logins


@transaction.atomic
def seed_demo_district(today: dt.date | None = None) -> SeedResult:
    units = _units()
    seed_organization(
        profile="district",
        leadership=units["Lãnh đạo UBND huyện"],
        name="UBND huyện Mộ Đức",
        level=Organization.Level.DISTRICT,
        header_parent="ỦY BAN NHÂN DÂN",
        header_name="HUYỆN MỘ ĐỨC",
        place="Mộ Đức",
        symbol="UBND",
        parent_name="UBND tỉnh Quảng Ngãi",
        aliases=["huyện Mộ Đức", "Ủy ban nhân dân huyện Mộ Đức"],
        groups=["UBND các huyện, thị xã, thành phố", "UBND cấp huyện", "các địa phương"],
    )
    users, logins = _people(units)
    done = SeedResult(created=False, logins=logins, profile="district", org_name="UBND huyện Mộ Đức")
    if Directive.objects.filter(number="145", symbol="KH-UBND").exists():
        return done
    today = today or timezone.localdate()
    _directives(units, users, today)
    spread_history(Directive.objects.filter(issuer="UBND huyện Mộ Đức"), today=today)
    done.created = True
    return done


def _directives(units: dict[str, Unit], users: dict[str, object], today: dt.date) -> None:
    clerk, chairman = users["vanthu"], users["chutich"]
    d = lambda days: today + dt.timedelta(days=days)  # noqa: E731
    u = units.__getitem__
    year = today.year
    communes = [units[name] for name, _ in COMMUNES]

    plan = directive_create(
        actor=clerk,
        kind=Directive.Kind.KE_HOACH,
        number="145",
        symbol="KH-UBND",
        issuer="UBND huyện Mộ Đức",
        place="Mộ Đức",
        issued_on=d(-60),
        received_on=d(-59),
        incoming_number="1021",
        subject=f"Triển khai thực hiện công tác cải cách hành chính năm {year}",
        signer="Trần Thị Bích",
        signer_title="PHÓ CHỦ TỊCH",
        recipients=["Các phòng, ban, ngành huyện", "UBND các xã, thị trấn"],
        distribution=["Như trên", "TT Huyện ủy", "CT, PCT UBND huyện", "Lưu: VT, NV"],
        full_text="KẾ HOẠCH\nTriển khai thực hiện công tác cải cách hành chính năm " + str(year),
        clauses=[
            {"label": "I", "text": "MỤC ĐÍCH, YÊU CẦU", "is_heading": True},
            {"label": "II", "text": "NHIỆM VỤ TRỌNG TÂM", "is_heading": True},
            {
                "label": "II.1",
                "text": "Tham mưu UBND huyện thành lập Hội đồng thẩm định chỉ số cải cách hành chính cấp xã. Thời gian: trước 30 ngày kể từ ngày ban hành kế hoạch.",
                "parent_index": 1,
            },
            {
                "label": "II.2",
                "text": "Rà soát, công bố công khai thủ tục hành chính thuộc thẩm quyền giải quyết của cấp huyện, cấp xã.",
                "parent_index": 1,
            },
            {
                "label": "II.3",
                "text": "Tự đánh giá, chấm điểm chỉ số cải cách hành chính, gửi kèm tài liệu kiểm chứng về UBND huyện (qua Phòng Nội vụ).",
                "parent_index": 1,
            },
            {
                "label": "II.4",
                "text": "Kiểm tra công tác cải cách hành chính tại các xã, thị trấn; báo cáo kết quả hằng quý.",
                "parent_index": 1,
            },
            {
                "label": "II.5",
                "text": "Tuyên truyền về cải cách hành chính trên Cổng thông tin điện tử huyện, thường xuyên.",
                "parent_index": 1,
            },
        ],
    )
    c = plan._created_clauses
    t_council = task_create(
        actor=clerk,
        directive=plan,
        clause=c[2],
        title="Thành lập Hội đồng thẩm định chỉ số cải cách hành chính cấp xã",
        lead_unit=u("Phòng Nội vụ"),
        cooperating_units=[u("Văn phòng HĐND và UBND huyện")],
        deadline=d(-30),
        deadline_text="Trước 30 ngày kể từ ngày ban hành",
    )
    task_progress_record(
        task=t_council,
        actor=users["chuyenvien.noivu"],
        unit=u("Phòng Nội vụ"),
        percent=60,
        note="Đã dự thảo Quyết định thành lập Hội đồng, đang lấy ý kiến các phòng.",
    )
    task_complete(
        task=t_council,
        actor=users["truongphong.noivu"],
        completed_on=d(-33),
        note="Quyết định thành lập Hội đồng đã ban hành.",
    )

    t_tthc = task_create(
        actor=clerk,
        directive=plan,
        clause=c[3],
        title="Rà soát, công bố công khai thủ tục hành chính cấp huyện, cấp xã",
        lead_unit=u("Văn phòng HĐND và UBND huyện"),
        cooperating_units=[u("Phòng Tư pháp")],
        deadline=d(-20),
        deadline_text="Hoàn thành trước ngày " + d(-20).strftime("%d/%m/%Y"),
    )
    task_complete(
        task=t_tthc,
        actor=users["chanhvanphong"],
        completed_on=d(-12),
        note="Hoàn thành chậm do chờ danh mục của tỉnh.",
    )

    t_self = task_create(
        actor=clerk,
        directive=plan,
        clause=c[4],
        title="Tự đánh giá, chấm điểm chỉ số cải cách hành chính cấp xã",
        lead_unit=u("UBND xã Đức Chánh"),
        deadline=d(-5),
        deadline_text="Trước ngày " + d(-5).strftime("%d/%m/%Y"),
    )
    task_progress_record(
        task=t_self,
        actor=users["chutich.ducchanh"],
        unit=u("UBND xã Đức Chánh"),
        percent=40,
        note="Đang thu thập tài liệu kiểm chứng của các bộ phận.",
    )
    extension_request_create(
        task=t_self,
        actor=users["chutich.ducchanh"],
        requested_deadline=d(10),
        reason="Chờ số liệu giải quyết hồ sơ từ hệ thống một cửa.",
        today=today,
    )
    for i, commune in enumerate(communes[2:8]):
        task_create(
            actor=clerk,
            directive=plan,
            clause=c[4],
            title=f"Tự đánh giá, chấm điểm chỉ số cải cách hành chính – {commune.short_name}",
            lead_unit=commune,
            deadline=d(-5 + i * 4),
            deadline_text="Trước ngày " + d(-5 + i * 4).strftime("%d/%m/%Y"),
        )

    series = task_create(
        actor=clerk,
        directive=plan,
        clause=c[5],
        title="Kiểm tra công tác cải cách hành chính tại các xã, thị trấn",
        lead_unit=u("Phòng Nội vụ"),
        kind=Task.Kind.RECURRING,
        recurrence_text="hằng quý",
        recurrence_rule="FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1",
    )
    quarter_ends = [dt.date(year, m, 30 if m in (6, 9) else 31) for m in (3, 6, 9, 12)]
    for end in quarter_ends:
        if end < plan.issued_on:  # no occurrence is due before the plan exists
            continue
        occ = task_create(
            actor=clerk,
            directive=plan,
            clause=c[5],
            title=f"{series.title} (quý {quarter_ends.index(end) + 1}/{year})",
            lead_unit=u("Phòng Nội vụ"),
            deadline=end,
            deadline_text="hằng quý",
            series=series,
        )
        if end < today - dt.timedelta(days=10):
            completed_on = max(end - dt.timedelta(days=2), plan.issued_on + dt.timedelta(days=1))
            task_complete(task=occ, actor=users["truongphong.noivu"], completed_on=completed_on)

    task_create(
        actor=clerk,
        directive=plan,
        clause=c[6],
        title="Tuyên truyền về cải cách hành chính trên Cổng thông tin điện tử huyện",
        lead_unit=u("Phòng Văn hóa và Thông tin"),
        cooperating_units=[u("Trung tâm Văn hóa - Thông tin và Thể thao huyện")],
        kind=Task.Kind.CONTINUOUS,
        recurrence_text="thường xuyên",
        deadline_text="Thường xuyên",
    )

    letter = directive_create(
        actor=clerk,
        kind=Directive.Kind.CONG_VAN,
        number="612",
        symbol="UBND-NC",
        issuer="UBND huyện Mộ Đức",
        place="Mộ Đức",
        issued_on=d(-25),
        received_on=d(-25),
        incoming_number="1107",
        subject="Tăng cường kỷ luật, kỷ cương hành chính trong thực thi công vụ",
        signer="Nguyễn Văn An",
        signer_title="CHỦ TỊCH",
        recipients=["Các phòng, ban, ngành huyện", "UBND các xã, thị trấn"],
        distribution=["Như trên", "Lưu: VT, NC"],
        clauses=[
            {
                "label": "1",
                "text": "Phòng Nội vụ chủ trì, phối hợp với Thanh tra huyện kiểm tra đột xuất việc chấp hành giờ giấc làm việc.",
            },
            {
                "label": "2",
                "text": "Phòng Tư pháp rà soát văn bản quy phạm pháp luật do HĐND, UBND huyện ban hành.",
            },
            {"label": "3", "text": "Phòng Tài chính - Kế hoạch báo cáo tình hình giải ngân vốn đầu tư công."},
            {"label": "4", "text": "Phòng Kinh tế và Hạ tầng rà soát các công trình chậm tiến độ."},
        ],
    )
    c = letter._created_clauses
    t_check = task_create(
        actor=clerk,
        directive=letter,
        clause=c[0],
        title="Kiểm tra đột xuất việc chấp hành giờ giấc làm việc",
        lead_unit=u("Phòng Nội vụ"),
        cooperating_units=[u("Thanh tra huyện")],
        assignee=users["chuyenvien.noivu"],
        deadline=d(2),
        deadline_text="Trước ngày " + d(2).strftime("%d/%m/%Y"),
    )
    task_progress_record(
        task=t_check,
        actor=users["chuyenvien.noivu"],
        unit=u("Phòng Nội vụ"),
        percent=50,
        note="Đã kiểm tra 7/13 xã, thị trấn.",
    )
    task_progress_record(
        task=t_check,
        actor=users["truongphong.noivu"],
        unit=u("Thanh tra huyện"),
        note="Thanh tra huyện cử 01 thanh tra viên tham gia đoàn.",
        is_contribution=True,
    )
    task_create(
        actor=clerk,
        directive=letter,
        clause=c[1],
        title="Rà soát văn bản quy phạm pháp luật do HĐND, UBND huyện ban hành",
        lead_unit=u("Phòng Tư pháp"),
        deadline=d(20),
        deadline_text="Trong tháng " + d(20).strftime("%m/%Y"),
    )
    t_invest = task_create(
        actor=clerk,
        directive=letter,
        clause=c[2],
        title="Báo cáo tình hình giải ngân vốn đầu tư công",
        lead_unit=u("Phòng Tài chính - Kế hoạch"),
        deadline=d(-3),
        deadline_text="Trước ngày " + d(-3).strftime("%d/%m/%Y"),
    )
    task_progress_record(
        task=t_invest,
        actor=users["truongphong.tckh"],
        unit=u("Phòng Tài chính - Kế hoạch"),
        percent=70,
        note="Chờ số liệu của Kho bạc Nhà nước.",
    )
    t_works = task_create(
        actor=clerk,
        directive=letter,
        clause=c[3],
        title="Rà soát các công trình xây dựng chậm tiến độ",
        lead_unit=u("Phòng Kinh tế và Hạ tầng"),
        deadline=d(-15),
        deadline_text="Trước ngày " + d(-15).strftime("%d/%m/%Y"),
    )
    task_pause(task=t_works, actor=clerk, reason="Chờ kết luận thanh tra của tỉnh.")

    notice = directive_create(
        actor=clerk,
        kind=Directive.Kind.THONG_BAO,
        number="88",
        symbol="TB-UBND",
        issuer="UBND huyện Mộ Đức",
        place="Mộ Đức",
        issued_on=d(-10),
        received_on=d(-10),
        subject="Kết luận của Chủ tịch UBND huyện tại cuộc họp giao ban tháng",
        signer="Lê Quốc Cường",
        signer_title="CHÁNH VĂN PHÒNG",
        clauses=[
            {
                "label": "1",
                "text": "Giao Phòng Tài nguyên và Môi trường hoàn thành hồ sơ giao đất tái định cư.",
            },
            {"label": "2", "text": "Giao Phòng Giáo dục và Đào tạo chuẩn bị các điều kiện cho năm học mới."},
            {"label": "3", "text": "Giao Công an huyện bảo đảm an ninh trật tự dịp lễ."},
        ],
    )
    c = notice._created_clauses
    task_create(
        actor=chairman,
        directive=notice,
        clause=c[0],
        title="Hoàn thành hồ sơ giao đất tái định cư",
        lead_unit=u("Phòng Tài nguyên và Môi trường"),
        deadline=d(45),
        deadline_text="Trước ngày " + d(45).strftime("%d/%m/%Y"),
    )
    task_create(
        actor=chairman,
        directive=notice,
        clause=c[1],
        title="Chuẩn bị các điều kiện cho năm học mới",
        lead_unit=u("Phòng Giáo dục và Đào tạo"),
        deadline=d(1),
        deadline_text="Trước ngày " + d(1).strftime("%d/%m/%Y"),
    )
    t_police = task_create(
        actor=chairman,
        directive=notice,
        clause=c[2],
        title="Bảo đảm an ninh trật tự dịp lễ",
        lead_unit=u("Công an huyện"),
        deadline=d(-2),
        is_request=True,
    )
    task_cancel(task=t_police, actor=clerk, reason="Giao trùng với Kế hoạch của Công an tỉnh.")
