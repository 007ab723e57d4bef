"""The OpenAPI document tells the truth about errors, formats and ranges (issue 14, finding 13)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def document(client) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").json()


def operations(document: dict[str, Any]):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def error_schema(operation: dict[str, Any], status: str) -> str:
    return operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]


def test_every_operation_documents_its_error_answers_with_the_error_schema(document):
    for label, operation in operations(document):
        responses = operation["responses"]
        assert error_schema(operation, "400").endswith("/ErrorOut"), label  # NUL refused at the edge
        if operation.get("parameters") or operation.get("requestBody"):
            assert error_schema(operation, "422").endswith("/ErrorOut"), label
        if operation.get("security"):
            assert "401" in responses, label
            if label.split()[0] != "GET":
                assert "403" in responses, label  # CSRF for session callers, the route's own refusals
        if "{" in label:
            assert "404" in responses, label


def test_route_specific_answers_are_documented(document):
    paths = document["paths"]
    assert {"404", "429"} <= set(paths["/api/v1/progress"]["get"]["responses"])
    assert "429" in paths["/api/v1/licences/verify"]["post"]["responses"]
    assert {"404", "409"} <= set(paths["/api/v1/cases/{number}/actions"]["post"]["responses"])
    assert {"403", "404", "409"} <= set(
        paths["/api/v1/policies/{code}/eligibility/{credit_code}"]["get"]["responses"]
    )
    assert "403" in paths["/api/v1/inbox"]["get"]["responses"]
    assert "413" in paths["/api/v1/inspection/uploads/{upload_id}"]["put"]["responses"]


def parameter(document: dict[str, Any], path: str, name: str, method: str = "get") -> dict[str, Any]:
    return next(p["schema"] for p in document["paths"][path][method]["parameters"] if p["name"] == name)


def test_dates_colours_and_limits_have_formats_enums_and_ranges(document):
    assert parameter(document, "/api/v1/calendar/deadline", "start")["format"] == "date"
    assert parameter(document, "/api/v1/calendar/deadline", "workdays")["maximum"] == 3650
    assert parameter(document, "/api/v1/calendar/workdays", "from")["format"] == "date"
    assert parameter(document, "/api/v1/inbox", "colour")["enum"] == ["", "green", "yellow", "red"]
    for path in ("/api/v1/inbox", "/api/v1/items", "/api/v1/policies"):
        assert (
            parameter(document, path, "limit")["minimum"],
            parameter(document, path, "limit")["maximum"],
        ) == (1, 200)
        assert parameter(document, path, "offset")["minimum"] == 0
    assert parameter(document, "/api/v1/policies", "mode")["enum"] == ["", "proactive", "application"]
    assert "pattern" in parameter(document, "/api/v1/policies/{code}", "on")
    assert parameter(document, "/api/v1/inspection/uploads/{upload_id}", "offset", "put")["minimum"] == 0


def test_the_documented_error_schema_is_what_a_validation_error_answers(client, document):
    response = client.get("/api/v1/inbox", {"limit": "many"})
    body = response.json()
    required = document["components"]["schemas"]["ErrorOut"]["required"]
    assert response.status_code in (401, 422)
    assert set(required) <= set(body)


def test_verify_with_a_list_of_nulls_is_a_422_invalid_input(client):
    response = client.post("/api/v1/licences/verify", data="[null,null]", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_a_post_without_any_credentials_is_401_not_a_csrf_refusal():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/cases", data={}, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_session_post_without_the_csrf_token_is_403_csrf_failed_in_one_language():
    from onego.accounts.models import User

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.create_user("someone", password="x-Long-Passw0rd", real_name="某人"))

    chinese = client.post("/api/v1/cases", data={}, content_type="application/json")
    english = client.post(
        "/api/v1/cases", data={}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert chinese.status_code == 403 and chinese.json() == {
        "code": "csrf_failed",
        "message": "安全校验（CSRF）未通过，请刷新页面后重试。",
    }
    assert english.json()["message"].startswith("The security check (CSRF) failed")
