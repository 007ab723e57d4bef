"""The licence provider that lets cases reuse e-licences (免提交); registered in AppConfig.ready."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from onego.cases.reuse import LicenceCheck, LicenceChoice
from onego.certificates import selectors, services
from onego.certificates.models import Licence


def _choice(licence: Licence) -> LicenceChoice:
    return LicenceChoice(
        identifier=licence.identifier,
        type_key=licence.licence_type.key,
        type_name=licence.licence_type.name,
        number=licence.number,
        holder_name=licence.holder_name,
        issuer_name=licence.issuer.name,
        valid_to=licence.valid_to,
        type_name_en=licence.licence_type.name_en,
        issuer_name_en=licence.issuer.name_en,
    )


class CertificatesProvider:
    def usable(self, user: Any, type_keys: list[str]) -> dict[str, list[LicenceChoice]]:
        found = services.usable_licences(selectors.holder_codes(user), type_keys)
        return {key: [_choice(lic) for lic in rows] for key, rows in found.items()}

    def check_pick(self, user: Any, type_key: str, identifier: str) -> LicenceChoice:
        for licence in services.usable_licences(selectors.holder_codes(user), [type_key])[type_key]:
            if licence.identifier == identifier:
                return _choice(licence)
        raise ValueError(_("所选电子证照不是您名下有效的此类证照，请重新选择或上传材料。"))

    def check_for_staff(self, identifier: str, *, case: Any, material_name: str, viewer: Any) -> LicenceCheck:
        result = services.verify(identifier)
        licence = (
            Licence.objects.select_related("licence_type", "issuer").filter(identifier=identifier).first()
        )
        data: list[tuple[str, str]] = []
        if licence is not None:
            labels = {
                f.get("key"): f.get("label") for f in licence.licence_type.data_fields if isinstance(f, dict)
            }
            data = [(str(labels.get(k) or k), str(v)) for k, v in (licence.data or {}).items()]
            department = getattr(viewer, "department", None)
            if department is not None:
                reason = (
                    f"办件 {case.number}「{case.item_version.name}」：以电子证照代替材料「{material_name}」"
                )
                services.record_use(
                    licence,
                    department=department,
                    reason=reason[: services.MAX_USE_REASON],
                    actor=viewer,
                    case=case,
                )
        return LicenceCheck(
            identifier=identifier,
            status=result.status,
            label=result.label,
            reasons=result.reasons,
            summary=result.licence,
            data=data,
        )
