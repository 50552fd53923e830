"""The backend as every resource family sees it: shared state and shared helpers.

Each resource module's operations class derives from :class:`BackendBase`, and
:class:`moto_kendra.models.KendraBackend` combines them; so a resource module can use
the index lookup, ClientToken replay, tagging and S3 helpers with their real types.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, NamedTuple

from moto.core.base_backend import BaseBackend
from moto.utilities.tagging_service import TaggingService
from moto.utilities.utils import get_partition

from ..pagination import PAGINATION_MODEL, paginate
from .base import live

if TYPE_CHECKING:
    from .datasources import DataSource
    from .index import Index


class S3Listing(NamedTuple):
    """A bucket's region and its ``(key, ETag)`` pairs (:meth:`BackendBase.list_s3_objects`)."""

    region: str
    objects: list[tuple[str, str]]


class BackendBase(BaseBackend):
    """State of one account and region, and the helpers the resource families share."""

    def __init__(self, region_name: str, account_id: str):
        super().__init__(region_name, account_id)
        self.partition = get_partition(region_name)
        self.indices: dict[str, Index] = {}
        self.tagger = TaggingService()
        self.client_tokens: dict[tuple[str, str | None, str], Any] = {}
        # one request at a time per account and region: a threaded server must not let a
        # Query read the search index while a put or delete rearranges it
        self.lock = threading.RLock()

    if TYPE_CHECKING:  # defined by IndexOperations and DataSourceOperations

        def get_index(self, index_id: str, refuse: frozenset[str] = ...) -> Index: ...

        def find_data_source(self, index: Index, source_id: str | None) -> DataSource | None:
            ...

    def arn(self, suffix: str) -> str:
        return f"arn:{self.partition}:kendra:{self.region_name}:{self.account_id}:{suffix}"

    def tag(self, arn: str, tags: list[dict[str, str]] | None) -> None:
        """Tags given on create (already checked with ``check_tags``)."""
        if tags:
            self.tagger.tag_resource(arn, [{"Key": t["Key"], "Value": t["Value"]} for t in tags])

    # -- listing an index's children (spec 1.5, 3.5) ---------------------------------
    def list_children(
        self,
        index_id: str,
        collection: str,
        key: str,
        next_token: str | None = None,
        max_results: int | None = None,
    ) -> dict[str, Any]:
        """One List* of an index's children: every child advanced once, creation order,
        DELETING included, paged; ``collection`` names the Index attribute holding them
        and ``key`` the output member listing their summaries."""
        index = self.get_index(index_id)
        page, token = self._list_children(
            index_id=index.id, collection=collection, next_token=next_token,
            max_results=max_results,
        )
        return {key: [child.summary() for child in page], "NextToken": token}

    @paginate(PAGINATION_MODEL)
    def _list_children(self, index_id: str, collection: str) -> list[Any]:
        return list(live(getattr(self.indices[index_id], collection), advance=True))

    # -- ClientToken idempotency (spec 3.7) --------------------------------------
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
        if resource is index:
            return True
        return getattr(index, resource.collection).get(resource.id) is resource

    # -- moto's own S3 --------------------------------------------------------------
    def read_s3_object(self, bucket: str, key: str) -> bytes | None:
        """An object of moto's own S3 in this account (any region), or None if unreadable."""
        from moto.s3.models import s3_backends

        try:
            s3 = s3_backends[self.account_id][self.partition]
            obj = s3.get_object(bucket, key)
            return bytes(obj.value) if obj is not None else None
        except Exception:  # missing bucket or key: the caller words the failure
            return None

    def list_s3_objects(self, bucket: str, prefix: str = "") -> S3Listing | None:
        """The current objects of a bucket of moto's own S3 in this account whose keys start
        with ``prefix``, in key order, with their ETags; None when the bucket is missing.

        Reads ``FakeBucket.keys`` (a ``_VersionedKeyStore``: ``items()`` gives each key's
        latest version) rather than ``list_objects``, whose signature and result differ
        between moto releases; delete markers (a versioned key's latest deletion) are not
        objects.  The same on moto 5.0.x, 5.1.x and 5.2.x.
        """
        from moto.s3.models import FakeDeleteMarker, s3_backends

        try:
            found = s3_backends[self.account_id][self.partition].get_bucket(bucket)
            versions = list(found.keys.items())
        except Exception:  # MissingBucket, or a bucket this account may not read
            return None
        objects = sorted(
            (name, str(obj.etag))
            for name, obj in versions
            if name.startswith(prefix) and not isinstance(obj, FakeDeleteMarker)
        )
        return S3Listing(str(found.region_name), objects)
