"""Helpers for the custom document enrichment tests (test_enrichment*.py)."""

from __future__ import annotations

from typing import Any

from document_support import attribute, put_failures
from support import doc

FIELDS = {"dept": "STRING_VALUE", "tags": "STRING_LIST_VALUE", "rank": "LONG_VALUE",
          "when": "DATE_VALUE", "flag": "STRING_VALUE"}
HOOK_ARN = "arn:aws:lambda:us-east-1:123456789012:function:enrich"
FLAGGED = {"Key": "flag", "Value": {"StringValue": "yes"}}


def add_fields(kendra: Any, index_id: str) -> None:
    updates = [{"Name": name, "Type": kind} for name, kind in FIELDS.items()]
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=updates)


def condition(key: str, operator: str, **value: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"ConditionDocumentAttributeKey": key, "Operator": operator}
    if value:
        found["ConditionOnValue"] = value
    return found


def target(key: str | None, delete: bool = False, **value: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if key is not None:
        found["TargetDocumentAttributeKey"] = key
    if value:
        found["TargetDocumentAttributeValue"] = value
    if delete:
        found["TargetDocumentAttributeValueDeletion"] = True
    return found


def inline(cond: dict[str, Any] | None = None, tgt: dict[str, Any] | None = None,
           delete_content: bool = False) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if cond is not None:
        found["Condition"] = cond
    if tgt is not None:
        found["Target"] = tgt
    if delete_content:
        found["DocumentContentDeletion"] = True
    return found


def hook(arn: str = HOOK_ARN, bucket: str = "cde-bucket", **cond: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"LambdaArn": arn, "S3Bucket": bucket}
    if cond:
        found["InvocationCondition"] = condition(**cond)
    return found


def enriched_put(kendra: Any, index_id: str, config: dict[str, Any], *documents: Any
                 ) -> list[dict[str, Any]]:
    """BatchPutDocument with ``config`` as CustomDocumentEnrichmentConfiguration."""
    batch = [d if isinstance(d, dict) else doc(d) for d in documents]
    response = kendra.batch_put_document(
        IndexId=index_id, Documents=batch, CustomDocumentEnrichmentConfiguration=config
    )
    return list(response["FailedDocuments"])


def shown(kendra: Any, index_id: str, doc_id: str, query: str = "hello") -> dict[str, Any]:
    """The Query result item of ``doc_id`` for ``query`` (its attributes and title)."""
    items = kendra.query(IndexId=index_id, QueryText=query)["ResultItems"]
    return next(item for item in items if item["DocumentId"] == doc_id)


def custom_attributes(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for a in item["DocumentAttributes"] if not a["Key"].startswith("_")]


__all__ = ["attribute", "put_failures"]
