"""Password hashing: the right password verifies, nothing else does."""

import pytest

from shared.auth.passwords import hash_password, verify_password

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def password_hash():
    return hash_password(PASSWORD)


def test_the_password_verifies_against_its_hash(password_hash):
    assert verify_password(password_hash, PASSWORD)


def test_a_wrong_password_does_not_verify(password_hash):
    assert not verify_password(password_hash, "correct horse battery stapler")


def test_the_hash_is_not_the_password(password_hash):
    assert password_hash != PASSWORD
    assert PASSWORD not in password_hash


def test_the_same_password_hashes_differently_each_time():
    assert hash_password(PASSWORD) != hash_password(PASSWORD)


def test_a_malformed_hash_does_not_verify():
    assert not verify_password("not-an-argon2-hash", PASSWORD)
