"""The QueryIds an index has issued to Query and Retrieve, for SubmitFeedback.

Only the last :data:`MAX_QUERY_IDS` (100,000) are kept: SubmitFeedback treats an older
QueryId as unavailable, like an unknown one, so the set stays bounded however many
queries an index answers.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

MAX_QUERY_IDS = 100_000


class RecentIds(set[str]):
    """A set of QueryIds that keeps only the last :data:`MAX_QUERY_IDS` added (``order``:
    oldest first)."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        super().__init__()
        self.order: deque[str] = deque()
        for query_id in ids:
            self.add(query_id)

    def add(self, query_id: str) -> None:
        if query_id in self:
            return
        super().add(query_id)
        self.order.append(query_id)
        while len(self.order) > MAX_QUERY_IDS:
            self.discard(self.order.popleft())
