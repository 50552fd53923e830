"""TagResource, UntagResource, ListTagsForResource (spec section 7)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..exceptions import ResourceUnavailableException, ValidationException
from .base import check_tag_count, check_tags

if TYPE_CHECKING:
    from ..models import KendraBackend

_ARN = re.compile(
    r"arn:(?P<partition>[^:]+):kendra:(?P<region>[^:]+):(?P<account>[^:]+):"
    r"index/(?P<index>[^/]+)(?:/(?P<kind>[a-z-]+)/(?P<child>[^/]+))?"
)
TAGGABLE_CHILDREN = frozenset(
    {"data-source", "faq", "thesaurus", "query-suggestions-block-list", "featured-results-set"}
)


class TaggingOperations:
    """Backend methods for tags; tags live in moto's TaggingService keyed by ARN."""

    def _taggable(self: "KendraBackend", arn: str) -> str:
        """The ARN of a present, taggable resource of this account and region."""
        match = _ARN.fullmatch(arn)
        kind = match and match["kind"]
        if match is None or (kind is not None and kind not in TAGGABLE_CHILDREN):
            raise ValidationException(f"Resource ARN {arn} cannot be tagged.")
        return arn

    def _require_present(self: "KendraBackend", arn: str) -> None:
        match = _ARN.fullmatch(arn)
        assert match is not None
        mine = (match["partition"], match["region"], match["account"]) == (
            self.partition,
            self.region_name,
            self.account_id,
        )
        index = self.indices.get(match["index"]) if mine else None
        if index is not None and index.removed:
            index = None
        present = index is not None
        if present and match["kind"] is not None:
            present = match["kind"] == "data-source" and bool(
                self.find_data_source(index, match["child"])  # type: ignore[arg-type]
            )
        if not present:
            raise ResourceUnavailableException.resource(arn)

    def tag(self: "KendraBackend", arn: str, tags: list[dict[str, str]] | None) -> None:
        if tags:
            self.tagger.tag_resource(arn, [{"Key": t["Key"], "Value": t["Value"]} for t in tags])

    def tag_resource(
        self: "KendraBackend", resource_arn: str, tags: list[dict[str, str]]
    ) -> dict[str, Any]:
        """TagResource: merge; an existing key takes the new value; the last duplicate wins."""
        arn = self._taggable(resource_arn)
        check_tags(tags)
        self._require_present(arn)
        existing = self.tagger.get_tag_dict_for_resource(arn)
        check_tag_count(len(set(existing) | {t["Key"] for t in tags}))
        self.tag(arn, tags)
        return {}

    def untag_resource(
        self: "KendraBackend", resource_arn: str, tag_keys: list[str]
    ) -> dict[str, Any]:
        arn = self._taggable(resource_arn)
        self._require_present(arn)
        self.tagger.untag_resource_using_names(arn, tag_keys)
        return {}

    def list_tags_for_resource(self: "KendraBackend", resource_arn: str) -> dict[str, Any]:
        arn = self._taggable(resource_arn)
        self._require_present(arn)
        tags = self.tagger.get_tag_dict_for_resource(arn)
        return {"Tags": [{"Key": key, "Value": value} for key, value in tags.items()]}
