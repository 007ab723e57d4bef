"""Every write of the robots app: runs started, claimed and finished, items recorded in the two ledgers, the
kill switch, mismatches resolved by a person, credentials rotated.

Views and the runner never set a status themselves; each function here is one transaction, locks the row two
writers could race for, and records one audit event for a change a person would ask about. The runner
(runner.py) drives the browser and calls these between pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from onego.accounts.models import User
from onego.accounts.roles import Role
from onego.core import audit
from onego.core.errors import ApiError
from onego.core.queue import enqueue_on_commit
from onego.robots.extensions import CapturedRecord, Sink, WriteBackOrder, WrittenCallback
from onego.robots.models import (
    ACTIVE_RUN_STATUSES,
    CapturedItem,
    Credential,
    ItemStatus,
    Robot,
    RobotRun,
    RunItem,
    RunStatus,
    RunTrigger,
    TargetSystem,
    WriteBack,
    WriteBackStatus,
)

RUN_TASK = "onego.robots.run_robot"
SYSTEM_ACTOR = "system:robots"
# A run whose worker died (no step logged for this long) is failed by the beat job so the robot can run again.
STALE_RUN_AFTER = dt.timedelta(minutes=30)

ACTING_ROLES = frozenset({Role.DEPARTMENT_HEAD.value, Role.POLICY_OFFICER.value})


# --- who may do what -----------------------------------------------------------------------------------------


def may_act(user: Any, system: TargetSystem) -> bool:
    """Start runs, flip the kill switch, resolve mismatches: the system's department's head and policy
    officers, and the administrator."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    roles = user.role_names()
    if Role.ADMINISTRATOR.value in roles:
        return True
    return bool(roles & ACTING_ROLES) and user.department_id == system.department_id


def may_view(user: Any, system: TargetSystem) -> bool:
    """Read the runs: whoever may act, and supervisors (they watch every department's work)."""
    if may_act(user, system):
        return True
    return isinstance(user, User) and user.is_authenticated and user.has_role(Role.SUPERVISOR)


def may_view_files(user: Any, system: TargetSystem) -> bool:
    """Failure screenshots and pages show the system's records (people's data): staff of that department
    who may view, and the administrator."""
    if not may_view(user, system):
        return False
    assert isinstance(user, User)
    return user.has_role(Role.ADMINISTRATOR) or user.department_id == system.department_id


def _refuse(user: User, system: TargetSystem) -> None:
    if not may_act(user, system):
        raise ApiError("forbidden", _("您无权操作该系统的机器人。"), status=403)


# --- runs ----------------------------------------------------------------------------------------------------


def start_run(
    robot_id: int, *, actor: User | None, trigger: str = RunTrigger.STAFF, only_external_id: str = ""
) -> RobotRun:
    """Queue a run of the robot (the worker starts it after commit). Refused while the kill switch is off or
    another run of the robot is queued or running — one run at a time per robot."""
    with transaction.atomic():
        robot = Robot.objects.select_for_update().select_related("system").get(pk=robot_id)
        if actor is not None:
            _refuse(actor, robot.system)
        if not robot.enabled:
            raise ApiError("robot_disabled", _("该机器人已停用，启用后才能运行。"), status=409)
        if RobotRun.objects.filter(robot=robot, status__in=ACTIVE_RUN_STATUSES).exists():
            raise ApiError("robot_busy", _("该机器人正在运行，请等本次运行结束。"), status=409)
        run = RobotRun.objects.create(
            robot=robot, trigger=trigger, only_external_id=only_external_id, requested_by=actor
        )
        audit.record(
            actor or SYSTEM_ACTOR,
            "robots.run_queued",
            run,
            robot=robot.key,
            trigger=trigger,
            item=only_external_id,
        )
    enqueue_on_commit(RUN_TASK, run.pk)
    return run


def retry_item(run_item_id: int, *, actor: User) -> RobotRun:
    """ "Re-run this item": a retry run of the same robot limited to the item's external id."""
    item = RunItem.objects.select_related("run__robot").get(pk=run_item_id)
    if not item.external_id:
        raise ApiError("not_an_item", _("这一行不是单个条目，请重新运行整个机器人。"), status=409)
    return start_run(
        item.run.robot_id, actor=actor, trigger=RunTrigger.RETRY, only_external_id=item.external_id
    )


