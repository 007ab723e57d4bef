"""Users, departments (实施主体) and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onego.accounts.roles import APPLICANT_ROLES, STAFF_ROLES, Role
from onego.core.identifiers import mask_id_number, mask_phone, validate_credit_code, validate_id_number


class DepartmentLevel(models.TextChoices):
    DISTRICT = "district", _("区级")
    TOWN = "town", _("镇街")


class Department(models.Model):
    """An implementing body (实施主体): a district bureau or a town/street office."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    short_name_en = models.CharField(_("英文简称"), max_length=80, blank=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    credit_code = models.CharField(
        pgettext_lazy("accounts", "统一社会信用代码"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.CharField(
        _("层级"), max_length=16, choices=DepartmentLevel.choices, default=DepartmentLevel.DISTRICT
    )
    hosts_comprehensive_window = models.BooleanField(
        _("综合窗口"),
        default=False,
        help_text=_("其窗口人员可代各部门受理（综合受理）"),
    )
    is_demo_code = models.BooleanField(
        _("演示代码"),
        default=False,
        help_text=_("代码为按规则生成的演示代码"),
    )

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("部门")
        verbose_name_plural = pgettext_lazy("plural", "部门")

    def __str__(self) -> str:
        return self.name


class ServiceCentre(models.Model):
    """A government service centre (政务服务中心): the district's, or a town's or street's (镇街便民服务中心).

    Windows, queue tickets, ratings on site and the quarterly service stars (seed case 9) belong to a centre."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    level = models.CharField(
        _("层级"), max_length=16, choices=DepartmentLevel.choices, default=DepartmentLevel.DISTRICT
    )
    # The body that runs the centre (区政数局 for the district's, the town government for a town's); its heads
    # approve the centre's service stars.
    department = models.ForeignKey(
        Department, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="service_centres"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("政务服务中心")
        verbose_name_plural = pgettext_lazy("plural", "政务服务中心")

    def __str__(self) -> str:
        return self.name


class Window(models.Model):
    """A numbered service window (窗口) of a centre. `clerk` is who sits at it now (set when a clerk opens the
    window for the day); the rating pad facing the applicant shows that clerk."""

    centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("政务服务中心"), on_delete=models.PROTECT, related_name="windows"
    )
    number = models.PositiveSmallIntegerField(_("窗口号"))
    label = models.CharField(_("窗口名称"), max_length=60, blank=True)
    label_en = models.CharField(_("英文窗口名称"), max_length=120, blank=True)
    clerk = models.ForeignKey(
        "User",
        verbose_name=_("当前窗口人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="windows_at",
    )
    is_active = models.BooleanField(_("启用"), default=True)
    # The secret in the rating pad's address (the tablet facing the applicant opens /ratings/pad/<key>/ with no
    # login); a new key unpairs the old tablet.
    pad_key = models.CharField(_("评价器密钥"), max_length=32, blank=True)

    class Meta:
        ordering = ["centre", "number"]
        constraints = [models.UniqueConstraint(fields=["centre", "number"], name="window_number_unique")]
        verbose_name = _("窗口")
        verbose_name_plural = pgettext_lazy("plural", "窗口")

    def __str__(self) -> str:
        return f"{self.centre.name} {self.number}"


class User(AbstractUser):
    """Staff and applicants alike. The ID number is stored whole (identity checks need it) and shown masked."""

    real_name = models.CharField(pgettext_lazy("accounts", "姓名"), max_length=64, blank=True)
    phone = models.CharField(pgettext_lazy("accounts", "手机号码"), max_length=20, blank=True)
    id_number = models.CharField(
        pgettext_lazy("accounts", "身份证号码"), max_length=18, blank=True, validators=[validate_id_number]
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("所属部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    enterprise_credit_code = models.CharField(
        _("企业统一社会信用代码"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    enterprise_name = models.CharField(pgettext_lazy("accounts", "企业名称"), max_length=200, blank=True)
    identity_source = models.CharField(_("身份核验来源"), max_length=100, blank=True)
    # Window staff: the centre they work at (service stars rank per centre) and the photo the rating pad shows.
    service_centre = models.ForeignKey(
        ServiceCentre,
        verbose_name=_("所在政务服务中心"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    photo = models.ImageField(_("照片"), upload_to="staff/photos/", blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = pgettext_lazy("plural", "用户")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~models.Q(id_number=""), name="user_id_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.real_name or self.username

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def display_name(self) -> str:
        return self.real_name or self.username

    def role_names(self) -> set[str]:
        # Groups are prefetched by the navigation context processor; this stays one query per request.
        return {g.name for g in self.groups.all()}

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.role_names()

    @property
    def is_applicant(self) -> bool:
        return bool(self.role_names() & {str(r) for r in APPLICANT_ROLES})

    @property
    def is_government_staff(self) -> bool:
        return bool(self.role_names() & {str(r) for r in STAFF_ROLES})


class ApiToken(models.Model):
    """A bearer token for a system integrator. Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    name = models.CharField(_("名称"), max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("前缀"), max_length=8)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    # Set when the token is created (ONEGO_API_TOKEN_DAYS); after it the token is refused (code token_expired).
    expires_at = models.DateTimeField(_("到期时间"))

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = pgettext_lazy("plural", "接口令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
