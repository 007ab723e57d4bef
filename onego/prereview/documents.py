"""What a claim's attachments say: the named fields of an ID card, a business licence, a labour contract or a
payroll/bank statement read from the OCR's lines, and how they compare with what the claim states.

Why: the pre-review checks each person-claim against the documents attached to it (issue 16, item 6). The
reviewer sees the fields read beside the image; the engine turns a mismatch into a reason and a page that
cannot be read honestly into "check" — never "pass". So a Reading is `readable` only when every field its kind
requires was found, is valid (an ID number with its GB 11643 check digit, a credit code with its GB 32100 check
character) and was read with enough confidence.

Parsing is anchored on the printed labels (姓名, 公民身份号码, 统一社会信用代码, 甲方（用人单位）…): the OCR's
lines are grouped into rows in the page's own frame (the skew measured from the boxes themselves, so a tilted
photo still has rows), each row's text joined left to right, and a field's value is what follows its label up to
the next label of the kind. The ID number and the credit code are also found by their shape anywhere on the page;
the OCR confusions O/0, I/1 (and for credit codes S/5, Z/2, letters the code never uses) are repaired only when
the repaired code validates. A field's confidence is the mean of the confidences of the lines its value came from.

Nothing here touches the database: a Reading is a frozen dataclass that `dataclasses.asdict` makes JSON for
ClaimAttachment.ocr.
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from stdnum.cn import ric, uscc

from onego.prereview.ocr import ImageInvalid, Line, read_lines

__all__ = [
    "DOC_KINDS",
    "Field",
    "Mismatch",
    "Reading",
    "compare",
    "normalise_amount",
    "normalise_date",
    "parse_lines",
    "read_document",
]

DOC_KINDS: Final = ("id_card", "business_licence", "labour_contract", "bank_statement")
REQUIRED: Final[dict[str, tuple[str, ...]]] = {
    "id_card": ("name", "id_number"),
    "business_licence": ("name", "credit_code"),
    "labour_contract": ("employer", "employee", "start", "end"),
    "bank_statement": ("payer", "payees"),
}
MIN_CONFIDENCE: Final = (
    0.8  # a required field read less surely than this is not trusted: the page goes to "check"
)


@dataclass(frozen=True)
class Field:
    """One value read from a page (normalised: half-width, no spaces, dates ISO, amounts in fen) and the OCR's
    confidence in it (0–1)."""

    value: str
    confidence: float


@dataclass(frozen=True)
class Reading:
    """What one attachment says. `problems` are machine codes: "no_text", "image_invalid",
    "field_missing:<field>", "id_number_invalid", "credit_code_invalid", "low_confidence:<field>",
    "date_invalid:<field>", "total_mismatch", "unknown_kind"."""

    kind: str
    fields: dict[str, Field]
    readable: bool
    confidence: float
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mismatch:
    """A field whose reading differs from what the claim or the records say. `code`: "<field>_differs",
    "<field>_unread", "amount_differs", "payee_missing", "dates_outside_period"."""

    field: str
    expected: str
    read: str
    code: str


# ---------------------------------------------------------------------------------------------------------------
# normalisation


_DOTS: Final = str.maketrans({"•": "·", "・": "·", "‧": "·", "∙": "·"})
_SPACE: Final = re.compile(r"\s+")


def _norm(text: str) -> str:
    """Full-width to half-width (NFKC: "１２３" → "123", "（" → "("), no spaces, one middle dot for names."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).translate(_DOTS)


def _norm_name(text: str) -> str:
    return _norm(text).casefold()


def _norm_code(text: str) -> str:
    return _norm(text).replace("-", "").upper()


_ZH_DATE: Final = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?")
_NUM_DATE: Final = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
_ZH_MONTH: Final = re.compile(r"(\d{4})年(\d{1,2})月")
_NUM_MONTH: Final = re.compile(r"(\d{4})[-./](\d{1,2})")


def normalise_date(text: str) -> str:
    """A date written any usual way ("2026年7月1日", "２０２６-07-01", "2026.7.1", "2026/07/01") as ISO
    "2026-07-01"; a year and month alone as "2026-07"; "" when there is no valid date in the text."""
    compact = _norm(text)
    for pattern in (_ZH_DATE, _NUM_DATE):
        found = pattern.search(compact)
        if found:
            try:
                return date(int(found[1]), int(found[2]), int(found[3])).isoformat()
            except ValueError:
                return ""
    for pattern in (_ZH_MONTH, _NUM_MONTH):
        found = pattern.search(compact)
        if found and 1 <= int(found[2]) <= 12:
            return f"{int(found[1]):04d}-{int(found[2]):02d}"
    return ""


