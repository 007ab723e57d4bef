import pytest

from onego.core import sm3


@pytest.mark.parametrize("message", [b"", b"abc", "审计事件 audit".encode() * 50, bytes(range(256)) * 3])
def test_openssl_and_gmssl_give_the_same_sm3_digest(message):
    if not sm3.OPENSSL_SM3:
        pytest.skip("this Python's OpenSSL has no SM3; gmssl is used alone")
    assert sm3.sm3_hex(message) == sm3.sm3_hex_gmssl(message)


def test_the_sm3_digest_of_abc_is_the_gb_t_32905_example():
    # GB/T 32905-2016 Appendix A.1: SM3("abc")
    assert sm3.sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert sm3.sm3_hex_gmssl(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
