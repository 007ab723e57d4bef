"""The archive's manifest signer: SM2 with SM3 over the exact bytes of manifest.json, DER-encoded, made with
the key file named by settings.ONEGO_ARCHIVE_SIGNING_KEY_ID (default: the service centre's active key, published
at /api/v1/licences/keys) through
onego.certificates.signing (user ID "1234567812345678"), so OpenSSL 3 checks it with
`openssl dgst -sm3 -verify archive-public.pem -sigopt distid:1234567812345678 -signature manifest.json.sig
manifest.json` (OpenSSL 3.0 assumes an empty ID unless told).

Enabled by settings.ONEGO_ARCHIVE_MANIFEST_SIGNER = "onego.archive.signing.archive_key_signer". The
certificates module is imported only when a manifest is signed: certificates may archive its licences through
onego.archive.services, and a module-level import in each direction would be a circle.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.utils.translation import gettext as _


class ArchiveKeySigner:
    """Callable `f(manifest bytes) -> signature bytes`, carrying the key id the manifest names."""

    algorithm = "SM2withSM3"

    @property
    def key_id(self) -> str:
        """The configured key id; when none is configured, the active key of the department that hosts the
        comprehensive window (the service centre keeps the archive), published at /api/v1/licences/keys."""
        configured = str(getattr(settings, "ONEGO_ARCHIVE_SIGNING_KEY_ID", "") or "")
        if configured:
            return configured
        models = import_module("onego.certificates.models")
        key = (
            models.SigningKey.objects.filter(
                department__hosts_comprehensive_window=True, retired_at__isnull=True
            )
            .order_by("-created")
            .first()
        )
        if key is None:
            raise RuntimeError(_("没有服务中心的签名密钥，请运行 manage.py make_signing_key。"))
        return str(key.key_id)

    def __call__(self, data: bytes) -> bytes:
        signing = import_module("onego.certificates.signing")
        key = signing.load_private_key(
            self.key_id
        )  # the manifest names the same key id (read before signing)
        signature: bytes = signing.sign(key, data)
        return signature


archive_key_signer = ArchiveKeySigner()
