from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.text import fold


class Unit(models.Model):
    """A body that receives work: a department, a commune, an agency, the leadership.

    The same model serves a province (Sở, UBND cấp xã), a commune (its phòng) and
    the pre-2025 districts of the samples: nothing here assumes a number of tiers.
    """

    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", _("Lãnh đạo UBND")
        OFFICE = "office", _("Văn phòng")
        DEPARTMENT = "department", _("Cơ quan chuyên môn")
        COMMUNE = "commune", _("Xã, phường, thị trấn")
        AGENCY = "agency", _("Cơ quan, đơn vị khác")
        COUNCIL = "council", _("Hội đồng, ban chỉ đạo")
        VILLAGE = "village", _("Thôn, tổ dân phố")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")

    name = models.CharField(_("tên"), max_length=255, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=64)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices, default=Level.DISTRICT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    ordering = models.PositiveIntegerField(_("thứ tự"), default=100)
    name_key = models.CharField(max_length=255, editable=False, db_index=True)
    history = HistoricalRecords(excluded_fields=["name_key"])  # who changed what, when (admin)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["ordering", "name"]
        indexes = [models.Index(fields=["kind", "is_active"], name="units_unit_kind_active")]
        constraints = [
            models.CheckConstraint(condition=~Q(short_name=""), name="units_unit_short_name_not_empty"),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="units_unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("units:detail", args=[self.pk])


class Membership(models.Model):
    """A user's place in a unit. Roles in the system derive from these rows
    (see units.permissions): head of the leadership unit = chairman, any member
    of the office unit = Văn phòng staff, and so on."""

    class Role(models.TextChoices):
        HEAD = "head", _("Trưởng đơn vị")
        DEPUTY = "deputy", _("Phó đơn vị")
        SPECIALIST = "specialist", _("Chuyên viên")
        CLERK = "clerk", _("Văn thư")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    title = models.CharField(
        _("chức danh"), max_length=128, blank=True, help_text=_("Ví dụ: Phó Chủ tịch, Trưởng phòng")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên đơn vị")
        verbose_name_plural = _("thành viên đơn vị")
        ordering = ["unit__ordering", "role", "user__last_name"]
        indexes = [models.Index(fields=["unit", "role"], name="units_membership_unit_role")]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="units_membership_one_per_unit"),
            models.UniqueConstraint(
                fields=["unit"], condition=Q(role="head"), name="units_membership_one_head_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit.short_name}"


class UnitAlias(models.Model):
    """Another name the documents use for a unit ("Cơ quan Tổ chức - Nội vụ", "VP").

    `source` says where it came from: shipped with an organisation profile (seeded),
    typed in the admin (manual), or remembered from a clerk's pick on the intake
    review screen (learned), so learned names can be reviewed and pruned.
    """

    class Source(models.TextChoices):
        SEEDED = "seeded", _("Có sẵn theo hồ sơ tổ chức")
        MANUAL = "manual", _("Nhập tay")
        LEARNED = "learned", _("Học từ lần chọn đơn vị")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("tên gọi khác"), max_length=255)
    name_key = models.CharField(max_length=255, editable=False, unique=True)
    source = models.CharField(
        _("nguồn"), max_length=16, choices=Source.choices, default=Source.MANUAL, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now, editable=False)
    history = HistoricalRecords(excluded_fields=["name_key"])

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit.short_name}"

    def save(self, *args, **kwargs):
        self.name_key = fold(self.name)
        super().save(*args, **kwargs)


class UnitGroup(models.Model):
    """A named set that documents address ("UBND các xã, thị trấn"); expands to units
    by kind and/or by explicit members."""

    name = models.CharField(_("tên nhóm"), max_length=255)
    name_key = models.CharField(max_length=255, editable=False, unique=True)
    kinds = models.JSONField(_("gồm các loại đơn vị"), default=list, blank=True)
    units = models.ManyToManyField(Unit, verbose_name=_("gồm các đơn vị"), blank=True, related_name="groups")
    history = HistoricalRecords(excluded_fields=["name_key"], m2m_fields=[units])

    class Meta:
        verbose_name = _("nhóm đơn vị")
        verbose_name_plural = _("nhóm đơn vị")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = fold(self.name)
        super().save(*args, **kwargs)

    def expand(self) -> models.QuerySet[Unit]:
        condition = Q(pk__in=self.units.values("pk"))
        if self.kinds:
            condition |= Q(kind__in=self.kinds)
        return Unit.objects.filter(condition, is_active=True)


class RatingThreshold(models.Model):
    """One level of the head-of-unit rating (NĐ 90/2020 scale) and what it takes.

    A unit gets the highest level whose minimum on-time rate it reaches and whose
    overdue cap (if any) it does not exceed; the levels are data, edited in the admin.
    """

    name = models.CharField(_("mức xếp loại"), max_length=128, unique=True)
    min_on_time_rate = models.DecimalField(
        _("tỷ lệ đúng hạn tối thiểu (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Tỷ lệ nhiệm vụ hoàn thành đúng hạn trên số nhiệm vụ đã đến hạn, từ 0 đến 100."),
    )
    max_overdue = models.PositiveIntegerField(
        _("số nhiệm vụ quá hạn tối đa"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu không giới hạn. Vượt quá số này thì không đạt mức xếp loại."),
    )
    ordering = models.PositiveIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("mức xếp loại")
        ordering = ["-min_on_time_rate", "ordering", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_on_time_rate__gte=0) & Q(min_on_time_rate__lte=100),
                name="units_ratingthreshold_rate_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (≥ {self.min_on_time_rate}%)"


class Organization(models.Model):
    """Who "we" are: the People's Committee that runs this installation (one row, pk 1).

    Written by ``seed_demo --profile …`` (or in the admin); ``ORG_*`` environment variables
    override single fields. Read it through ``units.org.current_org()``, never directly.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        COMMUNE = "commune", _("Cấp xã (xã, đặc khu)")
        WARD = "ward", _("Cấp xã (phường)")
        DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")

    profile = models.CharField(_("hồ sơ tổ chức"), max_length=16, blank=True)
    name = models.CharField(_("tên cơ quan"), max_length=255, help_text=_("Ví dụ: UBND xã Sơn Tây Thượng"))
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    header_parent = models.CharField(_("dòng trên của tiêu đề"), max_length=255, default="ỦY BAN NHÂN DÂN")
    header_name = models.CharField(_("dòng dưới của tiêu đề"), max_length=255)
    place = models.CharField(_("địa danh"), max_length=128, help_text=_("Địa danh ghi ở dòng ngày tháng"))
    symbol = models.CharField(_("ký hiệu cơ quan"), max_length=32, default="UBND")
    parent_name = models.CharField(
        _("cơ quan cấp trên"), max_length=255, blank=True, help_text=_("Ví dụ: UBND tỉnh Quảng Ngãi")
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị lãnh đạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    aliases = models.JSONField(
        _("tên gọi khác của cơ quan"),
        default=list,
        blank=True,
        help_text=_("Các tên văn bản cấp trên dùng để gọi cơ quan mình."),
    )
    groups = models.JSONField(
        _("nhóm cơ quan mình thuộc về"),
        default=list,
        blank=True,
        help_text=_("Các cụm từ trong văn bản cấp trên bao gồm cơ quan mình, ví dụ: UBND các xã, phường."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thông tin cơ quan")
        verbose_name_plural = _("thông tin cơ quan")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="units_organization_single_row")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
