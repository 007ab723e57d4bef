"""Production hardening (issue 14, stream prod): the WSGI server and static files, demo data kept out of
production, `check --deploy` without warnings, files readable by the service account only."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

REPO = Path(settings.BASE_DIR)
TRAVERSAL = "/static/..%2F..%2Fonego%2Fconfig%2Fsettings.py"


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A production environment with everything it requires, on a private var dir and SQLite file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ONEGO_", "DATABASE_", "DJANGO_"))}
    env.update(
        {
            "ONEGO_ENV": "production",
            "SECRET_KEY": "prod-test-" + "k7Qx9vLm2Rt8Wz4Np6Yb3Hc5Jd1Fg0Ks" * 2,
            "ALLOWED_HOSTS": "onego.example.gov.cn",
            "ONEGO_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'onego.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "onego.config.settings",
            **extra,
        }
    )
    return env


# --- finding 14: static files through WhiteNoise, never the dev server's handler ---


def test_an_encoded_path_traversal_under_static_is_a_plain_404(client):
    response = client.get(TRAVERSAL)

    assert response.status_code == 404
    assert b"SECRET_KEY" not in response.content
    assert b'data-testid="error-404"' in response.content  # the site's own 404 page


def test_a_static_file_is_served_by_whitenoise(client):
    response = client.get("/static/portal/site.css")

    assert response.status_code == 200
    assert b".demo-notice" in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (a local URL)
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_make_run_serves_through_gunicorn_with_its_configuration():
    run_sh = (REPO / "scripts" / "run.sh").read_text()

    assert "gunicorn -c onego/config/gunicorn_conf.py" in run_sh
    assert "runserver" not in run_sh and "umask 077" in run_sh


def test_gunicorn_serves_health_static_files_and_refuses_traversal(tmp_path):
    """gunicorn with the configuration of `make run`, on a free port and a private var dir. The development
    server it replaced answered the traversal with a 500."""
    port = _free_port()
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ONEGO_", "DATABASE_", "CACHE_", "WEB_"))}
    env.update(
        {
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "ONEGO_VAR_DIR": str(var),
            "DATABASE_URL": f"sqlite:///{var / 'onego.sqlite3'}",
        }
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "onego/config/gunicorn_conf.py"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        umask=0o022,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a busy machine may take long to import Django
        status = 0
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, _ = _get(base + "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        assert status == 200

        status, body = _get(base + "/static/portal/site.css")
        assert status == 200 and b".demo-notice" in body
        status, body = _get(base + TRAVERSAL)
        assert status == 404 and b"SECRET_KEY" not in body
    finally:
        server.terminate()  # what run.sh's Ctrl-C sends: a graceful stop
        try:
            server.communicate(timeout=20)
        finally:
            if server.poll() is None:
                server.kill()
    assert server.returncode == 0
    access_log = var / "log" / "access.log"
    assert "GET /healthz" in access_log.read_text()
    assert "Control socket" not in (var / "log" / "web.log").read_text()
    assert stat.S_IMODE(access_log.stat().st_mode) == 0o600  # the configuration's umask, not the caller's
    assert stat.S_IMODE((var / "onego.sqlite3").stat().st_mode) == 0o600


# --- finding 10: demo credentials never in production ---


def test_seed_demo_refuses_to_run_in_production_with_a_message_and_a_failing_exit(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=REPO,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "生产环境（ONEGO_ENV=production）不能加载或显示演示数据" in result.stderr
    assert "Demo@2026" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["demo_logins", "demo_totp"])
def test_the_demo_password_and_totp_are_never_printed_in_production(command, settings, capsys):
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="不能加载或显示演示数据"):
        call_command(command)
    assert capsys.readouterr().out == ""


@pytest.mark.django_db
def test_seed_demo_creates_no_user_in_production(settings):
    from onego.accounts.models import User

    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="不能加载或显示演示数据"):
        call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_every_page_says_the_installation_is_a_demo(client, settings):
    settings.ONEGO_DEMO = True
    chinese = client.get("/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/login/").content.decode()

    assert "演示系统：账号和数据均为演示用途" in chinese
    assert 'data-testid="demo-notice"' in english and "demonstration" in english and "演示系统" not in english


@pytest.mark.django_db
def test_a_production_page_has_no_demo_notice(client, settings):
    settings.ONEGO_DEMO = False

    assert 'data-testid="demo-notice"' not in client.get("/").content.decode()


def test_the_demo_notice_is_off_in_production(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.ONEGO_DEMO)",
        ],
        cwd=REPO,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False", result.stderr


# --- finding 9: production settings ---


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=REPO,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNINGS" not in output and "?: (security." not in output


def test_production_redirects_plain_http_and_sends_hsts(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(SERVER_NAME='onego.example.gov.cn')\n"
        "r = c.get('/login/')\n"
        "print(r.status_code, r['Location'])\n"
        "r = c.get('/login/', HTTP_X_FORWARDED_PROTO='https')\n"
        "print(r.status_code, r.get('Strict-Transport-Security'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=_production_env(tmp_path, ONEGO_HSTS_SECONDS="600"),
        capture_output=True,
        text=True,
        timeout=60,
    )

    lines = result.stdout.splitlines()
    assert lines[0] == "301 https://onego.example.gov.cn/login/", result.stderr
    assert lines[1].startswith("200 max-age=600; includeSubDomains; preload"), result.stderr


def test_uploaded_files_and_folders_are_private(tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path / "media")
    name = storage.save("cases/2026/material.pdf", ContentFile(b"%PDF-1.4"))

    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert stat.S_IMODE((tmp_path / "media" / name).stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "media" / "cases" / "2026").stat().st_mode) == 0o700


def test_a_new_sqlite_database_file_is_0600_whatever_the_umask(tmp_path, django_db_blocker):
    from django.db import connections
    from django.db.backends.sqlite3.base import DatabaseWrapper

    path = tmp_path / "fresh.sqlite3"
    wrapper = DatabaseWrapper(
        {
            **connections["default"].settings_dict,
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {},
        },
        alias="fresh",
    )
    old_umask = os.umask(0o022)
    try:
        with django_db_blocker.unblock():
            wrapper.ensure_connection()
    finally:
        os.umask(old_umask)
        wrapper.close()

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
