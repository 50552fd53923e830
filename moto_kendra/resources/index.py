"""The Index resource: its settings, fields, quotas, children and document records.

An index owns everything under it: one :class:`~.children.Children` per child kind, the
document records with the counters the quotas read, and the search engine over them.
The operations on indexes are in ``indexes.py``.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import datetime
from typing import Any

from ..search.engine import SearchIndex
from .account import Account
from .base import Resource, new_id
from .children import Children, live
from .lifecycles import REMOVED
from .query_ids import RecentIds
from .records import Document
from .sources import DataSource


class Kind:
    """The kinds of an index's children, by the label their errors give them."""

    DATA_SOURCE = "Data source"
    FAQ = "FAQ"
    THESAURUS = "Thesaurus"
    BLOCK_LIST = "Query suggestions block list"
    FEATURED_SET = "Featured results set"
    EXPERIENCE = "Experience"
    CONFIGURATION = "Access control configuration"


# The kinds that carry tags (experiences and access control configurations do not), by
# the resource type of their ARNs.
TAGGABLE = {
    "data-source": Kind.DATA_SOURCE, "faq": Kind.FAQ, "thesaurus": Kind.THESAURUS,
    "query-suggestions-block-list": Kind.BLOCK_LIST, "featured-results-set": Kind.FEATURED_SET,
}

DEVELOPER = "DEVELOPER_EDITION"
GEN_AI = "GEN_AI_ENTERPRISE_EDITION"

# which index statuses refuse which operations.
WRITE = frozenset({"CREATING", "DELETING", "FAILED"})  # writes need a ready index
CHILD_DELETE = frozenset({"DELETING"})  # child deletions only fail under a deleting index
ANY: frozenset[str] = frozenset()  # reads, tagging, ...

# what one storage capacity unit (and the base index) holds.
DOCUMENTS_PER_STORAGE_UNIT = 100_000
TEXT_BYTES_PER_STORAGE_UNIT = 30 * 2**30
DEVELOPER_DOCUMENTS = 10_000
DEVELOPER_TEXT_BYTES = 3 * 2**30


def _builtin(
    name: str, kind: str, flags: str, importance: int, **relevance: Any
) -> dict[str, Any]:
    displayable, facetable, searchable, sortable = (flag == "T" for flag in flags.split("/"))
    return {
        "Name": name,
        "Type": kind,
        "Relevance": {"Importance": importance, **relevance},
        "Search": {
            "Facetable": facetable,
            "Searchable": searchable,
            "Displayable": displayable,
            "Sortable": sortable,
        },
    }


_DATE = {"Freshness": False, "Duration": "25920000s", "RankOrder": "ASCENDING"}
_SORTABLE_STRINGS = (
    "_category", "_data_source_id", "_faq_id", "_file_type", "_language_code", "_tenant_id",
    "_version",
)
# the 14 built-in fields in this order
# (flags Displayable/Facetable/Searchable/Sortable).
BUILTIN_FIELDS: tuple[dict[str, Any], ...] = (
    _builtin("_authors", "STRING_LIST_VALUE", "F/F/F/F", 1),
    *(_builtin(name, "STRING_VALUE", "F/F/F/T", 1) for name in _SORTABLE_STRINGS),
    _builtin("_created_at", "DATE_VALUE", "F/F/F/T", 1, **_DATE),
    _builtin("_last_updated_at", "DATE_VALUE", "F/F/F/T", 1, **_DATE),
    _builtin("_document_title", "STRING_VALUE", "T/F/T/T", 2),
    _builtin("_excerpt_page_number", "LONG_VALUE", "F/F/F/F", 2, RankOrder="ASCENDING"),
    _builtin("_source_uri", "STRING_VALUE", "T/F/F/F", 1),
    _builtin("_view_count", "LONG_VALUE", "F/F/F/T", 1, RankOrder="ASCENDING"),
)
BUILTIN_NAMES = frozenset(field["Name"] for field in BUILTIN_FIELDS)


