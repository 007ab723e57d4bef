"""Reads of the e-archive shared by the download page and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from onego.archive.models import ArchivedFile
from onego.cases.inbox import visible_case
from onego.cases.models import Case
from onego.cases.selectors_applicant import my_case


def case_for(user: Any, number: str) -> Case | None:
    """The case if this user may see its archive: staff who may open the case, or the applicant who owns it."""
    if user is None or not user.is_authenticated:
        return None
    return visible_case(user, number) or my_case(user, number)


def archived_files(case: Case) -> QuerySet[ArchivedFile]:
    return ArchivedFile.objects.filter(case=case).order_by("id")
