"""Experiences, their entities and personas, and GetSnapshots (with the experience
quota).

Operations: CreateExperience, DescribeExperience, UpdateExperience, DeleteExperience,
ListExperiences, AssociateEntitiesToExperience, DisassociateEntitiesFromExperience,
ListExperienceEntities, AssociatePersonasToEntities, DisassociatePersonasFromEntities,
ListEntityPersonas, GetSnapshots.

Choices where Kendra's documentation is silent:

- Configuration references (checked once the index is found, after the experience
  itself for Update and before the experience quota for Create): every
  ``ContentSourceConfiguration.DataSourceIds`` entry, then every ``FaqIds`` entry, in
  request order, must name a data source / FAQ present in the index (any status,
  DELETING included); the first missing one answers ``Data source <Id> does not exist
  in index <IndexId>.`` / ``FAQ <Id> does not exist in index <IndexId>.``  Removing a
  data source or FAQ later leaves the experience's Configuration as it is.
- Endpoints are shown from the first time the experience's status is read as ACTIVE on
  (so also while DELETING after that); never while CREATING.
- UpdateExperience: given members replace the stored ones (a given Configuration
  replaces the whole Configuration); no status change; UpdatedAt moves.  A DELETING
  experience refuses Update and the four entity/persona writes with ConflictException
  ``Experience <Id> is DELETING and cannot serve this request.``; a CREATING one
  accepts them.
- The quota (50 per index) counts every present experience, DELETING included (as
  the FAQ quota does).
- Entities are keyed by EntityId (the EntityType given with an Id is stored on
  association and otherwise not compared).  Each list is handled in request order, so
  an Id repeated within one AssociateEntitiesToExperience call fails the second time.
  Failure messages: ``Entity <EntityId> is already associated with experience <Id>.``,
  ``Entity <EntityId> is not associated with experience <Id>.`` (Disassociate and
  AssociatePersonasToEntities), ``Entity <EntityId> has no persona in experience
  <Id>.`` (DisassociatePersonasFromEntities).  FailedEntityList is omitted when empty
  and holds at most 25 items (the model's maximum; DisassociateEntitiesFromExperience
  takes up to 40 entities, later failures are not reported).
- Disassociating an entity also drops its persona.  Re-associating an entity puts it
  at the end of ListExperienceEntities; replacing a persona keeps the entity's
  CreatedAt and place in ListEntityPersonas and moves its UpdatedAt.
- ListExperienceEntities: association order, 10 per page, no DisplayData (the mock
  knows no identity store).  ListEntityPersonas: order of first persona, 100 per page
  by default.
- GetSnapshots reads the index without gating; there are no metrics, so
  SnapshotsDataHeader and SnapshotsData are empty and NextToken is never returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from ..pagination import PAGINATION_MODEL, paginate
from .backend import BackendBase
from .base import Resource, check_quota, next_seq, now
from .index import ANY, CHILD_DELETE, WRITE, Index, Kind

EXPERIENCE_QUOTA = 50
MAX_FAILED_ENTITIES = 25  # the model's maximum on FailedEntityList
WRITES_REFUSED = frozenset({"DELETING"})  # Update and entity/persona writes


@dataclass
class Entity:
    """A user or group associated with an experience."""

    entity_id: str
    entity_type: str
    seq: int = field(default_factory=next_seq)


@dataclass
class Persona:
    """An entity's persona (OWNER or VIEWER) in an experience."""

    entity_id: str
    persona: str
    seq: int = field(default_factory=next_seq)
    created_at: datetime = field(default_factory=now)
    updated_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.updated_at is None:
            self.updated_at = self.created_at


class Experience(Resource):
    """A Kendra experience (search application) of an index."""


    def __init__(self, index: Index, settings: dict[str, Any]) -> None:
        super().__init__("kendra::experience")
        self.index = index
        self.id = index.new_child_id()
        self.settings = {k: v for k, v in settings.items() if v is not None}
        self.entities: dict[str, Entity] = {}
        self.personas: dict[str, Persona] = {}
        self.reached_active = False

    @property
    def arn(self) -> str:
        return self.index.child_arn("experience", self.id)

    def current_status(self) -> str:
        """The status (read through the state manager), remembering a first ACTIVE."""
        status = super().current_status()
        if status == "ACTIVE":
            self.reached_active = True
        return status

    def endpoints(self) -> list[dict[str, str]] | None:
        if not self.reached_active:
            return None
        region = self.index.account.region_name
        endpoint = f"https://{self.id}.experience.kendra.{region}.amazonaws.com/"
        return [{"EndpointType": "HOME", "Endpoint": endpoint}]

    def on_removed(self) -> None:
        """Nothing to undo: experiences carry no tags."""

    def describe(self) -> dict[str, Any]:
        status = self.current_status()
        return {
            **self.settings,
            "Id": self.id,
            "IndexId": self.index.id,
            "Status": status,
            "Endpoints": self.endpoints(),
            "CreatedAt": self.created_at,
            "UpdatedAt": self.updated_at,
        }

    def summary(self) -> dict[str, Any]:
        status = self.current_status()
        return {
            "Name": self.settings["Name"],
            "Id": self.id,
            "CreatedAt": self.created_at,
            "Status": status,
            "Endpoints": self.endpoints(),
        }


