"""SM2 signatures with SM3 (SM2withSM3, OID 1.2.156.10197.1.501; GB/T 32918, GB/T 35276).

Signing and verifying are pure Python: gmssl does the curve arithmetic, and this module computes the
digest itself, e = SM3(Z_A || M) with Z_A = SM3(ENTL || ID || a || b || x_G || y_G || x_A || y_A) and the
default user ID "1234567812345678". (gmssl's own `sign_with_sm3` computes the same Z_A, but it draws the
nonce k from `random` rather than `secrets`, can pick k ≥ n, hashes with its slow pure-Python SM3, and its
constructor's `public_key.lstrip("04")` mangles a key whose x coordinate starts with 0 or 4 — so we call
only its `sign`/`verify`/`_kg` primitives and set the public key ourselves.)

Signatures are DER: SEQUENCE { INTEGER r, INTEGER s }, as OpenSSL and every standard tool expect.
Keys are PEM: private keys PKCS#8 (id-ecPublicKey with the SM2 curve OID, as `openssl genpkey` writes
them; SEC1 "EC PRIVATE KEY" is read too), public keys SubjectPublicKeyInfo.

Private keys live only in files under `settings.ONEGO_SIGNING_KEY_DIR` (mode 0600), never in the
database, never in logs.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from Cryptodome.Util.asn1 import DerBitString, DerInteger, DerObjectId, DerOctetString, DerSequence
from django.conf import settings
from django.utils.translation import gettext
from gmssl import sm2

from onego.core.sm3 import sm3_hex

SM2_WITH_SM3_OID = "1.2.156.10197.1.501"
SM2_CURVE_OID = "1.2.156.10197.1.301"
EC_PUBLIC_KEY_OID = "1.2.840.10045.2.1"
DEFAULT_USER_ID = b"1234567812345678"

_TABLE = sm2.default_ecc_table
N = int(_TABLE["n"], 16)
P = int(_TABLE["p"], 16)
A = int(_TABLE["a"], 16)
B = int(_TABLE["b"], 16)
GX = int(_TABLE["g"][:64], 16)
GY = int(_TABLE["g"][64:], 16)

KEY_ID_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,79}$")


class SigningKeyError(ValueError):
    """A key that cannot be read or is not an SM2 key."""


@dataclass(frozen=True)
class PublicKey:
    x: int
    y: int

    def __post_init__(self) -> None:
        if not (0 <= self.x < P and 0 <= self.y < P) or (self.y * self.y - (self.x**3 + A * self.x + B)) % P:
            raise SigningKeyError(gettext("公钥不在 SM2 曲线上。"))

    @property
    def hex(self) -> str:
        return f"{self.x:064x}{self.y:064x}"

    @property
    def uncompressed(self) -> bytes:
        return b"\x04" + bytes.fromhex(self.hex)

    def fingerprint(self) -> str:
        """SM3 of the uncompressed point, hex (used to name keys)."""
        return sm3_hex(self.uncompressed)

    def to_pem(self) -> str:
        algorithm = DerSequence([DerObjectId(EC_PUBLIC_KEY_OID), DerObjectId(SM2_CURVE_OID)])
        der = DerSequence([algorithm, DerBitString(self.uncompressed)]).encode()
        return _pem("PUBLIC KEY", der)


@dataclass(frozen=True, repr=False)
class PrivateKey:
    d: int
    public: PublicKey

    def __repr__(self) -> str:  # never show the secret, not even in a traceback
        return f"PrivateKey(public={self.public.hex[:16]}…)"

    def to_pem(self) -> str:
        """PKCS#8, the form `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:SM2` writes."""
        ec_private_key = DerSequence(
            [
                DerInteger(1),
                DerOctetString(self.d.to_bytes(32, "big")),
                DerBitString(self.public.uncompressed, explicit=1),
            ]
        ).encode()
        algorithm = DerSequence([DerObjectId(EC_PUBLIC_KEY_OID), DerObjectId(SM2_CURVE_OID)])
        der = DerSequence([DerInteger(0), algorithm, DerOctetString(ec_private_key)]).encode()
        return _pem("PRIVATE KEY", der)


