"""Drawing a spot-check task from the registers in the database, and recording results: who may, what is
stored, what a failed check does to the licence and the credit record, and when it must be published."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from onego.accounts.models import User
from onego.certificates import services as licence_services
from onego.certificates.models import Licence, LicenceStatus, LicenceType
from onego.core.calendar import add_workdays
from onego.core.errors import ApiError
from onego.core.models import AuditEvent, OutboxMessage
from onego.demo import spot_seed
from onego.registry.credit import commitment_bar
from onego.registry.models import CreditRecord
from onego.supervision import services
from onego.supervision.models import Check, CheckMatter, CheckStatus, Draw
from onego.supervision.registers import risk_levels

pytestmark = pytest.mark.django_db

SEED = "5eed0000000000000000000000000001"


def user(name: str) -> User:
    return User.objects.get(username=name)


def draw(
    seed: str = SEED, *, matter: str = "food-business", ratio: str | None = "1", actor: str = "supervisor"
):
    return services.create_draw(
        actor=user(actor),
        matter=CheckMatter.objects.get(code=matter),
        title="2026 年第三季度食品经营抽查",
        check_by=timezone.localdate() + dt.timedelta(days=30),
        seed=seed,
        ratio=ratio,
    )


def picks(d: Draw) -> list[tuple[str, list[str]]]:
    return [
        (c.licence.number, [a.inspector.certificate_number for a in c.assignments.all()])
        for c in d.checks.order_by("seq")
    ]


def assigned_to(d: Draw, username: str) -> Check:
    check = d.checks.filter(
        assignments__inspector__user__username=username, status=CheckStatus.ASSIGNED
    ).first()
    assert check is not None
    return check


def test_a_supervisor_draws_every_stratum_with_two_inspectors_and_the_log_published(spot):
    d = draw(ratio=None)  # the matter's 20 %

    checks = list(d.checks.order_by("seq"))
    d_risk = [c for c in checks if c.entity_code == spot_seed.D_RISK_HOLDER]
    strata = {s["level"]: (s["population"], s["sample"]) for s in d.log if s["step"] == "stratum"}
    assert strata == {"A": (0, 0), "B": (10, 2), "C": (0, 0), "D": (1, 1)}  # ceil(10 × 0.2) = 2; D: 0.6 → 1
    assert len(checks) == 3 and len(d_risk) == 1 and d_risk[0].risk == "D"
    assert all(c.assignments.count() == 2 for c in checks)
    assert d.seed == SEED and len(d.entity_digest) == 64 and d.inputs["seed"] == SEED
    assert d.number.startswith("SC2026")
    # each drawn inspector is told, once
    inspectors = {a.inspector.user_id for c in checks for a in c.assignments.all()}
    messages = OutboxMessage.objects.filter(subject__contains=d.number)
    assert sorted(messages.values_list("recipient_id", flat=True)) == sorted(inspectors)
    assert AuditEvent.objects.filter(action="supervision.drawn", object_id=str(d.pk)).count() == 1


def test_the_same_seed_on_the_same_registers_draws_the_same_and_verify_draw_agrees(spot):
    first, second = draw(), draw()
    other = draw("5eed0000000000000000000000000002", ratio="0.2")

    out = io.StringIO()
    call_command("verify_draw", first.number, stdout=out)

    assert picks(first) == picks(second)
    assert first.entity_digest == second.entity_digest == other.entity_digest
    assert picks(other) != picks(first)[: len(picks(other))] or len(picks(other)) != len(picks(first))
    assert "OK" in out.getvalue()


def test_verify_draw_reports_a_draw_whose_stored_result_was_altered(spot):
    d = draw()
    check = d.checks.order_by("seq").first()
    assert check is not None
    Check.objects.filter(pk=check.pk).update(seq=999)

    with pytest.raises(CommandError, match="differ"):
        call_command("verify_draw", d.number, stdout=io.StringIO())


def test_verify_draw_re_runs_a_published_inputs_file(spot, tmp_path, client):
    d = draw()
    published = client.get(f"/supervision/public/{d.number}/inputs.json")
    path = tmp_path / "inputs.json"
    path.write_bytes(published.content)

    out = io.StringIO()
    call_command("verify_draw", d.number, "--file", str(path), stdout=out)

    assert published.status_code == 200 and json.loads(published.content)["seed"] == SEED
    assert "OK" in out.getvalue()


def test_the_recused_inspector_is_never_drawn_for_the_entity_but_is_for_others(spot):
    username, code, _, _ = spot_seed.CONFLICT
    cert = dict(spot_seed.CERTIFICATES)[username]

    for n in range(8):
        d = draw(f"{n:032x}")
        conflicted = d.checks.get(entity_code=code)
        others = d.checks.exclude(entity_code=code)
        assert cert not in [a.inspector.certificate_number for a in conflicted.assignments.all()]
        assert conflicted.assignments.count() == 2
        step = next(s for s in d.log if s.get("entity", "").startswith(code))
        assert step["recused"] == [cert]
    assert others.filter(assignments__inspector__certificate_number=cert).exists()


def test_an_entity_with_fewer_than_two_eligible_inspectors_is_flagged_not_checked_by_one(spot):
    from onego.supervision.models import Conflict, ConflictReason, Inspector

    clinic = (
        Licence.objects.filter(licence_type__key="clinic_filing_certificate").order_by("holder_code").first()
    )
    assert clinic is not None
    Conflict.objects.create(
        inspector=Inspector.objects.get(user__username="wjj_inspector"),
        entity_code=clinic.holder_code,
        reason=ConflictReason.RELATIVE,
    )

    d = draw(matter="clinic-filing")

    flagged = d.checks.get(licence=clinic)
    assert flagged.status == CheckStatus.UNSTAFFED and flagged.assignments.count() == 0
    assert d.checks.exclude(pk=flagged.pk).filter(status=CheckStatus.ASSIGNED).count() == 4


@pytest.mark.parametrize("role", ["reviewer", "head", "clerk", "centre_head", "admin"])
def test_only_a_supervisor_may_draw(spot, role):
    with pytest.raises(ApiError) as refused:
        draw(actor=role)

    assert refused.value.status == 403 and not Draw.objects.exists()


@pytest.mark.parametrize(
    ("seed", "ratio", "code"),
    [
        ("ab", "1", "bad_seed"),
        ("有中文的种子", "1", "bad_seed"),
        (SEED, "0", "bad_ratio"),
        (SEED, "1.5", "bad_ratio"),
    ],
)
def test_bad_draw_input_is_refused_with_a_code_and_nothing_stored(spot, seed, ratio, code):
    with pytest.raises(ApiError) as refused:
        draw(seed, ratio=ratio)

    assert refused.value.code == code and not Draw.objects.exists()


def test_a_matter_with_no_licence_holders_is_refused(spot):
    Licence.objects.filter(licence_type__key="clinic_filing_certificate").update(
        status=LicenceStatus.CANCELLED
    )

    with pytest.raises(ApiError) as refused:
        draw(matter="clinic-filing")

    assert refused.value.code == "no_entities" and not Draw.objects.exists()


def test_only_a_drawn_inspector_records_and_a_pass_is_published_at_once(spot):
    d = draw()
    check = assigned_to(d, "reviewer")
    outsider = next(
        name for name in ("head", "inspector") if not check.assignments.filter(inspector__user__username=name)
    )

    with pytest.raises(ApiError) as refused:
        services.record_result(
            check.pk, actor=user(outsider), passed=True, checked_on=timezone.localdate(), findings=""
        )
    services.record_result(
        check.pk, actor=user("reviewer"), passed=True, checked_on=timezone.localdate(), findings=""
    )

    check.refresh_from_db()
    assert refused.value.status == 403
    assert check.status == CheckStatus.PASSED and check.published_at is not None and check.published_in_time
    with pytest.raises(ApiError) as again:
        services.record_result(
            check.pk,
            actor=user("reviewer"),
            passed=False,
            checked_on=timezone.localdate(),
            findings="再次记录",
        )
    assert again.value.code == "done"


def test_results_are_due_for_publication_twenty_working_days_after_the_check_across_national_day(spot):
    import time_machine

    d = draw()
    check = assigned_to(d, "reviewer")

    with time_machine.travel(dt.datetime(2026, 11, 2, 10, 0, tzinfo=timezone.get_fixed_timezone(480))):
        # checked on 28 September, recorded (and so published) on 2 November
        services.record_result(
            check.pk, actor=user("reviewer"), passed=True, checked_on=dt.date(2026, 9, 28), findings=""
        )

    check.refresh_from_db()
    # 20 working days from 28 September skip the National Day holiday (1–7 October 2026) and the weekends but
    # count the make-up Saturday of 10 October: 30 October, not the 26th that weekdays alone would give
    assert check.publish_by == add_workdays(dt.date(2026, 9, 28), 20).deadline == dt.date(2026, 10, 30)
    assert check.published_in_time is False  # recorded on 2 November: published late, and the page says so


def test_a_failed_check_without_false_commitment_orders_rectification_and_keeps_the_licence(spot):
    d = draw()
    check = assigned_to(d, "reviewer")

    with pytest.raises(ApiError) as bare:
        services.record_result(
            check.pk, actor=user("reviewer"), passed=False, checked_on=timezone.localdate(), findings="差"
        )
    services.record_result(
        check.pk,
        actor=user("reviewer"),
        passed=False,
        checked_on=timezone.localdate(),
        findings="从业人员健康证明过期",
    )

    check.refresh_from_db()
    assert bare.value.code == "findings_required"
    assert check.status == CheckStatus.FAILED and not check.licence_revoked
    assert Licence.objects.get(pk=check.licence_id).status == LicenceStatus.VALID
    other = d.checks.filter(status=CheckStatus.ASSIGNED).first()
    assert other is not None and not other.on_commitment
    with pytest.raises(ApiError) as not_commitment:
        services.record_result(
            other.pk,
            actor=other.assignments.first().inspector.user,
            passed=False,
            checked_on=timezone.localdate(),
            findings="承诺的经营场所不存在",
            false_commitment=True,
        )
    assert not_commitment.value.code == "not_commitment"


def commitment_licence() -> Licence:
    """The demo enterprise's food licence granted on commitment: a real case on the commitment route."""
    from onego.inspection.tests.factories import food_case

    case = food_case(user("enterprise"))
    assert case.route == "commitment"
    return licence_services.issue_licence(
        licence_type=LicenceType.objects.get(key="food_business_licence"),
        holder_name="广州市白云区云味餐饮有限公司（嘉禾店）",
        holder_code="91440111MA5AQ6WX00",
        data={"business_items": "热食类食品制售"},
        actor="test",
        case=case,
    )


