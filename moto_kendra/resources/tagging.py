"""TagResource, UntagResource, ListTagsForResource."""

from __future__ import annotations

import re
from typing import Any

from ..exceptions import (
    ResourceNotFoundException,
    ResourceUnavailableException,
    ValidationException,
)
from .backend import BackendBase
from .base import check_tag_count, check_tags
from .index import TAGGABLE, Index

# ``arn:<partition>:kendra:<region>:<account>:index/<IndexId>[/<type>/<Id>]``.
_ARN = re.compile(
    r"arn:(?P<partition>[^:]+):kendra:(?P<region>[^:]+):(?P<account>[^:]+):"
    r"index/(?P<index>[^/]+)(?:/(?P<kind>[a-z-]+)/(?P<child>[^/]+))?"
)


def taggable_form(arn: str) -> re.Match[str]:
    """Checked from the request alone, first (before the tags and before the resource is
    looked up): an ARN of a taggable resource type, else ValidationException."""
    match = _ARN.fullmatch(arn)
    if match is None or (match["kind"] is not None and match["kind"] not in TAGGABLE):
        raise ValidationException(f"Resource ARN {arn} cannot be tagged.")
    return match


class TaggingOperations(BackendBase):
    """Backend methods for tags; tags live in moto's TaggingService keyed by ARN."""

    def _require_present(self, arn: re.Match[str]) -> None:
        """Checked after the request's own checks (the ARN's form, TagResource's tags): the
        ARN names a present resource (DELETING included) of this account, region and
        partition, else ResourceUnavailableException."""
        here = (self.partition, self.region_name, self.account_id)
        if (arn["partition"], arn["region"], arn["account"]) != here:
            raise ResourceUnavailableException.resource(arn.string)
        try:
            index = self.get_index(arn["index"])
        except ResourceNotFoundException:
            raise ResourceUnavailableException.resource(arn.string) from None
        if arn["kind"] is not None and not self._child_present(index, arn["kind"], arn["child"]):
            raise ResourceUnavailableException.resource(arn.string)

    def _child_present(self, index: Index, kind: str, child_id: str) -> bool:
        """Whether ``index`` holds a present child of this ARN type.

        A child whose status reads removed is dropped here (with its tags) and is absent.
        """
        return index.kinds[TAGGABLE[kind]].find(child_id) is not None

    def tag_resource(
        self, resource_arn: str, tags: list[dict[str, str]]
    ) -> dict[str, Any]:
        """TagResource: merge; an existing key takes the new value; the last duplicate wins."""
        arn = taggable_form(resource_arn)
        check_tags(tags)
        self._require_present(arn)
        existing = self.tagger.get_tag_dict_for_resource(resource_arn)
        check_tag_count(len(set(existing) | {t["Key"] for t in tags}))
        self.tag(resource_arn, tags)
        return {}

    def untag_resource(
        self, resource_arn: str, tag_keys: list[str]
    ) -> dict[str, Any]:
        self._require_present(taggable_form(resource_arn))
        self.tagger.untag_resource_using_names(resource_arn, tag_keys)
        return {}

    def list_tags_for_resource(self, resource_arn: str) -> dict[str, Any]:
        self._require_present(taggable_form(resource_arn))
        tags = self.tagger.get_tag_dict_for_resource(resource_arn)
        return {"Tags": [{"Key": key, "Value": value} for key, value in tags.items()]}
