"""Result items of type DOCUMENT, and featured results.

Each item has an Id ``<QueryId>-<new id>`` and a FeedbackToken ``<QueryId>.<Id>``.
A DOCUMENT item shows the document's title (its DocumentId when it has none) and
an excerpt, both with highlights of the query's terms (none when browsing), the
``_source_uri`` as DocumentURI when it is a valid URL, and the attributes a user
may see: built-in (``_``-prefixed) attributes always, others unless their index
field is not Displayable, narrowed to RequestedDocumentAttributes when given.

Featured results: the first ACTIVE featured results set whose query texts hold
the QueryText (normalised) gives its documents that are searchable and visible to
the viewer, in the set's order; they are shown as FeaturedResultsItems without
ScoreAttributes and left out of ResultItems.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..attributes import document_uri
from ..resources.base import new_id
from ..resources.featured import normalised
from .excerpts import Marks, excerpt, titled
from .pages import with_page_number
from .ranking import Hit
from .viewer import Viewer, visible

if TYPE_CHECKING:
    from ..resources.documents import Document
    from ..resources.index import Index


def shown_attributes(index: Index, document: Document, requested: list[str] | None
                     ) -> list[dict[str, Any]]:
    """The DocumentAttributes a result shows (see the module docstring)."""
    return displayed_attributes(index, document.attributes, requested)


def displayed_attributes(index: Index, attributes: list[dict[str, Any]],
                         requested: list[str] | None) -> list[dict[str, Any]]:
    """Of these attributes, those a user may see: built-in ones, custom ones whose index
    field is Displayable, narrowed to RequestedDocumentAttributes when given."""
    shown = []
    for attribute in attributes:
        key = attribute["Key"]
        field = index.fields.get(key) or {}
        if not key.startswith("_") and not field.get("Search", {}).get("Displayable", True):
            continue
        if requested is not None and key not in requested:
            continue
        shown.append(attribute)
    return shown


def document_item(index: Index, query_id: str, hit: Hit, marks: Marks | None,
                  requested: list[str] | None, score: str | None) -> dict[str, Any]:
    """A DOCUMENT result item; ``score`` is its ScoreConfidence (None: no ScoreAttributes)."""
    document = hit.document
    item_id = f"{query_id}-{new_id()}"
    title = document.title or document.id
    item: dict[str, Any] = {
        "Id": item_id,
        "Type": "DOCUMENT",
        "AdditionalAttributes": [],
        "DocumentId": document.id,
        "DocumentTitle": titled(title, marks),
        "DocumentExcerpt": excerpt(document.text, title, marks),
        "DocumentURI": document_uri(hit.value("_source_uri")),
        "DocumentAttributes": with_page_number(
            shown_attributes(index, document, requested), document, marks, requested
        ),
        "FeedbackToken": f"{query_id}.{item_id}",
    }
    if score is not None:
        item["ScoreAttributes"] = {"ScoreConfidence": score}
    return item


def featured_documents(index: Index, text: str, viewer: Viewer) -> list[Document]:
    """The documents featured for this QueryText (see the module docstring)."""
    wanted = normalised(text)
    for featured in index.featured_sets.values():
        if featured.status == "ACTIVE" and wanted in featured.query_texts:
            found = []
            for doc_id in featured.document_ids:
                document = index.documents.get(doc_id)
                if document is not None and document.searchable and visible(
                    index, viewer, document
                ):
                    found.append(document)
            return found
    return []


def featured_items(index: Index, query_id: str, documents: list[Document], marks: Marks,
                   requested: list[str] | None) -> list[dict[str, Any]]:
    """FeaturedResultsItems: DOCUMENT items without ScoreAttributes."""
    return [
        document_item(index, query_id, Hit(document.id, 0.0, 0, document), marks, requested,
                      None)
        for document in documents
    ]
