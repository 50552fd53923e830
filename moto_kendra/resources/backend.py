"""The backend as every resource family sees it: the account's indexes and ClientTokens.

Each resource module's operations class derives from :class:`BackendBase`, and
:class:`moto_kendra.models.KendraBackend` combines them.  An operations class never calls
another's methods: what two families share lives here, on the :class:`Index` (its children
and its document store), or on the :class:`Account`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from moto.core.base_backend import BaseBackend

from .._moto.s3 import S3Listing
from ..exceptions import ConflictException, ResourceNotFoundException
from ..pagination import PAGINATION_MODEL, paginate
from .account import Account
from .base import REMOVED
from .children import Children
from .index import ANY, Index


class BackendBase(BaseBackend):
    """State of one account and region, and the helpers the resource families share."""

    def __init__(self, region_name: str, account_id: str):
        super().__init__(region_name, account_id)
        self.account = Account(account_id, region_name)
        self.partition = self.account.partition
        self.tagger = self.account.tagger
        self.indices: dict[str, Index] = {}
        self.client_tokens: dict[tuple[str, str | None, str], Any] = {}
        # one request at a time per account and region: a threaded server must not let a
        # Query read the search index while a put or delete rearranges it
        self.lock = threading.RLock()

    def arn(self, suffix: str) -> str:
        return self.account.arn(suffix)

    def tag(self, arn: str, tags: list[dict[str, str]] | None) -> None:
        self.account.tag(arn, tags)

    def read_s3_object(self, bucket: str, key: str) -> bytes | None:
        return self.account.read_s3_object(bucket, key)

    def list_s3_objects(self, bucket: str, prefix: str = "") -> S3Listing | None:
        return self.account.list_s3_objects(bucket, prefix)

    # -- the parent index of every call -------------------------------------------------
    def find_index(self, index_id: str) -> Index | None:
        """The present index, or None (an index whose status reads removed is dropped)."""
        index = self.indices.get(index_id)
        if index is not None and index.status == REMOVED:
            self.indices.pop(index_id, None)
            index.on_removed()
            return None
        return index

    def get_index(self, index_id: str, refuse: frozenset[str] = ANY) -> Index:
        """The present index, else ResourceNotFoundException; a status in ``refuse`` (the
        operation's gating) -> ConflictException."""
        index = self.find_index(index_id)
        if index is None:
            raise ResourceNotFoundException.index(index_id)
        status = index.status
        if status in refuse:
            raise ConflictException.index_status(index_id, status)
        return index

    # -- listing an index's children ------------------------------------------------------
    def list_children(
        self,
        children: Children[Any],
        key: str,
        next_token: str | None = None,
        max_results: int | None = None,
    ) -> dict[str, Any]:
        """One List* of an index's children: every child advanced once, creation order,
        DELETING included, paged; ``key`` is the output member listing their summaries."""
        page, token = self._list_children(
            index_id=children.index_id, kind=children.label,
            next_token=next_token, max_results=max_results,
        )
        return {key: [child.summary() for child in page], "NextToken": token}

    @staticmethod
    def child_listing(kind: str, key: str, doc: str) -> Callable[..., dict[str, Any]]:
        """The List* operation of one kind of child (``kind``: its label, see ``Kind``);
        ``key`` is the output member listing their summaries, ``doc`` the rule it states."""

        def list_kind(
            self: BackendBase,
            index_id: str,
            next_token: str | None = None,
            max_results: int | None = None,
        ) -> dict[str, Any]:
            children = self.get_index(index_id).kinds[kind]
            return self.list_children(children, key, next_token, max_results)

        list_kind.__doc__ = doc
        return list_kind

    @paginate(PAGINATION_MODEL)
    def _list_children(self, index_id: str, kind: str) -> list[Any]:
        return self.indices[index_id].kinds[kind].live(advance=True)

    # -- ClientToken idempotency ------------------------------------------------------------
    def replay(self, operation: str, index_id: str | None, token: str | None) -> Any:
        """The resource an earlier call with this token created, while it is present."""
        if token is None:
            return None
        resource = self.client_tokens.get((operation, index_id, token))
        if resource is None or resource.removed or not self._present(resource):
            self.client_tokens.pop((operation, index_id, token), None)
            return None
        return resource

    def remember(
        self, operation: str, index_id: str | None, token: str | None, resource: Any
    ) -> None:
        if token is not None:
            self.client_tokens[(operation, index_id, token)] = resource

    def _present(self, resource: Any) -> bool:
        index = getattr(resource, "index", resource)
        current = self.indices.get(index.id)
        if current is None or current is not index or current.removed:
            return False
        return resource is index or index.holds(resource)
