"""The comprehensive window's (综合受理) reads: the item picker and what is wrong with a typed ID number or
credit code, in words a clerk can read back to the person in front of the window.

The picker shows the handling items and bundles (一件事) in force that suit the applicant's type: an item
tagged for the other audience only (catalogue tags `individual` / `enterprise`) is left out; one tagged for
both, or for no audience, is shown. The clerk may widen the list to every type (a founder without an
enterprise yet applies for an enterprise bundle).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.db.models import Q
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.catalog.models import Bundle, ItemLevel, TagCategory
from onego.catalog.selectors import versions_in_force

# The catalogue's audience tags (TagCategory.AUDIENCE) by applicant type.
AUDIENCE_TAG = {"person": "individual", "enterprise": "enterprise"}
PICKER_LIMIT = 300


@dataclass(frozen=True)
class Pick:
    """One choice of the picker: an item (by its code) or a bundle (by its code)."""

    kind: str  # "item" | "bundle"
    code: str
    name: str
    department: str
    audiences: tuple[str, ...]
    name_en: str = ""  # the picker shows these to a clerk reading English
    department_en: str = ""

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.code}"


def applicant_type(user: User) -> str:
    """ "enterprise" for an enterprise account with its credit code, otherwise "person"."""
    if user.has_role(Role.APPLICANT_ENTERPRISE) and user.enterprise_credit_code:
        return "enterprise"
    return "person"


def _words(q: str) -> list[str]:
    return unicodedata.normalize("NFKC", q or "").split()[:6]


def _suits(audiences: set[str], wanted: str | None) -> bool:
    return wanted is None or not audiences or wanted in audiences


def picker(kind: str, q: str = "", *, every_type: bool = False) -> list[Pick]:
    """Bundles first, then items, each by name; filtered by the words of `q` (name, English name or code)
    and, unless `every_type`, by the applicant type `kind` ("person" | "enterprise")."""
    wanted = None if every_type else AUDIENCE_TAG.get(kind)
    words = _words(q)
    bundles = Bundle.objects.filter(is_active=True).select_related("lead_department").prefetch_related("tags")
    versions = (
        versions_in_force()
        .filter(item__level=ItemLevel.HANDLING)
        .select_related("item", "item__department")
        .prefetch_related("tags")
    )
    if kind == "enterprise":  # an enterprise exists already: its own 设立登记 is refused (cases.services)
        versions = versions.exclude(founds_entity=True)
    if words:
        bundles = bundles.filter(
            reduce(
                and_, [Q(name__icontains=w) | Q(name_en__icontains=w) | Q(code__icontains=w) for w in words]
            )
        )
        versions = versions.filter(
            reduce(
                and_,
                [Q(name__icontains=w) | Q(name_en__icontains=w) | Q(item__code__icontains=w) for w in words],
            )
        )
    out: list[Pick] = []
    for b in bundles.order_by("name")[:PICKER_LIMIT]:
        audiences = {t.key for t in b.tags.all() if t.category == TagCategory.AUDIENCE}
        if _suits(audiences, wanted):
            out.append(
                Pick(
                    "bundle",
                    b.code,
                    b.name,
                    b.lead_department.name,
                    tuple(sorted(audiences)),
                    b.name_en,
                    b.lead_department.name_en,
                )
            )
    for v in versions.order_by("name")[:PICKER_LIMIT]:
        audiences = {t.key for t in v.tags.all() if t.category == TagCategory.AUDIENCE}
        if _suits(audiences, wanted):
            out.append(
                Pick(
                    "item",
                    v.item.code,
                    v.name,
                    v.item.department.name,
                    tuple(sorted(audiences)),
                    v.name_en,
                    v.item.department.name_en,
                )
            )
    return out


# --- ID numbers and credit codes as typed --------------------------------------------------------------------


def compact_code(raw: str) -> str:
    """Full-width to half-width, spaces and dashes removed, upper case (a lower-case x is the check X)."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-‐‑–—").upper()


def id_number_problem(raw: str) -> str:
    """What is wrong with a 居民身份证号码 (GB 11643, python-stdnum cn.ric), or "" when it is valid."""
    code = compact_code(raw)
    if not code:
        return _("请填写身份证号码。")
    try:
        ric.validate(code)
    except InvalidLength:
        return _("身份证号码应为 18 位，您输入了 %(n)d 位。") % {"n": len(code)}
    except InvalidChecksum:
        return _("身份证号码校验位（第 18 位）不正确，请逐位核对。")
    except InvalidComponent:
        return _("身份证号码中的地区码或出生日期不正确，请核对第 1–14 位。")
    except ValidationError:
        return _("身份证号码前 17 位应为数字，第 18 位为数字或 X。")
    return ""


def credit_code_problem(raw: str) -> str:
    """What is wrong with a 统一社会信用代码 (GB 32100, python-stdnum cn.uscc), or "" when it is valid."""
    code = compact_code(raw)
    if not code:
        return _("请填写统一社会信用代码。")
    try:
        uscc.validate(code)
    except InvalidLength:
        return _("统一社会信用代码应为 18 位，您输入了 %(n)d 位。") % {"n": len(code)}
    except InvalidChecksum:
        return _("统一社会信用代码校验位（第 18 位）不正确，请逐位核对。")
    except ValidationError:
        return _("统一社会信用代码格式不正确：前 8 位为数字，其余为数字或大写字母（不使用 I、O、Z、S、V）。")
    return ""


def looks_like_id_number(code: str) -> bool:
    """Digits only, perhaps ending in X: a person's ID number rather than a credit code (which has letters)."""
    body = code[:-1] if code.endswith("X") else code
    return body.isdigit()


def applicant_code_problem(raw: str) -> str:
    """For the look-up field that takes either kind of number: the problem, told for the kind it looks like."""
    code = compact_code(raw)
    if not code:
        return _("请填写身份证号码或统一社会信用代码。")
    if any(ch.isalpha() for ch in code) and not looks_like_id_number(code):
        return credit_code_problem(code)
    return id_number_problem(code)