_AMOUNT: Final = re.compile(r"(?P<whole>\d[\d,.]*?)(?:[.,](?P<cents>\d{1,2}))?")


def normalise_amount(text: str) -> int | None:
    """Yuan as printed ("4,500.00", "４５００.５", "4500元", "¥4,500.00") in fen; a stored amount marked as fen
    ("450000fen") is taken as it is. None when the text is not an amount.

    OCR sometimes reads a thousands comma as a dot ("4.500.00"): only a separator followed by one or two final
    digits is the decimal point, every other separator is dropped."""
    compact = _norm(text).replace("¥", "").removesuffix("元")
    negative = compact.startswith("-")
    compact = compact.removeprefix("-")
    if compact.endswith("fen"):
        digits = compact.removesuffix("fen")
        return (-1 if negative else 1) * int(digits) if digits.isdigit() else None
    match = _AMOUNT.fullmatch(compact)
    if match is None:
        return None
    whole = match["whole"].replace(",", "").replace(".", "")
    if not whole.isdigit():
        return None
    fen = int(whole) * 100 + int((match["cents"] or "0").ljust(2, "0"))
    return -fen if negative else fen


# ---------------------------------------------------------------------------------------------------------------
# identifiers


_ID_SHAPE: Final = re.compile(r"[0-9OoIlD]{17}[0-9XxOoIl×]")
_ID_REPAIR: Final = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "x": "X", "×": "X"})
_USCC_SHAPE: Final = re.compile(r"[0-9A-Za-z]{18}")
_USCC_REPAIR: Final = str.maketrans({"O": "0", "I": "1", "S": "5", "Z": "2"})  # letters GB 32100 never uses


def _id_number(text: str) -> tuple[str, bool] | None:
    """The ID number in `text` (repaired when that makes it valid) and whether it validates."""
    for candidate in _ID_SHAPE.findall(_norm(text)):
        if ric.is_valid(candidate.upper()):
            return candidate.upper(), True
        repaired = candidate.translate(_ID_REPAIR).upper()
        if ric.is_valid(repaired):
            return repaired, True
    found = _ID_SHAPE.search(_norm(text))
    return (found[0].upper(), False) if found else None


def _credit_code(text: str) -> tuple[str, bool] | None:
    """The unified social credit code in `text` (repaired when that makes it valid) and whether it validates."""
    candidates = _USCC_SHAPE.findall(_norm(text).upper())
    for candidate in candidates:
        if uscc.is_valid(candidate):
            return candidate, True
        repaired = candidate.translate(_USCC_REPAIR)
        if uscc.is_valid(repaired):
            return repaired, True
    return (candidates[0], False) if candidates else None


# ---------------------------------------------------------------------------------------------------------------
# layout: the OCR's lines as rows of the page


@dataclass
class _Row:
    """The lines on one row of the page, left to right, their texts joined; `owner[i]` is the line the i-th
    character of `text` came from."""

    lines: list[Line]
    top: float
    bottom: float
    lefts: list[float]
    rights: list[float]
    text: str = ""
    owner: list[int] = field(default_factory=list)

    def finish(self) -> None:
        order = sorted(range(len(self.lines)), key=lambda i: self.lefts[i])
        self.lines = [self.lines[i] for i in order]
        self.lefts = [self.lefts[i] for i in order]
        self.rights = [self.rights[i] for i in order]
        parts, owner = [], []
        for index, line in enumerate(self.lines):
            text = _norm(line.text)
            parts.append(text)
            owner.extend([index] * len(text))
        self.text, self.owner = "".join(parts), owner

    def confidence(self, start: int, end: int) -> float:
        """The mean confidence of the lines the characters start…end came from."""
        used = sorted(set(self.owner[start:end]))
        if not used:
            return 0.0
        return round(statistics.fmean(self.lines[i].confidence for i in used), 4)

    def x_of(self, position: int) -> float:
        """Where the character at `position` begins across the page, assuming even spacing within its box (a label
        and its value are often one box)."""
        index = self.owner[position]
        first = self.owner.index(index)
        share = (position - first) / max(1, self.owner.count(index))
        return self.lefts[index] + (self.rights[index] - self.lefts[index]) * share