def claim_run(run_id: int) -> RobotRun | None:
    """The worker takes a queued run: None when it is not queued any more (a second delivery of the task),
    when another run of the robot is going (it stays queued; the beat job sends it again), or when the kill
    switch is off (then it is stopped before it starts)."""
    with transaction.atomic():
        run = RobotRun.objects.select_related("robot").filter(pk=run_id).first()
        if run is None:
            return None
        robot = Robot.objects.select_for_update().get(pk=run.robot_id)  # one claimant per robot at a time
        run = RobotRun.objects.select_for_update().select_related("robot__system").get(pk=run_id)
        if run.status != RunStatus.QUEUED:
            return None
        now = timezone.now()
        if not robot.enabled:
            run.status = RunStatus.STOPPED
            run.finished_at = now
            run.error = "The kill switch was off when the run was due to start."
            run.save(update_fields=["status", "finished_at", "error"])
            return None
        if RobotRun.objects.filter(robot=robot, status=RunStatus.RUNNING).exclude(pk=run.pk).exists():
            return None
        run.status = RunStatus.RUNNING
        run.started_at = now
        run.save(update_fields=["status", "started_at"])
        Robot.objects.filter(pk=robot.pk).update(last_run_at=now)
        return run


def set_total(run: RobotRun, total: int) -> None:
    RobotRun.objects.filter(pk=run.pk).update(total=total)
    run.total = total


def finish_run(run: RobotRun, *, status: str | None = None, error: str = "") -> RobotRun:
    """Close the run: succeeded when every item was done or skipped, partial when some failed or wait for a
    person, or the given status (failed, stopped)."""
    with transaction.atomic():
        run = RobotRun.objects.select_for_update().select_related("robot").get(pk=run.pk)
        if status is None:
            waiting = run.items.filter(status=ItemStatus.MISMATCH).exists()
            status = RunStatus.PARTIAL if run.failed or waiting else RunStatus.SUCCEEDED
        run.status = status
        run.error = error[:5000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        audit.record(
            SYSTEM_ACTOR,
            "robots.run_finished",
            run,
            robot=run.robot.key,
            status=status,
            total=run.total,
            done=run.done,
            failed=run.failed,
            skipped=run.skipped,
        )
    return run


def record_item(
    run: RobotRun,
    external_id: str,
    status: str,
    *,
    attempts: int = 1,
    reference: str = "",
    error: str = "",
    screenshot: bytes | None = None,
    html: str | None = None,
) -> RunItem:
    """One item's outcome, with the page kept when it failed, and the run's counters moved in the same
    transaction so the progress bar never runs ahead of the items."""
    counter = {
        ItemStatus.DONE: "done",
        ItemStatus.SKIPPED: "skipped",
        ItemStatus.FAILED: "failed",
        ItemStatus.MISMATCH: "failed",
    }[ItemStatus(status)]
    with transaction.atomic():
        item = RunItem(
            run=run,
            external_id=external_id,
            status=status,
            attempts=attempts,
            reference=reference,
            error=error[:5000],
            at=timezone.now(),
        )
        stem = f"run{run.pk}-{_safe(external_id) or 'run'}"
        if screenshot:
            item.screenshot.save(f"{stem}.png", ContentFile(screenshot), save=False)
        if html is not None:
            item.html.save(f"{stem}.html", ContentFile(html.encode("utf-8")), save=False)
        item.save()
        if external_id:
            RobotRun.objects.filter(pk=run.pk).update(**{counter: F(counter) + 1})
    return item


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:60]


# --- capture -------------------------------------------------------------------------------------------------


def captured_unchanged(system: TargetSystem, external_id: str, fingerprint: str) -> bool:
    """True when the item was captured before and still reads the same: the runner then skips it (no
    attachments fetched, nothing sunk) and counts the sighting."""
    with transaction.atomic():
        ledger = (
            CapturedItem.objects.select_for_update().filter(system=system, external_id=external_id).first()
        )
        if ledger is None or ledger.fingerprint != fingerprint:
            return False
        CapturedItem.objects.filter(pk=ledger.pk).update(
            times_seen=F("times_seen") + 1, last_seen_at=timezone.now()
        )
        return True