def test_a_false_commitment_revokes_the_licence_writes_the_credit_record_and_raises_the_risk(spot, client):
    licence = commitment_licence()
    d = draw()
    check = d.checks.get(licence=licence)
    assert check.on_commitment and check.risk == "B"
    inspector = check.assignments.first().inspector.user

    services.record_result(
        check.pk,
        actor=inspector,
        passed=False,
        checked_on=timezone.localdate(),
        findings="现场为家庭厨房，与承诺的独立加工场所不符",
        false_commitment=True,
    )

    check.refresh_from_db()
    licence.refresh_from_db()
    assert check.status == CheckStatus.FAILED and check.licence_revoked and check.false_commitment
    assert licence.status == LicenceStatus.REVOKED and "虚假承诺" in licence.status_reason
    record = commitment_bar("91440111MA5AQ6WX00", timezone.localdate())
    assert record is not None and record.kind == CreditRecord.Kind.FALSE_COMMITMENT
    assert licence_services.verify(licence.identifier).status == "revoked"
    # the holder is at risk level D from now on, and the revoked licence is no longer in the next draw's register
    assert risk_levels(["91440111MA5AQ6WX00"], timezone.localdate()) == {"91440111MA5AQ6WX00": "D"}
    later = draw("5eed0000000000000000000000000009")
    assert not later.checks.filter(licence=licence).exists()
    # and the public page shows the result
    page = client.get(f"/supervision/public/{d.number}/").content.decode()
    assert "现场为家庭厨房" in page and "虚假承诺" in page
