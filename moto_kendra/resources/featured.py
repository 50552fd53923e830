"""Featured results sets: Create/Describe/Update/ListFeaturedResultsSets and
BatchDeleteFeaturedResultsSet.

A set's status (ACTIVE or INACTIVE) is chosen by the caller; the state-manager
model ``kendra::featured_results_set`` is reserved and never advanced.  Times
are integer epoch milliseconds.  Choices where Kendra's documentation is silent:

- QueryTexts and FeaturedDocuments are returned as given (order and case
  kept); matching uses the lower-cased, trimmed texts.
- Rules needing only the request run first, before the index is looked up, in
  this order: a query text repeated within the set (``Query text '<text>'
  appears more than once in the featured results set.``, naming the later
  occurrence as given), a document Id repeated within the set (``Featured
  document <Id> appears more than once in the featured results set.``), more
  than 4 documents (``A featured results set can have at most 4 featured
  documents.``), then tags.
- Once the index (and, for Update, the set itself) is found: texts used by
  another set of the index (any status) raise FeaturedResultsConflictException
  ``Query texts are already used by other featured results sets.`` with one
  ConflictingItem per clashing text, in request order; after that check, on
  Create, a 51st set raises ValidationException ``An index can have at most 50
  featured results sets.``
- BatchDeleteFeaturedResultsSet handles each distinct Id once, in request
  order; an Id with no set gives ``Featured results set <Id> does not exist in
  index <IndexId>.`` in Errors.
"""

from __future__ import annotations

from typing import Any

from ..attributes import plain_values, source_uri
from ..exceptions import (
    FeaturedResultsConflictException,
    ResourceNotFoundException,
    ValidationException,
)
from .backend import BackendBase
from .base import check_tags, next_seq, now
from .index import ANY, WRITE, Index, Kind

MAX_SETS = 50
MAX_DOCUMENTS = 4
MAX_TITLE = 2048  # the model's String length limit on FeaturedDocumentWithMetadata.Title


def epoch_ms() -> int:
    """Now in integer epoch milliseconds (the model's ``Long`` timestamps)."""
    return int(now().timestamp() * 1000)


def normalised(text: str) -> str:
    """How query texts compare: lower-cased and trimmed."""
    return text.strip().lower()


class FeaturedResultsSet:
    """One featured results set; Query reads ``status``, ``query_texts``, ``document_ids``."""

    removed = False  # deleted sets leave the collection at once

    def __init__(self, index: Index, name: str, status: str) -> None:
        self.index = index
        self.id = index.new_child_id()
        self.seq = next_seq()
        self.name = name
        self.description: str | None = None
        self.status = status
        self.texts: list[str] = []  # as given
        self.query_texts: set[str] = set()  # normalised, for matching
        self.document_ids: list[str] = []
        self.created = self.updated = epoch_ms()

    @property
    def arn(self) -> str:
        return self.index.child_arn("featured-results-set", self.id)

    def set_texts(self, texts: list[str]) -> None:
        self.texts = list(texts)
        self.query_texts = {normalised(text) for text in texts}

    def on_removed(self) -> None:
        self.index.featured_sets.pop(self.id, None)
        self.index.account.untag_all(self.arn)

    def summary(self) -> dict[str, Any]:
        return {
            "FeaturedResultsSetId": self.id,
            "FeaturedResultsSetName": self.name,
            "Status": self.status,
            "LastUpdatedTimestamp": self.updated,
            "CreationTimestamp": self.created,
        }

    def full(self) -> dict[str, Any]:
        """The ``FeaturedResultsSet`` structure of Create and Update."""
        return {
            **self.summary(),
            "Description": self.description,
            "QueryTexts": list(self.texts),
            "FeaturedDocuments": [{"Id": doc_id} for doc_id in self.document_ids],
        }


# -- rules needing only the request (checked before the index is looked up) ----------
def check_unique_texts(texts: list[str] | None) -> None:
    seen: set[str] = set()
    for text in texts or []:
        key = normalised(text)
        if key in seen:
            raise ValidationException(
                f"Query text '{text}' appears more than once in the featured results set."
            )
        seen.add(key)


def check_unique_documents(documents: list[dict[str, str]] | None) -> None:
    seen: set[str] = set()
    for document in documents or []:
        if document["Id"] in seen:
            raise ValidationException(
                f"Featured document {document['Id']} appears more than once in the featured "
                "results set."
            )
        seen.add(document["Id"])


def check_document_count(documents: list[dict[str, str]] | None) -> None:
    if len(documents or []) > MAX_DOCUMENTS:
        raise ValidationException(
            f"A featured results set can have at most {MAX_DOCUMENTS} featured documents."
        )


def check_request(texts: list[str] | None, documents: list[dict[str, str]] | None) -> None:
    """The request-only rules of Create and Update, in the order of the module docstring."""
    check_unique_texts(texts)
    check_unique_documents(documents)
    check_document_count(documents)


