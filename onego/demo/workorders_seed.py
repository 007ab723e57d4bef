"""Demo bad-review work orders (差评工单, issue 17): three bad ratings of visits served by the demo clerk at the
district centre's window 3 — one overdue (red), one in rectification, one new — so the list is not empty.

Cheap and idempotent: nothing is added when the demo's ratings exist. The ratings are written as the rating pad
writes them (the visit's clerk, window, centre and department copied onto the rating) and each opens its order
through `open_work_order`, in one transaction."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from onego.accounts.models import ServiceCentre, User, Window
from onego.cases.models import Visit, VisitStatus
from onego.ratings import services, workorders
from onego.ratings.models import Grade, Rating, RatingChannel

# (days ago, ticket, grade, reason, rater, phone, indicators)
DEMO_BAD_RATINGS = [
    (
        40,
        "D001",
        Grade.VERY_UNSATISFIED,
        "排了一个小时的队，窗口说材料不全又让我回去，之前电话里没人告诉我要带房产证。",
        "陈先生",
        "13900001111",
        {"efficiency": 1, "competence": 2, "attitude": 2},
    ),
    (
        6,
        "D002",
        Grade.UNSATISFIED,
        "办事人员态度有些生硬，问了两遍才解释清楚。",
        "刘女士",
        "13900002222",
        {"efficiency": 3, "competence": 3, "attitude": 1},
    ),
    (
        1,
        "D003",
        Grade.UNSATISFIED,
        "叫号后窗口人员离开了十分钟。",
        "黄先生",
        "13900003333",
        {"efficiency": 2, "competence": 3, "attitude": 3},
    ),
]


def seed_work_orders() -> int:
    """Add the demo's bad ratings and their work orders; returns how many orders were opened (0 when the demo
    has them already, or without the demo clerk)."""
    clerk = User.objects.filter(username="clerk").first()
    head = User.objects.filter(username="centre_head").first()
    centre = ServiceCentre.objects.filter(code="district").first()
    if clerk is None or centre is None:
        return 0
    if Rating.objects.filter(staff=clerk, visit__ticket__in=[r[1] for r in DEMO_BAD_RATINGS]).exists():
        return 0
    window = Window.objects.filter(clerk=clerk).first() or Window.objects.get(centre=centre, number=3)
    today = timezone.localdate()
    opened = 0
    with transaction.atomic():
        for days_ago, ticket, grade, reason, rater, phone, indicators in DEMO_BAD_RATINGS:
            day = today - timedelta(days=days_ago)
            at = timezone.make_aware(datetime.combine(day, time(10, 30)))
            visit, _ = Visit.objects.get_or_create(
                centre=centre,
                day=day,
                ticket=ticket,
                defaults={
                    "status": VisitStatus.DONE,
                    "applicant_name": rater,
                    "phone": phone,
                    "taken_at": at - timedelta(minutes=40),
                    "called_at": at - timedelta(minutes=15),
                    "done_at": at,
                    "window": window,
                    "clerk": clerk,
                },
            )
            # as the pad records it: who and what was rated copied from the visit, the work order opened and
            # the figures counted in the rating's transaction
            rating = services.record_rating(
                grade=grade,
                channel=RatingChannel.PAD,
                visit=visit,
                indicators=indicators,
                reason=reason,
                rater_name=rater,
                rater_phone=phone,
                rated_at=at,
            )
            if hasattr(rating, "work_order"):
                opened += 1
    if head is not None:  # the middle one is being rectified
        order = Rating.objects.get(visit__centre=centre, visit__ticket="D002", staff=clerk).work_order
        workorders.verify(
            order.pk, head, truthful=True, findings="调取窗口录像，情况基本属实，已与当事人谈话。"
        )
    workorders.refresh_work_orders()
    return opened
