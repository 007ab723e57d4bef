"""Bad-review work orders (差评工单): docs/domain.md, "Service ratings".

Every grade 1–2 opens one work order, in the rating's own transaction, to the department that handled the case
(and the person, where one is known); the rectification deadline is counted in working days."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from onego.core import audit
from onego.core.calendar import add_workdays
from onego.ratings.models import Rating, WorkOrder

DEFAULT_RECTIFY_WORKDAYS = 15


def rectify_workdays() -> int:
    """The working days a bad review has to be rectified in (ONEGO_RATINGS["rectify_workdays"], 15)."""
    return int(getattr(settings, "ONEGO_RATINGS", {}).get("rectify_workdays", DEFAULT_RECTIFY_WORKDAYS))


def open_work_order(rating: Rating) -> WorkOrder | None:
    """Open the work order of a bad rating (None for a good one, or one already opened). Call inside the
    transaction that stored the rating; `rating.department` must be set."""
    if not rating.is_bad or WorkOrder.objects.filter(rating=rating).exists():
        return None
    if rating.department_id is None:
        raise ValueError("a rated service always has the department that handled it")
    opened_on = timezone.localdate(rating.rated_at)
    order = WorkOrder.objects.create(
        number=f"CP{opened_on:%Y%m%d}{rating.pk:06d}",
        rating=rating,
        department_id=rating.department_id,
        assignee_id=rating.staff_id,
        opened_on=opened_on,
        due_on=add_workdays(opened_on, rectify_workdays()).deadline,
    )
    audit.record(
        "system:ratings",
        "work_order.opened",
        order,
        number=order.number,
        grade=rating.grade,
        rating=rating.pk,
    )
    return order
