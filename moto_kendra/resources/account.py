"""One account and region as its resources see it: ARNs, tags, and moto's own S3."""

from __future__ import annotations

from moto.utilities.tagging_service import TaggingService
from moto.utilities.utils import get_partition

from .._moto import s3
from .._moto.s3 import S3Listing


class Account:
    """The account and region a backend serves; every index holds it."""

    def __init__(self, account_id: str, region_name: str):
        self.account_id = account_id
        self.region_name = region_name
        self.partition = get_partition(region_name)
        self.tagger = TaggingService()

    def arn(self, suffix: str) -> str:
        return f"arn:{self.partition}:kendra:{self.region_name}:{self.account_id}:{suffix}"

    def tag(self, arn: str, tags: list[dict[str, str]] | None) -> None:
        """Tags given on create (already checked with ``check_tags``)."""
        if tags:
            self.tagger.tag_resource(arn, [{"Key": t["Key"], "Value": t["Value"]} for t in tags])

    def untag_all(self, arn: str) -> None:
        """The resource is gone: so are its tags."""
        self.tagger.delete_all_tags_for_resource(arn)

    def read_s3_object(self, bucket: str, key: str) -> bytes | None:
        """An object of moto's own S3 in this account (any region), or None if unreadable."""
        return s3.read_object(self.account_id, self.partition, bucket, key)

    def list_s3_objects(self, bucket: str, prefix: str = "") -> S3Listing | None:
        """A bucket's current objects under ``prefix`` (:func:`.._moto.s3.list_objects`)."""
        return s3.list_objects(self.account_id, self.partition, bucket, prefix)
