"""The robots' staff pages through the test client: who sees and who may act, the kill switch with its
confirmation, run now, a run's items with the failure screenshot and page, re-run and resolve."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from onego.robots import services
from onego.robots.models import ItemStatus, Robot, RobotKind, RobotRun, RunStatus, RunTrigger, WriteBack
from onego.robots.tests import factories as f

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def text(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def robots(world: f.RobotWorld) -> tuple[Robot, Robot]:
    return f.robot(world.system, RobotKind.CAPTURE), f.robot(world.system, RobotKind.WRITEBACK)


@pytest.fixture
def finished(world: f.RobotWorld, robots: tuple[Robot, Robot]) -> dict[str, Any]:
    """A finished write-back run: one item written, one failed with its page kept, one mismatch."""
    robot = robots[1]
    run = RobotRun.objects.create(robot=robot, trigger=RunTrigger.BEAT, status=RunStatus.RUNNING, total=3)
    services.record_item(run, "BY-0001", ItemStatus.DONE, reference="HZ000000000001")
    failed = services.record_item(
        run,
        "BY-0002",
        ItemStatus.FAILED,
        attempts=4,
        error="StepFailed: open",
        screenshot=PNG,
        html="<html>页面</html>",
    )
    wb = WriteBack.objects.create(
        system=world.system,
        external_id="BY-0003",
        source="test_source",
        reference="CASE-3",
        values={"auditResult": "1"},
        expected_fingerprint="a" * 64,
        found_fingerprint="b" * 64,
        status="mismatch",
    )
    services.record_item(run, "BY-0003", ItemStatus.MISMATCH, error="changed")
    services.finish_run(run)
    run.refresh_from_db()
    return {"run": run, "failed": failed, "wb": wb}


def test_the_head_sees_the_robots_their_runs_and_that_the_system_is_a_stand_in(
    client, world, robots, finished
):
    client.force_login(world.head)
    page = client.get("/robots/")
    assert page.status_code == 200
    body = text(page)
    assert "测试补贴业务系统（仿真替身）" in body
    assert 'data-testid="stand-in"' in body and "不是真实的省级业务系统" in body
    assert 'data-robot="test-capture"' in body and 'data-robot="test-writeback"' in body
    assert f'data-run="{finished["run"].pk}" data-status="partial"' in body
    assert 'data-external="BY-0003"' in body  # the mismatch waiting for a person


def test_the_run_page_shows_items_steps_and_the_failure_files(client, world, finished):
    client.force_login(world.officer)
    run = finished["run"]
    page = client.get(f"/robots/runs/{run.pk}/")
    body = text(page)
    assert page.status_code == 200
    assert 'data-item="BY-0002" data-status="failed"' in body
    assert f"/robots/items/{finished['failed'].pk}/screenshot/" in body
    assert f"/robots/items/{finished['failed'].pk}/html/" in body
    assert 'data-testid="retry"' in body and 'data-testid="resolve"' in body
    shot = client.get(f"/robots/items/{finished['failed'].pk}/screenshot/")
    assert shot.status_code == 200 and b"".join(shot.streaming_content).startswith(b"\x89PNG")
    assert shot["X-Content-Type-Options"] == "nosniff"
    html = client.get(f"/robots/items/{finished['failed'].pk}/html/")
    assert html["Content-Type"].startswith("text/plain")
    assert "页面" in b"".join(html.streaming_content).decode()


def test_a_supervisor_may_look_but_not_act_nor_open_another_departments_files(
    client, world, robots, finished
):
    client.force_login(world.supervisor)
    assert client.get("/robots/").status_code == 200
    body = text(client.get(f"/robots/runs/{finished['run'].pk}/"))
    assert 'data-testid="retry"' not in body and "/screenshot/" not in body
    assert client.get(f"/robots/items/{finished['failed'].pk}/screenshot/").status_code == 403


def post_routes(robots: tuple[Robot, Robot], finished: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    capture = robots[0]
    return [
        (f"/robots/{capture.pk}/run/", {}),
        (f"/robots/{capture.pk}/switch/", {"enabled": "0", "confirm": "on"}),
        (f"/robots/items/{finished['failed'].pk}/retry/", {}),
        (f"/robots/writebacks/{finished['wb'].pk}/resolve/", {"confirm": "on"}),
    ]


@pytest.mark.parametrize("who", ["clerk", "other_head", "reviewer", "supervisor", "applicant"])
def test_everyone_but_the_departments_head_officers_and_admin_is_refused_every_post(
    client, world, robots, finished, who
):
    client.force_login(getattr(world, who))
    for path, data in post_routes(robots, finished):
        assert client.post(path, data).status_code == 403, path
    # and nothing changed
    assert Robot.objects.get(pk=robots[0].pk).enabled
    assert RobotRun.objects.count() == 1
    assert WriteBack.objects.get(pk=finished["wb"].pk).status == "mismatch"


def test_the_anonymous_are_sent_to_sign_in_and_change_nothing(client, world, robots, finished):
    for path, data in post_routes(robots, finished):
        response = client.post(path, data)
        assert response.status_code == 302 and "/login" in response["Location"], path
    assert client.get("/robots/").status_code == 302
    assert RobotRun.objects.count() == 1


@pytest.mark.parametrize("who", ["clerk", "reviewer", "applicant", "other_head"])
def test_staff_who_may_not_see_any_robot_get_403_on_the_pages(client, world, finished, who):
    client.force_login(getattr(world, who))
    assert client.get("/robots/").status_code == 403
    assert client.get(f"/robots/runs/{finished['run'].pk}/").status_code == 403


def test_the_kill_switch_needs_its_confirmation_and_then_stops_the_robot(client, world, robots):
    client.force_login(world.head)
    capture = robots[0]
    refused = client.post(f"/robots/{capture.pk}/switch/", {"enabled": "0"})
    assert refused.status_code == 422
    assert "停用前请勾选确认" in text(refused)
    assert Robot.objects.get(pk=capture.pk).enabled
    done = client.post(f"/robots/{capture.pk}/switch/", {"enabled": "0", "confirm": "on"})
    assert done.status_code == 302
    assert not Robot.objects.get(pk=capture.pk).enabled
    # a stopped robot cannot be run now; the page says why
    refused_run = client.post(f"/robots/{capture.pk}/run/")
    assert refused_run.status_code == 409 and "已停用" in text(refused_run)
    client.post(f"/robots/{capture.pk}/switch/", {"enabled": "1"})
    assert Robot.objects.get(pk=capture.pk).enabled


def test_run_now_queues_a_run_and_opens_its_page_and_a_second_is_refused(client, world, robots):
    client.force_login(world.officer)
    capture = robots[0]
    response = client.post(f"/robots/{capture.pk}/run/")
    run = RobotRun.objects.get(robot=capture)
    assert response.status_code == 302 and response["Location"] == f"/robots/runs/{run.pk}/"
    assert (run.status, run.trigger, run.requested_by) == ("queued", "staff", world.officer)
    busy = client.post(f"/robots/{capture.pk}/run/")
    assert busy.status_code == 409 and "正在运行" in text(busy)
    progress = client.get(f"/robots/runs/{run.pk}/progress/")
    assert 'data-status="queued"' in text(progress)


def test_re_running_a_failed_item_starts_a_retry_run_for_that_item_alone(client, world, finished):
    client.force_login(world.admin)
    response = client.post(f"/robots/items/{finished['failed'].pk}/retry/")
    retry = RobotRun.objects.exclude(pk=finished["run"].pk).get()
    assert response["Location"] == f"/robots/runs/{retry.pk}/"
    assert (retry.trigger, retry.only_external_id) == ("retry", "BY-0002")


def test_resolving_a_mismatch_accepts_the_record_as_it_reads_and_queues_its_write(client, world, finished):
    client.force_login(world.head)
    wb = finished["wb"]
    response = client.post(f"/robots/writebacks/{wb.pk}/resolve/", {"confirm": "on"})
    wb.refresh_from_db()
    assert (wb.status, wb.expected_fingerprint, wb.resolved_by) == ("pending", "b" * 64, world.head)
    retry = RobotRun.objects.exclude(pk=finished["run"].pk).get()
    assert retry.only_external_id == "BY-0003"
    assert response["Location"] == f"/robots/runs/{retry.pk}/"


def test_the_beat_job_starts_due_robots_once_and_not_the_ones_running_or_off(world, robots):
    capture, writeback = robots
    Robot.objects.filter(pk=capture.pk).update(schedule_seconds=600)
    Robot.objects.filter(pk=writeback.pk).update(schedule_seconds=300, enabled=False)
    assert services.run_due()["started"] == 1
    assert services.run_due()["started"] == 0  # the first is still queued
    run = RobotRun.objects.get()
    assert (run.robot, run.trigger) == (capture, "beat")
    # a run whose worker stopped reporting long ago is failed, and the robot runs again when due
    RobotRun.objects.filter(pk=run.pk).update(
        status="running", started_at=timezone.now() - services.STALE_RUN_AFTER * 2
    )
    Robot.objects.filter(pk=capture.pk).update(last_run_at=timezone.now() - services.STALE_RUN_AFTER * 2)
    result = services.run_due()
    assert result["stale"] == 1 and result["started"] == 1


def test_a_run_queued_before_the_kill_switch_went_off_is_stopped_before_it_starts(world, robots):
    from onego.robots import runner

    run = services.start_run(robots[0].pk, actor=world.head)
    services.set_enabled(robots[0].pk, enabled=False, actor=world.head)

    def no_browser() -> Any:
        raise AssertionError("a stopped run must not open a browser")

    assert runner.run(run.pk, page_factory=no_browser) == ""
    run.refresh_from_db()
    assert run.status == RunStatus.STOPPED and run.finished_at is not None
    # and a second delivery of the task changes nothing
    assert runner.run(run.pk, page_factory=no_browser) == ""
