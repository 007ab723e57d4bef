"""The staff pages of the robots (/robots/): runs with their progress, the kill switch, "run now", a run's
step log and items, re-running a failed item, resolving a mismatch, and the screenshot and page HTML a
failed item kept. Thin: parse, authorise (role AND the robot's system's department), call a service, render.

Who may act: the department head and policy officers of the system's department, and the administrator.
Supervisors may look. Everyone else signed in gets 403, the anonymous the login page.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from onego.accounts.models import User
from onego.core.errors import ApiError
from onego.core.security_headers import protect_upload
from onego.robots import selectors as sel
from onego.robots import services
from onego.robots.forms import ConfirmForm, KillSwitchForm
from onego.robots.models import ACTIVE_RUN_STATUSES, Robot, RobotRun, TargetSystem, WriteBack


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def viewer_required(view: Any) -> Any:
    """Signed in and allowed to see some robot; object checks follow in each view."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not sel.visible_systems(_user(request)).exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _may_view(request: HttpRequest, system: TargetSystem) -> None:
    if not services.may_view(request.user, system):
        raise PermissionDenied


def _may_act(request: HttpRequest, system: TargetSystem) -> None:
    if not services.may_act(request.user, system):
        raise PermissionDenied


def _status(error: ApiError) -> int:
    return error.status if 400 <= error.status < 500 else 409


def _render_index(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    user = _user(request)
    systems = sel.visible_systems(user)
    robots = list(sel.robots_of(systems))
    busy = set(
        RobotRun.objects.filter(robot__in=robots, status__in=ACTIVE_RUN_STATUSES).values_list(
            "robot_id", flat=True
        )
    )
    runs = Paginator(sel.runs_of(systems), sel.RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "robots/index.html",
        {
            "systems": [
                {
                    "system": s,
                    "may_act": services.may_act(user, s),
                    "robots": any(r.system_id == s.pk for r in robots),
                }
                for s in systems
            ],
            "robots": [
                {"robot": r, "busy": r.pk in busy, "may_act": services.may_act(user, r.system)}
                for r in robots
            ],
            "runs": runs,
            "mismatches": [
                {"wb": wb, "may_act": services.may_act(user, wb.system)}
                for wb in sel.mismatches_of(systems).select_related("system")
            ],
            "kill_form": KillSwitchForm(),
            "error": error,
        },
        status=status,
    )


@viewer_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """系统对接机器人: the robots the person may see, their runs newest first, mismatches waiting."""
    return _render_index(request)


@viewer_required
@require_POST
def run_now(request: HttpRequest, robot_id: int) -> HttpResponse:
    robot = get_object_or_404(Robot.objects.select_related("system"), pk=robot_id)
    _may_act(request, robot.system)
    try:
        run = services.start_run(robot.pk, actor=_user(request))
    except ApiError as error:
        return _render_index(request, error=error.message, status=_status(error))
    messages.success(request, _("已开始运行，可在本页查看进度。"))
    return redirect("robots:run", run_id=run.pk)


@viewer_required
@require_POST
def kill_switch(request: HttpRequest, robot_id: int) -> HttpResponse:
    robot = get_object_or_404(Robot.objects.select_related("system"), pk=robot_id)
    _may_act(request, robot.system)
    form = KillSwitchForm(request.POST)
    if not form.is_valid():
        message = " ".join(str(m) for errors in form.errors.values() for m in errors)
        return _render_index(request, error=message, status=422)
    enabled = bool(form.cleaned_data["enabled"])
    services.set_enabled(robot.pk, enabled=enabled, actor=_user(request))
    if enabled:
        messages.success(request, _("机器人已启用。"))
    else:
        messages.success(request, _("机器人已停用：运行中的任务将在下一步前停止，定时任务不再启动。"))
    return redirect("robots:index")


def _run(request: HttpRequest, run_id: int) -> RobotRun:
    run = (
        RobotRun.objects.select_related("robot__system__department", "requested_by").filter(pk=run_id).first()
    )
    if run is None:
        raise Http404
    _may_view(request, run.robot.system)
    return run


@viewer_required
@require_GET
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """A run: progress, the items (failed ones with their screenshot and page), the step log."""
    run = _run(request, run_id)
    system = run.robot.system
    return render(
        request,
        "robots/run.html",
        {
            "run": run,
            "system": system,
            "may_act": services.may_act(request.user, system),
            "may_view_files": services.may_view_files(request.user, system),
            "resolve_form": ConfirmForm(),
            **sel.run_detail(run),
        },
    )


@viewer_required
@require_GET
def run_progress(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress box alone, polled while the run goes on."""
    return render(request, "robots/_progress.html", {"run": _run(request, run_id)})


@viewer_required
@require_POST
def retry_item(request: HttpRequest, item_id: int) -> HttpResponse:
    item = sel.item_of_run(item_id)
    if item is None:
        raise Http404
    _may_act(request, item.run.robot.system)
    try:
        run = services.retry_item(item.pk, actor=_user(request))
    except ApiError as error:
        messages.error(request, error.message)
        return redirect("robots:run", run_id=item.run_id)
    messages.success(request, _("已开始重新运行该条目。"))
    return redirect("robots:run", run_id=run.pk)


@viewer_required
@require_POST
def resolve(request: HttpRequest, writeback_id: int) -> HttpResponse:
    """A person confirms the decided result still applies to the record as the system now shows it."""
    wb = get_object_or_404(WriteBack.objects.select_related("system"), pk=writeback_id)
    _may_act(request, wb.system)
    form = ConfirmForm(request.POST)
    back = request.POST.get("next_run", "")
    if not form.is_valid():
        messages.error(request, _("请先勾选确认。"))
    else:
        try:
            run = services.resolve_mismatch(wb.pk, actor=_user(request))
        except ApiError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("已确认，机器人将按系统中当前的记录回写结果。"))
            if run is not None:
                return redirect("robots:run", run_id=run.pk)
    if back.isdigit():
        return redirect("robots:run", run_id=int(back))
    return redirect("robots:index")


def _item_file(request: HttpRequest, item_id: int, field: str) -> HttpResponseBase:
    item = sel.item_of_run(item_id)
    if item is None:
        raise Http404
    if not services.may_view_files(request.user, item.run.robot.system):
        raise PermissionDenied
    stored = getattr(item, field)
    if not stored:
        raise Http404
    if field == "html":  # the system's page as text: read, never run
        response = FileResponse(stored.open("rb"), content_type="text/plain; charset=utf-8")
        return protect_upload(response, f"run{item.run_id}-{item.external_id or 'run'}.html.txt")
    response = FileResponse(stored.open("rb"), content_type="image/png")
    return protect_upload(response, f"run{item.run_id}-{item.external_id or 'run'}.png")


@viewer_required
@require_GET
def item_screenshot(request: HttpRequest, item_id: int) -> HttpResponseBase:
    return _item_file(request, item_id, "screenshot")


@viewer_required
@require_GET
def item_html(request: HttpRequest, item_id: int) -> HttpResponseBase:
    return _item_file(request, item_id, "html")