def _crypt() -> sm2.CryptSM2:
    return sm2.CryptSM2(private_key="", public_key="")


def _multiply_g(d: int) -> PublicKey:
    point = _crypt()._kg(d, _TABLE["g"])
    return PublicKey(int(point[:64], 16), int(point[64:], 16))


def private_key_from_int(d: int) -> PrivateKey:
    # d + 1 must be invertible mod n, so d ∈ [1, n − 2]
    if not 1 <= d <= N - 2:
        raise SigningKeyError(gettext("私钥超出范围。"))
    return PrivateKey(d, _multiply_g(d))


def generate_private_key() -> PrivateKey:
    return private_key_from_int(secrets.randbelow(N - 2) + 1)


# --- PEM / DER -----------------------------------------------------------------------------------------


def _pem(label: str, der: bytes) -> str:
    body = base64.b64encode(der).decode("ascii")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


def _unpem(text: str, labels: tuple[str, ...]) -> tuple[str, bytes]:
    match = re.search(r"-----BEGIN ([A-Z ]+)-----(.*?)-----END \1-----", text, re.DOTALL)
    if not match or match.group(1) not in labels:
        raise SigningKeyError(gettext("不是 PEM 格式的 %(names)s。") % {"names": " / ".join(labels)})
    try:
        return match.group(1), base64.b64decode("".join(match.group(2).split()), validate=True)
    except ValueError as exc:
        raise SigningKeyError(gettext("PEM 内容不是有效的 Base64。")) from exc


def _sequence(der: bytes, **options: Any) -> list[Any]:
    """The elements of a DER SEQUENCE (pycryptodome's stubs type them loosely)."""
    decoded: Any = DerSequence().decode(der, **options)
    return [decoded[i] for i in range(len(decoded))]


def _point_from_octets(octets: bytes) -> PublicKey:
    if len(octets) != 65 or octets[0] != 4:
        raise SigningKeyError(gettext("只支持非压缩格式的 SM2 公钥。"))
    return PublicKey(int.from_bytes(octets[1:33], "big"), int.from_bytes(octets[33:], "big"))


def _check_algorithm(algorithm_der: bytes) -> None:
    oids = [DerObjectId().decode(item).value for item in _sequence(algorithm_der)]
    # id-ecPublicKey with the SM2 curve (OpenSSL, RFC 5480 style), or the SM2 OID on its own (some tools)
    if oids[:2] != [EC_PUBLIC_KEY_OID, SM2_CURVE_OID] and oids[:1] != [SM2_CURVE_OID]:
        raise SigningKeyError(gettext("不是 SM2 密钥。"))


def public_key_from_pem(text: str) -> PublicKey:
    _, der = _unpem(text, ("PUBLIC KEY",))
    try:
        spki = _sequence(der, strict=True)
        _check_algorithm(spki[0])
        bits = DerBitString().decode(spki[1]).value
    except (ValueError, IndexError, TypeError) as exc:
        raise SigningKeyError(gettext("无法读取公钥。")) from exc
    return _point_from_octets(bits)


def _from_ec_private_key(der: bytes) -> int:
    seq = _sequence(der)
    if seq[0] != 1:
        raise SigningKeyError(gettext("不支持的 ECPrivateKey 版本。"))
    return int.from_bytes(DerOctetString().decode(seq[1]).payload, "big")


def private_key_from_pem(text: str) -> PrivateKey:
    label, der = _unpem(text, ("PRIVATE KEY", "EC PRIVATE KEY"))
    try:
        if label == "PRIVATE KEY":
            pkcs8 = _sequence(der)
            _check_algorithm(pkcs8[1])
            d = _from_ec_private_key(DerOctetString().decode(pkcs8[2]).payload)
        else:
            d = _from_ec_private_key(der)
    except (ValueError, IndexError, TypeError) as exc:
        raise SigningKeyError(gettext("无法读取私钥。")) from exc
    return private_key_from_int(d)


def encode_signature(r: int, s: int) -> bytes:
    return DerSequence([DerInteger(r), DerInteger(s)]).encode()