class Index(Resource):
    """An index and everything under it (documents, data sources, ...).

    Kinds of children whose classes live in modules above this one (they hold their
    operations too) are typed ``Children[Any]``; their modules read them through a typed
    accessor (``ChildLookup`` in ``files.py``).
    """

    def __init__(
        self, account: Account, edition: str, settings: dict[str, Any], taken: Container[str]
    ):
        """``taken``: the ids of the indexes stored now (the new one draws another)."""
        super().__init__("kendra::index")
        self.account = account
        self.id = new_id(taken)
        self.edition = edition
        self.settings: dict[str, Any] = {"UserContextPolicy": "ATTRIBUTE_FILTER"}
        self.settings.update({k: v for k, v in settings.items() if v is not None})
        self.fields: dict[str, dict[str, Any]] = {f["Name"]: f for f in BUILTIN_FIELDS}
        self.capacity = {"StorageCapacityUnits": 0, "QueryCapacityUnits": 0}
        self.capacity_changes: list[datetime] = []
        self.documents: dict[str, Document] = {}
        self.live_documents = 0  # records not pending deletion (the document quota)
        self.stored_text_bytes = 0  # body text of those records (the storage quota)
        self.data_sources: Children[DataSource] = Children(Kind.DATA_SOURCE, self.id)
        self.access_control_configurations: Children[Any] = Children(Kind.CONFIGURATION, self.id)
        # Search state and the resource families that shape results.
        self.search = SearchIndex()
        self.query_ids = RecentIds()  # QueryIds issued by Query/Retrieve (SubmitFeedback)
        self.query_log: list[dict[str, Any]] = []  # {Text, Time, User, Results} per Query
        self.faqs: Children[Any] = Children(Kind.FAQ, self.id)
        # (ACTIVE FAQ key, engine over their questions, (faq, pair) per item): Query's cache
        self.faq_search: tuple[Any, SearchIndex, list[tuple[Any, Any, int]]] | None = None
        self.thesauri: Children[Any] = Children(Kind.THESAURUS, self.id)
        self.block_lists: Children[Any] = Children(Kind.BLOCK_LIST, self.id)
        self.featured_sets: Children[Any] = Children(Kind.FEATURED_SET, self.id)
        self.experiences: Children[Any] = Children(Kind.EXPERIENCE, self.id)
        self.principal_mappings: dict[tuple[str, str | None], Any] = {}
        self.suggestions_config: dict[str, Any] = {}  # Update/ClearQuerySuggestions
        # every kind of child by its label (List* paging, ClientToken presence, tagging)
        self.kinds: dict[str, Children[Any]] = {
            kind.label: kind for kind in (
                self.data_sources, self.faqs, self.thesauri, self.block_lists,
                self.featured_sets, self.experiences, self.access_control_configurations,
            )
        }

    @property
    def arn(self) -> str:
        return self.account.arn(f"index/{self.id}")

    def child_arn(self, kind: str, child_id: str) -> str:
        return self.account.arn(f"index/{self.id}/{kind}/{child_id}")

    def new_child_id(self) -> str:
        """An id for a new child: none of this index's children, of any kind, has it."""
        return new_id(*self.kinds.values())

    def holds(self, child: Any) -> bool:
        """Whether ``child`` is one of this index's present children."""
        return any(kind.holds(child) for kind in self.kinds.values())

    def on_removed(self) -> None:
        """The index is gone: its children go with their tags, then its own tags."""
        for kind in self.kinds.values():
            kind.drop_all()
        self.account.untag_all(self.arn)

    # -- document records (quotas and search follow them) ------------------------------
    def record(self, doc_id: str) -> Document | None:
        """The document record, or None when there is none (finished deletions are dropped)."""
        document = self.documents.get(doc_id)
        if document is not None and document.status == REMOVED:
            del self.documents[doc_id]
            return None
        return document

    def live_record(self, doc_id: str) -> Document | None:
        """The record a put would replace: None when absent or pending deletion."""
        document = self.record(doc_id)
        return None if document is None or document.deleting else document

    def start_deleting(self, document: Document) -> None:
        """A deletion starts: the record stays (PROCESSING) but leaves quotas and search."""
        document.start_deletion()
        self._forget(document)

    def discard(self, doc_id: str) -> None:
        """Drop a record at once (its data source was removed)."""
        document = self.documents.pop(doc_id)
        if not document.deleting:
            self._forget(document)

    def discard_owned(self, source_id: str) -> None:
        """Drop at once every record a data source owns (the data source was removed)."""
        for doc_id, document in list(self.documents.items()):
            if document.owner == source_id:
                self.discard(doc_id)

    def _forget(self, document: Document) -> None:
        self.live_documents -= 1
        self.stored_text_bytes -= document.text_bytes
        self.search.remove(document.id)

    # -- quotas -------------------------------------------------
    @property
    def document_quota(self) -> int:
        return self.documents_allowed(self.capacity["StorageCapacityUnits"])

    @property
    def text_bytes_quota(self) -> int:
        return self.text_bytes_allowed(self.capacity["StorageCapacityUnits"])

    def documents_allowed(self, storage_units: int) -> int:
        if self.edition == DEVELOPER:
            return DEVELOPER_DOCUMENTS
        return DOCUMENTS_PER_STORAGE_UNIT * (1 + storage_units)

    def text_bytes_allowed(self, storage_units: int) -> int:
        if self.edition == DEVELOPER:
            return DEVELOPER_TEXT_BYTES
        return TEXT_BYTES_PER_STORAGE_UNIT * (1 + storage_units)

    # -- projections ------------------------------------------------------------
    def statistics(self) -> dict[str, Any]:
        count = text_bytes = 0
        for document in live(self.documents):
            if document.searchable:
                count += 1
                text_bytes += document.text_bytes
        return {
            "FaqStatistics": {"IndexedQuestionAnswersCount": sum(
                len(faq.pairs) for faq in live(self.faqs) if faq.status == "ACTIVE"
            )},
            "TextDocumentStatistics": {
                "IndexedTextDocumentsCount": count,
                "IndexedTextBytes": text_bytes,
            },
        }

    def describe(self) -> dict[str, Any]:
        result = {
            **self.settings,
            "Id": self.id,
            "Edition": self.edition,
            "Status": self.status,
            "CreatedAt": self.created_at,
            "UpdatedAt": self.updated_at,
            "DocumentMetadataConfigurations": list(self.fields.values()),
            "IndexStatistics": self.statistics(),
        }
        if self.edition != DEVELOPER:
            result["CapacityUnits"] = dict(self.capacity)
        return result

    def summary(self) -> dict[str, Any]:
        return {
            "Name": self.settings["Name"],
            "Id": self.id,
            "Edition": self.edition,
            "CreatedAt": self.created_at,
            "UpdatedAt": self.updated_at,
            "Status": self.status,
        }
