"""KendraBackend: one per account and region (a moto ``BackendDict``).

Thin by design: the operations live in the resource modules under ``resources/``
(one class per resource family, all deriving from ``resources.backend.BackendBase``,
which holds the account's indexes and ClientTokens) and are combined here.  No family
calls another's methods, so their order here does not matter.
"""

from __future__ import annotations

from moto.core.base_backend import BackendDict

from .query.operations import QueryOperations
from .query.suggestions import QuerySuggestionOperations
from .resources.access import AccessOperations
from .resources.datasources import DataSourceOperations
from .resources.documents import DocumentOperations
from .resources.experiences import ExperienceOperations
from .resources.faqs import FaqOperations
from .resources.featured import FeaturedResultsOperations
from .resources.indexes import IndexOperations
from .resources.suggestions import SuggestionOperations
from .resources.tagging import TaggingOperations
from .resources.thesauri import ThesaurusOperations


class KendraBackend(
    IndexOperations,
    DataSourceOperations,
    DocumentOperations,
    QueryOperations,
    FaqOperations,
    ThesaurusOperations,
    SuggestionOperations,
    QuerySuggestionOperations,
    FeaturedResultsOperations,
    ExperienceOperations,
    AccessOperations,
    TaggingOperations,
):
    """Amazon Kendra. Each public method is one operation, named after it in snake_case."""


kendra_backends = BackendDict(KendraBackend, "kendra")