def _page_angle(lines: Sequence[Line]) -> float:
    """The page's tilt in radians, from the top edges of the wider boxes (their median: a few odd boxes do not
    count)."""
    angles = []
    for line in lines:
        (x0, y0), (x1, y1) = line.box[0], line.box[1]
        width = math.hypot(x1 - x0, y1 - y0)
        height = math.hypot(line.box[3][0] - x0, line.box[3][1] - y0)
        if width > 1.5 * height and width > 0:
            angles.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(angles) if angles else 0.0


def _rows(lines: Sequence[Line]) -> list[_Row]:
    """Lines grouped into rows in the page's frame: a line joins a row when its centre lies within half a line
    height of the row's middle."""
    angle = _page_angle(lines)
    cos, sin = math.cos(-angle), math.sin(-angle)
    placed = []
    for line in lines:
        points = [(x * cos - y * sin, x * sin + y * cos) for x, y in line.box]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        placed.append((line, min(xs), max(xs), min(ys), max(ys)))
    placed.sort(key=lambda item: (item[3] + item[4]) / 2)
    rows: list[_Row] = []
    for line, left, right, top, bottom in placed:
        middle, height = (top + bottom) / 2, bottom - top
        row = rows[-1] if rows else None
        if row is not None:
            row_middle, row_height = (row.top + row.bottom) / 2, row.bottom - row.top
            if abs(middle - row_middle) < 0.45 * max(height, row_height):
                row.lines.append(line)
                row.lefts.append(left)
                row.rights.append(right)
                row.top, row.bottom = min(row.top, top), max(row.bottom, bottom)
                continue
        rows.append(_Row(lines=[line], top=top, bottom=bottom, lefts=[left], rights=[right]))
    for row in rows:
        row.finish()
    return rows


# ---------------------------------------------------------------------------------------------------------------
# label-anchored fields


@dataclass(frozen=True)
class _Label:
    field: str
    pattern: re.Pattern[str]  # matched against a row's normalised text
    continues: bool = False  # the value may wrap onto the next rows (addresses)


def _label(field_name: str, pattern: str, *, continues: bool = False) -> _Label:
    return _Label(field_name, re.compile(pattern), continues)


LABELS: Final[dict[str, tuple[_Label, ...]]] = {
    "id_card": (
        _label("name", r"姓名:?"),
        _label("sex", r"性别:?"),
        _label("nation", r"民族:?"),
        _label("birth", r"出生(?:日期)?:?"),
        _label("address", r"住址:?", continues=True),
        _label("id_number", r"公民身份(?:号码|证号)?:?"),
    ),
    "business_licence": (
        _label("credit_code", r"统一社会信用代码:?"),
        _label("name", r"名称:?"),
        _label("type", r"类型:?"),
        _label("legal_representative", r"法定代表人:?"),
        _label("address", r"住所:?", continues=True),
        _label("established_on", r"成立日期:?"),
        _label("registered_capital", r"注册资本:?"),
        _label("authority", r"登记机关:?"),
    ),
    "labour_contract": (
        _label("employer", r"甲方\(用人单位\):?|用人单位(?:名称)?:|甲方:"),
        _label("employee", r"乙方\(劳动者\):?|劳动者(?:姓名)?:|乙方:"),
        _label("id_number", r"(?:公民)?身份证(?:号码|号)?:?"),
        _label("term", r"合同期限:?"),
    ),
    "bank_statement": (
        _label("payer", r"付款(?:单位|人|账户名称?):?"),
        _label("month", r"(?:发放)?月份:?"),
    ),
}


@dataclass(frozen=True)
class _Found:
    value: str
    confidence: float


def _labelled(rows: Sequence[_Row], labels: Sequence[_Label]) -> dict[str, _Found]:
    """Each label's value: the rest of its row up to the next label (or the next line to its right when the
    label stands alone in its box), plus the rows under it for a label that `continues`."""
    found: dict[str, _Found] = {}
    for index, row in enumerate(rows):
        hits = []
        for label in labels:
            match = label.pattern.search(row.text)
            if match and label.field not in found:
                hits.append((match.start(), match.end(), label))
        hits.sort(key=lambda hit: hit[0])
        for position, (start, end, label) in enumerate(hits):
            stop = hits[position + 1][0] if position + 1 < len(hits) else len(row.text)
            value = row.text[end:stop].lstrip(":")
            if not value:
                continue
            value_start = stop - len(value)
            confidences = [row.confidence(value_start, stop)]
            if label.continues:
                # a wrapped value goes on under the value: indented past the label, not far right of the value
                height = row.bottom - row.top
                lowest, highest = row.x_of(start) + height, row.x_of(value_start) + 2 * height
                bottom = row.bottom
                for below in rows[index + 1 : index + 4]:
                    starts_label = any(other.pattern.match(below.text) for other in labels)
                    if starts_label or below.top - bottom > height * 1.2:
                        break
                    if not lowest < below.lefts[0] < highest:
                        break
                    value += below.text
                    confidences.append(below.confidence(0, len(below.text)))
                    bottom = below.bottom
            found[label.field] = _Found(value, round(statistics.fmean(confidences), 4))
    return found


