"""Query suggestions: block lists, the suggestions config, suggestions from the query log.

Operations: Create/Describe/Update/Delete QuerySuggestionsBlockList,
ListQuerySuggestionsBlockLists, Describe/UpdateQuerySuggestionsConfig,
ClearQuerySuggestions.  GetQuerySuggestions is in ``query/suggestions.py`` (its
document-attribute suggestions read the index like Query); the query-log side is
:func:`query_log_suggestions` here.

Texts compare by their **normalised** form (:func:`normalised`: lower-cased, ``"``
removed, white-space runs folded to one space, trimmed); a group of logged texts is
shown as its first counted query with ``"`` removed, white space folded and trimmed,
case kept (:func:`shown`).  Choices where Kendra's documentation is silent:

- Block-list file: UTF-8 text (else FAILED naming the line); each non-blank
  line, trimmed, is one blocked phrase; ItemCount counts them, duplicates
  included.  ItemCount and FileSizeBytes are omitted while FAILED.
- A suggestion "contains" a blocked phrase when the phrase's stems (Query's
  text analysis, so case-insensitive and whole words: ``sale`` blocks ``sales figures`` but not
  ``wholesale``) occur as a contiguous run of the suggestion's stems.  Only
  block lists whose status reads ACTIVE apply (as for thesauri in Query).
- Eligibility: a query counts when it had at least one result and
  was issued inside the look-back window (now minus the days); the count rule
  counts every such query; distinct users are counted only when
  IncludeQueriesWithoutUserInformation is false (queries without a user add
  none).  "Then text" orders by the shown text.
- GetQuerySuggestions: the 2..60 length rule and the prefix use the normalised
  input; MaxSuggestionsCount below 0 counts as 0; an empty SuggestionTypes
  list counts as absent (QUERY).
- UpdateQuerySuggestionsConfig: QueryLogLookBackWindowInDays outside 0..36500 (100
  years) is refused at write time (ValidationException
  ``QueryLogLookBackWindowInDays must be between 0 and 36500.``), so every stored window
  can be computed by later reads; 0 counts no query.  Status stays ACTIVE; a given
  AttributeSuggestionsConfig replaces the stored one (its SuggestableConfigList names
  must be STRING_VALUE or STRING_LIST_VALUE index fields) and Describe shows it
  (omitted until set; AttributeSuggestionsMode ACTIVE unless given).  Describe never
  carries LastSuggestionsBuildTime.
- The block-list quota (1 per index) counts every present block list,
  DELETING and FAILED included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..exceptions import ValidationException
from ..search.analysis import stems, tokenize
from .backend import BackendBase
from .base import new_id, now, pascal_keys
from .files import (
    ChildLookup,
    FileResource,
    decode_text,
    source_settings,
    text_lines,
)
from .index import CHILD_DELETE, WRITE, Index, Kind

LABEL = "Query suggestions block list"
BLOCK_LIST_QUOTA = 1
# the config's defaults.
CONFIG_DEFAULTS: dict[str, Any] = {
    "Mode": "ENABLED",
    "Status": "ACTIVE",
    "QueryLogLookBackWindowInDays": 180,
    "IncludeQueriesWithoutUserInformation": True,
    "MinimumNumberOfQueryingUsers": 3,
    "MinimumQueryCount": 5,
}
MIN_INPUT, MAX_INPUT = 2, 60
MAX_SUGGESTIONS = 10
#: The look-back window UpdateQuerySuggestionsConfig accepts, in days (the model sets no
#: bounds; a window reaching before year 1 could not be computed on later reads).
LOOK_BACK_DAYS = (0, 36500)
LONG_TOKEN = 4  # an eligible text has a token longer than this
SUGGESTABLE_TYPES = ("STRING_VALUE", "STRING_LIST_VALUE")
_WHITE_SPACE = re.compile(r"\s+")


def shown(text: str) -> str:
    """A text as a suggestion shows it: ``"`` removed, white-space runs folded to one
    space, trimmed (case kept)."""
    return _WHITE_SPACE.sub(" ", text.replace('"', "")).strip()


def normalised(text: str) -> str:
    """The form texts are grouped and compared by: :func:`shown`, lower-cased."""
    return shown(text).lower()


class BlockList(FileResource):
    arn_type = "query-suggestions-block-list"
    path_member = "SourceS3Path"

    def __init__(self, index: Index, settings: dict[str, Any]) -> None:
        super().__init__(
            index, "kendra::query_suggestions_block_list", settings
        )
        self.phrases: list[str] = []

    def parse(self, data: bytes) -> None:
        lines = (line.strip() for line in text_lines(decode_text(data)))
        self.phrases = [line for line in lines if line]

    def clear(self) -> None:
        self.phrases = []

    def item_count(self) -> int | None:
        return len(self.phrases) if self.file_size is not None else None

    def blocks(self, text_stems: list[str]) -> bool:
        """Whether a suggestion (given as its stems) contains one of the blocked phrases."""
        for phrase in self.phrases:
            blocked = stems(phrase)
            width = len(blocked)
            if width and any(
                text_stems[start:start + width] == blocked
                for start in range(len(text_stems) - width + 1)
            ):
                return True
        return False

    def describe(self) -> dict[str, Any]:
        return {
            **self.common(),
            "ItemCount": self.item_count(),
            "FileSizeBytes": self.file_size,
        }

    def summary(self) -> dict[str, Any]:
        return {
            "Id": self.id,
            "Name": self.name,
            "Status": self.status,
            "CreatedAt": self.created_at,
            "UpdatedAt": self.updated_at,
            "ItemCount": self.item_count(),
        }


BLOCK_LISTS: ChildLookup[BlockList] = ChildLookup(
    lambda index: index.block_lists, BlockList, BLOCK_LIST_QUOTA, "block lists per index"
)


@dataclass
class Candidate:
    """One group of logged query texts (same normalised text)."""

    text: str  # as first counted, shown
    count: int = 0
    users: set[str] = field(default_factory=set)


def config_of(index: Index) -> dict[str, Any]:
    """The index's suggestions config: the defaults overlaid with what Update gave."""
    return {**CONFIG_DEFAULTS, **index.suggestions_config}


