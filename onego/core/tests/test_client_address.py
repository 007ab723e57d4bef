"""The client address behind a proxy (onego.core.ratelimit.client_ip): the forwarded header counts only when
the request comes from a configured trusted proxy; rate limits and django-axes use the same address."""

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import reverse

from onego.accounts.models import User
from onego.core.ratelimit import client_ip

PROXY = "10.0.0.2"


def _request(remote: str, forwarded: str | None = None, **extra: str):
    request = RequestFactory().get("/")
    request.META.update({"REMOTE_ADDR": remote, **extra})
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


@override_settings(ONEGO_TRUSTED_PROXIES=[])
def test_without_a_trusted_proxy_a_forged_forwarded_header_is_ignored():
    assert client_ip(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@override_settings(ONEGO_TRUSTED_PROXIES=[PROXY])
def test_a_forwarded_header_from_an_untrusted_caller_is_ignored_even_when_a_proxy_is_configured():
    assert client_ip(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@override_settings(ONEGO_TRUSTED_PROXIES=["10.0.0.0/24", "2001:db8::/32"])
@pytest.mark.parametrize(
    ("forwarded", "client"),
    [
        ("203.0.113.9", "203.0.113.9"),
        # a client-written entry on the left cannot displace the address the proxy appended
        ("1.2.3.4, 203.0.113.9", "203.0.113.9"),
        # a chain of trusted proxies is walked from the right
        ("203.0.113.9, 10.0.0.7", "203.0.113.9"),
        ("203.0.113.9:51234", "203.0.113.9"),
        ("[2001:db9::5]:443", "2001:db9::5"),
        # garbage stops the walk at the last trusted hop
        ("203.0.113.9, not-an-ip", PROXY),
        ("", PROXY),
    ],
)
def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_client(forwarded, client):
    assert client_ip(_request(PROXY, forwarded)) == client


@override_settings(ONEGO_TRUSTED_PROXIES=[PROXY], ONEGO_CLIENT_IP_HEADER="X-Real-IP")
def test_the_header_name_is_configurable():
    request = _request(PROXY, "1.2.3.4", HTTP_X_REAL_IP="203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


# --- through the pages: the licence verification limit (10 a minute here) --------------------------------------


def _verify_codes(client, count: int, **meta: str) -> list[int]:
    return [
        client.post(reverse("certificates:verify"), {"text": f"nothing-{i}"}, **meta).status_code
        for i in range(count)
    ]


@pytest.mark.django_db
@override_settings(ONEGO_VERIFY_RATE_PER_MINUTE=10, ONEGO_TRUSTED_PROXIES=[])
@time_machine.travel("2026-03-02 10:00:05 +0800", tick=False)
def test_without_a_proxy_changing_the_forwarded_header_does_not_escape_the_limit(client):
    codes = [
        client.post(
            reverse("certificates:verify"),
            {"text": "x"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
        ).status_code
        for i in range(11)
    ]

    assert codes == [200] * 10 + [429]


@pytest.mark.django_db
@override_settings(ONEGO_VERIFY_RATE_PER_MINUTE=10, ONEGO_TRUSTED_PROXIES=[PROXY])
@time_machine.travel("2026-03-02 10:00:05 +0800", tick=False)
def test_behind_a_trusted_proxy_two_clients_are_counted_apart(client):
    first = _verify_codes(client, 11, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = _verify_codes(client, 3, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.2")

    assert first == [200] * 10 + [429]
    assert second == [200] * 3


@pytest.mark.django_db
@override_settings(ONEGO_TRUSTED_PROXIES=[PROXY])
def test_django_axes_records_the_same_client_address(client):
    User.objects.create_user("lina", password="Correct-horse-9")

    client.post(
        reverse("portal:login"),
        {"username": "lina", "password": "wrong"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.1",
    )

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.1"]


def test_axes_gets_no_address_rather_than_a_word_its_ip_column_refuses():
    from django.test import RequestFactory

    from onego.core.ratelimit import axes_client_ip

    without = RequestFactory().get("/")
    without.META.pop("REMOTE_ADDR", None)
    garbled = RequestFactory().get("/", REMOTE_ADDR="not-an-address")

    assert axes_client_ip(without) is None and axes_client_ip(garbled) is None
    assert axes_client_ip(RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")) == "203.0.113.9"