# -- rules needing stored state (checked once the index is found) ---------------------
def check_conflicts(index: Index, texts: list[str] | None, itself: str | None = None) -> None:
    """Texts another set of the index already uses (any status), one item per clash."""
    owners = {
        key: featured
        for featured in index.featured_sets.values()
        if featured.id != itself
        for key in featured.query_texts
    }
    clashes = [
        {"QueryText": text, "SetName": owners[key].name, "SetId": owners[key].id}
        for text in texts or []
        if (key := normalised(text)) in owners
    ]
    if clashes:
        raise FeaturedResultsConflictException(
            "Query texts are already used by other featured results sets.",
            ConflictingItems=clashes,
        )


def check_set_count(index: Index) -> None:
    if len(index.featured_sets) + 1 > MAX_SETS:
        raise ValidationException(f"An index can have at most {MAX_SETS} featured results sets.")


def document_metadata(index: Index, doc_id: str) -> dict[str, Any] | None:
    """``{Id, Title?, URI?}`` of a document searchable now, else None (it is missing)."""
    document = index.documents.get(doc_id)
    if document is None or not document.searchable:
        return None
    values = plain_values(document.attributes)
    title = document.title[:MAX_TITLE] if document.title else None
    return {"Id": doc_id, "Title": title, "URI": source_uri(values)}


class FeaturedResultsOperations(BackendBase):
    """Backend methods for featured results sets."""

    def _featured_set(self, index: Index, set_id: str) -> FeaturedResultsSet:
        return index.featured_sets.require(set_id)  # type: ignore[no-any-return]

    def create_featured_results_set(
        self,
        index_id: str,
        featured_results_set_name: str,
        description: str | None = None,
        client_token: str | None = None,
        status: str = "ACTIVE",
        query_texts: list[str] | None = None,
        featured_documents: list[dict[str, str]] | None = None,
        tags: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        """CreateFeaturedResultsSet; Status defaults to ACTIVE; documents need not exist.

        A ClientToken replay returns the set as it now is.
        """
        check_request(query_texts, featured_documents)
        check_tags(tags)
        replay = self.replay("CreateFeaturedResultsSet", index_id, client_token)
        if replay is not None:
            return {"FeaturedResultsSet": replay.full()}
        index = self.get_index(index_id, WRITE)
        check_conflicts(index, query_texts)
        check_set_count(index)
        featured = FeaturedResultsSet(index, featured_results_set_name, status)
        featured.description = description
        featured.set_texts(query_texts or [])
        featured.document_ids = [d["Id"] for d in featured_documents or []]
        index.featured_sets[featured.id] = featured
        self.remember("CreateFeaturedResultsSet", index_id, client_token, featured)
        self.tag(featured.arn, tags)
        return {"FeaturedResultsSet": featured.full()}

    def describe_featured_results_set(
        self, index_id: str, featured_results_set_id: str
    ) -> dict[str, Any]:
        """DescribeFeaturedResultsSet: documents split by whether they are searchable now."""
        index = self.get_index(index_id, ANY)
        featured = self._featured_set(index, featured_results_set_id)
        found, missing = [], []
        for doc_id in featured.document_ids:
            metadata = document_metadata(index, doc_id)
            if metadata is None:
                missing.append({"Id": doc_id})
            else:
                found.append(metadata)
        return {
            **featured.summary(),
            "Description": featured.description,
            "QueryTexts": list(featured.texts),
            "FeaturedDocumentsWithMetadata": found,
            "FeaturedDocumentsMissing": missing,
        }

    def update_featured_results_set(
        self,
        index_id: str,
        featured_results_set_id: str,
        featured_results_set_name: str | None = None,
        description: str | None = None,
        status: str | None = None,
        query_texts: list[str] | None = None,
        featured_documents: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        """UpdateFeaturedResultsSet: given members replace (an empty list clears); the
        Create checks apply with the set itself excluded; LastUpdatedTimestamp moves."""
        check_request(query_texts, featured_documents)
        index = self.get_index(index_id, ANY)
        featured = self._featured_set(index, featured_results_set_id)
        check_conflicts(index, query_texts, itself=featured.id)
        if featured_results_set_name is not None:
            featured.name = featured_results_set_name
        if description is not None:
            featured.description = description
        if status is not None:
            featured.status = status
        if query_texts is not None:
            featured.set_texts(query_texts)
        if featured_documents is not None:
            featured.document_ids = [d["Id"] for d in featured_documents]
        featured.updated = epoch_ms()
        return {"FeaturedResultsSet": featured.full()}

    list_featured_results_sets = BackendBase.child_listing(
        Kind.FEATURED_SET, "FeaturedResultsSetSummaryItems",
        "ListFeaturedResultsSets: creation order, pages of 100 by default.",
    )

    def batch_delete_featured_results_set(
        self, index_id: str, featured_results_set_ids: list[str]
    ) -> dict[str, Any]:
        """BatchDeleteFeaturedResultsSet: sets go at once, with their tags."""
        index = self.get_index(index_id, ANY)
        errors = []
        for set_id in dict.fromkeys(featured_results_set_ids):
            featured = index.featured_sets.get(set_id)
            if featured is None:
                label = index.featured_sets.label
                message = ResourceNotFoundException.child(label, set_id, index.id).message
                errors.append(
                    {"Id": set_id, "ErrorCode": "InvalidRequest", "ErrorMessage": message}
                )
            else:
                featured.on_removed()
        return {"Errors": errors}