# ---------------------------------------------------------------------------------------------------------------
# the kinds


class _Builder:
    """Collects a Reading's fields and problems."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.fields: dict[str, Field] = {}
        self.problems: list[str] = []

    def put(self, name: str, value: str, confidence: float) -> None:
        if value:
            self.fields[name] = Field(value=value, confidence=round(confidence, 4))

    def problem(self, code: str) -> None:
        if code not in self.problems:
            self.problems.append(code)

    def reading(self) -> Reading:
        required = REQUIRED[self.kind]
        for name in required:
            if name not in self.fields:
                self.problem(f"field_missing:{name}")
            elif self.fields[name].confidence < MIN_CONFIDENCE:
                self.problem(f"low_confidence:{name}")
        present = [self.fields[name].confidence for name in required if name in self.fields]
        confidence = round(statistics.fmean(present), 4) if present else 0.0
        return Reading(
            kind=self.kind,
            fields=dict(self.fields),
            readable=not self.problems,
            confidence=confidence,
            problems=tuple(self.problems),
        )


def _identifier(
    out: _Builder,
    rows: Sequence[_Row],
    labelled: dict[str, _Found],
    name: str,
    finder: Callable[[str], tuple[str, bool] | None],
) -> None:
    """Put the identifier `name` (found by `finder`: _id_number or _credit_code) from its labelled value, or
    failing that from anywhere on the page; an identifier that does not validate is a problem."""
    candidates: list[tuple[str, float]] = []
    if name in labelled:
        candidates.append((labelled[name].value, labelled[name].confidence))
    candidates.extend((row.text, row.confidence(0, len(row.text))) for row in rows)
    invalid: tuple[str, float] | None = None
    for text, confidence in candidates:
        result = finder(text)
        if result is None:
            continue
        value, valid = result
        if valid:
            out.put(name, value, confidence)
            return
        invalid = invalid or (value, confidence)
    if invalid is not None:
        out.put(name, invalid[0], invalid[1])
        out.problem(f"{name}_invalid")


def _read_id_card(rows: Sequence[_Row]) -> Reading:
    out = _Builder("id_card")
    labelled = _labelled(rows, LABELS["id_card"])
    for name in ("name", "sex", "nation", "address"):
        if name in labelled:
            out.put(name, labelled[name].value, labelled[name].confidence)
    if "birth" in labelled:
        out.put("birth", normalise_date(labelled["birth"].value), labelled["birth"].confidence)
    _identifier(out, rows, labelled, "id_number", _id_number)
    return out.reading()


def _read_business_licence(rows: Sequence[_Row]) -> Reading:
    out = _Builder("business_licence")
    labelled = _labelled(rows, LABELS["business_licence"])
    for name in ("name", "type", "legal_representative", "address", "registered_capital"):
        if name in labelled:
            out.put(name, labelled[name].value, labelled[name].confidence)
    if "established_on" in labelled:
        found = labelled["established_on"]
        out.put("established_on", normalise_date(found.value), found.confidence)
    _identifier(out, rows, labelled, "credit_code", _credit_code)
    return out.reading()


def _read_labour_contract(rows: Sequence[_Row]) -> Reading:
    out = _Builder("labour_contract")
    labelled = _labelled(rows, LABELS["labour_contract"])
    for name in ("employer", "employee"):
        if name in labelled:
            out.put(name, labelled[name].value, labelled[name].confidence)
    _identifier(out, rows, labelled, "id_number", _id_number)
    term = labelled.get("term")
    if term is not None:
        start_text, _, end_text = term.value.partition("至")  # 自 2026年07月01日（起）至 2027年06月30日（止）
        for name, text in (("start", start_text), ("end", end_text)):
            if "无固定期限" in text or "长期" in text:
                out.put(name, "open", term.confidence)  # an open-ended contract (无固定期限) has no end date
                continue
            iso = normalise_date(text)
            if len(iso) == 10:
                out.put(name, iso, term.confidence)
            elif text:
                out.problem(f"date_invalid:{name}")
    return out.reading()


_PAYROLL_ROW: Final = re.compile(r"(?:\d{1,3}\.?)?(?P<name>[\u3400-\u9fff·]{2,}?)(?P<amount>-?[\d,.]*\d)")
_PAYEE_HEADINGS: Final = ("收款人", "户名", "姓名")
_NOT_IN_A_NAME: Final = re.compile(r"[^\u3400-\u9fff·]")


def _columns(header: _Row) -> dict[str, tuple[float, float]]:
    """The left and right edges of the payee and amount columns, from the header row's headings."""
    columns = {}
    for line, left, right in zip(header.lines, header.lefts, header.rights, strict=True):
        text = _norm(line.text)
        if any(heading in text for heading in _PAYEE_HEADINGS):
            columns["payee"] = (left, right)
        elif "金额" in text:
            columns["amount"] = (left, right)
    return columns


