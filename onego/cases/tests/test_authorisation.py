"""Another applicant's case does not exist for them: 404 on every page and API route of one case."""

from __future__ import annotations

import pytest

from onego.cases.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(w: f.World) -> f.CaseWorld:
    return f.with_case(w, f.submitted_case(w))


PAGE_ROUTES = [
    ("get", "/cases/mine/{n}/"),
    ("post", "/cases/mine/{n}/correct/"),
    ("post", "/cases/mine/{n}/withdraw/"),
    ("get", "/cases/case/{n}/"),
    ("post", "/cases/case/{n}/act/"),
    ("post", "/cases/case/{n}/visit/"),
    ("get", "/cases/case/{n}/materials/{m}/"),
    ("get", "/cases/case/{n}/signature/"),
    ("get", "/cases/documents/{n}/"),
]
API_ROUTES = [("get", "/api/v1/cases/{n}"), ("post", "/api/v1/cases/{n}/actions")]


@pytest.mark.parametrize(("method", "route"), PAGE_ROUTES + API_ROUTES)
def test_another_applicant_gets_404_on_every_route_of_a_case(client, case, method, route):
    c = case.case
    url = route.format(n=c.number, m=c.materials.first().pk)
    client.force_login(case.other_applicant)

    if method == "get":
        response = client.get(url)
    elif url.startswith("/api/"):
        task = c.tasks.first()
        response = client.post(
            url, data={"task_id": task.pk, "action": "accept"}, content_type="application/json"
        )
    else:
        response = client.post(url, {})

    assert response.status_code == 404
    body = response.content.decode()
    assert "测试餐饮有限公司" not in body  # nothing of the case leaks
    assert ("页面不存在" in body) or ('"code": "not_found"' in body)


@pytest.mark.parametrize(("method", "route"), PAGE_ROUTES + API_ROUTES)
def test_the_owner_reaches_their_applicant_routes_and_staff_routes_stay_hidden(client, case, method, route):
    c = case.case
    url = route.format(n=c.number, m=c.materials.first().pk)
    client.force_login(case.applicant)

    response = client.get(url) if method == "get" else client.post(url, {})

    if url.startswith("/cases/case/"):
        assert response.status_code == 404  # staff pages never confirm a case exists to an applicant
    elif url == f"/cases/mine/{c.number}/" or url == f"/api/v1/cases/{c.number}":
        assert response.status_code == 200
        assert c.number in response.content.decode()
    else:
        assert response.status_code != 500
