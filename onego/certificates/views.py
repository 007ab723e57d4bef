"""Pages: the public verification page (证照核验) and the applicant's "my licences" (我的证照)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from onego.certificates import selectors, services
from onego.core import ratelimit

MAX_TEXT = services.MAX_DOCUMENT_CHARS


def verify_rate() -> int:
    return int(getattr(settings, "ONEGO_VERIFY_RATE_PER_MINUTE", 30))


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Paste the QR code text, the signed JSON or an identifier, or upload the licence PDF; a link with `?d=`
    or `?id=` opens checked. Limited per IP like the progress query (ONEGO_VERIFY_RATE_PER_MINUTE)."""
    result = None
    checking = request.method == "POST" or bool(request.GET.get("d") or request.GET.get("id"))
    if checking and ratelimit.over_limit(request, "verify", verify_rate()):
        return render(request, "certificates/verify.html", {"rate_limited": verify_rate()}, status=429)
    if request.method == "POST":
        upload = request.FILES.get("pdf")
        if upload is not None:
            try:
                if (upload.size or 0) > services.MAX_PDF_BYTES:
                    raise services.LicenceError("PDF 文件过大（上限 10 MB）。 The PDF is too large (10 MB at most).")
                result = services.verify(services.document_from_pdf(upload.read()))
            except services.LicenceError as exc:
                result = services.VerificationResult(services.VerificationStatus.INVALID, [str(exc)])
        else:
            result = services.verify(request.POST.get("text", "")[: MAX_TEXT + 1])
    elif checking:
        result = services.verify(request.build_absolute_uri())
    # the pasted text is not echoed back: it holds the full holder code
    return render(request, "certificates/verify.html", {"result": result})


@login_required
def my_licences(request: HttpRequest) -> HttpResponse:
    """The holder's licences, each with its PDF and signed JSON, and who else used it and why (用证记录)."""
    licences = list(selectors.licences_for_holder(request.user).prefetch_related("uses__department", "uses__case"))
    return render(request, "certificates/my_licences.html", {"licences": licences})


@require_http_methods(["GET"])
def licence_pdf(request: HttpRequest, identifier: str) -> HttpResponse:
    """The licence as a PDF for its holder and for staff; 404 for everyone else."""
    licence = selectors.licence_for_download(request.user, identifier)
    if licence is None:
        raise Http404("证照不存在 / No such licence")
    response = HttpResponse(services.licence_pdf(licence), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{licence.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
