"""A small world for the robots tests: the department that operates the robots, another one, one user per
role the permission rules name, and robots pointed at a test site."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group

from onego.accounts.models import Department, User
from onego.accounts.roles import Role
from onego.core.identifiers import make_credit_code
from onego.robots import extensions, services
from onego.robots.models import Robot, RobotKind, TargetSystem
from onego.robots.tests.minisite import CAPTURE_SCRIPT, PASSWORD, USERNAME, WRITEBACK_SCRIPT


def user(username: str, role: Role, department: Department | None = None) -> User:
    u = User.objects.create_user(
        username, password="x-Long-Passw0rd", real_name=username, department=department
    )
    u.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return u


@dataclass
class RobotWorld:
    centre: Department  # 测试就业服务中心: operates the robots
    other: Department  # 测试市场监管局
    head: User  # department head of the centre
    officer: User  # policy officer of the centre
    admin: User
    supervisor: User  # of the other department: may view, not act, not see files
    other_head: User  # department head of the other department
    clerk: User  # window clerk of the other department
    reviewer: User  # reviewer of the centre: staff, but may not act
    applicant: User
    system: TargetSystem


def robot_world(base_url: str = "http://127.0.0.1:9/") -> RobotWorld:
    centre = Department.objects.create(
        name="测试就业服务中心",
        name_en="Test Employment Centre",
        credit_code=make_credit_code("11440111000000011"),
    )
    other = Department.objects.create(
        name="测试市场监管局",
        name_en="Test Market Supervision",
        credit_code=make_credit_code("11440111000000022"),
    )
    system = TargetSystem.objects.create(
        key="test-system",
        name="测试补贴业务系统（仿真替身）",
        name_en="Test subsidy system (stand-in)",
        base_url=base_url,
        department=centre,
        is_stand_in=True,
    )
    services.set_credential(system.key, username=USERNAME, secret=PASSWORD)
    return RobotWorld(
        centre=centre,
        other=other,
        head=user("head", Role.DEPARTMENT_HEAD, centre),
        officer=user("officer", Role.POLICY_OFFICER, centre),
        admin=user("admin", Role.ADMINISTRATOR, other),
        supervisor=user("supervisor", Role.SUPERVISOR, other),
        other_head=user("other_head", Role.DEPARTMENT_HEAD, other),
        clerk=user("clerk", Role.WINDOW_CLERK, other),
        reviewer=user("reviewer", Role.REVIEWER, centre),
        applicant=user("applicant", Role.APPLICANT_PERSON),
        system=system,
    )


def robot(system: TargetSystem, kind: str = RobotKind.CAPTURE, **extra: Any) -> Robot:
    script = CAPTURE_SCRIPT if kind == RobotKind.CAPTURE else WRITEBACK_SCRIPT
    defaults: dict[str, Any] = {
        "key": f"test-{kind}",
        "name": "测试采集机器人" if kind == RobotKind.CAPTURE else "测试回写机器人",
        "name_en": "Test robot",
        "script": script,
        "channel": "test_sink" if kind == RobotKind.CAPTURE else "test_source",
        "rate_per_minute": 0,
        "max_retries": 2,
        "backoff_seconds": 0.01,
        "timeout_seconds": 5.0,
    }
    defaults.update(extra)
    return Robot.objects.create(system=system, kind=kind, **defaults)


@contextmanager
def replaced_channels(
    sink_name: str,
    sink: extensions.Sink,
    source_name: str,
    pending: extensions.PendingOrders,
    written: extensions.WrittenCallback,
) -> Iterator[None]:
    """A test's own sink and source in place of whatever the installed apps registered, put back after."""
    before_sink = extensions.registered_sinks().get(sink_name)
    before_source = extensions.registered_writeback_sources().get(source_name)
    extensions.register_sink(sink_name, sink)
    extensions.register_writeback_source(source_name, pending, written)
    try:
        yield
    finally:
        extensions.unregister_sink(sink_name)
        extensions.unregister_writeback_source(source_name)
        if before_sink is not None:
            extensions.register_sink(sink_name, before_sink)
        if before_source is not None:
            extensions.register_writeback_source(source_name, before_source.pending, before_source.written)
