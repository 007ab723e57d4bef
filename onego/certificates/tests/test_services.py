from __future__ import annotations

import datetime as dt

import pytest

from onego.accounts.models import Department
from onego.certificates import identifiers, services
from onego.certificates.models import Licence, LicenceStatus, LicenceType, validate_type_code
from onego.certificates.tests import factories as f
from onego.core.models import AuditEvent
from onego.demo import accounts as demo
from onego.demo import licence_types

pytestmark = pytest.mark.django_db


def test_issuing_stores_a_signed_licence_with_a_valid_identifier_and_one_audit_event():
    dept, lt = f.issuer_with_key()
    before = AuditEvent.objects.count()

    licence = f.licence(lt)

    parts = identifiers.parse(licence.identifier)
    assert (parts.type_code, parts.issuer_code, parts.serial, parts.version) == (
        lt.type_code,
        dept.credit_code,
        "00000001",
        "001",
    )
    assert licence.holder_code_type == "001"
    assert (licence.valid_from, licence.valid_to) == (dt.date(2026, 5, 20), dt.date(2031, 5, 19))
    assert licence.status == LicenceStatus.VALID
    assert licence.signature and licence.key_id.startswith(dept.credit_code)
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.action for e in events] == ["licence.issued"]


def test_serials_run_per_issuer_and_numbers_are_unique():
    _, lt = f.issuer_with_key()
    first, second = f.licence(lt), f.licence(lt, holder_name="李娜", holder_code=f.PERSON_ID)

    assert identifiers.parse(second.identifier).serial == "00000002"
    assert first.number != second.number
    assert second.holder_code_type == "111"


def test_a_type_without_validity_rule_gives_a_licence_without_end_date():
    dept, _ = f.issuer_with_key()
    lt = f.licence_type(dept, key="business_licence", suffix="002", valid_years=None)

    assert f.licence(lt).valid_to is None


def test_a_department_without_a_key_cannot_issue():
    dept = f.department()
    lt = f.licence_type(dept)

    with pytest.raises(services.LicenceError, match="make_signing_key"):
        f.licence(lt)
    assert not Licence.objects.exists()


def test_an_invalid_holder_code_is_refused():
    _, lt = f.issuer_with_key()

    with pytest.raises(services.LicenceError, match="持证主体代码应为有效的身份证号码或统一社会信用代码"):
        f.licence(lt, holder_code="123")


def test_revoking_records_reason_and_time_and_cannot_be_repeated():
    _, lt = f.issuer_with_key()
    licence = f.licence(lt)

    with pytest.raises(services.LicenceError, match="撤销须说明理由"):
        services.revoke(licence.pk, "  ", actor="test")
    services.revoke(licence.pk, "许可被依法撤销", actor="test")

    licence.refresh_from_db()
    assert licence.status == LicenceStatus.REVOKED
    assert licence.status_reason == "许可被依法撤销"
    assert licence.status_changed_at is not None
    assert AuditEvent.objects.filter(action="licence.revoked").count() == 1
    with pytest.raises(services.LicenceError):
        services.revoke(licence.pk, "again", actor="test")


def test_expiring_marks_only_licences_past_their_end_date():
    _, lt = f.issuer_with_key()
    old = f.licence(lt, issue_date=dt.date(2020, 1, 1))  # valid to 2024-12-31
    current = f.licence(lt)

    assert services.expire_due_licences(today=dt.date(2026, 6, 1)) == 1
    assert services.expire_due_licences(today=dt.date(2026, 6, 1)) == 0

    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.status, current.status) == (LicenceStatus.EXPIRED, LicenceStatus.VALID)


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        (f.ENTERPRISE_CODE + "001", True),
        (f.ENTERPRISE_CODE + "01", False),
        (f.ENTERPRISE_CODE[:-1] + "1" + "001", False),  # wrong GB 32100 check character
        (f.ENTERPRISE_CODE + "0A1", False),
    ],
)
def test_type_codes_are_a_valid_credit_code_and_three_digits(code, ok):
    from django.core.exceptions import ValidationError

    if ok:
        validate_type_code(code)
    else:
        with pytest.raises(ValidationError):
            validate_type_code(code)


def test_seed_licence_types_is_idempotent_and_covers_the_catalogue_keys():
    for d in demo.DEPARTMENTS:
        Department.objects.create(name=d.name, credit_code=demo.DEPARTMENT_CODES[d.key], is_demo_code=True)

    licence_types.seed_licence_types()
    licence_types.seed_licence_types()

    keys = set(LicenceType.objects.values_list("key", flat=True))
    assert {
        "food_business_licence",
        "business_licence",
        "medical_institution_practice_licence",
        "clinic_filing_certificate",
        "physician_practising_certificate",
        "nurse_practising_certificate",
        "real_estate_title",
        "household_register",
    } <= keys
    assert LicenceType.objects.count() == len(licence_types.SEED_LICENCE_TYPES)
    for lt in LicenceType.objects.all():
        validate_type_code(lt.type_code)
        assert lt.type_code.startswith(lt.issuing_department.credit_code)
