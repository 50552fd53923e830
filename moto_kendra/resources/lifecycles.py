"""Which statuses each Kendra resource passes through: the one table of lifecycles.

Each ``kendra::*`` model of moto's state manager maps the name of each of its lifecycles to
the transitions moto's ``ManagedState`` follows (``(from, to)`` pairs; ``REMOVED`` means the
resource is gone once its status reads it).  Registration gives every model here the default
progression ``immediate``; users may set ``manual`` per model.

- Indexes, data sources, thesauri and block lists: CREATING -> ACTIVE, UPDATING -> ACTIVE,
  DELETING -> removed.  FAQs and experiences cannot be updated.
- Documents: a new put PROCESSING -> INDEXED, a re-put PROCESSING -> UPDATED, a deletion
  DELETING -> removed (all three read PROCESSING on the wire while pending).
- Sync jobs: connectors SYNCING -> SYNCING_INDEXING -> SUCCEEDED, STOPPING -> ABORTED; a
  CUSTOM job has no way out of SYNCING (StopDataSourceSyncJob sets SYNCING_INDEXING).
- Featured results sets: reserved and never advanced (the caller picks ACTIVE/INACTIVE).
"""

from __future__ import annotations

Transitions = list[tuple[str | None, str]]

REMOVED = "REMOVED"  # pseudo-status: the resource is gone once its status reads this

CREATE_UPDATE_DELETE: Transitions = [
    ("CREATING", "ACTIVE"), ("UPDATING", "ACTIVE"), ("DELETING", REMOVED),
]
CREATE_DELETE: Transitions = [("CREATING", "ACTIVE"), ("DELETING", REMOVED)]

LIFECYCLES: dict[str, dict[str, Transitions]] = {
    "kendra::index": {"main": CREATE_UPDATE_DELETE},
    "kendra::datasource": {"main": CREATE_UPDATE_DELETE},
    "kendra::document": {
        "new": [("PROCESSING", "INDEXED")],
        "reput": [("PROCESSING", "UPDATED")],
        "deletion": [("DELETING", REMOVED)],
    },
    "kendra::sync_job": {
        "connector": [
            ("SYNCING", "SYNCING_INDEXING"), ("SYNCING_INDEXING", "SUCCEEDED"),
            ("STOPPING", "ABORTED"),
        ],
        "custom": [("SYNCING_INDEXING", "SUCCEEDED")],
    },
    "kendra::faq": {"main": CREATE_DELETE},
    "kendra::thesaurus": {"main": CREATE_UPDATE_DELETE},
    "kendra::query_suggestions_block_list": {"main": CREATE_UPDATE_DELETE},
    "kendra::experience": {"main": CREATE_DELETE},
    "kendra::featured_results_set": {},
}


def lifecycle(model_name: str, name: str = "main") -> Transitions:
    """The transitions of one lifecycle of a model."""
    return LIFECYCLES[model_name][name]