def failures(failed: list[dict[str, str]]) -> dict[str, Any]:
    """The ``FailedEntityList`` member: omitted when empty, at most 25 items."""
    return {"FailedEntityList": failed[:MAX_FAILED_ENTITIES] or None}


# -- GetSnapshots: UTC calendar windows ----------------------------------------
def _month_start(year: int, month: int) -> datetime:
    """The 1st 00:00 UTC of a month, ``month`` possibly <= 0 (counted back from January)."""
    while month < 1:
        year, month = year - 1, month + 12
    return datetime(year, month, 1, tzinfo=timezone.utc)


def snapshot_window(interval: str, current: datetime) -> tuple[datetime, datetime]:
    """``(StartTime, EndTime)`` of ``interval`` seen at ``current`` (an aware UTC time)."""
    midnight = current.replace(hour=0, minute=0, second=0, microsecond=0)
    monday = midnight - timedelta(days=midnight.weekday())
    first = _month_start(current.year, current.month)
    if interval == "THIS_WEEK":
        return monday, current
    if interval == "THIS_MONTH":
        return first, current
    if interval in ("ONE_WEEK_AGO", "TWO_WEEKS_AGO"):
        weeks = 1 if interval == "ONE_WEEK_AGO" else 2
        start = monday - timedelta(weeks=weeks)
        return start, start + timedelta(weeks=1)
    months = 1 if interval == "ONE_MONTH_AGO" else 2  # ONE_MONTH_AGO, TWO_MONTHS_AGO
    return (
        _month_start(current.year, current.month - months),
        _month_start(current.year, current.month - months + 1),
    )


