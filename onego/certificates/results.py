"""The e-licences a case issued, as results of the case (办理结果) on the applicant's and staff's case pages.

Registered with `onego.cases.results` in AppConfig.ready (cases must not import certificates)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from onego.cases.models import Case
from onego.cases.results import Audience, CaseResult, ResultLink
from onego.certificates.models import Licence, LicenceStatus
from onego.core.localized import localized


def _status_words() -> dict[str, str]:
    return {
        LicenceStatus.VALID: _("有效"),
        LicenceStatus.REVOKED: _("已撤销"),
        LicenceStatus.EXPIRED: _("已过期"),
        LicenceStatus.CANCELLED: _("已注销"),
    }


def licence_results(case: Case, audience: Audience) -> list[CaseResult]:
    """Each licence issued for the case: its number, holder and dates, its PDF and its verification page."""
    out = []
    for licence in Licence.objects.filter(case=case).select_related("licence_type", "issuer").order_by("pk"):
        pdf = reverse("certificates:pdf", args=[licence.identifier])
        valid_to = f"{licence.valid_to:%Y-%m-%d}" if licence.valid_to else _("长期")
        out.append(
            CaseResult(
                kind="licence",
                title=localized(licence.licence_type),
                status=_status_words().get(licence.status, licence.status),
                ok=licence.status == LicenceStatus.VALID,
                details=(
                    (_("证照编号"), licence.number),
                    (_("持证主体"), licence.holder_name),
                    (_("颁证单位"), f"{localized(licence.issuer)}（{licence.issue_date:%Y-%m-%d}）"),
                    (_("有效期"), f"{licence.valid_from:%Y-%m-%d} — {valid_to}"),
                ),
                links=(
                    ResultLink(_("查看证照（PDF）"), pdf, "pdf"),
                    ResultLink(_("下载 PDF"), f"{pdf}?download=1", "download"),
                    ResultLink(
                        _("核验"),
                        f"{reverse('certificates:verify')}?{urlencode({'id': licence.identifier})}",
                        "verify",
                    ),
                ),
            )
        )
    return out