def _counted(index: Index, config: dict[str, Any], moment: datetime) -> dict[str, Candidate]:
    """Logged queries with at least one result inside the look-back window, grouped."""
    since = moment - timedelta(days=config["QueryLogLookBackWindowInDays"])
    groups: dict[str, Candidate] = {}
    for entry in index.query_log:
        if entry["Results"] < 1 or entry["Time"] < since:
            continue
        text = shown(entry["Text"])
        group = groups.setdefault(text.lower(), Candidate(text))
        group.count += 1
        if entry["User"]:
            group.users.add(entry["User"])
    return groups


def _has_long_token(text: str) -> bool:
    return any(token.end - token.start > LONG_TOKEN for token in tokenize(text))


def _enough_users(config: dict[str, Any], group: Candidate) -> bool:
    if config["IncludeQueriesWithoutUserInformation"]:
        return True
    return len(group.users) >= config["MinimumNumberOfQueryingUsers"]


def eligible(index: Index) -> dict[str, Candidate]:
    """The texts query suggestions can offer, keyed by normalised text."""
    config = config_of(index)
    return {
        key: group
        for key, group in _counted(index, config, now()).items()
        if group.count >= config["MinimumQueryCount"]
        and _has_long_token(key)
        and _enough_users(config, group)
    }


def input_served(wanted: str) -> bool:
    """Whether a normalised input is of a length suggestions are given for (2..60)."""
    return MIN_INPUT <= len(wanted) <= MAX_INPUT


def suggestion_limit(max_suggestions_count: int | None) -> int:
    """How many suggestions are returned: MaxSuggestionsCount (default 10), 0..10."""
    limit = MAX_SUGGESTIONS if max_suggestions_count is None else max_suggestions_count
    return max(0, min(limit, MAX_SUGGESTIONS))


def query_log_suggestions(index: Index, text: str, limit: int) -> list[dict[str, Any]]:
    """Suggestions from the query log: eligible texts whose normalised text starts with
    the normalised input, by count descending then text, blocked ones left out; none
    in LEARN_ONLY mode or for an input outside 2..60 characters."""
    wanted = normalised(text)
    if config_of(index)["Mode"] == "LEARN_ONLY" or not input_served(wanted):
        return []
    groups = sorted(
        (group for key, group in eligible(index).items() if key.startswith(wanted)),
        key=lambda group: (-group.count, group.text),
    )
    texts = [g.text for g in groups if not blocked(index, g.text)][:limit]
    highlight = [{"BeginOffset": 0, "EndOffset": len(wanted)}]
    return [
        {"Id": new_id(), "Value": {"Text": {"Text": text, "Highlights": highlight}}}
        for text in texts
    ]


