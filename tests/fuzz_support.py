"""A seeded request fuzzer driven by botocore's Kendra model, shared by ``tests/test_fuzz.py``
(a few hundred cases per mode) and ``benchmarks/fuzz.py`` (the long run).

- :class:`World` creates real resources (an index with data sources, FAQs, thesauri, block
  lists, experiences, featured results sets, access-control configurations, documents, S3
  files both sane and hostile) so that valid requests refer to ids that exist and reach deep code.
- :class:`Generator` turns ``(seed, operation, number)`` into one :class:`Case`, always the
  same one: a valid request built from the input shape, or one of :data:`KINDS` of invalid
  request (wrong types, missing members, out-of-range numbers, over-long strings, unknown enums,
  unicode and NUL, deep nesting, huge lists, non-object and invalid JSON, gzip junk, edited
  pagination tokens).  Ids from the world are substituted when the case is built, so a
  reproducer is ``(seed, operation, number)``.
- :func:`verdict` lists every way an answer breaks the protocol (status, JSON, request id,
  error envelope, output shape); :func:`health` checks that the index still answers.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import boto3
import botocore.session
from botocore.exceptions import ClientError
from support import REGION, ROLE, check_error_envelope, make_client, signed_post

from moto_kendra.protocol import output_violations

MODEL = botocore.session.get_session().get_service_model("kendra")
OPERATIONS: list[str] = sorted(MODEL.operation_names)
TARGET = "AWSKendraFrontendService."
BUCKET = "fuzz-files"
CRAWL_BUCKET = "fuzz-crawl"
DEEP = 3000  # nesting levels of the deep-nesting cases (past Python's recursion limit)

# Invalid kinds; "valid" is drawn as often as all of them together.
KINDS = (
    "wrong_type", "missing_required", "out_of_range", "too_long", "bad_enum", "unicode_nul",
    "deep_nesting", "huge_list", "non_object", "invalid_json", "gzip_junk", "unknown_member",
    "edited_token",
)
# Operations whose valid requests would change or delete the index the health check reads.
ON_VICTIM = {"DeleteIndex", "UpdateIndex"}
# Shape name -> world key of the id (or list of ids) to use.
ID_SHAPES = {
    "IndexId": "index", "DataSourceId": "data_source", "FaqId": "faq", "ThesaurusId": "thesaurus",
    "QuerySuggestionsBlockListId": "block_list", "ExperienceId": "experience",
    "FeaturedResultsSetId": "featured", "AccessControlConfigurationId": "access",
    "QueryId": "query", "DocumentId": "document", "AmazonResourceName": "arn",
}
CANDIDATES = (
    ROLE, "arn:aws:lambda:us-east-1:123456789012:function:fuzz",
    "https://example.atlassian.net/", "https://example.com/a", "example.service-now.com",
    "fs-0123456789abcdef", "d-0123456789", "user@example.com", "example.com", "2024-01-02",
    "30s", "12", "en", "a.b", "abcdef0123-12345678-1234-1234-1234-123456789012",
)
UNICODE = (
    "\x00", "nul\x00inside", "\ud800", "\udfff\ud800", "\u2028\u2029", "e\u0301\u0301\u0301",
    "\U0001f600" * 50, "\u202etxt", "\ufeff", "\uffff", "tab\tnew\nline", "日本語のテキスト",
)


@dataclass
class Case:
    """One request: ``build(world)`` gives ``(body bytes, extra headers)``."""

    seed: int
    operation: str
    number: int
    kind: str
    build: Callable[[World], tuple[bytes, dict[str, str]]]

    @property
    def reproducer(self) -> str:
        return f"seed={self.seed} operation={self.operation} case={self.number} kind={self.kind}"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


def send(endpoint: str | None, operation: str, body: bytes, headers: dict[str, str]) -> Answer:
    """A raw signed request: through moto's mock in-process, to the server otherwise."""
    start = time.perf_counter()
    response = signed_post(endpoint, body, TARGET + operation, extra_headers=headers)
    seconds = time.perf_counter() - start
    lowered = {key.lower(): value for key, value in response.headers.items()}
    return Answer(response.status_code, lowered, response.content, seconds)


