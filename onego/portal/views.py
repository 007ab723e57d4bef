"""The site shell: home, login, sign-up, health check and error pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery import current_app as celery_app
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from onego.accounts.identity import get_identity_adapter
from onego.accounts.services import SignupRefused, sign_up_person
from onego.core import ratelimit
from onego.core.models import SiteMessage
from onego.core.outbox import mark_read
from onego.core.sm3 import sm3_hex
from onego.portal.navigation import NavItem

HOME_ENTRIES = [
    NavItem("guides", _("办事指南"), "catalog:guide_list"),
    NavItem("my_cases", _("我的办件"), "cases:my_cases"),
    NavItem("progress", _("进度查询"), "cases:progress"),
    NavItem("verify", _("证照核验"), "certificates:verify"),
    NavItem("policy_finder", _("政策兑现"), "policies:finder"),
]
HOME_HINTS = {
    "guides": _("查找事项，了解材料、时限和流程"),
    "my_cases": _("查看我的申请、补正和结果"),
    "progress": _("凭办件编号查询办理进度"),
    "verify": _("核验电子证照的真伪与状态"),
    "policy_finder": _("看看企业能享受哪些政策"),
}


def home(request: HttpRequest) -> HttpResponse:
    entries = [
        {"key": e.key, "label": e.label, "url": e.url(), "hint": HOME_HINTS[e.key]} for e in HOME_ENTRIES
    ]
    return render(request, "portal/home.html", {"entries": entries})


class OneGoLoginView(LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        # ?next=/login/ for someone already signed in would loop (Django raises ValueError, a 500): go home instead.
        url = super().get_redirect_url(*args, **kwargs)
        return "" if url and url.split("?", 1)[0] == self.request.path else url


class SignupForm(forms.Form):
    real_name = forms.CharField(label=_("姓名"), max_length=64)
    id_number = forms.CharField(label=_("身份证号码"), max_length=18, min_length=15)
    phone = forms.RegexField(
        label=_("手机号码"),
        regex=r"^1\d{10}$",
        required=False,
        error_messages={"invalid": _("请输入 11 位手机号码")},
    )
    username = forms.RegexField(
        label=_("用户名"),
        regex=r"^[A-Za-z0-9_.-]{3,30}$",
        error_messages={"invalid": _("用户名为 3–30 位字母、数字或 _ . -")},
    )
    password = forms.CharField(label=_("密码"), widget=forms.PasswordInput, min_length=8)
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致"))
        if data.get("password"):
            from django.contrib.auth.password_validation import validate_password

            try:
                validate_password(data["password"])
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


def _signup_throttled(request: HttpRequest, id_number: str) -> bool:
    """Every identity check counts, per client address (ONEGO_SIGNUP_RATE_PER_MINUTE a minute) and per ID number
    (ONEGO_SIGNUP_ID_RATE_PER_HOUR an hour, from any address): sign-up must not be a fast oracle of who owns
    an ID number. The ID number is counted under its SM3 digest, never in clear."""
    by_address = ratelimit.over_limit(
        request, "signup", int(getattr(settings, "ONEGO_SIGNUP_RATE_PER_MINUTE", 5))
    )
    key = sm3_hex(id_number.strip().upper().encode())
    by_number = ratelimit.over_window_limit(
        "signup-id", key, int(getattr(settings, "ONEGO_SIGNUP_ID_RATE_PER_HOUR", 5)), 3600
    )
    return by_address or by_number


@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    adapter = get_identity_adapter()
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _signup_throttled(request, form.cleaned_data["id_number"]):
            form.add_error(None, _("核验次数过多，请稍后再试。"))
            return render(request, "portal/signup.html", {"form": form, "adapter": adapter}, status=429)
        try:
            user = sign_up_person(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                real_name=form.cleaned_data["real_name"],
                id_number=form.cleaned_data["id_number"],
                phone=form.cleaned_data.get("phone") or "",
            )
        except SignupRefused as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("注册成功，已完成实名核验。"))
            return redirect("portal:home")
    return render(request, "portal/signup.html", {"form": form, "adapter": adapter})


@login_required
def site_messages(request: HttpRequest) -> HttpResponse:
    """站内消息: what the outbox delivered to this user; opening the page marks them read."""
    user_id = int(request.user.pk or 0)
    rows = SiteMessage.objects.filter(recipient_id=user_id).order_by("-created_at", "-id")
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    unread = [m.pk for m in page.object_list if m.read_at is None]
    response = render(request, "portal/messages.html", {"page": page, "unread": set(unread)})
    for pk in unread:
        mark_read(user_id, pk)
    return response


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker reachability, for load balancers and `make run`."""
    checks: dict[str, dict[str, object]] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # health checks report, never raise
        checks["database"] = {"ok": False, "error": type(exc).__name__}
    try:
        with celery_app.connection_for_write(connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            _channel = conn.default_channel  # opening a channel really talks to the broker (Redis: a PING)
            transport = conn.transport_cls
        checks["broker"] = {"ok": True, "transport": str(transport)}
    except Exception as exc:
        checks["broker"] = {"ok": False, "error": type(exc).__name__}
    ok = all(bool(c["ok"]) for c in checks.values())
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)


FAVICON = Path(__file__).resolve().parent / "static" / "portal" / "favicon.ico"


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico: browsers ask for it on every site whatever the page links; a 404 fills the logs."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the failure may be the database.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
