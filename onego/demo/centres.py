"""The demo's service centres and windows (seed case 9): the district centre, run by 区政数局, with eight windows,
and the service centres of Taihe town (太和镇) and Jiahe subdistrict (嘉禾街道) with four each. The demo clerk
sits at the district centre's window 3."""

from __future__ import annotations

from onego.accounts.models import Department, DepartmentLevel, ServiceCentre, User, Window

# (code, name, name_en, level, department key, address, windows)
CENTRES = [
    (
        "district",
        "白云区政务服务中心",
        "Baiyun District Government Service Centre",
        DepartmentLevel.DISTRICT,
        "zsj",
        "广州市白云区云城东路 551 号",
        8,
    ),
    (
        "th",
        "太和镇政务服务中心",
        "Taihe Town Government Service Centre",
        DepartmentLevel.TOWN,
        "th",
        "广州市白云区太和镇太和中路 1 号",
        4,
    ),
    (
        "jh",
        "嘉禾街道政务服务中心",
        "Jiahe Subdistrict Government Service Centre",
        DepartmentLevel.TOWN,
        "jh",
        "广州市白云区嘉禾街道鹤龙一路 83 号",
        4,
    ),
]
WINDOW_LABELS = {1: ("综合受理窗口", "Comprehensive window"), 8: ("统一出件窗口", "Results window")}
CLERK_WINDOW = ("district", 3)


def seed_centres(departments: dict[str, Department]) -> dict[str, ServiceCentre]:
    """Create or refresh the centres and windows; idempotent."""
    centres: dict[str, ServiceCentre] = {}
    for code, name, name_en, level, dept_key, address, windows in CENTRES:
        centre, _ = ServiceCentre.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "level": level,
                "department": departments[dept_key],
                "address": address,
            },
        )
        centres[code] = centre
        for number in range(1, windows + 1):
            label, label_en = WINDOW_LABELS.get(number, ("综合受理窗口", "Comprehensive window"))
            Window.objects.update_or_create(
                centre=centre, number=number, defaults={"label": label, "label_en": label_en}
            )
    clerk = User.objects.filter(username="clerk").first()
    if clerk is not None:
        centre_code, number = CLERK_WINDOW
        clerk.service_centre = centres[centre_code]
        clerk.save(update_fields=["service_centre"])
        Window.objects.filter(clerk=clerk).exclude(centre=centres[centre_code], number=number).update(
            clerk=None
        )
        Window.objects.filter(centre=centres[centre_code], number=number).update(clerk=clerk)
    return centres
