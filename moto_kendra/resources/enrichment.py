"""Custom document enrichment: inline rules and Lambda hooks applied to a document
before it is stored, by BatchPutDocument (its ``CustomDocumentEnrichmentConfiguration``)
and by the S3 crawl of a data source (the configuration stored with the data source).

:func:`enrich_and_extract` is the one entry point: inline configurations (in list
order, each on the attributes the previous ones left), then the pre-extraction hook,
then text extraction, then the post-extraction hook. :func:`check_configuration` is
the validation CreateDataSource, UpdateDataSource and BatchPutDocument run on a
configuration (ValidationException, the first broken rule over the whole
configuration answering):

1. no condition (inline, or a hook's InvocationCondition) on ``_document_body``;
2. every condition except Exists/NotExists has a ConditionOnValue;
3. every Target has a TargetDocumentAttributeKey;
4. no Target both sets a value and deletes it;
5. every Target key is an index field, and its value (if any) of the field's kind.

An inline configuration applies when its Condition holds (no Condition: always). The
condition reads the document's attributes plus ``_document_title`` (the request's
Title: inline rules run before extraction, so a title read from HTML content is not
seen). A Target value sets the attribute (replaced in place, else appended;
``_document_title`` sets the title), a Target deletion removes it (``_document_title``:
the document has no title, not even one from HTML content), a Target with neither does
nothing; ``DocumentContentDeletion`` empties the content (the document keeps its title
and attributes, with an empty body). Condition operators: :mod:`.conditions`.
"""

from __future__ import annotations

from typing import Any

from ..attributes import VALUE_MEMBER
from ..exceptions import ValidationException
from ..extraction import Extracted, extract
from .conditions import compile_condition
from .hooks import EnrichedDocument, HookFailed, run_post_extraction, run_pre_extraction
from .index import Index

__all__ = [
    "ENRICHMENT", "Enrichment", "EnrichmentFailed", "check_configuration", "enrich_and_extract",
]

ENRICHMENT = "CustomDocumentEnrichmentConfiguration"  # the member naming a configuration

BODY = "_document_body"
EnrichmentFailed = HookFailed  # a document failing its enrichment (message: the reason)


class Enrichment:
    """A CustomDocumentEnrichmentConfiguration ready to apply to documents (its
    conditions read once, however many documents it enriches)."""

    def __init__(self, config: dict[str, Any]):
        self.rules = [_Rule(inline) for inline in config.get("InlineConfigurations") or []]
        self.pre: dict[str, Any] | None = config.get("PreExtractionHookConfiguration")
        self.post: dict[str, Any] | None = config.get("PostExtractionHookConfiguration")

    @classmethod
    def of(cls, config: dict[str, Any] | None) -> Enrichment | None:
        """The enrichment of ``config`` (None when there is none)."""
        return cls(config) if config else None


class _Rule:
    """One inline configuration: its Target and content deletion, if its Condition holds."""

    def __init__(self, inline: dict[str, Any]):
        self.holds = compile_condition(inline.get("Condition"))
        target = inline.get("Target") or {}
        self.key: str | None = target.get("TargetDocumentAttributeKey")
        self.delete = bool(target.get("TargetDocumentAttributeValueDeletion"))
        self.value: dict[str, Any] | None = target.get("TargetDocumentAttributeValue")
        self.delete_content = bool(inline.get("DocumentContentDeletion"))

    def apply(self, document: EnrichedDocument) -> None:
        if not self.holds(document):
            return
        if self.key is not None:
            if self.delete:
                document.delete(self.key)
            elif self.value is not None:
                document.set(self.key, self.value)
        if self.delete_content:
            document.blob = b""


def enrich_and_extract(
    index: Index, request: dict[str, Any], enrichment: Enrichment | None, from_s3: bool = False
) -> tuple[dict[str, Any], Extracted]:
    """``request`` (a BatchPutDocument entry whose ``Blob`` holds its raw content) after
    ``enrichment`` (:meth:`Enrichment.of` a configuration), and its extracted content,
    whose ``title`` is the document's title. ``from_s3``: the content was read from S3
    (S3Path, or a crawl), so the pre-extraction hook gets it through S3, not inline.

    Raises :class:`EnrichmentFailed` (a hook failed) or
    :class:`~moto_kendra.extraction.ExtractionError` (the content cannot be read)."""
    given = request.get("Title") or None
    if enrichment is None:
        content = extract(request.get("Blob") or b"", request.get("ContentType"))
        if given is not None:
            content = Extracted(content.text, given, content.pages)
        return request, content
    document = EnrichedDocument(
        request.get("Blob") or b"", list(request.get("Attributes") or []), given,
        index.id, request["Id"], from_s3,
    )
    for rule in enrichment.rules:
        rule.apply(document)
    run_pre_extraction(index, document, enrichment.pre)
    content = extract(document.blob, request.get("ContentType"))
    title = document.title if document.title_given else content.title
    content = Extracted(content.text, title, content.pages)
    content = run_post_extraction(index, document, content, enrichment.post)
    enriched = {**request, "Blob": document.blob, "Attributes": document.attributes}
    return enriched, content


def check_configuration(index: Index, config: dict[str, Any] | None) -> None:
    """The validation of a CustomDocumentEnrichmentConfiguration (module docstring)."""
    if not config:
        return
    inlines = config.get("InlineConfigurations") or []
    conditions = [inline.get("Condition") for inline in inlines] + [
        (config.get(hook) or {}).get("InvocationCondition")
        for hook in ("PreExtractionHookConfiguration", "PostExtractionHookConfiguration")
    ]
    conditions = [c for c in conditions if c]
    targets = [inline["Target"] for inline in inlines if inline.get("Target") is not None]
    if any(c["ConditionDocumentAttributeKey"] == BODY for c in conditions):
        raise ValidationException(f"{BODY} cannot be a condition key.")
    for condition in conditions:
        if condition["Operator"] not in ("Exists", "NotExists") and not condition.get(
            "ConditionOnValue"
        ):
            key = condition["ConditionDocumentAttributeKey"]
            raise ValidationException(f"Condition on {key} needs ConditionOnValue.")
    if any(target.get("TargetDocumentAttributeKey") is None for target in targets):
        raise ValidationException("An enrichment target needs TargetDocumentAttributeKey.")
    for target in targets:
        if target.get("TargetDocumentAttributeValue") is not None and target.get(
            "TargetDocumentAttributeValueDeletion"
        ):
            key = target["TargetDocumentAttributeKey"]
            raise ValidationException(
                f"Enrichment target {key} cannot both set and delete a value."
            )
    for target in targets:
        _check_target(index, target)


def _check_target(index: Index, target: dict[str, Any]) -> None:
    key = target["TargetDocumentAttributeKey"]
    value = target.get("TargetDocumentAttributeValue")
    kind = (index.fields.get(key) or {}).get("Type")
    members = [m for m, item in (value or {}).items() if item is not None]
    if kind is None or (value is not None and members != [VALUE_MEMBER[kind]]):
        raise ValidationException(
            f"Enrichment target {key} is not an index field of a matching type."
        )