class ExperienceOperations(BackendBase):
    """Backend methods for experiences, their entities and personas, and GetSnapshots."""

    # -- lookups ------------------------------------------------------------------
    def _experience(
        self, index: Index, experience_id: str, refuse: frozenset[str] = ANY,
        advance: bool = False,
    ) -> Experience:
        """The present experience, else ResourceNotFound; refused status -> Conflict."""
        return index.experiences.require(experience_id, refuse, advance)  # type: ignore[no-any-return]

    def _check_configuration(self, index: Index, configuration: dict[str, Any] | None) -> None:
        """Every DataSourceIds, then FaqIds, entry must be present in the index."""
        content = (configuration or {}).get("ContentSourceConfiguration") or {}
        for source_id in content.get("DataSourceIds") or []:
            index.data_sources.require(source_id)
        for faq_id in content.get("FaqIds") or []:
            index.faqs.require(faq_id)

    # -- experiences ----------------------------------------------------------------
    def create_experience(
        self,
        name: str,
        index_id: str,
        role_arn: str | None = None,
        configuration: dict[str, Any] | None = None,
        description: str | None = None,
        client_token: str | None = None,
    ) -> dict[str, Any]:
        """CreateExperience -> ``{Id}``; CREATING, then ACTIVE."""
        replay = self.replay("CreateExperience", index_id, client_token)
        if replay is not None:
            return {"Id": replay.id}
        index = self.get_index(index_id, WRITE)
        self._check_configuration(index, configuration)
        check_quota(len(index.experiences.live()) + 1, EXPERIENCE_QUOTA, "experiences per index")
        experience = Experience(index, {
            "Name": name, "RoleArn": role_arn, "Configuration": configuration,
            "Description": description,
        })
        index.experiences.add(experience)
        self.remember("CreateExperience", index_id, client_token, experience)
        return {"Id": experience.id}

    def describe_experience(self, id: str, index_id: str) -> dict[str, Any]:
        """DescribeExperience: the stored members, Endpoints once ACTIVE."""
        index = self.get_index(index_id)
        return self._experience(index, id, advance=True).describe()

    def update_experience(
        self,
        id: str,
        index_id: str,
        name: str | None = None,
        role_arn: str | None = None,
        configuration: dict[str, Any] | None = None,
        description: str | None = None,
    ) -> None:
        """UpdateExperience: given members replace the stored ones at once."""
        index = self.get_index(index_id, WRITE)
        experience = self._experience(index, id, WRITES_REFUSED)
        self._check_configuration(index, configuration)
        given = {
            "Name": name, "RoleArn": role_arn, "Configuration": configuration,
            "Description": description,
        }
        experience.settings.update({k: v for k, v in given.items() if v is not None})
        experience.updated_at = now()

    def delete_experience(self, id: str, index_id: str) -> dict[str, Any]:
        """DeleteExperience -> DELETING; already DELETING -> no change."""
        index = self.get_index(index_id, CHILD_DELETE)
        experience = self._experience(index, id)
        experience.delete()
        return {}

    list_experiences = BackendBase.child_listing(
        Kind.EXPERIENCE, "SummaryItems", "ListExperiences: creation order, DELETING included."
    )

    # -- entities -------------------------------------------------------------------
    def associate_entities_to_experience(
        self, id: str, index_id: str, entity_list: list[dict[str, str]]
    ) -> dict[str, Any]:
        """AssociateEntitiesToExperience: an entity already associated fails."""
        experience = self._experience(self.get_index(index_id), id, WRITES_REFUSED)
        failed = []
        for entity in entity_list:
            entity_id = entity["EntityId"]
            if entity_id in experience.entities:
                message = f"Entity {entity_id} is already associated with experience {id}."
                failed.append({"EntityId": entity_id, "ErrorMessage": message})
            else:
                experience.entities[entity_id] = Entity(entity_id, entity["EntityType"])
        return failures(failed)

    def disassociate_entities_from_experience(
        self, id: str, index_id: str, entity_list: list[dict[str, str]]
    ) -> dict[str, Any]:
        """DisassociateEntitiesFromExperience: an entity not associated fails."""
        experience = self._experience(self.get_index(index_id), id, WRITES_REFUSED)
        failed = []
        for entity in entity_list:
            entity_id = entity["EntityId"]
            if experience.entities.pop(entity_id, None) is None:
                failed.append(_not_associated(entity_id, id))
            else:
                experience.personas.pop(entity_id, None)
        return failures(failed)

    @paginate(PAGINATION_MODEL)
    def _list_experience_entities(self, index_id: str, experience_id: str) -> list[Entity]:
        experience = self.indices[index_id].experiences[experience_id]
        return sorted(experience.entities.values(), key=lambda entity: entity.seq)

    def list_experience_entities(
        self, id: str, index_id: str, next_token: str | None = None
    ) -> dict[str, Any]:
        """ListExperienceEntities: association order, always 10 per page."""
        experience = self._experience(self.get_index(index_id), id)
        page, token = self._list_experience_entities(
            index_id=experience.index.id, experience_id=experience.id, next_token=next_token
        )
        items = [{"EntityId": i.entity_id, "EntityType": i.entity_type} for i in page]
        return {"SummaryItems": items, "NextToken": token}

    # -- personas -------------------------------------------------------------------
    def associate_personas_to_entities(
        self, id: str, index_id: str, personas: list[dict[str, str]]
    ) -> dict[str, Any]:
        """AssociatePersonasToEntities: entity not associated fails, else set/replace."""
        experience = self._experience(self.get_index(index_id), id, WRITES_REFUSED)
        failed = []
        for given in personas:
            entity_id = given["EntityId"]
            current = experience.personas.get(entity_id)
            if entity_id not in experience.entities:
                failed.append(_not_associated(entity_id, id))
            elif current is None:
                experience.personas[entity_id] = Persona(entity_id, given["Persona"])
            else:
                current.persona = given["Persona"]
                current.updated_at = now()
        return failures(failed)

    def disassociate_personas_from_entities(
        self, id: str, index_id: str, entity_ids: list[str]
    ) -> dict[str, Any]:
        """DisassociatePersonasFromEntities: an entity with no persona fails."""
        experience = self._experience(self.get_index(index_id), id, WRITES_REFUSED)
        failed = []
        for entity_id in entity_ids:
            if experience.personas.pop(entity_id, None) is None:
                message = f"Entity {entity_id} has no persona in experience {id}."
                failed.append({"EntityId": entity_id, "ErrorMessage": message})
        return failures(failed)

    @paginate(PAGINATION_MODEL)
    def _list_entity_personas(self, index_id: str, experience_id: str) -> list[Persona]:
        experience = self.indices[index_id].experiences[experience_id]
        return sorted(experience.personas.values(), key=lambda persona: persona.seq)

    def list_entity_personas(
        self,
        id: str,
        index_id: str,
        next_token: str | None = None,
        max_results: int | None = None,
    ) -> dict[str, Any]:
        """ListEntityPersonas: order of first persona, 100 per page by default."""
        experience = self._experience(self.get_index(index_id), id)
        page, token = self._list_entity_personas(
            index_id=experience.index.id, experience_id=experience.id,
            next_token=next_token, max_results=max_results,
        )
        items = [
            {"EntityId": p.entity_id, "Persona": p.persona, "CreatedAt": p.created_at,
             "UpdatedAt": p.updated_at}
            for p in page
        ]
        return {"SummaryItems": items, "NextToken": token}

    # -- GetSnapshots ---------------------------------------------------------------
    def get_snapshots(
        self,
        index_id: str,
        interval: str,
        metric_type: str,
        next_token: str | None = None,
        max_results: int | None = None,
    ) -> dict[str, Any]:
        """GetSnapshots: the interval's UTC window, no data, one page (NextToken and
        MaxResults are ignored)."""
        self.get_index(index_id)
        start, end = snapshot_window(interval, now())
        return {
            "SnapShotTimeFilter": {"StartTime": start, "EndTime": end},
            "SnapshotsDataHeader": [],
            "SnapshotsData": [],
        }


def _not_associated(entity_id: str, experience_id: str) -> dict[str, str]:
    message = f"Entity {entity_id} is not associated with experience {experience_id}."
    return {"EntityId": entity_id, "ErrorMessage": message}
