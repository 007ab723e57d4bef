"""A service centre with windows and clerks on top of the cases test world (factories.world()), for the queue
and the ratings tests."""

from __future__ import annotations

from dataclasses import dataclass

from onego.accounts.models import ServiceCentre, User, Window
from onego.accounts.roles import Role
from onego.cases import queue
from onego.cases.models import Visit
from onego.cases.tests import factories as f


@dataclass
class QueueWorld:
    w: f.World
    centre: ServiceCentre
    other_centre: ServiceCentre
    windows: list[Window]  # numbers 1..3 of `centre`
    foreign_window: Window  # number 1 of `other_centre`
    clerk: User  # the world's clerk, at `centre`, sitting at window 1
    clerk2: User  # a second clerk of `centre`, at no window
    head: User  # the centre department's head (no window clerk)


def queue_world(w: f.World) -> QueueWorld:
    centre = ServiceCentre.objects.create(code="tc", name="测试政务服务中心", department=w.centre)
    other = ServiceCentre.objects.create(code="oc", name="其他镇政务服务中心", department=w.centre)
    windows = [
        Window.objects.create(centre=centre, number=n, pad_key=f"pad-key-{n}-abcdefghijkl") for n in (1, 2, 3)
    ]
    foreign = Window.objects.create(centre=other, number=1)
    clerk = w.clerk
    clerk.service_centre = centre
    clerk.real_name = "黄晓敏"
    clerk.save(update_fields=["service_centre", "real_name"])
    windows[0].clerk = clerk
    windows[0].save(update_fields=["clerk"])
    clerk2 = f.user("clerk2", Role.WINDOW_CLERK, w.centre, service_centre=centre)
    head = f.user("centre_head_t", Role.DEPARTMENT_HEAD, w.centre, service_centre=centre)
    return QueueWorld(w, centre, other, windows, foreign, clerk, clerk2, head)


def call(clerk: User) -> Visit:
    """queue.call_next for a test that knows someone is waiting."""
    visit = queue.call_next(clerk)
    assert visit is not None, "nobody was waiting"
    return visit
