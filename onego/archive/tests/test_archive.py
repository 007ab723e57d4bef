"""The e-archive: SM3 digests of every file of a case, verification that names changed and vanished files,
the case archive zip with its manifest, and who may download it."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from onego.archive import services
from onego.archive.digests import sm3_of_stream
from onego.archive.models import ArchivedFile, FileKind, Retention, VerifyStatus
from onego.cases import services as case_services
from onego.cases.tests import factories as f
from onego.core.models import AuditEvent
from onego.core.sm3 import sm3_hex, sm3_hex_gmssl

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def w(media):
    from onego.core.calendar import load_from_chinesecalendar

    load_from_chinesecalendar()
    return f.world()


def submit(w, pdf: bytes = f.PDF):
    return case_services.submit_application(
        applicant=w.applicant,
        item_code=w.item.code,
        form_data={"legal_representative": "李娜", "premises_address": "广州市白云区测试路 1 号"},
        uploads=[case_services.UploadedMaterial("floor_plan", pdf)],
        signature_png=f.PNG,
    )[0]


@pytest.fixture
def archived_case(w):
    case = submit(w)
    services.archive_case(case.pk)
    return case


def test_archiving_a_case_records_the_sm3_of_its_signature_each_uploaded_material_and_its_form(w):
    case = submit(w)

    result = services.archive_case(case.pk)

    assert result == {"case": case.number, "archived": 3, "already": 0, "missing": []}
    rows = {row.kind: row for row in ArchivedFile.objects.filter(case=case)}
    assert set(rows) == {FileKind.SIGNATURE, FileKind.MATERIAL, FileKind.GENERATED_FORM}
    signature, material = rows[FileKind.SIGNATURE], rows[FileKind.MATERIAL]
    assert signature.name == case.signature.name
    assert signature.sm3 == hashlib.new("sm3", f.PNG).hexdigest() == sm3_hex(f.PNG)
    assert (signature.size, signature.content_type, signature.retention) == (
        len(f.PNG),
        "image/png",
        Retention.LONG,
    )
    assert material.name == case.materials.get(material_key="floor_plan").file.name
    assert material.sm3 == hashlib.new("sm3", f.PDF).hexdigest() == sm3_hex(f.PDF)
    assert (material.size, material.content_type) == (len(f.PDF), "application/pdf")
    assert material.last_status == VerifyStatus.UNVERIFIED
    # the signed application form was generated as a PDF and archived with the case file (long)
    form = rows[FileKind.GENERATED_FORM]
    assert form.name == case.materials.get(material_key="application-form").file.name
    assert (form.content_type, form.retention) == ("application/pdf", Retention.LONG)
    # the licence that stands in for the business licence has no file, so nothing of it is archived
    assert ArchivedFile.objects.filter(case=case).count() == 3
    assert AuditEvent.objects.filter(action="archive.file_archived").count() == 3


def test_archiving_twice_creates_no_duplicates_and_no_second_audit_event(archived_case):
    before = AuditEvent.objects.filter(action="archive.file_archived").count()

    again = services.archive_case(archived_case.pk)
    call_command("archive_cases", stdout=io.StringIO())
    same = services.archive_file(
        name=archived_case.signature.name, kind=FileKind.SIGNATURE, case=archived_case
    )

    assert again == {"case": archived_case.number, "archived": 0, "already": 3, "missing": []}
    assert same.sm3 == sm3_hex(f.PNG)
    assert ArchivedFile.objects.count() == 3
    assert AuditEvent.objects.filter(action="archive.file_archived").count() == before


def test_the_backfill_command_archives_every_case(w):
    first, second = submit(w), submit(w, pdf=f.PDF + b"% second\n")
    out = io.StringIO()

    call_command("archive_cases", stdout=out)

    assert ArchivedFile.objects.filter(case=first).count() == 3
    assert ArchivedFile.objects.filter(case=second).count() == 3
    assert "2 cases: 6 files archived now" in out.getvalue()


def test_retention_defaults_by_kind_and_can_be_chosen(media):
    default_storage.save("decisions/d.pdf", io.BytesIO(f.PDF))
    default_storage.save("videos/v.mp4", io.BytesIO(b"\x00\x00\x00\x18ftypmp42"))
    default_storage.save("forms/f.pdf", io.BytesIO(f.PDF + b"%f"))

    decision = services.archive_file(name="decisions/d.pdf", kind=FileKind.DECISION)
    video = services.archive_file(name="videos/v.mp4", kind=FileKind.VIDEO)
    form = services.archive_file(
        name="forms/f.pdf", kind=FileKind.GENERATED_FORM, retention=Retention.PERMANENT
    )

    assert (decision.retention, video.retention, form.retention) == (
        Retention.PERMANENT,
        Retention.SHORT,
        Retention.PERMANENT,
    )
    assert video.content_type == "video/mp4"  # guessed from the name when the caller gives none


def test_a_file_the_storage_does_not_hold_cannot_be_archived(media):
    with pytest.raises(services.StoredFileMissing):
        services.archive_file(name="nowhere/x.pdf", kind=FileKind.MATERIAL)
    assert not ArchivedFile.objects.exists()


def test_the_streamed_digest_equals_the_one_shot_digest_across_many_chunks():
    content = bytes(range(256)) * 4099  # not a multiple of the chunk size

    digest, size = sm3_of_stream(io.BytesIO(content), chunk_bytes=1000)

    assert (digest, size) == (sm3_hex(content), len(content))
    assert digest == sm3_hex_gmssl(content)


def test_verify_archive_is_ok_when_nothing_changed(archived_case):
    out = io.StringIO()

    call_command("verify_archive", stdout=out)

    assert "OK" in out.getvalue() and "3 files" in out.getvalue()
    assert set(ArchivedFile.objects.values_list("last_status", flat=True)) == {VerifyStatus.OK}
    assert not ArchivedFile.objects.filter(last_verified_at__isnull=True).exists()


def test_verify_archive_reports_a_file_changed_on_disk_and_a_vanished_file(archived_case, media):
    # given: one byte of the material overwritten on disk, the signature deleted
    material = ArchivedFile.objects.get(case=archived_case, kind=FileKind.MATERIAL)
    signature = ArchivedFile.objects.get(case=archived_case, kind=FileKind.SIGNATURE)
    on_disk = media / material.name
    tampered = bytearray(on_disk.read_bytes())
    tampered[-2] ^= 0x01
    on_disk.write_bytes(bytes(tampered))
    (media / signature.name).unlink()
    out, err = io.StringIO(), io.StringIO()

    # when
    with pytest.raises(CommandError) as failed:
        call_command("verify_archive", stdout=out, stderr=err)

    # then: both named, with their case number, and the command fails
    assert "1 changed, 1 vanished" in str(failed.value)
    lines = err.getvalue().splitlines()
    changed_line = next(line for line in lines if material.name in line)
    vanished_line = next(line for line in lines if signature.name in line)
    assert "CHANGED" in changed_line and archived_case.number in changed_line
    assert sm3_hex(bytes(tampered)) in changed_line
    assert "VANISHED" in vanished_line and archived_case.number in vanished_line
    # the record keeps the archived digest and notes what verification found
    material.refresh_from_db()
    signature.refresh_from_db()
    assert material.sm3 == sm3_hex(f.PDF) and material.last_status == VerifyStatus.CHANGED
    assert signature.sm3 == sm3_hex(f.PNG) and signature.last_status == VerifyStatus.VANISHED
    assert material.last_verified_at is not None
    event = AuditEvent.objects.filter(action="archive.verified").last()
    assert event is not None
    assert event.data["changed"] == [material.name] and event.data["vanished"] == [signature.name]


def test_verify_archive_sees_a_change_made_through_the_storage_api_in_small_batches(w):
    cases = [submit(w, pdf=f.PDF + f"% {i}\n".encode()) for i in range(3)]
    for case in cases:
        services.archive_case(case.pk)
    victim = ArchivedFile.objects.get(case=cases[1], kind=FileKind.MATERIAL)
    default_storage.delete(victim.name)
    default_storage.save(victim.name, io.BytesIO(b"%PDF-1.4 replaced"))

    report = services.verify_archive(batch=2)

    assert report.count == 9
    assert [(p.name, p.status, p.case_number) for p in report.problems] == [
        (victim.name, VerifyStatus.CHANGED, cases[1].number)
    ]


def _zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_case_zip_holds_every_file_and_a_manifest_whose_digests_match(archived_case):
    archive = zipfile.ZipFile(io.BytesIO(services.case_archive_zip(archived_case.pk)))

    manifest_bytes = archive.read("manifest.json")
    manifest = json.loads(manifest_bytes)
    assert manifest["case"] == archived_case.number
    assert len(manifest["files"]) == 3
    for entry in manifest["files"]:
        content = archive.read(entry["path"])
        assert sm3_hex(content) == entry["sm3"] == ArchivedFile.objects.get(name=entry["name"]).sm3
        assert len(content) == entry["size"]
        assert entry["present"] is True
    assert {e["kind"] for e in manifest["files"]} == {"signature", "material", "generated_form"}
    assert {e["retention"] for e in manifest["files"]} == {"long"}
    assert archive.read("manifest.sm3").decode() == f"{sm3_hex(manifest_bytes)}  manifest.json\n"
    assert "manifest.json.sig" not in archive.namelist()  # the service centre has no signing key here


def test_the_manifest_is_signed_by_the_injected_signer(archived_case):
    seen = []

    def signer(data: bytes) -> bytes:
        seen.append(data)
        return b"SIG:" + sm3_hex(data).encode()

    archive = zipfile.ZipFile(io.BytesIO(services.case_archive_zip(archived_case.pk, signer=signer)))

    assert seen == [archive.read("manifest.json")]
    assert archive.read("manifest.json.sig") == b"SIG:" + sm3_hex(seen[0]).encode()


def test_the_configured_signer_is_used_when_none_is_injected(archived_case, settings):
    settings.ONEGO_ARCHIVE_MANIFEST_SIGNER = "onego.archive.tests.test_archive.fake_signer"

    archive = zipfile.ZipFile(io.BytesIO(services.case_archive_zip(archived_case.pk)))

    assert archive.read("manifest.json.sig") == b"fake"


def fake_signer(data: bytes) -> bytes:
    return b"fake"


def test_the_applicant_downloads_their_case_archive(client, archived_case, w):
    client.force_login(w.applicant)

    response = client.get(f"/archive/case/{archived_case.number}.zip")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f'filename="{archived_case.number}.zip"' in response["Content-Disposition"]
    names = _zip_of(response).namelist()
    assert "manifest.json" in names and "manifest.sm3" in names
    assert f"files/{archived_case.signature.name}" in names


def test_staff_of_the_case_department_download_the_archive(client, archived_case, w):
    client.force_login(w.market_reviewer)

    response = client.get(f"/archive/case/{archived_case.number}.zip")

    assert response.status_code == 200
    assert len(json.loads(_zip_of(response).read("manifest.json"))["files"]) == 3


@pytest.mark.parametrize("who", ["other_applicant", "anonymous"])
def test_anyone_else_gets_404_for_the_case_archive(client, archived_case, w, who):
    if who != "anonymous":
        client.force_login(getattr(w, who))

    assert client.get(f"/archive/case/{archived_case.number}.zip").status_code == 404
    assert client.get("/archive/case/NO-SUCH-CASE.zip").status_code == 404


def test_on_case_files_saved_queues_archiving_only_after_commit(
    w, monkeypatch, django_capture_on_commit_callbacks
):
    from onego import celery_app
    from onego.archive import tasks

    queued = []
    monkeypatch.setattr(
        celery_app, "send_task", lambda name, args=(), kwargs=None, **options: queued.append((name, *args))
    )
    case = submit(w)

    with django_capture_on_commit_callbacks(execute=True):
        services.on_case_files_saved(case.pk)
        assert queued == []

    assert queued == [("onego.archive.archive_case", case.pk)]
    # the task itself is idempotent
    assert tasks.archive_case.run(case.pk)["archived"] == 3
    assert tasks.archive_case.run(case.pk) == {
        "case": case.number,
        "archived": 0,
        "already": 3,
        "missing": [],
    }
    assert tasks.archive_case.name == "onego.archive.archive_case"


def test_the_archive_key_signs_the_manifest_so_that_openssl_verifies_it(archived_case, settings, tmp_path):
    import shutil
    import subprocess

    signing = pytest.importorskip("onego.certificates.signing")
    from onego.archive.signing import archive_key_signer

    # given: an SM2 key file for the archive, and the signer switched on in settings
    settings.ONEGO_SIGNING_KEY_DIR = tmp_path / "keys"
    settings.ONEGO_ARCHIVE_SIGNING_KEY_ID = "archive-test"
    settings.ONEGO_ARCHIVE_MANIFEST_SIGNER = "onego.archive.signing.archive_key_signer"
    key = signing.generate_private_key()
    signing.write_private_key("archive-test", key)

    # when
    archive = zipfile.ZipFile(io.BytesIO(services.case_archive_zip(archived_case.pk)))

    # then: the manifest names the key, and the signature verifies here and with OpenSSL
    manifest_bytes, signature = archive.read("manifest.json"), archive.read("manifest.json.sig")
    assert json.loads(manifest_bytes)["signature"] == {
        "file": "manifest.json.sig",
        "algorithm": "SM2withSM3",
        "key_id": "archive-test",
    }
    assert archive_key_signer.key_id == "archive-test"
    assert signing.verify(key.public, manifest_bytes, signature)
    assert not signing.verify(key.public, manifest_bytes.replace(b'"case"', b'"Case"'), signature)
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command line is not installed")
    (tmp_path / "manifest.json").write_bytes(manifest_bytes)
    (tmp_path / "manifest.json.sig").write_bytes(signature)
    (tmp_path / "public.pem").write_text(key.public.to_pem())
    result = subprocess.run(
        [
            "openssl",
            "dgst",
            "-sm3",
            "-verify",
            str(tmp_path / "public.pem"),
            "-sigopt",
            "distid:1234567812345678",  # the GB/T 35276 default ID; OpenSSL 3.0 assumes an empty one
            "-signature",
            str(tmp_path / "manifest.json.sig"),
            str(tmp_path / "manifest.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "Verified OK" in result.stdout


def test_the_api_lists_a_case_archive_with_digests_and_hides_it_from_others(client, archived_case, w):
    client.force_login(w.applicant)
    mine = client.get(f"/api/v1/archive/cases/{archived_case.number}")
    client.force_login(w.other_applicant)
    theirs = client.get(f"/api/v1/archive/cases/{archived_case.number}")

    assert mine.status_code == 200
    body = mine.json()
    assert body["zip_url"] == f"/archive/case/{archived_case.number}.zip"
    assert {(row["kind"], row["sm3"]) for row in body["files"]} >= {
        ("signature", sm3_hex(f.PNG)),
        ("material", sm3_hex(f.PDF)),
    }
    assert [row["kind"] for row in body["files"]].count("generated_form") == 1
    assert theirs.status_code == 404 and theirs.json()["code"] == "not_found"


def test_the_case_archive_is_an_attachment_that_is_sandboxed_and_never_sniffed(client, archived_case, w):
    client.force_login(w.applicant)

    response = client.get(f"/archive/case/{archived_case.number}.zip")

    assert response["Content-Disposition"] == f'attachment; filename="{archived_case.number}.zip"'
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_case_submitted_while_the_broker_is_down_is_archived_by_the_beat_job(
    w, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from onego import celery_app
    from onego.archive import tasks

    # given the broker refuses every task after commit
    refused = []

    def broker_down(name, args=(), kwargs=None, **options):
        refused.append((name, *args))
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(celery_app, "send_task", broker_down)

    # when the applicant submits
    with django_capture_on_commit_callbacks(execute=True):
        case = submit(w)

    # then the case is stored, its archiving was asked for and refused, nothing is archived yet
    assert ("onego.archive.archive_case", case.pk) in refused
    assert not ArchivedFile.objects.filter(case=case).exists()

    # when the hourly beat job runs
    assert tasks.archive_backlog.run() == {"cases": 1, "archived": 3}

    # then the signature, the upload and the generated application form are archived, and the next run finds none
    assert ArchivedFile.objects.filter(case=case).count() == 3
    assert tasks.archive_backlog.run() == {"cases": 0, "archived": 0}
