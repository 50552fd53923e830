"""JWT user tokens on an index with a JwtTokenTypeConfiguration: structure, HMAC signature
with the key set read from moto's Secrets Manager, expiry, issuer and audience checks.
Tokens are built here with hmac and base64; the secret is created through Secrets
Manager in the same mock (in-process) or server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import boto3
import pytest
from support import REGION, doc, expect_error

SECRET = b"a shared secret of enough length!"
HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def segment(value: Any) -> str:
    return b64url(json.dumps(value).encode())


def token(claims: dict[str, Any], alg: str = "HS256", key: bytes = SECRET,
          **header: Any) -> str:
    signed = f"{segment({'alg': alg, 'typ': 'JWT', **header})}.{segment(claims)}"
    digest = hmac.new(key, signed.encode(), HASHES.get(alg, hashlib.sha256)).digest()
    return f"{signed}.{b64url(digest)}"


def key_set(*keys: dict[str, Any]) -> str:
    return json.dumps({"keys": list(keys)})


def oct_key(secret: bytes = SECRET, **extra: Any) -> dict[str, Any]:
    return {"kty": "oct", "k": b64url(secret), **extra}


@pytest.fixture
def secrets(endpoint: str | None) -> Any:
    return boto3.client("secretsmanager", region_name=REGION, endpoint_url=endpoint)


@pytest.fixture
def make_secret(secrets: Any) -> Any:
    names = iter(range(1000))

    def factory(text: str) -> str:
        return str(secrets.create_secret(Name=f"kendra-jwt-{next(names)}",
                                          SecretString=text)["ARN"])

    return factory


@pytest.fixture
def jwt_index(kendra: Any, make_index: Any, make_secret: Any) -> Any:
    """An index checking JWTs (its secret holds ``oct_key()`` unless given); two documents,
    one public and one for alice alone."""

    def factory(secret: str | None = None, **settings: Any) -> str:
        if "KeyLocation" not in settings:
            settings["KeyLocation"] = "SECRET_MANAGER"
            settings.setdefault("SecretManagerArn", make_secret(secret or key_set(oct_key())))
        index = str(make_index(name="jwt", UserContextPolicy="USER_TOKEN",
                               UserTokenConfigurations=[{"JwtTokenTypeConfiguration":
                                                         settings}]))
        alice = [{"Name": "alice", "Type": "USER", "Access": "ALLOW"}]
        response = kendra.batch_put_document(IndexId=index, Documents=[
            doc("public", "alpha"), doc("private", "alpha", AccessControlList=alice)])
        assert response["FailedDocuments"] == []
        return index

    return factory


def seen(kendra: Any, index: str, user_token: str) -> list[str]:
    response = kendra.query(IndexId=index, QueryText="alpha", UserContext={"Token": user_token})
    return sorted(item["DocumentId"] for item in response["ResultItems"])


def refused(kendra: Any, index: str, user_token: str, message: str) -> None:
    expect_error(lambda: seen(kendra, index, user_token), "ValidationException", message)


ALICE = {"username": "alice"}


@pytest.mark.parametrize("alg", ["HS256", "HS384", "HS512"])
def test_a_signed_token_gives_its_user(kendra: Any, jwt_index: Any, alg: str) -> None:
    index = jwt_index()
    assert seen(kendra, index, token(ALICE, alg)) == ["private", "public"]
    assert seen(kendra, index, token({"username": "bob"}, alg)) == ["public"]


@pytest.mark.parametrize("bad", [
    json.dumps(ALICE), "a.b", f"{segment({'alg': 'HS256'})}.{segment(ALICE)}",
    f"{b64url(b'not json')}.{segment(ALICE)}.c2ln", f"{segment([1])}.{segment(ALICE)}.c2ln",
    f"{segment({'alg': 'HS256'})}.{segment(ALICE)}.!!!",
], ids=["json-object", "two-segments", "no-signature", "header-not-json", "header-array",
        "signature-not-base64url"])
def test_not_a_jwt(kendra: Any, jwt_index: Any, bad: str) -> None:
    refused(kendra, jwt_index(), bad, "The user token is not a JWT.")


def test_algorithm_must_be_hmac(kendra: Any, jwt_index: Any) -> None:
    index = jwt_index()
    refused(kendra, index, token(ALICE, "RS256"),
            "The user token algorithm RS256 is not supported.")
    unsigned = f"{segment({'typ': 'JWT'})}.{segment(ALICE)}."
    refused(kendra, index, unsigned, "The user token algorithm null is not supported.")


@pytest.mark.parametrize("text", [
    "not json", key_set(), key_set({"kty": "RSA", "n": "abc", "e": "AQAB"}),
    json.dumps({"k": b64url(SECRET)}), key_set({"kty": "oct"}),
], ids=["not-json", "no-keys", "no-oct-key", "not-a-key-set", "oct-without-k"])
def test_secret_must_hold_an_oct_key_set(kendra: Any, jwt_index: Any, make_secret: Any,
                                         text: str) -> None:
    arn = make_secret(text)
    index = jwt_index(SecretManagerArn=arn)
    refused(kendra, index, token(ALICE), f"The user token secret {arn} cannot be read.")


def test_missing_secret_cannot_be_read(kendra: Any, jwt_index: Any) -> None:
    arn = f"arn:aws:secretsmanager:{REGION}:123456789012:secret:missing-AbCdEf"
    index = jwt_index(SecretManagerArn=arn)
    refused(kendra, index, token(ALICE), f"The user token secret {arn} cannot be read.")


def test_signature_must_match_a_fitting_key(kendra: Any, jwt_index: Any) -> None:
    other = b"another secret, not the index's"
    index = jwt_index(key_set(oct_key(kid="one", alg="HS256"), oct_key(other, kid="two")))
    invalid = "The user token signature is not valid."
    assert seen(kendra, index, token(ALICE, kid="one")) == ["private", "public"]
    assert seen(kendra, index, token(ALICE, "HS512", other, kid="two")) == [
        "private", "public"]
    refused(kendra, index, token(ALICE, key=b"wrong"), invalid)
    refused(kendra, index, token(ALICE, kid="two"), invalid)  # the kid picks "two"
    refused(kendra, index, token(ALICE, "HS384", kid="one"), invalid)  # key "one" is HS256
    tampered = token(ALICE).split(".")
    tampered[1] = segment({"username": "alice", "groups": ["admins"]})
    refused(kendra, index, ".".join(tampered), invalid)


def test_expiry_and_not_before(kendra: Any, jwt_index: Any) -> None:
    index = jwt_index()
    now = int(time.time())
    assert seen(kendra, index, token({**ALICE, "exp": now + 600, "nbf": now - 600})) == [
        "private", "public"]
    refused(kendra, index, token({**ALICE, "exp": now - 1}), "The user token has expired.")
    refused(kendra, index, token({**ALICE, "nbf": now + 600}),
            "The user token is not valid yet.")
    assert seen(kendra, index, token({**ALICE, "exp": "yesterday"})) == ["private", "public"]


def test_issuer(kendra: Any, jwt_index: Any) -> None:
    index = jwt_index(Issuer="https://issuer.example.com")
    assert seen(kendra, index, token({**ALICE, "iss": "https://issuer.example.com"})) == [
        "private", "public"]
    for claims in (ALICE, {**ALICE, "iss": "https://other.example.com"}):
        refused(kendra, index, token(claims), "The user token issuer does not match.")


def test_audience_claim_regex(kendra: Any, jwt_index: Any) -> None:
    index = jwt_index(ClaimRegex="app-[0-9]+")
    assert seen(kendra, index, token({**ALICE, "aud": "app-42"})) == ["private", "public"]
    assert seen(kendra, index, token({**ALICE, "aud": [7, "web", "app-1"]})) == [
        "private", "public"]
    for audience in (None, "app-42x", ["web"], 42):
        claims = ALICE if audience is None else {**ALICE, "aud": audience}
        refused(kendra, index, token(claims),
                "The user token audience does not match ClaimRegex.")


def test_checks_answer_in_order(kendra: Any, jwt_index: Any) -> None:
    index = jwt_index(Issuer="me", ClaimRegex="x")
    now = int(time.time())
    bad = {"exp": now - 1, "iss": "you", "aud": "y"}
    refused(kendra, index, token(bad, key=b"wrong"), "The user token signature is not valid.")
    refused(kendra, index, token(bad), "The user token has expired.")
    refused(kendra, index, token({**bad, "exp": now + 60}),
            "The user token issuer does not match.")
    refused(kendra, index, token({**bad, "exp": now + 60, "iss": "me"}),
            "The user token audience does not match ClaimRegex.")


def test_url_keys_skip_the_signature_but_not_the_claims(kendra: Any, jwt_index: Any) -> None:
    index = jwt_index(KeyLocation="URL", URL="https://example.com/keys", Issuer="me")
    assert seen(kendra, index, token({**ALICE, "iss": "me"}, "RS256", b"any")) == [
        "private", "public"]
    refused(kendra, index, token({**ALICE, "iss": "you"}),
            "The user token issuer does not match.")


def test_secret_read_from_the_arns_region(kendra: Any, jwt_index: Any,
                                          endpoint: str | None) -> None:
    elsewhere = boto3.client("secretsmanager", region_name="eu-west-1", endpoint_url=endpoint)
    arn = elsewhere.create_secret(Name="kendra-keys", SecretString=key_set(oct_key()))["ARN"]
    index = jwt_index(SecretManagerArn=arn)
    assert seen(kendra, index, token(ALICE)) == ["private", "public"]