def decode_signature(der: bytes) -> tuple[int, int]:
    """(r, s) from a strict DER signature; ValueError if it is not exactly the canonical encoding."""
    try:
        seq = _sequence(der, strict=True, nr_elements=2, only_ints_expected=True)
        r, s = int(seq[0]), int(seq[1])
    except (ValueError, IndexError, TypeError, EOFError) as exc:
        raise ValueError(gettext("签名不是有效的 DER 编码。")) from exc
    if encode_signature(r, s) != der:
        raise ValueError(gettext("签名不是规范的 DER 编码。"))
    return r, s


# --- Sign and verify -----------------------------------------------------------------------------------


def z_value(public: PublicKey, user_id: bytes = DEFAULT_USER_ID) -> bytes:
    """Z_A = SM3(ENTL || ID || a || b || x_G || y_G || x_A || y_A), ENTL = bit length of ID, 2 bytes."""
    entl = (len(user_id) * 8).to_bytes(2, "big")
    data = entl + user_id + b"".join(v.to_bytes(32, "big") for v in (A, B, GX, GY, public.x, public.y))
    return bytes.fromhex(sm3_hex(data))


def message_digest(public: PublicKey, message: bytes, user_id: bytes = DEFAULT_USER_ID) -> bytes:
    """e = SM3(Z_A || M)."""
    return bytes.fromhex(sm3_hex(z_value(public, user_id) + message))


def sign(key: PrivateKey, message: bytes, user_id: bytes = DEFAULT_USER_ID) -> bytes:
    """Sign `message` (the bytes themselves, not a hash); returns the DER signature."""
    e = message_digest(key.public, message, user_id)
    crypt = sm2.CryptSM2(private_key=f"{key.d:064x}", public_key="")
    crypt.public_key = key.public.hex
    while True:
        k = secrets.randbelow(N - 1) + 1
        result = crypt.sign(e, f"{k:064x}")
        if result:  # gmssl returns None when r = 0, r + k = n or s = 0: draw another k
            return encode_signature(int(result[:64], 16), int(result[64:], 16))


def verify(public: PublicKey, message: bytes, signature: bytes, user_id: bytes = DEFAULT_USER_ID) -> bool:
    try:
        r, s = decode_signature(signature)
    except ValueError:
        return False
    if not (1 <= r < N and 1 <= s < N) or (r + s) % N == 0:
        return False
    crypt = _crypt()
    crypt.public_key = public.hex
    try:
        return bool(crypt.verify(f"{r:064x}{s:064x}", message_digest(public, message, user_id)))
    except (TypeError, ValueError):  # a point at infinity on the way: not a valid signature
        return False


# --- Key files -----------------------------------------------------------------------------------------


def key_dir() -> Path:
    default = Path(settings.BASE_DIR) / "var" / "keys"
    return Path(getattr(settings, "ONEGO_SIGNING_KEY_DIR", default))


def key_path(key_id: str) -> Path:
    if not KEY_ID_RE.match(key_id):
        raise SigningKeyError(gettext("密钥编号含有不允许的字符。"))
    return key_dir() / f"{key_id}.pem"


def write_private_key(key_id: str, key: PrivateKey) -> Path:
    """Write a new key file, readable by the owner only; refuses to overwrite an existing one."""
    path = key_path(key_id)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.to_pem())
    os.chmod(path, 0o600)
    return path


_loaded: dict[tuple[str, int, int], PrivateKey] = {}


def load_private_key(key_id: str) -> PrivateKey:
    """The key from its file. Parsed keys are kept in this process (deriving the public point costs ~5 ms),
    keyed by the file's path, size and modification time, so a replaced file is read again."""
    path = key_path(key_id)
    try:
        stat = path.stat()
        cache_key = (str(path), stat.st_size, stat.st_mtime_ns)
        if cache_key in _loaded:
            return _loaded[cache_key]
        text = path.read_text(encoding="ascii")
    except FileNotFoundError as exc:
        raise SigningKeyError(gettext("找不到签名密钥文件（%(key_id)s）。") % {"key_id": key_id}) from exc
    key = private_key_from_pem(text)
    if len(_loaded) > 64:
        _loaded.clear()
    _loaded[cache_key] = key
    return key
