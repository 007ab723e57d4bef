"""Roles are Django groups with fixed names; the names below are the only ones the code refers to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT_PERSON = "applicant_person", _("申请人（个人）")
    APPLICANT_ENTERPRISE = "applicant_enterprise", _("申请人（企业）")
    WINDOW_CLERK = "window_clerk", _("窗口人员")
    REVIEWER = "reviewer", _("审批人员")
    DEPARTMENT_HEAD = "department_head", _("部门负责人")
    SUPERVISOR = "supervisor", _("督查人员")
    AGENCY_SPECIALIST = "agency_specialist", _("代办专员")
    POLICY_OFFICER = "policy_officer", _("政策专员")
    ADMINISTRATOR = "administrator", _("系统管理员")


APPLICANT_ROLES = frozenset({Role.APPLICANT_PERSON, Role.APPLICANT_ENTERPRISE})
STAFF_ROLES = frozenset(set(Role) - APPLICANT_ROLES)
