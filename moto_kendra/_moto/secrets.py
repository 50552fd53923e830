"""Reads of moto's own Secrets Manager: the current SecretString of one secret."""

from __future__ import annotations


def read_secret_string(arn: str) -> str | None:
    """The current (AWSCURRENT) SecretString of the secret this ARN names, read from
    moto's Secrets Manager in the ARN's account and region; None when the ARN is not
    one, the secret is missing or deleted, or it holds no string."""
    from moto.secretsmanager.models import secretsmanager_backends

    parts = arn.split(":", 6)
    if len(parts) != 7 or parts[2] != "secretsmanager":
        return None
    region, account = parts[3], parts[4]
    try:
        backend = secretsmanager_backends[account][region]
        value = backend.get_secret_value(secret_id=arn, version_id="", version_stage="")
    except Exception:  # unknown region or account, missing/deleted secret: caller words it
        return None
    text = value.get("SecretString")
    return text if isinstance(text, str) else None
