"""Reads of moto's own S3: one object's bytes, one bucket's listing."""

from __future__ import annotations

from typing import NamedTuple


class S3Listing(NamedTuple):
    """A bucket's region and its ``(key, ETag)`` pairs (:func:`list_objects`)."""

    region: str
    objects: list[tuple[str, str]]


def read_object(account_id: str, partition: str, bucket: str, key: str) -> bytes | None:
    """An object of moto's own S3 in this account (any region), or None if unreadable."""
    from moto.s3.models import s3_backends

    try:
        s3 = s3_backends[account_id][partition]
        obj = s3.get_object(bucket, key)
        return bytes(obj.value) if obj is not None else None
    except Exception:  # missing bucket or key: the caller words the failure
        return None


def list_objects(
    account_id: str, partition: str, bucket: str, prefix: str = ""
) -> S3Listing | None:
    """The current objects of a bucket of moto's own S3 in this account whose keys start
    with ``prefix``, in key order, with their ETags; None when the bucket is missing.

    Reads ``FakeBucket.keys`` (a ``_VersionedKeyStore``: ``items()`` gives each key's
    latest version) rather than ``list_objects``, whose signature and result differ
    between moto releases; delete markers (a versioned key's latest deletion) are not
    objects.  The same on moto 5.0.x, 5.1.x and 5.2.x.
    """
    from moto.s3.models import FakeDeleteMarker, s3_backends

    try:
        found = s3_backends[account_id][partition].get_bucket(bucket)
        versions = list(found.keys.items())
    except Exception:  # MissingBucket, or a bucket this account may not read
        return None
    objects = sorted(
        (name, str(obj.etag))
        for name, obj in versions
        if name.startswith(prefix) and not isinstance(obj, FakeDeleteMarker)
    )
    return S3Listing(str(found.region_name), objects)
