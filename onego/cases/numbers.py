"""Case numbers as people type them.

A case number is printed on the receipt in upper case (implementation code + yyyyMMdd + 4-digit sequence,
see `onego.cases.services.next_number`); people read it aloud, copy it from a phone or type it on a Chinese
keyboard. The
progress query (page and API) therefore accepts it in any letter case, with spaces or dashes between the
groups and in full-width characters, and compares the normalised form.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―－_]+")


def normalize_case_number(raw: str) -> str:
    """' 11440111ｍｂ2c 2026 1207 0001 ' → '11440111MB2C202612070001': full-width to half-width (NFKC), spaces
    and dashes removed, upper case. Works for bundle numbers (YJS…) too."""
    text = unicodedata.normalize("NFKC", raw or "")
    return _SEPARATORS.sub("", text).upper()


def normalize_id_tail(raw: str) -> str:
    """The last four characters of an ID number or credit code as typed: 'ｗｘ００' → 'WX00', ' 123x' → '123X'."""
    return normalize_case_number(raw)


#: Query codes use letters and digits nobody confuses when reading a receipt aloud: no 0/O, 1/I/L.
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 6


def new_query_code() -> str:
    """A random query code (查询码) for the public progress query: 6 of 31 characters, about 8.9 × 10^8 values,
    drawn with the secrets module. Printed on the receipt and shown on the applicant's own case page."""
    import secrets

    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def normalize_query_code(raw: str) -> str:
    """A query code as typed: any letter case, spaces, dashes, full-width characters: ' ab3-k7q ' → 'AB3K7Q'."""
    return normalize_case_number(raw)