def sink_captured(
    run: RobotRun, record: CapturedRecord, *, sink_name: str, sink: Sink, url: str = ""
) -> tuple[str, bool]:
    """Hand a new or changed record to the sink and write the ledger, in one transaction: if the sink
    fails, nothing of the item is kept and the next run tries again. Returns (reference, sunk)."""
    system = run.robot.system
    now = timezone.now()
    with transaction.atomic():
        ledger = (
            CapturedItem.objects.select_for_update()
            .filter(system=system, external_id=record.external_id)
            .first()
        )
        if ledger is not None and ledger.fingerprint == record.fingerprint:
            return ledger.reference, False  # a racing run sank it meanwhile
        reference = sink(record)
        if ledger is None:
            ledger = CapturedItem.objects.create(
                system=system,
                external_id=record.external_id,
                fingerprint=record.fingerprint,
                sink=sink_name,
                reference=reference,
                url=url,
                first_captured_at=now,
                last_seen_at=now,
            )
            action = "robots.item_captured"
        else:
            previous = ledger.fingerprint
            ledger.fingerprint = record.fingerprint
            ledger.reference = reference
            ledger.url = url or ledger.url
            ledger.last_seen_at = now
            ledger.times_seen += 1
            ledger.times_sunk += 1
            ledger.save()
            action = "robots.item_recaptured"
        audit.record(
            SYSTEM_ACTOR,
            action,
            ledger,
            run=run.pk,
            system=system.key,
            external_id=record.external_id,
            fingerprint=record.fingerprint,
            reference=reference,
            attachments=len(record.attachments),
            **({"previous_fingerprint": previous} if action == "robots.item_recaptured" else {}),
        )
    return reference, True


# --- write-back ----------------------------------------------------------------------------------------------


def prepare_writeback(run: RobotRun, order: WriteBackOrder, *, source: str) -> WriteBack:
    """The ledger row of an order, made or brought up to date. A row a person resolved keeps the
    fingerprint they accepted (the record as it now reads), not the order's older one."""
    system = run.robot.system
    with transaction.atomic():
        wb, created = WriteBack.objects.select_for_update().get_or_create(
            system=system,
            external_id=order.external_id,
            defaults={
                "source": source,
                "reference": order.reference,
                "values": order.values,
                "expected_fingerprint": order.expected_fingerprint,
            },
        )
        if not created and wb.status in (WriteBackStatus.PENDING, WriteBackStatus.FAILED):
            wb.reference = order.reference
            wb.values = order.values
            if wb.resolved_at is None:
                wb.expected_fingerprint = order.expected_fingerprint
            wb.save(update_fields=["reference", "values", "expected_fingerprint"])
    return wb


def writeback_attempted(wb: WriteBack) -> None:
    WriteBack.objects.filter(pk=wb.pk).update(attempts=F("attempts") + 1)


def writeback_mismatch(run: RobotRun, wb: WriteBack, *, found_fingerprint: str, reason: str) -> None:
    """Stop the item and ask a person: the record no longer reads as when it was decided."""
    with transaction.atomic():
        wb = WriteBack.objects.select_for_update().get(pk=wb.pk)
        wb.status = WriteBackStatus.MISMATCH
        wb.found_fingerprint = found_fingerprint
        wb.error = reason[:5000]
        wb.resolved_at = None
        wb.resolved_by = None
        wb.save(update_fields=["status", "found_fingerprint", "error", "resolved_at", "resolved_by"])
        audit.record(
            SYSTEM_ACTOR,
            "robots.writeback_mismatch",
            wb,
            run=run.pk,
            external_id=wb.external_id,
            expected=wb.expected_fingerprint,
            found=found_fingerprint,
        )


def writeback_failed(wb: WriteBack, *, error: str) -> None:
    WriteBack.objects.filter(pk=wb.pk).exclude(status=WriteBackStatus.WRITTEN).update(
        status=WriteBackStatus.FAILED, error=error[:5000]
    )


def writeback_written(
    run: RobotRun, wb: WriteBack, order: WriteBackOrder, *, receipt: str, written: WrittenCallback
) -> None:
    """The result was typed, submitted and read back: mark it written and tell the source, in one
    transaction, so the source and the ledger never disagree."""
    with transaction.atomic():
        wb = WriteBack.objects.select_for_update().get(pk=wb.pk)
        if wb.status == WriteBackStatus.WRITTEN:
            return
        wb.status = WriteBackStatus.WRITTEN
        wb.receipt = receipt
        wb.written_at = timezone.now()
        wb.error = ""
        wb.save(update_fields=["status", "receipt", "written_at", "error"])
        written(order, receipt)
        audit.record(
            SYSTEM_ACTOR,
            "robots.result_written",
            wb,
            run=run.pk,
            external_id=wb.external_id,
            reference=wb.reference,
            receipt=receipt,
        )


