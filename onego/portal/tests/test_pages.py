import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_home_page_is_in_chinese_with_the_five_entry_points(client):
    page = client.get("/").content.decode()

    assert '<html lang="zh-hans">' in page
    assert "白云区一网通办" in page
    for label in ["办事指南", "我的办件", "进度查询", "证照核验", "政策兑现"]:
        assert f"<strong>{label}</strong>" in page


def test_the_home_page_switches_to_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").content.decode()

    assert '<html lang="en">' in page
    assert "Baiyun One-Stop Services" in page
    assert "<strong>Service guides</strong>" in page


def test_an_unknown_page_gets_the_chinese_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_the_500_page_is_chinese_and_needs_no_database():
    from onego.portal.views import error_500

    response = error_500(None)  # type: ignore[arg-type]
    assert response.status_code == 500
    assert "系统繁忙" in response.content.decode()


def test_healthz_reports_the_database_and_the_broker(client):
    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True


def test_healthz_says_503_when_the_broker_is_unreachable(client, monkeypatch):
    from onego.config.celery import app

    old = app.conf.broker_url
    # Celery reads CELERY_BROKER_URL from the environment before its own settings (CI sets it to Redis).
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    app.conf.update(broker_url="redis://127.0.0.1:1/0")  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        app.conf.update(broker_url=old)

    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_an_applicant_sees_applicant_navigation_and_not_staff_entries(client, demo):
    from onego.accounts.models import User

    client.force_login(User.objects.get(username="enterprise"))
    page = client.get("/").content.decode()

    assert 'data-nav="my_cases"' in page
    assert 'data-nav="policy_finder"' in page
    assert 'data-nav="inbox"' not in page
    assert 'data-nav="admin"' not in page


def test_the_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/accounts/me" in response.json()["paths"]


def test_the_api_answers_an_anonymous_call_with_json_401(client):
    response = client.get("/api/v1/accounts/me")
    assert response.status_code == 401
    assert response.json() == {"code": "unauthenticated", "message": "请先登录或提供有效令牌"}


def test_an_unknown_api_route_is_json_404(client):
    response = client.get("/api/v1/no-such-route")
    assert response.status_code == 404