def blocked(index: Index, text: str) -> bool:
    """Whether an ACTIVE block list of the index blocks the suggestion ``text``."""
    text_stems = stems(text)
    return any(
        block_list.blocks(text_stems)
        for block_list in index.block_lists.values()
        if block_list.status == "ACTIVE"
    )


class SuggestionOperations(BackendBase):
    """Backend methods for block lists, the suggestions config and GetQuerySuggestions."""

    # -- block lists --------------------------------------------------------------------
    def create_query_suggestions_block_list(
        self,
        index_id: str,
        name: str,
        source_s3_path: dict[str, str],
        role_arn: str,
        description: str | None = None,
        client_token: str | None = None,
        tags: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        """CreateQuerySuggestionsBlockList -> ``{Id}``; CREATING, then ACTIVE (or FAILED)."""
        operation = "CreateQuerySuggestionsBlockList"
        settings = source_settings(name, description, role_arn, source_s3_path)
        return BLOCK_LISTS.create(self, operation, index_id, client_token, tags, settings)

    def describe_query_suggestions_block_list(
        self, index_id: str, id: str
    ) -> dict[str, Any]:
        """DescribeQuerySuggestionsBlockList: stored members plus ItemCount and FileSizeBytes."""
        return BLOCK_LISTS.describe(self.get_index(index_id), id)

    def update_query_suggestions_block_list(
        self,
        index_id: str,
        id: str,
        name: str | None = None,
        description: str | None = None,
        source_s3_path: dict[str, str] | None = None,
        role_arn: str | None = None,
    ) -> None:
        """UpdateQuerySuggestionsBlockList: refused while CREATING or DELETING; -> UPDATING,
        the file is re-read."""
        settings = source_settings(name, description, role_arn, source_s3_path)
        BLOCK_LISTS.update(self.get_index(index_id, WRITE), id, settings)

    def delete_query_suggestions_block_list(self, index_id: str, id: str) -> None:
        """DeleteQuerySuggestionsBlockList -> DELETING; its phrases stop blocking at once."""
        BLOCK_LISTS.delete(self.get_index(index_id, CHILD_DELETE), id)

    list_query_suggestions_block_lists = BackendBase.child_listing(
        Kind.BLOCK_LIST, "BlockListSummaryItems",
        "ListQuerySuggestionsBlockLists: creation order, DELETING included.",
    )

    # -- the config ---------------------------------------------------------------------
    def describe_query_suggestions_config(self, index_id: str) -> dict[str, Any]:
        """DescribeQuerySuggestionsConfig: the config, TotalSuggestionsCount (eligible texts)
        and LastClearTime (after a clear)."""
        index = self.get_index(index_id)
        described = {**config_of(index), "TotalSuggestionsCount": len(eligible(index))}
        attribute_config = described.get("AttributeSuggestionsConfig")
        if attribute_config is not None:
            described["AttributeSuggestionsConfig"] = {
                "AttributeSuggestionsMode": "ACTIVE", **attribute_config}
        return described

    def update_query_suggestions_config(
        self, index_id: str, **given: Any
    ) -> None:
        """UpdateQuerySuggestionsConfig: given members replace the stored ones; a look-back
        window outside :data:`LOOK_BACK_DAYS` is refused before anything is stored, and
        then (reading the index) a suggestable field that is no STRING_VALUE or
        STRING_LIST_VALUE index field."""
        days = given.get("query_log_look_back_window_in_days")
        low, high = LOOK_BACK_DAYS
        if days is not None and not low <= days <= high:
            raise ValidationException(
                f"QueryLogLookBackWindowInDays must be between {low} and {high}."
            )
        index = self.get_index(index_id, WRITE)
        attribute_config = given.get("attribute_suggestions_config") or {}
        for suggestable in attribute_config.get("SuggestableConfigList") or []:
            name = suggestable.get("AttributeName")
            if (index.fields.get(name or "") or {}).get("Type") not in SUGGESTABLE_TYPES:
                raise ValidationException(f"Field {name} cannot be used for query suggestions.")
        index.suggestions_config.update(
            {key: value for key, value in pascal_keys(given).items() if value is not None}
        )

    def clear_query_suggestions(self, index_id: str) -> None:
        """ClearQuerySuggestions: empties the query log; Describe then shows LastClearTime."""
        index = self.get_index(index_id, WRITE)
        index.query_log.clear()
        index.suggestions_config["LastClearTime"] = now()
