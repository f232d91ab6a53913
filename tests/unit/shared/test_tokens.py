"""Signed access tokens and candidate links: round trips, expiry, tampering, no swapping."""

import time

import pytest

from shared.auth.tokens import ACCESS_TOKEN_SECONDS, InvalidToken, Principal, TokenSigner

SAM = Principal("sam", frozenset({"secretariat", "admin"}), "Sam Secretary")


@pytest.fixture
def signer():
    return TokenSigner("a-secret-key-for-tests")


def tampered(token):
    """The token with its first character (in the signed payload) changed.

    Not the last one: the final base64 character of a signature carries bits that decoding
    drops, so changing it can leave a token that is still validly signed.
    """
    first = "A" if token[0] != "A" else "B"
    return first + token[1:]


def test_an_access_token_gives_back_the_principal(signer):
    assert signer.principal(signer.access_token(SAM)) == SAM


def test_a_principal_keeps_its_roles(signer):
    principal = signer.principal(signer.access_token(SAM))

    assert principal.has_any("admin")
    assert not principal.has_any("panel")


def test_an_expired_access_token_asks_to_sign_in_again(signer, monkeypatch):
    issued = time.time() - ACCESS_TOKEN_SECONDS - 60
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: issued)
        token = signer.access_token(SAM)

    with pytest.raises(InvalidToken, match="expired"):
        signer.principal(token)


def test_a_token_within_its_lifetime_is_accepted(signer, monkeypatch):
    issued = time.time() - ACCESS_TOKEN_SECONDS + 60
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: issued)
        token = signer.access_token(SAM)

    assert signer.principal(token).username == "sam"


def test_a_tampered_access_token_is_refused(signer):
    with pytest.raises(InvalidToken, match="invalid"):
        signer.principal(tampered(signer.access_token(SAM)))


def test_an_access_token_signed_with_another_key_is_refused(signer):
    token = TokenSigner("another-installation").access_token(SAM)

    with pytest.raises(InvalidToken):
        signer.principal(token)


def test_a_candidate_link_gives_back_its_application(signer):
    assert signer.application_of(signer.candidate_link_token("app-1")) == "app-1"


def test_candidate_links_differ_per_application(signer):
    assert signer.candidate_link_token("app-1") != signer.candidate_link_token("app-2")


def test_a_tampered_candidate_link_is_refused(signer):
    with pytest.raises(InvalidToken, match="unknown link"):
        signer.application_of(tampered(signer.candidate_link_token("app-1")))


def test_a_candidate_link_cannot_be_used_as_an_access_token(signer):
    with pytest.raises(InvalidToken):
        signer.principal(signer.candidate_link_token("app-1"))


def test_an_access_token_cannot_be_used_as_a_candidate_link(signer):
    with pytest.raises(InvalidToken):
        signer.application_of(signer.access_token(SAM))
