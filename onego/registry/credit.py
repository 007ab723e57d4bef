"""Credit records (信用记录) that bar the commitment route (告知承诺).

Serious bad credit (严重失信) or a past false commitment (虚假承诺) means the applicant must go the ordinary
approval route (国办发〔2020〕42号). The credit platform cannot be reached from this installation; the local
CreditRecord table holds what the district knows (false commitments found here are written to it).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from onego.registry.models import CreditRecord


def commitment_bar(code: str, on: dt.date) -> CreditRecord | None:
    """The record that bars `code` (credit code or ID number) from the commitment route on `on`, if any."""
    if not code:
        return None
    return (
        CreditRecord.objects.filter(entity_code=code.strip().upper(), recorded_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("-recorded_on")
        .first()
    )
