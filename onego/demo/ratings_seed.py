"""The demo's queue and rating pads (issue 17, seed case 9): a pad key for every demo window, so each window's
tablet address works, and a few tickets waiting at the district centre today, so `make run` shows a queue.
Idempotent and small (the `demo` test fixture runs it)."""

from __future__ import annotations

import hashlib

from django.utils import timezone

from onego.accounts.models import ServiceCentre, Window
from onego.cases import queue
from onego.cases.models import Visit

# Stable keys derived from the window (the demo's pads keep their address across re-seeds); production keys are
# random (onego.cases.queue.new_pad_key).
WAITING = [("陈先生", ""), ("", "13800138001"), ("林女士", "")]


def demo_pad_key(window: Window) -> str:
    return hashlib.sha256(f"onego-demo-pad:{window.centre.code}:{window.number}".encode()).hexdigest()[:24]


def seed_ratings() -> None:
    for window in Window.objects.select_related("centre").filter(pad_key=""):
        window.pad_key = demo_pad_key(window)
        window.save(update_fields=["pad_key"])
    centre = ServiceCentre.objects.filter(code="district").first()
    if centre is None or Visit.objects.filter(centre=centre, day=timezone.localdate()).exists():
        return
    for name, phone in WAITING:
        queue.take_ticket(centre, name=name, phone=phone)
