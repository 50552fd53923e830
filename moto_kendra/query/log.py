"""What an index remembers of its queries: the query log and the issued QueryIds.

The query log feeds query suggestions: one entry ``{Text, Time, User, Results}``
per Query whose QueryText is not blank (User is UserContext.UserId, else
VisitorId).  It is bounded by what suggestions can read: when a query is logged,
entries older than the index's current look-back window
(QueryLogLookBackWindowInDays) are dropped, and beyond :data:`MAX_LOGGED_QUERIES`
entries the oldest go.  Choice: an entry dropped this way is gone for good, so
lengthening the window later does not bring back queries that had fallen out of
a shorter one.

SubmitFeedback accepts a QueryId issued by a Query or Retrieve on the same index
among its last 100,000 queries (``resources.query_ids``); an older one is
unavailable, like an unknown one.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from ..exceptions import ResourceUnavailableException
from ..resources.base import new_id
from ..resources.suggestions import config_of
from .request import SearchRequest

if TYPE_CHECKING:
    from ..resources.index import Index

MAX_LOGGED_QUERIES = 100_000


def issue_query_id(index: Index) -> str:
    """A new QueryId, remembered for SubmitFeedback."""
    query_id = new_id(index.query_ids)
    index.query_ids.add(query_id)
    return query_id


def check_query_id(index: Index, query_id: str) -> None:
    """SubmitFeedback's rule: the QueryId is one of the index's recent queries."""
    if query_id not in index.query_ids:
        raise ResourceUnavailableException.query(query_id)


def log_query(index: Index, request: SearchRequest, results: int) -> None:
    """Log a Query for query suggestions (not when its QueryText is blank), then drop
    what the bounds of the module docstring leave out."""
    if not request.text.strip():
        return
    user = (request.user_context or {}).get("UserId") or request.visitor_id
    moment = datetime.now(timezone.utc)
    log = index.query_log
    log.append({"Text": request.text, "Time": moment, "User": user, "Results": results})
    since = moment - timedelta(days=config_of(index)["QueryLogLookBackWindowInDays"])
    old = 0
    while old < len(log) and log[old]["Time"] < since:
        old += 1
    old = max(old, len(log) - MAX_LOGGED_QUERIES)
    if old:
        del log[:old]
