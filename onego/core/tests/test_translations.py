"""The English catalogue is the only source of English, complete and compiled; texts are written in one
language. Source strings are Chinese; their English lives only in onego/locale/en/LC_MESSAGES/django.po."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "onego" / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")

# A Chinese text followed by " / " and an English word: "证照不存在 / No such licence", a message written in
# both languages. (The scan of issue 15; Chinese alternatives such as "审批 / 告知承诺" are not matched.)
BILINGUAL = re.compile(r"[\u3400-\u9fff][^\"']* / [A-Za-z]")


def _catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def test_every_entry_of_the_english_catalogue_has_an_english_text_and_none_is_fuzzy() -> None:
    catalogue = _catalogue()
    untranslated = [e.msgid for e in catalogue if not (e.msgstr or any(e.msgstr_plural.values()))]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []
    assert not catalogue.metadata_is_fuzzy  # msgfmt would drop a fuzzy header (and its plural forms)


def test_no_msgid_is_written_in_both_languages() -> None:
    # "名称 name" or "办件不存在 / No such case" as a msgid: the English goes in the msgstr instead
    tail = re.compile(r"[\u3400-\u9fff\uff00-\uffef][）」》]?\s*/?\s*[A-Za-z]+ [a-z]+[A-Za-z ,;'.-]*$")
    both = [e.msgid for e in _catalogue() if tail.search(re.sub(r"%\(\w+\)[sd]", "", e.msgid))]
    assert both == []


def test_the_committed_compiled_catalogue_holds_exactly_what_the_po_file_says() -> None:
    # makemessages + compilemessages (make messages) must have run after the last edit of the .po
    expected = {
        (e.msgctxt, e.msgid): (e.msgstr_plural[0] if e.msgid_plural else e.msgstr)
        for e in _catalogue()
        if e.msgstr or e.msgid_plural
    }
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr_plural[0] if e.msgid_plural else e.msgstr)
        for e in polib.mofile(str(COMPILED))
        if e.msgid
    }
    assert compiled == expected


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")
def test_the_catalogue_passes_msgfmt_format_checks() -> None:
    # every %(name)s of a msgid appears in its msgstr and the other way round; the header is complete
    result = subprocess.run(  # noqa: S603 - a fixed command on a file of the repository
        ["msgfmt", "--check", "-o", "/dev/null", str(CATALOGUE)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr


def _string_literals(source: str) -> list[tuple[int, str]]:
    """Every string literal and f-string of a module with its line, docstrings left out."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant | ast.JoinedStr) and id(node) not in docstrings:
            text = ast.get_source_segment(source, node) or ""
            if isinstance(node, ast.JoinedStr) or isinstance(node.value, str):
                found.append((node.lineno, text))
    return found


def test_no_python_source_outside_the_tests_holds_a_bilingual_literal() -> None:
    offenders = []
    for path in sorted((ROOT / "onego").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if "/tests/" in name or "/migrations/" in name:  # migrations are history, written once
            continue
        for line, text in _string_literals(path.read_text(encoding="utf-8")):
            if BILINGUAL.search(text):
                offenders.append(f"{name}:{line}: {text[:80]}")
    assert offenders == []


def test_no_template_or_script_shows_a_bilingual_text() -> None:
    offenders = []
    for pattern in ("templates/**/*.html", "static/**/*.js"):
        for path in sorted((ROOT / "onego").glob(f"*/{pattern}")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if BILINGUAL.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert offenders == []


# --- API errors: a code for programs, one message for people, in the caller's language -------------------


@pytest.mark.django_db
def test_an_api_error_message_is_chinese_by_default() -> None:
    body = Client().get("/api/v1/items/NO-SUCH-ITEM").json()
    assert body == {"code": "not_found", "message": "事项不存在或未生效：NO-SUCH-ITEM"}


@pytest.mark.django_db
def test_an_api_error_message_is_english_when_the_caller_accepts_english() -> None:
    body = Client().get("/api/v1/items/NO-SUCH-ITEM", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body == {"code": "not_found", "message": "No item in force with code NO-SUCH-ITEM"}


@pytest.mark.django_db
def test_an_api_error_message_follows_the_language_cookie() -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/api/v1/items/NO-SUCH-ITEM", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert body == {"code": "not_found", "message": "No item in force with code NO-SUCH-ITEM"}


@pytest.mark.django_db
def test_a_bad_request_is_answered_in_one_language() -> None:
    # ninja's own validation: the parameter named, in the caller's language only
    chinese = Client().get("/api/v1/calendar/deadline", {"start": "2026-02-13"}).json()
    english = (
        Client().get("/api/v1/calendar/deadline", {"start": "2026-02-13"}, HTTP_ACCEPT_LANGUAGE="en").json()
    )
    assert (chinese["code"], english["code"]) == ("invalid_input", "invalid_input")
    assert chinese["message"] == "请求参数无效：workdays"
    assert english["message"] == "Invalid input: workdays"


@pytest.mark.django_db
def test_each_field_problem_of_a_bad_request_is_in_the_callers_language_too() -> None:
    # a missing parameter and one that is not a whole number, each told in the one language of the answer
    asked = {"start": "2026-02-13", "workdays": "five"}
    chinese = Client().get("/api/v1/calendar/deadline", asked).json()
    english = Client().get("/api/v1/calendar/deadline", asked, HTTP_ACCEPT_LANGUAGE="en").json()
    missing = Client().get("/api/v1/calendar/deadline", {"start": "2026-02-13"}).json()

    assert [(e["field"], e["message"], e["type"]) for e in chinese["errors"]] == [
        ("workdays", "应为整数", "int_parsing")
    ]
    assert [(e["field"], e["message"]) for e in english["errors"]] == [("workdays", "Must be a whole number")]
    assert [(e["field"], e["message"]) for e in missing["errors"]] == [("workdays", "必须填写")]


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_refused_in_the_callers_language() -> None:
    from onego.accounts.roles import Role
    from onego.accounts.services import create_api_token
    from onego.cases.tests import factories as f

    token = create_api_token(f.user("api_caller", Role.APPLICANT_PERSON, None))
    answer = (
        Client()
        .post(
            "/api/v1/cases",
            data="{not json",
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        .json()
    )
    assert answer["code"] == "invalid_input"
    assert answer["message"] == "请求体不是有效的 JSON"
    assert [(e["field"], e["message"]) for e in answer["errors"]] == [("body", "不是有效的 JSON")]