def heal_written(wb: WriteBack, order: WriteBackOrder, *, written: WrittenCallback) -> None:
    """A source still lists an order the ledger has written (its callback failed after the write): tell it
    again, so the next run finds nothing to do."""
    with transaction.atomic():
        written(order, wb.receipt)


def resolve_mismatch(writeback_id: int, *, actor: User) -> RobotRun | None:
    """A person looked at a mismatched record and confirms the decided result still applies to it as it now
    reads: the order is re-queued against that reading and a retry run for the item is started."""
    with transaction.atomic():
        wb = WriteBack.objects.select_for_update().select_related("system").get(pk=writeback_id)
        _refuse(actor, wb.system)
        if wb.status != WriteBackStatus.MISMATCH:
            raise ApiError("not_a_mismatch", _("该条目不是待确认的不一致记录。"), status=409)
        wb.expected_fingerprint = wb.found_fingerprint
        wb.status = WriteBackStatus.PENDING
        wb.resolved_by = actor
        wb.resolved_at = timezone.now()
        wb.error = ""
        wb.save(update_fields=["expected_fingerprint", "status", "resolved_by", "resolved_at", "error"])
        audit.record(
            actor,
            "robots.mismatch_resolved",
            wb,
            external_id=wb.external_id,
            accepted=wb.expected_fingerprint,
        )
        robot = (
            Robot.objects.filter(system=wb.system, channel=wb.source, kind="writeback", enabled=True)
            .order_by("pk")
            .first()
        )
        busy = robot is not None and robot.runs.filter(status__in=ACTIVE_RUN_STATUSES).exists()
    if robot is None or busy:
        return None  # the next scheduled run writes it
    return start_run(robot.pk, actor=actor, trigger=RunTrigger.RETRY, only_external_id=wb.external_id)


# --- the kill switch, the schedule, credentials ---------------------------------------------------------------


def set_enabled(robot_id: int, *, enabled: bool, actor: User) -> Robot:
    """The kill switch. Off stops a running robot before its next step and keeps beat from starting it."""
    with transaction.atomic():
        robot = Robot.objects.select_for_update().select_related("system").get(pk=robot_id)
        _refuse(actor, robot.system)
        if robot.enabled == enabled:
            return robot
        robot.enabled = enabled
        robot.save(update_fields=["enabled"])
        audit.record(actor, "robots.enabled" if enabled else "robots.disabled", robot, robot=robot.key)
    return robot


def is_enabled(robot_id: int) -> bool:
    return Robot.objects.filter(pk=robot_id, enabled=True).exists()


def run_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The beat job: start a run for every enabled robot whose schedule is due and that has no run going;
    send again the queued runs whose task never reached a worker; fail runs whose worker died."""
    now = now or timezone.now()
    started = requeued = stale = 0
    for run in RobotRun.objects.filter(status=RunStatus.RUNNING).annotate(last_step=Max("steps__at")):
        last = run.last_step or run.started_at or run.created_at
        if last < now - STALE_RUN_AFTER:
            finish_run(
                run, status=RunStatus.FAILED, error="The worker stopped reporting; the run was abandoned."
            )
            stale += 1
    for robot in Robot.objects.filter(enabled=True, schedule_seconds__gt=0):
        active = robot.runs.filter(status__in=ACTIVE_RUN_STATUSES).order_by("pk").first()
        if active is not None:
            if active.status == RunStatus.QUEUED and active.created_at < now - dt.timedelta(minutes=1):
                enqueue_on_commit(RUN_TASK, active.pk)
                requeued += 1
            continue
        if (
            robot.last_run_at is None
            or robot.last_run_at + dt.timedelta(seconds=robot.schedule_seconds) <= now
        ):
            try:
                start_run(robot.pk, actor=None, trigger=RunTrigger.BEAT)
            except ApiError:
                continue  # turned off or started by someone in between
            started += 1
    return {"started": started, "requeued": requeued, "stale": stale}


def set_credential(system_key: str, *, username: str, secret: str) -> Credential:
    """Store (or rotate) the robot's account for a system; the secret only as ciphertext."""
    with transaction.atomic():
        system = TargetSystem.objects.select_for_update().get(key=system_key)
        credential = Credential.objects.filter(system=system).first() or Credential(system=system)
        rotated = credential.pk is not None
        credential.username = username
        credential.set_secret(secret)
        credential.rotated_at = timezone.now() if rotated else None
        credential.save()
        audit.record(
            SYSTEM_ACTOR, "robots.credential_rotated" if rotated else "robots.credential_set", credential
        )
    return credential