def verdict(operation: str, answer: Answer) -> list[str]:
    """Every way ``answer`` breaks the protocol (``[]``: it is a well-formed answer).  Each
    problem starts with its class: 5xx, non-JSON, envelope, shape or request-id."""
    problems = [] if answer.headers.get("x-amzn-requestid") else ["request-id: none"]
    if answer.status >= 300:
        try:
            json.loads(answer.body)
        except ValueError:
            problems.append(f"non-JSON: {first_line(answer.body)}")
    if answer.status >= 500:
        return [f"5xx: HTTP {answer.status} {first_line(answer.body)}", *problems]
    if answer.status >= 300 and not any(p.startswith("non-JSON") for p in problems):
        try:
            check_error_envelope(answer.status, answer.headers, answer.body)
        except (AssertionError, KeyError, TypeError) as error:
            problems.append(f"envelope: {first_line(answer.body)} ({error!r:.100})")
    elif answer.status < 300:
        shape = output_violations(operation, answer.body)
        kind = "non-JSON" if shape == ["Response body is not valid JSON."] else "shape"
        problems += [f"{kind}: {problem}" for problem in shape[:3]]
    return problems


def first_line(body: bytes) -> str:
    text = body[:2000].decode("utf-8", "replace")
    try:
        error = json.loads(body)
        text = f"{error.get('__type')}: {error.get('message')}"
    except (ValueError, AttributeError):
        pass
    return (text.strip().splitlines() or [""])[0][:160]


# --------------------------------------------------------------------------- the world


def hostile_files() -> dict[str, bytes]:
    """S3 objects for FAQs, thesauri, block lists and group-member lists, sane and hostile."""
    deep = ("[" * DEEP + "]" * DEEP).encode()
    return {
        "faq.csv": b"What is up?,The sky,https://example.com\nWhy?,Because\n",
        "faq-header.csv": b"_question,_answer,_source_uri,_category\nQ?,A.,https://e.com,c\n",
        "faq.json": json.dumps({"SchemaVersion": 1, "FaqDocuments": [
            {"Question": "Q?", "Answer": "A.", "Attributes": {"_category": "c"}}]}).encode(),
        "thesaurus.txt": b"car, auto, automobile\nfast => quick\n",
        "block-list.txt": b"bad words\nworse words\n",
        "members.json": json.dumps({"MemberUsers": [{"UserId": "u1"}]}).encode(),
        "deep.json": b'{"SchemaVersion": 1, "FaqDocuments": ' + deep + b"}",
        "deep-object.json": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
        "nul.txt": b"a\x00b,c\x00\nq\x00?,\x00\n",
        "not-utf8.txt": b"\xff\xfe\xfa bad \xc3\x28\n",
        "bom.csv": b"\xef\xbb\xbfQ?,A.\n",
        "empty.txt": b"",
        "long-line.txt": b"x" * 300_000 + b"\n",
        "quotes.csv": b'"unterminated,quote\n"a""b",c\n' * 50,
        "synonyms.txt": (", ".join(f"term{i}" for i in range(300)) + "\n").encode(),
        "arrows.txt": b"=> a\na =>\n=>\n, , ,\n#comment\n",
        "wrong-json.json": b'{"SchemaVersion": "one", "FaqDocuments": {"x": 1}}',
        "numbers.json":
            b'{"SchemaVersion": 1e400, "FaqDocuments": [{"Question": 1, "Answer": []}]}',
        "many-lines.txt": b"\n".join(b"phrase %d" % i for i in range(20_000)),
    }


def crawl_objects() -> dict[str, bytes]:
    """Documents and ``.metadata.json`` sidecars for the S3 data source, some of them hostile."""
    deep = ("[" * DEEP + "]" * DEEP).encode()
    return {
        "docs/a.txt": b"alpha document",
        "docs/a.txt.metadata.json": json.dumps({"Title": "A", "Attributes": {"k": "v"}}).encode(),
        "docs/b.txt": b"beta document",
        "docs/b.txt.metadata.json": b'{"Attributes": ' + deep + b"}",
        "docs/c.txt": b"gamma",
        "docs/c.txt.metadata.json": b"\xff not json",
        "docs/d.txt": b"delta",
        "docs/d.txt.metadata.json":
            b'{"Title": 5, "Attributes": {"n": 1e999}, "AccessControlList": 7}',
        "docs/e.pdf": b"%PDF-1.4 junk \x00\x01" * 10,
        "docs/f.html": b"<html><body><p>unclosed" * 100,
        "docs/g.txt": b"\x00" * 1000,
        "sane/a.txt": b"sane alpha",
        "sane/a.txt.metadata.json": json.dumps({"Title": "Sane"}).encode(),
        "sane/b.html": b"<html><head><title>T</title></head><body>beta</body></html>",
    }


