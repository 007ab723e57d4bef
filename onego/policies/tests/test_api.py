"""The policy API: the public policy list and detail, one enterprise's explained eligibility, starting a
matching run and following its job — and who may reach what."""

from __future__ import annotations

import json
from typing import Any

import pytest

from onego.accounts.roles import Role
from onego.accounts.services import create_api_token
from onego.cases.tests.factories import user
from onego.core import jobs
from onego.core.models import Job
from onego.policies.models import MatchRun, Offer
from onego.policies.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return f.api_world()


class Api:
    """The test client speaking as one user through a bearer token (the way an integrator calls), or as
    nobody."""

    def __init__(self, client: Any, user: Any = None) -> None:
        self.client = client
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {create_api_token(user)}"} if user is not None else {}

    def get(self, path: str, params: Any = None, **extra: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params or {}, **self.headers, **extra)

    def post(self, path: str, body: Any) -> Any:
        return self.client.post(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", **self.headers
        )


def codes(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [p["code"] for p in response.json()["policies"]]


def eligibility_path(policy: Any, code: str) -> str:
    return f"/policies/{policy.code}/eligibility/{code}"


# --- the public list and detail ---------------------------------------------------------------------------------


def test_anyone_lists_the_published_policies_with_tags_and_the_version_in_force_but_never_a_draft(w, client):
    response = Api(client).get("/policies", {"on": "2026-11-27"})

    assert codes(response) == ["apitest-hightech", "apitest-listing", "apitest-upgrade"]
    body = response.json()
    assert body["count"] == 3 and body["on"] == "2026-11-27"
    upgrade = body["policies"][2]
    assert upgrade["name_zh"] == "测试升规纳统奖励"
    assert upgrade["issuing_department"]["name"] == "测试发展改革局"
    assert (upgrade["mode"], upgrade["target"], upgrade["status"]) == ("proactive", "enterprise", "published")
    assert upgrade["fund_standard"] == "一次性奖励 10 万元"
    assert upgrade["version"] == {"number": 1, "effective_from": "2021-01-01", "effective_to": None}
    assert {t["key"]: t["name_zh"] for t in upgrade["tags"]} == {
        "apitest-manufacturing": "制造业",
        "apitest-sme": "中小企业",
        "apitest-reward": "奖励",
    }


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["apitest-manufacturing"], ["apitest-listing", "apitest-upgrade"]),
        # two industries: either will do
        (
            ["apitest-manufacturing", "apitest-software"],
            ["apitest-hightech", "apitest-listing", "apitest-upgrade"],
        ),
        # an industry and a size: both must hold
        (["apitest-manufacturing", "apitest-sme"], ["apitest-upgrade"]),
        (["apitest-software", "apitest-listed"], []),
    ],
)
def test_tags_of_one_dimension_are_alternatives_and_every_dimension_given_must_match(
    w, client, tags, expected
):
    assert codes(Api(client).get("/policies", {"tag": tags})) == expected


def test_the_list_narrows_by_mode_and_by_name(w, client):
    api = Api(client)
    assert codes(api.get("/policies", {"mode": "proactive"})) == ["apitest-upgrade"]
    assert codes(api.get("/policies", {"mode": "application", "q": "高新"})) == ["apitest-hightech"]
    assert codes(api.get("/policies", {"q": "LISTING"})) == ["apitest-listing"]


def test_an_unknown_tag_or_mode_is_refused_with_a_422_naming_it(w, client):
    api = Api(client)
    unknown_tag = api.get("/policies", {"tag": ["apitest-sme", "no-such-tag"]})
    assert unknown_tag.status_code == 422
    assert unknown_tag.json()["code"] == "unknown_tag"
    assert "未知的标签：no-such-tag" in unknown_tag.json()["message"]

    bad_mode = api.get("/policies", {"mode": "automatic"})
    assert bad_mode.status_code == 422
    assert bad_mode.json()["message"].startswith("未知的兑现方式：automatic")


