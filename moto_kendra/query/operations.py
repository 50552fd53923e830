"""The backend methods of Query, Retrieve and SubmitFeedback (a mixin of the backend).

Each builds a :class:`~.request.SearchRequest`, checks its static rules, finds
the index (refused while it cannot be read), and hands both to the stage that
answers: :func:`.pipeline.run_query`, :func:`.passages.retrieve`, or the query
log's :func:`.log.check_query_id`.  SubmitFeedback's feedback has no effect.
"""

from __future__ import annotations

from typing import Any

from ..resources.backend import BackendBase
from ..resources.index import WRITE
from .checks import check_request
from .log import check_query_id
from .passages import retrieve
from .pipeline import run_query
from .request import SearchRequest


class QueryOperations(BackendBase):
    """Backend methods for Query, Retrieve and SubmitFeedback."""

    def query(self, index_id: str, **params: Any) -> dict[str, Any]:
        """Query -> ``{QueryId, ResultItems, FacetResults, TotalNumberOfResults, ...}``."""
        request = SearchRequest.for_query(index_id, params)
        check_request(request)
        return run_query(self.get_index(index_id, WRITE), request)

    def retrieve(self, index_id: str, **params: Any) -> dict[str, Any]:
        """Retrieve -> ``{QueryId, ResultItems}``: passages of up to 200 tokens."""
        request = SearchRequest.for_retrieve(index_id, params)
        check_request(request)
        return retrieve(self.get_index(index_id, WRITE), request)

    def submit_feedback(self, index_id: str, query_id: str, **feedback: Any) -> None:
        """SubmitFeedback: the QueryId must be a recent query of this index."""
        check_query_id(self.get_index(index_id), query_id)
