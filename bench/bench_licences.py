"""Benchmark: rendering e-licence PDFs (onego.certificates.render) — target sign + render ≤ 200 ms for one licence,
500 in a batch ≤ 60 s.

Rows, same run:
- `licences.render one (CJK font embedded)`: render_licence_pdf on a realistic 食品经营许可证 (seal, ~400-character
  QR code, 10 rows), n=50 after warm-ups, p50/p95/max ms. Each licence differs (holder, number, QR text).
- `baseline: same page, ASCII only, core Helvetica (nothing embedded)`: the same frame, rows and QR code drawn
  with a PDF core font, so the cost of embedding and subsetting the CJK font is the difference between the two.
- `licences.render one, character beyond GB 2312 (full-font fallback)`: a holder name with 堃/喆 adds the full
  30,000-glyph font as a fallback — the slow, rare path.
- `licences.render batch 500 (one process)` and `(N processes)`: wall time for 500 different licences.
- `licences.font subset build (once per machine)`: deriving the cached GB 2312 subset from the PyPI font.
- `licences.sign + render one`: only when onego.certificates.signing offers generate_private_key() and sign();
  signing belongs to another module, so the render rows above measure rendering alone.
Run through `bench/run.py` or alone: `python -m bench.bench_licences`.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REPS = 50
WARMUP = 3
BATCH = 500
TARGET_ONE_MS = 200.0
TARGET_BATCH_S = 60.0


def licence(i: int, holder: str | None = None) -> dict[str, Any]:
    sig = "".join(f"{(i * 2654435761 + k * 40503) % 65536:04x}" for k in range(36))  # a DER SM2 signature's size
    ident = f"12440100MB2C92174X.91440111MA59{i % 10000:04d}2X.JY.2026.{i:06d}.Q"
    return {
        "type_name": "食品经营许可证",
        "licence_number": f"JY1440111{i:07d}",
        "identifier": ident,
        "holder_name": holder or f"广州市白云区云味餐饮有限公司第{i % 100}分店",
        "holder_code_masked": f"91440111MA59****{i % 10}X",
        "legal_representative": "张*明",
        "address": f"广州市白云区云城西路{i % 900 + 1}号101房",
        "fields": [
            ("经营场所", f"广州市白云区云城西路{i % 900 + 1}号101房、102房"),
            ("主体业态", "餐饮服务经营者（中型餐馆）"),
            ("经营项目", "热食类食品制售；冷食类食品制售；自制饮品制售；糕点类食品（含裱花蛋糕）制售"),
            ("日常监督管理机构", "广州市白云区市场监督管理局"),
            ("投诉举报电话", "12315"),
        ],
        "issuer_name": "广州市白云区行政审批局",
        "issue_date": date(2026, 11, 26),
        "valid_from": date(2026, 11, 26),
        "valid_to": date(2031, 11, 25),
        "qr_text": f"https://onego.example.gov.cn/verify/licence?id={ident}&kid=dept-440111-2026-01&sig={sig}&v=1",
    }


def ascii_baseline(lic: dict[str, Any]) -> bytes:
    """The same page with ASCII text in a core font: nothing to embed or subset."""
    from fpdf import FPDF

    from onego.certificates import render

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    render._frame(pdf)
    pdf.set_font("Helvetica", size=30)
    pdf.set_xy(10, 19)
    pdf.cell(277, 16, "FOOD BUSINESS LICENCE", align="C")
    pdf.set_font("Helvetica", size=12)
    rows = [("Holder", "Guangzhou Baiyun Yunwei Catering Co., Ltd."), ("Credit code", lic["holder_code_masked"]),
            ("Representative", "Zhang *ming"), ("Domicile", "101, 888 Yuncheng West Road, Baiyun, Guangzhou")]
    rows += [(f"Field {k}", "Hot food; cold food; beverages; pastries (including decorated cakes)") for k in range(5)]
    rows.append(("Valid", "2026-11-26 to 2031-11-25"))
    y = 56.0
    for label, value in rows:
        pdf.set_xy(34, y)
        pdf.cell(44, 7, label)
        pdf.multi_cell(185, 7, value)
        y += 8
    render._qr(pdf, lic["qr_text"], 34, 143, 36)
    pdf.set_xy(150, 160)
    pdf.cell(110, 8, "Issuer: Baiyun District Administrative Approval Bureau", align="R")
    return bytes(pdf.output())


def _stats(name: str, samples: list[float], **extra: Any) -> dict[str, Any]:
    ms = sorted(s * 1000 for s in samples)
    p95 = statistics.quantiles(ms, n=100, method="inclusive")[94] if len(ms) > 1 else ms[0]
    return {"name": name, "n": len(ms), "seconds": round(sum(samples), 4),
            "p50_ms": round(statistics.median(ms), 2), "p95_ms": round(p95, 2), "max_ms": round(ms[-1], 2),
            **extra}


def _measure(name: str, fn: Callable[[int], Any], reps: int = REPS, warmup: int = WARMUP,
             **extra: Any) -> dict[str, Any]:
    for i in range(warmup):
        fn(10_000 + i)
    samples = []
    for i in range(reps):
        started = time.perf_counter()
        fn(i)
        samples.append(time.perf_counter() - started)
    return _stats(name, samples, **extra)


def _render_range(bounds: tuple[int, int]) -> int:
    from onego.certificates.render import render_licence_pdf

    return sum(len(render_licence_pdf(licence(i))) for i in range(*bounds))


def _signing_row() -> dict[str, Any] | None:
    try:
        from onego.certificates import signing

        key = signing.generate_private_key()
        sign = signing.sign
    except Exception:  # the signing module is another engineer's and may change: then no combined row
        return None
    from onego.certificates.render import render_licence_pdf

    def one(i: int) -> bytes:
        lic = licence(i)
        message = json.dumps({k: v for k, v in lic.items() if k != "qr_text"}, ensure_ascii=False, sort_keys=True,
                             default=str).encode()
        lic["qr_text"] += "&s=" + sign(key, message).hex()
        return render_licence_pdf(lic)

    row = _measure("licences.sign (SM2, signing.sign) + render one", one)
    row["meets_target"] = row["p95_ms"] <= TARGET_ONE_MS
    return row


def run(reps: int = REPS, batch: int = BATCH) -> list[dict[str, Any]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onego.config.settings")
    import django

    django.setup()
    from onego.certificates import render

    rows: list[dict[str, Any]] = []

    # The cached subset: build a fresh one in a temporary directory to time it; the real cache is warmed too.
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        render._build_subset(render.full_font_path(), Path(tmp) / "subset.otf", render._subset_characters())
        build = time.perf_counter() - started
        size = (Path(tmp) / "subset.otf").stat().st_size
    rows.append({"name": "licences.font subset build (once per machine)", "n": 1, "seconds": round(build, 3),
                 "subset_bytes": size, "full_font_bytes": render.full_font_path().stat().st_size})
    render.warm_font_cache()

    one = _measure("licences.render one (CJK font embedded)", lambda i: render.render_licence_pdf(licence(i)),
                   reps=reps, pdf_bytes=len(render.render_licence_pdf(licence(0))),
                   note="render alone; signing is measured by the signing module's own row when present")
    one["meets_target"] = one["p95_ms"] <= TARGET_ONE_MS
    rows.append(one)
    base = _measure("baseline: same page, ASCII only, core Helvetica (nothing embedded)",
                    lambda i: ascii_baseline(licence(i)), reps=reps, pdf_bytes=len(ascii_baseline(licence(0))))
    rows.append(base)
    one["font_cost_p50_ms"] = round(one["p50_ms"] - base["p50_ms"], 2)
    rows.append(_measure("licences.render one, character beyond GB 2312 (full-font fallback)",
                         lambda i: render.render_licence_pdf(licence(i, holder="广州市白云区王堃喆餐饮店")),
                         reps=10, warmup=1))

    started = time.perf_counter()
    total = _render_range((0, batch))
    seconds = time.perf_counter() - started
    rows.append({"name": f"licences.render batch {batch} (one process)", "n": batch, "seconds": round(seconds, 3),
                 "per_licence_ms": round(seconds / batch * 1000, 2), "mb": round(total / 1e6, 1),
                 "meets_target": seconds <= TARGET_BATCH_S})

    workers = os.cpu_count() or 1
    if workers > 1:
        chunks = [(k * batch // workers, (k + 1) * batch // workers) for k in range(workers)]
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(_render_range, chunks))
        seconds = time.perf_counter() - started
        rows.append({"name": f"licences.render batch {batch} ({workers} processes)", "n": batch,
                     "seconds": round(seconds, 3), "per_licence_ms": round(seconds / batch * 1000, 2),
                     "meets_target": seconds <= TARGET_BATCH_S, "note": "includes starting the workers"})

    signed = _signing_row()
    if signed:
        rows.append(signed)
    return rows


if __name__ == "__main__":
    for result in run():
        print(json.dumps(result, ensure_ascii=False))
