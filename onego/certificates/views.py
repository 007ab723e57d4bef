"""Pages: the public verification page (证照核验) and the applicant's "my licences" (我的证照)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from onego.accounts.roles import Role
from onego.certificates import selectors, services
from onego.certificates.models import LicenceType
from onego.core import ratelimit

MAX_TEXT = services.MAX_DOCUMENT_CHARS


def verify_rate() -> int:
    return int(getattr(settings, "ONEGO_VERIFY_RATE_PER_MINUTE", 30))


def _rate_limited(request: HttpRequest) -> HttpResponse:
    return render(request, "certificates/verify.html", {"rate_limited": verify_rate()}, status=429)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Paste the QR code text, the signed JSON or an identifier, or upload the licence PDF; the result is shown
    above the forms. A link with `?d=` or `?id=` (older licences' QR codes) opens as a result page, like
    `verify_link`. Limited per IP like the progress query (ONEGO_VERIFY_RATE_PER_MINUTE)."""
    result, status = None, 200
    from_link = request.method == "GET" and bool(request.GET.get("d") or request.GET.get("id"))
    checking = request.method == "POST" or from_link
    if checking and ratelimit.over_limit(request, "verify", verify_rate()):
        return _rate_limited(request)
    if request.method == "POST":
        upload = request.FILES.get("pdf")
        if upload is not None:
            try:
                if (upload.size or 0) > services.MAX_PDF_BYTES:
                    raise services.LicenceError(_("PDF 文件过大（上限 10 MB）。"))
                result = services.verify(services.document_from_pdf(upload.read()))
            except services.LicenceError as exc:
                result = services.VerificationResult(services.VerificationStatus.INVALID, [str(exc)])
                # a file refused as hostile (decompression bomb) is a bad request, not a verification result
                status = 422 if isinstance(exc, services.HostilePdf) else 200
        else:
            result = services.verify(request.POST.get("text", "")[: MAX_TEXT + 1])
    elif from_link:
        result = services.verify(request.get_full_path())
    # the pasted text is not echoed back: it holds the full holder code
    return render(
        request, "certificates/verify.html", {"result": result, "from_link": from_link}, status=status
    )


@never_cache
@require_http_methods(["GET"])
def verify_link(request: HttpRequest, identifier: str) -> HttpResponse:
    """The link in a licence's QR code (/licences/v/<identifier>/?sig=...): a phone that scans it lands on the
    result (valid, revoked, expired or invalid; the holder masked), not on a form. Public, rate-limited like the
    verification page; never cached, so a revocation shows at once."""
    if ratelimit.over_limit(request, "verify", verify_rate()):
        return _rate_limited(request)
    result = services.verify(request.get_full_path())
    return render(request, "certificates/verify.html", {"result": result, "from_link": True})


@login_required
def my_licences(request: HttpRequest) -> HttpResponse:
    """The holder's licences, each with its PDF and signed JSON, and who else used it and why (用证记录)."""
    licences = list(
        selectors.licences_for_holder(request.user).prefetch_related("uses__department", "uses__case")
    )
    for licence in licences:
        licence.verify_path = services.verify_path(licence)  # type: ignore[attr-defined]
    return render(request, "certificates/my_licences.html", {"licences": licences})


@require_http_methods(["GET"])
def licence_pdf(request: HttpRequest, identifier: str) -> HttpResponse:
    """The licence as a PDF for those who may read it in full (selectors.licence_for_download); 404 for everyone
    else. Every download is audited."""
    licence = selectors.licence_for_download(request.user, identifier)
    if licence is None:
        raise Http404(_("证照不存在"))
    services.record_download(licence, request.user, fmt="pdf")
    response = HttpResponse(services.licence_pdf(licence), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{licence.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _issuer_staff(request: HttpRequest) -> Any:
    user = request.user
    if not getattr(user, "is_government_staff", False) or getattr(user, "department_id", None) is None:
        raise PermissionDenied
    return user


@login_required
def issued(request: HttpRequest) -> HttpResponse:
    """颁发的证照: the licences the staff member's department issued, searchable; its head may revoke one."""
    user = _issuer_staff(request)
    q = request.GET.get("q", "").strip()[:60]
    page = Paginator(selectors.issued_by(user.department, q), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/issued.html",
        {"page": page, "q": q, "can_revoke": user.has_role(Role.DEPARTMENT_HEAD)},
    )


@login_required
@require_POST
def revoke(request: HttpRequest, identifier: str) -> HttpResponse:
    """The issuing department's head revokes a licence with a reason; verification says so at once."""
    user = _issuer_staff(request)
    licence = selectors.issued_by(user.department).filter(identifier=identifier).first()
    if licence is None:
        raise Http404(_("证照不存在"))
    if not user.has_role(Role.DEPARTMENT_HEAD):
        raise PermissionDenied
    try:
        services.revoke(licence.pk, request.POST.get("reason", "")[:500], actor=user)
    except services.LicenceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("已撤销 %(name)s %(number)s。") % {"name": licence.licence_type.name, "number": licence.number},
        )
    return redirect(f"{reverse('certificates:issued')}?q={licence.number}")


@require_http_methods(["GET"])
def public_register(request: HttpRequest) -> HttpResponse:
    """许可公开 (public permit disclosure): holder, number, type, business type, dates, status — enterprises only,
    no personal data; a revocation shows its reason and date (the public notice)."""
    type_key = request.GET.get("type", "food_business_licence")[:40]
    q = request.GET.get("q", "").strip()[:60]
    page = Paginator(selectors.public_register(type_key, q), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/public_register.html",
        {"page": page, "q": q, "type_key": type_key, "types": LicenceType.objects.order_by("key")},
    )
