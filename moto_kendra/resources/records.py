"""Document records: what an index stores per document, and the attribute keys they share."""

from __future__ import annotations

from typing import Any

from .._moto.state import Managed
from .lifecycles import REMOVED

SEARCHABLE = frozenset({"INDEXED", "UPDATED"})
DATA_SOURCE_KEY = "_data_source_id"
SYNC_JOB_KEY = "_data_source_sync_job_execution_id"


class Document(Managed):
    """A stored document. Kept lean: the benchmark counts bytes per document."""

    def __init__(self, doc_id: str):
        super().__init__("kendra::document", "new")
        self.id = doc_id
        self.text = ""
        self.text_bytes = 0
        self.title: str | None = None
        self.attributes: list[dict[str, Any]] = []
        self.access: dict[str, Any] = {}
        self.owner: str | None = None
        self.language = "en"
        self.content_type: str | None = None
        self.pages: tuple[int, ...] | None = None  # PDF: offset in text where each page starts

    @property
    def deleting(self) -> bool:
        return self.on_lifecycle("deletion")

    @property
    def searchable(self) -> bool:
        return self.status in SEARCHABLE

    def public_status(self) -> str:
        status = self.status
        if status == REMOVED:
            return "NOT_FOUND"
        return "PROCESSING" if status == "DELETING" else str(status)

    def start_deletion(self) -> None:
        self.force_status("DELETING", "deletion")

    def start_reput(self) -> None:
        """A put replaces the record's content: PROCESSING, then UPDATED."""
        self.force_status("PROCESSING", "reput")

    def on_removed(self) -> None:
        """Nothing to undo: counters dropped the document when its deletion started."""