def _in_column(left: float, right: float, column: tuple[float, float]) -> bool:
    """Whether a box lies under a heading: it overlaps the heading more than anything else in the row could."""
    overlap = min(right, column[1]) - max(left, column[0])
    return overlap > 0.3 * min(right - left, column[1] - column[0])


def _payroll_row(row: _Row, columns: dict[str, tuple[float, float]]) -> tuple[str, int] | None:
    """A data row's payee and amount: the boxes under the payee and amount headings (so the row number, even
    misread as "一", is never part of a name); the row's text when a box spans two columns."""
    if len(columns) == 2:
        name = amount = ""
        for line, left, right in zip(row.lines, row.lefts, row.rights, strict=True):
            payee, money = (
                _in_column(left, right, columns["payee"]),
                _in_column(left, right, columns["amount"]),
            )
            if payee and not money:
                name += _norm(line.text)
            elif money and not payee:
                amount += _norm(line.text)
        fen = normalise_amount(amount)
        if len(name) >= 2 and not _NOT_IN_A_NAME.search(name) and fen is not None:
            return name, fen
    match = _PAYROLL_ROW.fullmatch(row.text)
    fen = normalise_amount(match["amount"]) if match else None
    return (match["name"], fen) if match and fen is not None else None


def _read_bank_statement(rows: Sequence[_Row]) -> Reading:
    out = _Builder("bank_statement")
    labelled = _labelled(rows, LABELS["bank_statement"])
    if "payer" in labelled:
        out.put("payer", labelled["payer"].value, labelled["payer"].confidence)
    if "month" in labelled:
        out.put("month", normalise_date(labelled["month"].value), labelled["month"].confidence)
    header = next((i for i, row in enumerate(rows) if any(h in row.text for h in _PAYEE_HEADINGS)), None)
    columns = _columns(rows[header]) if header is not None else {}
    payees: list[tuple[str, int]] = []
    confidences: list[float] = []
    total: tuple[int, float] | None = None
    for row in rows[header + 1 :] if header is not None else ():
        if "合计" in row.text or "总计" in row.text:
            amount = normalise_amount(re.sub(r"^.*?计:?", "", row.text))
            if amount is not None:
                total = (amount, row.confidence(0, len(row.text)))
            break
        payee = _payroll_row(row, columns)
        if payee is None:
            out.problem("row_unread")
            continue
        payees.append(payee)
        confidences.append(row.confidence(0, len(row.text)))
    if payees:
        out.put("payees", ";".join(f"{name}={fen}" for name, fen in payees), statistics.fmean(confidences))
        if total is not None:
            out.put("total_fen", str(total[0]), total[1])
            if total[0] != sum(fen for _name, fen in payees):
                out.problem("total_mismatch")  # one amount at least is misread: none can be trusted
    return out.reading()


_READERS: Final = {
    "id_card": _read_id_card,
    "business_licence": _read_business_licence,
    "labour_contract": _read_labour_contract,
    "bank_statement": _read_bank_statement,
}


def parse_lines(kind: str, lines: Sequence[Line]) -> Reading:
    """The fields of a document of `kind` from OCR lines already read (the parsing half of read_document)."""
    if kind not in _READERS:
        return Reading(kind=kind, fields={}, readable=False, confidence=0.0, problems=("unknown_kind",))
    if not lines:
        return Reading(kind=kind, fields={}, readable=False, confidence=0.0, problems=("no_text",))
    return _READERS[kind](_rows(lines))


