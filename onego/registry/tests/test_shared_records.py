"""Shared records about persons (健康证明, 户籍, 婚姻登记, 社保参保): imported all or nothing, looked up on a day."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from onego.core.models import AuditEvent
from onego.demo import shared_records
from onego.registry import shared
from onego.registry.models import HealthCertificate, MarriageRecord, SocialInsuranceRecord
from onego.registry.shared_import import import_shared_records

pytestmark = pytest.mark.django_db
IMPORTED_AT = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)  # when the rows below came in (not used by a rule)

ZHANG = "440111199003074513"
CHEN = "440111198512300318"
HEADER = "姓名,身份证号码,证明编号,发证机构,用人单位统一社会信用代码,有效期起,有效期至\n"


def csv_file(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def test_a_good_health_certificate_file_is_imported_and_a_second_import_replaces_by_certificate_number():
    good = HEADER + (
        f"张伟,{ZHANG},粤健-0001,白云区疾控中心,,2026-03-01,2027-02-28\n"
        f"陈志强,{CHEN},粤健-0002,白云区疾控中心,91440111MA5AQ6WX00,2025-01-01,2025-12-31\n"
    )

    first = import_shared_records(csv_file(good), kind="health_certificate", source="区卫健局 2026-06")
    again = import_shared_records(
        csv_file(good.replace("2027-02-28", "2027-03-31")),
        kind="health_certificate",
        source="区卫健局 2026-07",
    )

    assert first.ok and (first.rows, first.created, first.updated) == (2, 2, 0)
    assert again.ok and (again.created, again.updated) == (0, 2)
    zhang = HealthCertificate.objects.get(certificate_number="粤健-0001")
    assert (zhang.valid_from, zhang.valid_to) == (dt.date(2026, 3, 1), dt.date(2027, 3, 31))
    assert zhang.source == "区卫健局 2026-07"
    assert HealthCertificate.objects.get(certificate_number="粤健-0002").employer_code == "91440111MA5AQ6WX00"
    assert AuditEvent.objects.filter(action="registry.shared_records_imported").count() == 2


def test_bad_rows_are_each_reported_with_row_and_column_and_nothing_is_written():
    bad = HEADER + (
        f"张伟,{ZHANG},粤健-0001,白云区疾控中心,,2026-03-01,2027-02-28\n"  # good, but not written
        f"陈志强,440111198512300319,粤健-0002,白云区疾控中心,,2026-01-01,2026-12-31\n"  # ID checksum
        f"王五,{CHEN},粤健-0003,白云区疾控中心,,2026/13/01,2026-12-31\n"  # not a date
        f"赵六,{CHEN},粤健-0004,白云区疾控中心,,2026-06-01,2026-05-01\n"  # ends before it starts
        f"钱七,{CHEN},粤健-0001,,,2026-01-01,2026-12-31\n"
    )  # same number as row 2, no issuer

    report = import_shared_records(csv_file(bad), kind="health_certificate", source="区卫健局")

    messages = [str(e) for e in report.errors]
    assert not report.ok and HealthCertificate.objects.count() == 0
    assert "第 3 行「身份证号码」列：不是有效的身份证号码" in messages
    assert any(m.startswith("第 4 行「有效期起」列：不是有效的日期") for m in messages)
    assert any(m.startswith("第 5 行「有效期至」列：不能早于起始日期") for m in messages)
    assert any(m.startswith("第 6 行「发证机构」列：不能为空") for m in messages)
    assert any(m.startswith("第 6 行：与第 2 行重复") for m in messages)
    assert not AuditEvent.objects.filter(action="registry.shared_records_imported").exists()


def test_a_file_without_a_required_column_or_with_an_unknown_one_is_refused_at_the_header():
    report = import_shared_records(
        csv_file("姓名,身份证号码,备注\n张伟,440111199003074513,x\n"),
        kind="social_insurance",
        source="区社保局",
    )

    messages = [str(e) for e in report.errors]
    assert not report.ok and SocialInsuranceRecord.objects.count() == 0
    assert "第 1 行「备注」列：未知的列" in messages
    assert any("缺少「参保起始日期」列" in m for m in messages)


def test_an_excel_marriage_file_is_read_by_its_content_and_the_kind_in_words():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号码", "登记类别", "配偶姓名", "配偶身份证号码", "登记日期", "登记机关"])
    ws.append(["张伟", ZHANG, "结婚", "王芳", "440111199208152626", dt.datetime(2018, 5, 20), "白云区民政局"])
    data = io.BytesIO()
    wb.save(data)
    data.seek(0)

    report = import_shared_records(data, kind="marriage", source="区民政局", file_name="marriage.xlsx")

    assert report.ok and report.format == "xlsx"
    record = MarriageRecord.objects.get()
    assert (record.kind, record.registered_on) == (MarriageRecord.Kind.MARRIAGE, dt.date(2018, 5, 20))


def test_a_health_certificate_counts_only_while_it_is_in_force():
    HealthCertificate.objects.create(
        person_name="张伟",
        id_number=ZHANG,
        certificate_number="粤健-0001",
        issuer="白云区疾控中心",
        valid_from=dt.date(2026, 3, 1),
        valid_to=dt.date(2027, 2, 28),
        source="t",
        imported_at=IMPORTED_AT,
    )
    subject = shared.Subject(id_number=ZHANG)

    found = shared.find("registry.health_certificate", subject, dt.date(2027, 2, 28))  # the last day

    assert found is not None and (found.valid_from, found.valid_to) == ("2026-03-01", "2027-02-28")
    assert found.holder_id == "4401**********4513"
    assert shared.find("registry.health_certificate", subject, dt.date(2027, 3, 1)) is None  # expired
    assert shared.find("registry.health_certificate", subject, dt.date(2026, 2, 28)) is None  # not yet
    assert (
        shared.find("registry.health_certificate", shared.Subject(id_number=CHEN), dt.date(2026, 6, 1))
        is None
    )
    assert shared.find("registry.no_such_table", subject, dt.date(2026, 6, 1)) is None


def test_the_demo_gives_the_citizen_a_certificate_in_force_on_any_day_and_the_other_person_an_expired_one():
    # 2031-01-02 is years past any fixed date in the demo: validity is derived from the seeding day
    today = dt.date(2031, 1, 2)
    shared_records.seed_shared_records(today)
    shared_records.seed_shared_records(today)  # idempotent

    assert HealthCertificate.objects.count() == 2
    assert shared.find("registry.health_certificate", shared.Subject(id_number=ZHANG), today) is not None
    assert shared.find("registry.health_certificate", shared.Subject(id_number=CHEN), today) is None
    assert shared.find("registry.social_insurance", shared.Subject(id_number=ZHANG), today) is not None
    assert shared.find("registry.marriage_record", shared.Subject(id_number=ZHANG), today) is not None
    assert shared.find("registry.household_relationship", shared.Subject(id_number=ZHANG), today) is not None


def test_the_import_command_fails_with_the_errors_and_writes_nothing(tmp_path):
    path = tmp_path / "hc.csv"
    path.write_text(HEADER + f"张伟,{ZHANG},粤健-0001,白云区疾控中心,,2026-03-01,bad\n", encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(Exception, match="import failed"):
        call_command(
            "import_shared_records", "health_certificate", str(path), "--source", "区卫健局", stderr=err
        )

    assert "第 2 行「有效期至」列" in err.getvalue() and HealthCertificate.objects.count() == 0


def test_the_admin_lists_health_certificates_with_masked_ids_and_nobody_edits_them_there(
    client, django_user_model
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    HealthCertificate.objects.create(
        person_name="张伟",
        id_number=ZHANG,
        certificate_number="粤健-0001",
        issuer="白云区疾控中心",
        valid_from=dt.date(2026, 3, 1),
        valid_to=dt.date(2027, 2, 28),
        source="t",
        imported_at=IMPORTED_AT,
    )
    reviewer = django_user_model.objects.create_user("rev", password="x-Long-Passw0rd", is_staff=False)
    client.force_login(reviewer)
    assert client.get("/admin/registry/healthcertificate/").status_code == 302  # not staff: to the login

    admin = django_user_model.objects.create_superuser("root", password="x-Long-Passw0rd")
    device = TOTPDevice.objects.create(user=admin, name="t", confirmed=True)
    client.force_login(admin)
    session = client.session
    session["otp_device_id"] = device.persistent_id  # the session has passed TOTP
    session.save()

    listing = client.get("/admin/registry/healthcertificate/").content.decode()
    assert "4401**********4513" in listing and ZHANG not in listing
    assert client.get("/admin/registry/healthcertificate/add/").status_code == 403
    pk = HealthCertificate.objects.get().pk
    assert client.post(f"/admin/registry/healthcertificate/{pk}/delete/", {"post": "yes"}).status_code == 403
    assert HealthCertificate.objects.count() == 1
