"""Test helpers for PDFs: a file assembled from its objects with a correct cross-reference table, and the
poppler-utils tool that reads one as any reader would."""

from __future__ import annotations

import os
import shutil

import pytest


def assemble_pdf(objects: list[bytes], version: bytes = b"1.4") -> bytes:
    """Objects numbered from 1 in the order given; object 1 is the catalogue (/Root)."""
    out = bytearray(b"%PDF-" + version + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def need(tool: str) -> str:
    """The path of a poppler-utils tool (pdffonts, pdftotext, pdftoppm); the test skips when it is missing, or
    fails under ONEGO_REQUIRE_BROWSER (CI installs poppler-utils)."""
    path = shutil.which(tool)
    if not path:
        if os.environ.get("ONEGO_REQUIRE_BROWSER"):  # CI installs poppler-utils: missing there is a failure
            pytest.fail(f"{tool} (poppler-utils) is not installed")
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path
