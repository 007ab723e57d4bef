"""Pages of the e-archive: the download of a case's archive."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from onego.archive import services
from onego.archive.selectors import case_for
from onego.core.security_headers import protect_upload


@require_GET
def case_zip(request: HttpRequest, number: str) -> FileResponse:
    """The case's archive (files, manifest, its SM3 and signature) for staff who may open the case and for
    the applicant who owns it; 404 for everyone else, so a case number reveals nothing."""
    case = case_for(request.user, number)
    if case is None:
        raise Http404(_("办件不存在"))
    spool = tempfile.TemporaryFile()  # FileResponse closes it after streaming
    services.write_case_archive(case.pk, spool)
    spool.seek(0)
    response = FileResponse(spool, content_type="application/zip")
    protect_upload(response, f"{case.number}.zip", attachment=True)
    return response