def test_a_policy_reads_with_its_elements_the_version_in_force_and_the_parameters_with_their_references(
    w, client
):
    response = Api(client).get("/policies/apitest-upgrade", {"on": "2026-11-27"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["source_document"] == "白云区测试扶持办法"
    assert body["legal_basis"] == "白云区测试扶持办法 第三条"
    assert body["fund"] == {
        "key": "apitest-fund",
        "name_zh": "测试专项资金",
        "name_en": "Test fund",
        "year": 2026,
    }
    assert body["version"]["number"] == 1
    assert body["version_detail"]["conditions"] == f.UPGRADE_CONDITIONS
    assert body["version_detail"]["amount"] == f.REWARD
    assert body["parameters"] == [
        {
            "key": "apitest_min_headcount",
            "label_zh": "最低从业人数",
            "label_en": "apitest min headcount",
            "unit": "人",
            "value": 20,
            "effective_from": "2021-01-01",
            "legal_reference": "白云区测试扶持办法 第三条",
        },
        {
            "key": "apitest_reward_wan",
            "label_zh": "奖励金额",
            "label_en": "apitest reward wan",
            "unit": "万元",
            "value": 10,
            "effective_from": "2021-01-01",
            "legal_reference": "白云区测试扶持办法 第三条",
        },
    ]


def test_a_policy_before_its_first_version_reads_with_no_version_in_force(w, client):
    body = Api(client).get("/policies/apitest-upgrade", {"on": "2020-06-01"}).json()
    assert body["version"] is None and body["version_detail"] is None and body["parameters"] == []


@pytest.mark.parametrize("code", ["no-such-policy", "apitest-draft"])
def test_an_unknown_or_draft_policy_is_not_found(w, client, code):
    response = Api(client).get(f"/policies/{code}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["message"].startswith("政策不存在或未发布")


# --- eligibility ------------------------------------------------------------------------------------------------


def test_an_enterprise_sees_it_is_eligible_with_the_amount_and_each_condition_explained(w, client):
    response = Api(client, w.enterprise).get(eligibility_path(w.upgrade, f.OWN_CODE), {"on": "2026-11-27"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["result"], body["amount_fen"], body["version"]) == ("true", 10_000_000, 1)
    assert (body["credit_code"], body["on"], body["facts_as_of"]) == (f.OWN_CODE, "2026-11-27", "2025")
    lines = {c["path"]: c for c in body["conditions"]}
    assert lines["$.args[1]"]["sentence"] == {"zh": "从业人数不少于 20 人", "en": "at least 20 employees"}
    assert lines["$.args[1]"]["outcome"] == "true"
    assert lines["$.args[1]"]["facts"] == {"headcount": 35}
    # "no serious bad credit" is one line: the inner "serious bad credit" (false) is not listed under it
    assert lines["$.args[2]"]["outcome"] == "true" and "$.args[2].args[0]" not in lines
    assert body["missing_facts"] == []
    assert {p["key"]: p["value"] for p in body["parameters"]} == {
        "apitest_min_headcount": 20,
        "apitest_reward_wan": 10,
    }


def test_an_enterprise_signed_in_sees_unknown_with_the_missing_fact_named(w, client):
    client.force_login(w.enterprise)

    response = client.get(f"/api/v1{eligibility_path(w.high_tech, f.OWN_CODE)}", {"on": "2026-11-27"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["result"] == "unknown"
    assert body["missing_facts"] == [
        {"key": "high_tech", "label": {"zh": "高新技术企业", "en": "High-tech enterprise"}}
    ]
    line = next(c for c in body["conditions"] if c["path"] == "$.args[0]")
    assert line["outcome"] == "unknown"
    assert line["reason"]["zh"] == "缺少数据：high_tech"


def test_an_enterprise_may_not_check_another_enterprise(w, client):
    response = Api(client, w.enterprise).get(eligibility_path(w.upgrade, f.OTHER_CODE))
    assert response.status_code == 403
    assert response.json() == {"code": "forbidden", "message": "只能查询本企业的政策匹配结果"}


def test_a_person_applicant_may_not_check_an_enterprise(w, client):
    response = Api(client, w.citizen).get(eligibility_path(w.upgrade, f.OWN_CODE))
    assert response.status_code == 403


def test_staff_with_a_token_check_any_enterprise(w, client):
    response = Api(client, w.reviewer).get(eligibility_path(w.upgrade, f.OTHER_CODE), {"on": "2026-11-27"})
    assert response.status_code == 200, response.content
    assert (response.json()["result"], response.json()["amount_fen"]) == ("false", None)
    line = next(c for c in response.json()["conditions"] if c["path"] == "$.args[1]")
    assert (line["outcome"], line["facts"]) == ("false", {"headcount": 8})


def test_nobody_signed_in_gets_401(w, client):
    response = Api(client).get(eligibility_path(w.upgrade, f.OWN_CODE))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


WRONG_CHECK = f.OWN_CODE[:-1] + ("1" if f.OWN_CODE[-1] != "1" else "2")


@pytest.mark.parametrize("bad", [WRONG_CHECK, "9144011", "91440111MA5AP01XX!"])
def test_a_malformed_credit_code_is_refused_with_a_clear_422(w, client, bad):
    response = Api(client, w.officer).get(eligibility_path(w.upgrade, bad))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_credit_code" and body["field"] == "credit_code"
    assert body["message"].startswith(f"统一社会信用代码无效：“{bad}”")
    assert " / " not in body["message"]
    english = Api(client, w.officer).get(eligibility_path(w.upgrade, bad), HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["message"].startswith("Invalid unified social credit code")


def test_a_bad_date_or_facts_period_is_refused_with_a_422_naming_the_parameter(w, client):
    api = Api(client, w.enterprise)
    bad_day = api.get(eligibility_path(w.upgrade, f.OWN_CODE), {"on": "2026-02-30"})
    assert bad_day.status_code == 422 and bad_day.json()["field"] == "on"
    assert "参数 on 的日期无效" in bad_day.json()["message"]
    bad_period = api.get(eligibility_path(w.upgrade, f.OWN_CODE), {"as_of": "25"})
    assert bad_period.status_code == 422 and bad_period.json()["field"] == "as_of"


def test_a_facts_period_with_no_data_makes_every_fact_missing(w, client):
    body = (
        Api(client, w.enterprise)
        .get(eligibility_path(w.upgrade, f.OWN_CODE), {"on": "2026-11-27", "as_of": "2019"})
        .json()
    )
    assert body["result"] == "unknown" and body["facts_as_of"] == "2019"
    assert {m["key"] for m in body["missing_facts"]} == {"headcount"}  # above_scale and credit have no period


# --- matching runs and their jobs -------------------------------------------------------------------------------


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return settings


def test_a_policy_officer_starts_a_run_and_the_job_reads_done_with_the_summary(
    w, client, eager, django_capture_on_commit_callbacks
):
    api = Api(client, w.officer)

    with django_capture_on_commit_callbacks(execute=True):
        started = api.post("/policies/apitest-upgrade/match", {"on": "2026-11-27"})

    assert started.status_code == 202, started.content
    run = MatchRun.objects.get()
    assert started.json() == {
        "run_id": run.pk,
        "job_id": run.job_id,
        "status_url": f"/api/v1/jobs/{run.job_id}",
    }
    job = api.get(f"/jobs/{run.job_id}").json()
    assert (job["kind"], job["status"], job["percent"]) == ("policies.match", "done", 100)
    assert job["finished_at"] is not None and job["error"] == ""
    assert job["summary"]["enterprises"] == 2
    assert job["summary"]["policies"] == [
        {
            "code": "apitest-upgrade",
            "version": 1,
            "eligible": 1,
            "not_eligible": 1,
            "unknown": 0,
            "amount_fen": 10_000_000,
        }
    ]
    assert job["summary"]["offers"] == {"made": 1, "existing": 0}
    assert Offer.objects.get().entity_code == f.OWN_CODE


def test_a_run_started_while_the_broker_is_down_is_run_by_the_beat_job(
    w, client, django_capture_on_commit_callbacks, caplog
):
    import datetime as dt
    import logging
    from unittest import mock

    import time_machine
    from django.utils import timezone
    from kombu.exceptions import OperationalError

    from onego import celery_app
    from onego.policies import tasks

    api = Api(client, w.officer)
    broker_down = OperationalError("[Errno 111] Connection refused")

    # when the officer starts a run while the broker refuses every task after commit
    with (
        mock.patch.object(celery_app, "send_task", side_effect=broker_down) as send,
        caplog.at_level(logging.WARNING, logger="onego.core.queue"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        started = api.post("/policies/apitest-upgrade/match", {"on": "2026-11-27"})

    # then the officer is told the run started (no error page) and the job waits in the queue
    assert started.status_code == 202, started.content
    assert [c.args[0] for c in send.call_args_list] == ["onego.policies.run_matching"]
    assert "Could not queue onego.policies.run_matching" in caplog.text
    job_url = started.json()["status_url"].removeprefix("/api/v1")
    assert api.get(job_url).json()["status"] == "queued"

    # when the beat job runs: within the grace period it leaves the run to the worker, after it runs it
    assert tasks.resume_matching.run() == []
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11), tick=False):
        assert tasks.resume_matching.run() == [started.json()["run_id"]]
        assert tasks.resume_matching.run() == []

    # then the job reads done with the run's results
    job = api.get(job_url).json()
    assert (job["status"], job["percent"]) == ("done", 100)
    assert job["summary"]["policies"][0]["code"] == "apitest-upgrade"


def test_a_run_without_offers_and_a_run_of_every_policy(w, client, eager, django_capture_on_commit_callbacks):
    api = Api(client, w.officer)

    with django_capture_on_commit_callbacks(execute=True):
        started = api.post("/policies/match", {"on": "2026-11-27", "as_of": "2025", "make_offers": False})

    assert started.status_code == 202, started.content
    job = api.get(started.json()["status_url"].removeprefix("/api/v1")).json()
    assert job["status"] == "done"
    assert [p["code"] for p in job["summary"]["policies"]] == [
        "apitest-hightech",
        "apitest-listing",
        "apitest-upgrade",
    ]
    assert "offers" not in job["summary"]
    assert not Offer.objects.exists()
    assert MatchRun.objects.get().policy is None


def test_a_queued_run_reads_queued_until_the_worker_takes_it(w, client):
    api = Api(client, w.officer)
    started = api.post("/policies/apitest-upgrade/match", {})  # on-commit never fires: no worker has run
    assert started.status_code == 202
    job = api.get(f"/jobs/{started.json()['job_id']}").json()
    assert (job["status"], job["percent"], job["started_at"]) == ("queued", 0, None)
    assert job["stage"] == "排队中"


@pytest.mark.parametrize("who", ["enterprise", "reviewer", "admin"])
def test_only_a_policy_officer_starts_a_run(w, client, who):
    api = Api(client, getattr(w, who))
    one = api.post("/policies/apitest-upgrade/match", {"on": "2026-11-27"})
    every = api.post("/policies/match", {})
    assert (one.status_code, every.status_code) == (403, 403)
    assert one.json()["code"] == "forbidden"
    assert "仅政策专员" in one.json()["message"]
    assert not MatchRun.objects.exists() and not Job.objects.exists()


def test_a_draft_cannot_be_matched_and_a_bad_body_is_422(w, client):
    api = Api(client, w.officer)
    draft = api.post("/policies/apitest-draft/match", {})
    assert draft.status_code == 409 and draft.json()["code"] == "policy_not_matchable"
    bad = api.post("/policies/apitest-upgrade/match", {"on": "27/11/2026"})
    assert bad.status_code == 422 and bad.json()["field"] == "on"
    assert api.post("/policies/no-such/match", {}).status_code == 404
    assert not MatchRun.objects.exists()


def test_a_job_is_seen_by_its_starter_policy_officers_and_administrators_only(w, client):
    started = Api(client, w.officer).post("/policies/apitest-upgrade/match", {})
    path = f"/jobs/{started.json()['job_id']}"

    client.force_login(w.officer)  # the starter, signed in on a page
    assert client.get(f"/api/v1{path}").status_code == 200
    client.logout()
    colleague = user("t_policy2", Role.POLICY_OFFICER, w.department)
    assert Api(client, colleague).get(path).status_code == 200
    assert Api(client, w.admin).get(path).status_code == 200
    for other in (w.enterprise, w.reviewer):
        hidden = Api(client, other).get(path)
        assert hidden.status_code == 404
        assert hidden.json() == {"code": "not_found", "message": "后台任务不存在"}
    assert Api(client, w.officer).get("/jobs/999999").status_code == 404
    assert Api(client).get(path).status_code == 401


def test_a_staff_member_sees_a_job_they_started_and_a_colleague_does_not(w, client):
    # a job of another kind (a batch pre-review, say) started by a reviewer, who does not watch every job
    job = jobs.create("prereview.batch", started_by=w.reviewer.username, stage="排队中 / queued")
    colleague = user("t_reviewer2", Role.REVIEWER, w.department)

    mine = Api(client, w.reviewer).get(f"/jobs/{job.pk}")
    theirs = Api(client, colleague).get(f"/jobs/{job.pk}")

    assert mine.status_code == 200 and mine.json()["kind"] == "prereview.batch"
    assert theirs.status_code == 404


def test_the_openapi_schema_lists_the_policy_and_job_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get"} <= set(paths["/api/v1/policies"])
    assert {"get"} <= set(paths["/api/v1/policies/{code}"])
    assert {"get"} <= set(paths["/api/v1/policies/{code}/eligibility/{credit_code}"])
    assert {"post"} <= set(paths["/api/v1/policies/{code}/match"])
    assert {"post"} <= set(paths["/api/v1/policies/match"])
    assert {"get"} <= set(paths["/api/v1/jobs/{job_id}"])
    assert "202" in paths["/api/v1/policies/{code}/match"]["post"]["responses"]