def read_document(kind: str, image: bytes) -> Reading:
    """Read an attachment of `kind` (one of DOC_KINDS) from its image bytes.

    Bytes that are not an image give an unreadable Reading ("image_invalid"), not an exception; OcrUnavailable
    (the engine cannot load) is raised, because that is the worker's fault, not the page's, and the task retries.
    """
    if kind not in _READERS:
        return Reading(kind=kind, fields={}, readable=False, confidence=0.0, problems=("unknown_kind",))
    try:
        lines = read_lines(image)
    except ImageInvalid:
        return Reading(kind=kind, fields={}, readable=False, confidence=0.0, problems=("image_invalid",))
    return parse_lines(kind, lines)


# ---------------------------------------------------------------------------------------------------------------
# comparison


_NAME_FIELDS: Final = frozenset({"name", "employer", "employee", "payer", "legal_representative"})
_CODE_FIELDS: Final = frozenset({"id_number", "credit_code"})
_DATE_FIELDS: Final = frozenset({"start", "end", "established_on", "birth", "month"})


def _parse_payees(text: str) -> dict[str, int]:
    """ "张三=450000;李四=3,800.00元" as {name: fen}: a bare integer is fen (as stored), a yuan text is yuan."""
    payees: dict[str, int] = {}
    for part in _norm(text).split(";"):
        name, _, amount = part.partition("=")
        if not name:
            continue
        fen = int(amount) if amount.lstrip("-").isdigit() else normalise_amount(amount)
        payees[_norm_name(name)] = fen if fen is not None else -1
    return payees


def _compare_payees(read: Field | None, expected: str) -> list[Mismatch]:
    wanted = _parse_payees(expected)
    have = _parse_payees(read.value) if read else {}
    mismatches = []
    for name, fen in wanted.items():
        if name not in have:
            mismatches.append(Mismatch(f"payee:{name}", str(fen), "", "payee_missing"))
        elif have[name] != fen:
            mismatches.append(Mismatch(f"payee:{name}", str(fen), str(have[name]), "amount_differs"))
    return mismatches


def _same(name: str, expected: str, read: str) -> bool:
    if name in _CODE_FIELDS:
        return _norm_code(expected) == _norm_code(read)
    if name in _DATE_FIELDS:
        return (normalise_date(expected) or _norm(expected)) == (normalise_date(read) or _norm(read))
    if name.endswith("_fen") or name == "amount":
        return normalise_amount(expected) == normalise_amount(read) or _norm(expected) == _norm(read)
    return _norm_name(expected) == _norm_name(read)


def compare(reading: Reading, expected: dict[str, str]) -> list[Mismatch]:
    """Where the reading differs from what is expected (the claim, the records), field by field, after
    normalising both sides (full-width → half-width, spaces, case, dates to ISO, money to fen).

    Keys of `expected` are field names of the reading, plus for a labour contract "period_start"/"period_end"
    (the contract must cover the claimed period: "dates_outside_period"), and for a bank statement "payees"
    ("name=amount_fen;…", each compared on its own). A field the reading lacks is "<field>_unread": the engine
    decides what an unread field means (for an unreadable page, "check")."""
    mismatches: list[Mismatch] = []
    for name, wanted in expected.items():
        if name in ("period_start", "period_end"):
            continue
        got = reading.fields.get(name)
        if name == "payees":
            mismatches.extend(_compare_payees(got, wanted))
        elif got is None:
            mismatches.append(Mismatch(name, wanted, "", f"{name}_unread"))
        elif not _same(name, wanted, got.value):
            mismatches.append(Mismatch(name, wanted, got.value, f"{name}_differs"))
    if "period_start" in expected or "period_end" in expected:
        mismatches.extend(_period(reading, expected))
    return mismatches


def _period(reading: Reading, expected: dict[str, str]) -> list[Mismatch]:
    """A contract's term must cover the claimed period: start on or before its first day, end (unless
    open-ended) on or after its last."""
    start, end = reading.fields.get("start"), reading.fields.get("end")
    period_start = normalise_date(expected.get("period_start", ""))
    period_end = normalise_date(expected.get("period_end", ""))
    wanted = f"{period_start}/{period_end}"
    if start is None or end is None:
        return [Mismatch("term", wanted, "", "term_unread")]
    read = f"{start.value}/{end.value}"
    starts_late = bool(period_start) and start.value > period_start
    ends_early = bool(period_end) and end.value != "open" and end.value < period_end
    if starts_late or ends_early:
        return [Mismatch("term", wanted, read, "dates_outside_period")]
    return []