def upload_files(endpoint: str | None) -> None:
    """The buckets of :func:`hostile_files` and :func:`crawl_objects`."""
    s3 = boto3.client("s3", region_name=REGION, endpoint_url=endpoint)
    for bucket, objects in ((BUCKET, hostile_files()), (CRAWL_BUCKET, crawl_objects())):
        s3.create_bucket(Bucket=bucket)
        for key, data in objects.items():
            s3.put_object(Bucket=bucket, Key=key, Body=data)


@dataclass
class World:
    """Real resources in the account, created through boto3 (checked responses)."""

    endpoint: str | None
    ids: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def create(self, files: bool = True) -> World:
        """Upload the S3 objects (unless ``files`` is False: already there), then the index."""
        if files:
            upload_files(self.endpoint)
        self.files = sorted(hostile_files())
        self.kendra = make_client(self.endpoint)
        index = self.kendra.create_index(Name="fuzz", RoleArn=ROLE)["Id"]
        self.ids = {"index": [index], "victim": []}
        self.refresh()
        return self

    def remove(self) -> None:
        """Delete every index of the account and region (the world and what cases created)."""
        for item in self.kendra.list_indices()["IndexConfigurationSummaryItems"]:
            if item["Status"] != "DELETING":
                self.kendra.delete_index(Id=item["Id"])

    def refresh(self) -> None:
        """Create again what the last batch deleted (the victim index, the index's children).

        In-process, also forget the calls moto's ``responses`` mock has recorded: it keeps
        every ``requests`` call it served (request and response objects), once in the mock
        and once in the registered response that matched, for as long as the mock lasts, so
        over a long run the heap, and with it every pause of the garbage collector, would
        grow with the run instead of with the world."""
        if self.endpoint is None:
            from moto.core import models

            mock = getattr(models, "responses_mock", None)
            for recorder in [mock, *(mock.registered() if mock is not None else ())]:
                recorded = getattr(recorder, "calls", None)
                if recorded is not None:
                    recorded.reset()
        kendra, index = self.kendra, self.main
        for item in kendra.list_indices()["IndexConfigurationSummaryItems"]:
            if item["Id"] not in (index, *self.ids["victim"]) and item["Status"] != "DELETING":
                kendra.delete_index(Id=item["Id"])  # keep under the index quota
        if not self._alive("DescribeIndex", {"Id": self.victim} if self.ids["victim"] else None):
            try:
                self.ids["victim"] = [kendra.create_index(Name="victim", RoleArn=ROLE)["Id"]]
            except ClientError:  # the quota, while deleted indexes drain
                self.ids["victim"] = ["0" * 36]
        sources = [s["Id"] for s in kendra.list_data_sources(IndexId=index)["SummaryItems"]]
        while len(sources) < 3:  # the first crawls hostile objects, the others sane ones
            prefix = "docs/" if not sources else "sane/"
            config = {"S3Configuration": {"BucketName": CRAWL_BUCKET,
                                          "InclusionPrefixes": [prefix]}}
            made = kendra.create_data_source(
                IndexId=index, Name=f"s3-{len(sources)}", Type="S3", RoleArn=ROLE,
                Configuration=config)
            sources.append(made["Id"])
        self.ids["data_source"] = sources
        self._children("faq", "list_faqs", "FaqSummaryItems", lambda n: kendra.create_faq(
            IndexId=index, Name=n, RoleArn=ROLE, S3Path=self.path("faq.csv")))
        self._children("thesaurus", "list_thesauri", "ThesaurusSummaryItems",
                       lambda n: kendra.create_thesaurus(IndexId=index, Name=n, RoleArn=ROLE,
                                                         SourceS3Path=self.path("thesaurus.txt")),
                       count=1)
        self._children("block_list", "list_query_suggestions_block_lists", "BlockListSummaryItems",
                       lambda n: kendra.create_query_suggestions_block_list(
                           IndexId=index, Name=n, RoleArn=ROLE,
                           SourceS3Path=self.path("block-list.txt")), count=1)
        self._children("experience", "list_experiences", "SummaryItems",
                       lambda n: kendra.create_experience(IndexId=index, Name=n, RoleArn=ROLE))
        self._children("featured", "list_featured_results_sets", "FeaturedResultsSetSummaryItems",
                       lambda n: kendra.create_featured_results_set(
                           IndexId=index, FeaturedResultsSetName=n,
                           FeaturedDocuments=[{"Id": "doc-1"}])["FeaturedResultsSet"],
                       key_name="FeaturedResultsSetId")
        self._children("access", "list_access_control_configurations",
                       "AccessControlConfigurations",
                       lambda n: kendra.create_access_control_configuration(
                           IndexId=index, Name=n,
                           AccessControlList=[{"Name": "u", "Type": "USER", "Access": "ALLOW"}]))
        documents = [{"Id": f"doc-{i}", "Blob": b"hello fuzz world %d" % i,
                      "ContentType": "PLAIN_TEXT", "Title": f"title {i}"} for i in range(3)]
        kendra.batch_put_document(IndexId=index, Documents=documents)
        self.ids["document"] = [d["Id"] for d in documents]
        self.ids["query"] = [kendra.query(IndexId=index, QueryText="hello")["QueryId"]]
        self.ids["arn"] = [f"arn:aws:kendra:{REGION}:123456789012:index/{index}"]
        self._pages()

    def _pages(self) -> None:
        """Enough groups, entities and personas for their lists to have a second page."""
        kendra, index, experience = self.kendra, self.main, self.ids["experience"][0]
        for number in range(2):
            kendra.put_principal_mapping(IndexId=index, GroupId=f"group-{number}",
                                         OrderingId=number + 1,
                                         GroupMembers={"MemberUsers": [{"UserId": "u"}]})
        users = [f"12345678-1234-1234-1234-12345678901{n}" for n in range(2)]
        entities = [{"EntityId": user, "EntityType": "USER"} for user in users]
        try:
            kendra.associate_entities_to_experience(
                IndexId=index, Id=experience, EntityList=entities)
            kendra.associate_personas_to_entities(IndexId=index, Id=experience, Personas=[
                {"EntityId": user, "Persona": "VIEWER"} for user in users])
        except ClientError:  # already associated by an earlier refresh
            pass

    def _alive(self, operation: str, params: dict[str, Any] | None) -> bool:
        if params is None:
            return False
        answer = send(self.endpoint, operation, json.dumps(params).encode(), {})
        return answer.status == 200

    def _children(self, key: str, lister: str, items: str, create: Callable[[str], Any],
                  key_name: str = "Id", count: int = 2) -> None:
        listed = getattr(self.kendra, lister)(IndexId=self.main)
        found = [item[key_name] for item in listed.get(items, [])]
        while len(found) < count:
            found.append(create(f"{key.replace('_', '-')}-{len(found)}")[key_name])
        self.ids[key] = found

    @property
    def main(self) -> str:
        return self.ids["index"][0]

    @property
    def victim(self) -> str:
        return self.ids["victim"][0]

    def path(self, key: str) -> dict[str, str]:
        return {"Bucket": BUCKET, "Key": key}

    def token(self, operation: str, params: dict[str, Any]) -> str | None:
        """A real NextToken of ``operation`` (first page of one item), if it has a second page."""
        body = json.dumps({**params, "MaxResults": 1}).encode()
        answer = send(self.endpoint, operation, body, {})
        try:
            return json.loads(answer.body).get("NextToken") if answer.status == 200 else None
        except ValueError:
            return None


def health(world: World) -> list[str]:
    """The index still answers DescribeIndex, Query and ListDataSources with valid 200s."""
    problems: list[str] = []
    calls = [
        ("DescribeIndex", {"Id": world.main}),
        ("Query", {"IndexId": world.main, "QueryText": "hello"}),
        ("ListDataSources", {"IndexId": world.main}),
    ]
    for operation, params in calls:
        answer = send(world.endpoint, operation, json.dumps(params).encode(), {})
        if answer.status != 200 or verdict(operation, answer):
            problems.append(f"{operation} after the batch: HTTP {answer.status} "
                            f"{first_line(answer.body)} {verdict(operation, answer)}")
        elif operation == "ListDataSources":  # the sync jobs of every source read back too
            calls += [("ListDataSourceSyncJobs", {"IndexId": world.main, "Id": item["Id"]})
                      for item in json.loads(answer.body)["SummaryItems"]]
    return problems
