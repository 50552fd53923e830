"""Helpers for the resources built from an S3 file: FAQs, thesauri, query-suggestions block
lists.  Used by test_faqs.py, test_thesauri.py, test_query_suggestions.py and
test_file_resources.py (the rules the three families share)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import boto3
import requests
from moto.core import DEFAULT_ACCOUNT_ID
from support import REGION, ROLE

BUCKET = "kendra-files"
UNKNOWN = "0" * 36
_keys = itertools.count(1)


class Files:
    """S3 objects for one test, in the same mock (in-process) or on the same server."""

    def __init__(self, endpoint: str | None) -> None:
        self.s3 = boto3.client("s3", region_name=REGION, endpoint_url=endpoint)
        self.bucket_made = False

    def path(self, key: str) -> dict[str, str]:
        """An S3Path in the test bucket (which then exists), whether or not the key does."""
        if not self.bucket_made:
            self.s3.create_bucket(Bucket=BUCKET)
            self.bucket_made = True
        return {"Bucket": BUCKET, "Key": key}

    def put(self, body: str | bytes, key: str | None = None) -> dict[str, str]:
        """Store ``body`` (str as UTF-8) and return its S3Path."""
        path = self.path(key or f"file-{next(_keys)}.txt")
        data = body.encode() if isinstance(body, str) else body
        self.s3.put_object(Bucket=BUCKET, Key=path["Key"], Body=data)
        return path


def unreadable(path: dict[str, str]) -> str:
    """The ErrorMessage of a resource whose S3 object cannot be read."""
    return f"S3 object s3://{path['Bucket']}/{path['Key']} cannot be read."


def bad_line(path: dict[str, str], line: int, reason: str) -> str:
    """This project's wording for a file its parser rejects (names the line)."""
    return f"Line {line} of s3://{path['Bucket']}/{path['Key']}: {reason}."


def arn(index_id: str, child: str | None = None) -> str:
    suffix = f"index/{index_id}" + (f"/{child}" if child else "")
    return f"arn:aws:kendra:{REGION}:{DEFAULT_ACCOUNT_ID}:{suffix}"


def reseed(endpoint: str | None, value: int) -> None:
    """Seed moto's id generator so that a removed resource's id comes back."""
    if endpoint is None:
        from moto.moto_api._internal import mock_random

        mock_random.seed(value)
    else:
        requests.post(f"{endpoint}/moto-api/seed?a={value}", timeout=30).raise_for_status()


def strip(response: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


@dataclass(frozen=True)
class Family:
    """One resource family, driven through boto3 with uniform calls."""

    name: str  # test id
    label: str  # the resource's label in ids and messages
    arn_type: str  # the resource type part of its ARN
    model: str  # state-manager model name
    operation: str  # CamelCase resource part of the operation names
    path_member: str
    list_operation: str
    list_key: str
    summary_members: frozenset[str]
    quota: int
    noun: str
    sample: str  # a valid file

    def _call(self, kendra: Any, verb: str, **params: Any) -> dict[str, Any]:
        method = getattr(kendra, f"{verb}_{self.operation}")
        return strip(method(**params))

    def create(self, kendra: Any, index_id: str, path: dict[str, str], name: str = "files",
               **extra: Any) -> str:
        params = {"IndexId": index_id, "Name": name, "RoleArn": ROLE, self.path_member: path}
        return str(self._call(kendra, "create", **params, **extra)["Id"])

    def describe(self, kendra: Any, index_id: str, child_id: str) -> dict[str, Any]:
        return self._call(kendra, "describe", IndexId=index_id, Id=child_id)

    def status(self, kendra: Any, index_id: str, child_id: str) -> str:
        return str(self.describe(kendra, index_id, child_id)["Status"])

    def delete(self, kendra: Any, index_id: str, child_id: str) -> dict[str, Any]:
        return self._call(kendra, "delete", IndexId=index_id, Id=child_id)

    def update(self, kendra: Any, index_id: str, child_id: str, **params: Any) -> dict[str, Any]:
        return self._call(kendra, "update", IndexId=index_id, Id=child_id, **params)

    def listed(self, kendra: Any, index_id: str, **params: Any) -> dict[str, Any]:
        return strip(getattr(kendra, self.list_operation)(IndexId=index_id, **params))

    def items(self, kendra: Any, index_id: str) -> list[dict[str, Any]]:
        return list(self.listed(kendra, index_id)[self.list_key])

    def arn(self, index_id: str, child_id: str) -> str:
        return arn(index_id, f"{self.arn_type}/{child_id}")


_TIMES = frozenset({"Id", "Name", "Status", "CreatedAt", "UpdatedAt"})
FAQ = Family(
    name="faq", label="FAQ", arn_type="faq", model="kendra::faq", operation="faq",
    path_member="S3Path", list_operation="list_faqs", list_key="FaqSummaryItems",
    summary_members=_TIMES | {"FileFormat", "LanguageCode"}, quota=30, noun="FAQs per index",
    sample="What is Kendra?,A search service.\n",
)
THESAURUS = Family(
    name="thesaurus", label="Thesaurus", arn_type="thesaurus", model="kendra::thesaurus",
    operation="thesaurus", path_member="SourceS3Path", list_operation="list_thesauri",
    list_key="ThesaurusSummaryItems", summary_members=_TIMES, quota=1,
    noun="thesauri per index", sample="laptop, notebook\n",
)
BLOCK_LIST = Family(
    name="block-list", label="Query suggestions block list",
    arn_type="query-suggestions-block-list", model="kendra::query_suggestions_block_list",
    operation="query_suggestions_block_list", path_member="SourceS3Path",
    list_operation="list_query_suggestions_block_lists", list_key="BlockListSummaryItems",
    summary_members=_TIMES | {"ItemCount"}, quota=1, noun="block lists per index",
    sample="forbidden words\n",
)
FAMILIES = [FAQ, THESAURUS, BLOCK_LIST]
UPDATABLE = [THESAURUS, BLOCK_LIST]
