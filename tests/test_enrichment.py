"""Custom document enrichment: validation, inline rules and every condition operator
(BatchPutDocument, data sources), and the ``_email_id`` attribute in BatchPutDocument's
attribute checks."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from document_support import attribute, failure, put, put_failures, text_statistics
from enrichment_support import (
    FLAGGED,
    add_fields,
    condition,
    custom_attributes,
    enriched_put,
    hook,
    inline,
    shown,
    target,
)
from support import doc, expect_error

JAN = datetime(2024, 1, 1, tzinfo=timezone.utc)
FEB = datetime(2024, 2, 1, tzinfo=timezone.utc)


@pytest.fixture
def fields_index(kendra: Any, index_id: str) -> str:
    add_fields(kendra, index_id)
    return index_id


# -- validation ---------------------------------------------------------------------------

BODY_KEY = "_document_body cannot be a condition key."
INVALID = [
    ({"InlineConfigurations": [inline(condition("_document_body", "Exists"))]}, BODY_KEY),
    ({"PreExtractionHookConfiguration": hook(key="_document_body", operator="Exists")},
     BODY_KEY),
    ({"PostExtractionHookConfiguration": hook(key="_document_body", operator="Exists")},
     BODY_KEY),
    ({"InlineConfigurations": [inline(condition("dept", "Equals"))]},
     "Condition on dept needs ConditionOnValue."),
    ({"PreExtractionHookConfiguration": hook(key="rank", operator="GreaterThan")},
     "Condition on rank needs ConditionOnValue."),
    ({"InlineConfigurations": [inline(tgt=target(None, StringValue="x"))]},
     "An enrichment target needs TargetDocumentAttributeKey."),
    ({"InlineConfigurations": [inline(tgt=target("dept", True, StringValue="x"))]},
     "Enrichment target dept cannot both set and delete a value."),
    ({"InlineConfigurations": [inline(tgt=target("nofield", StringValue="x"))]},
     "Enrichment target nofield is not an index field of a matching type."),
    ({"InlineConfigurations": [inline(tgt=target("nofield", True))]},
     "Enrichment target nofield is not an index field of a matching type."),
    ({"InlineConfigurations": [inline(tgt=target("rank", StringValue="x"))]},
     "Enrichment target rank is not an index field of a matching type."),
    # the rules answer in order, whatever the order of the configurations
    ({"InlineConfigurations": [inline(tgt=target("nofield", StringValue="x")),
                               inline(condition("_document_body", "Exists"))]}, BODY_KEY),
    ({"InlineConfigurations": [inline(tgt=target("dept", True, StringValue="x")),
                               inline(tgt=target(None))]},
     "An enrichment target needs TargetDocumentAttributeKey."),
    ({"InlineConfigurations": [inline(tgt=target("nofield")),
                               inline(condition("dept", "Contains"))]},
     "Condition on dept needs ConditionOnValue."),
]


@pytest.mark.parametrize(("config", "message"), INVALID)
def test_batch_put_checks_the_enrichment_configuration(
    kendra: Any, fields_index: str, config: dict[str, Any], message: str
) -> None:
    expect_error(lambda: enriched_put(kendra, fields_index, config, "a"),
                 "ValidationException", message)
    assert kendra.query(IndexId=fields_index, QueryText="hello")["ResultItems"] == []


@pytest.mark.parametrize(("config", "message"), INVALID)
def test_data_sources_check_the_enrichment_configuration(
    kendra: Any, fields_index: str, make_data_source: Any, config: dict[str, Any], message: str
) -> None:
    expect_error(lambda: make_data_source(CustomDocumentEnrichmentConfiguration=config),
                 "ValidationException", message)
    source = make_data_source()
    kendra.describe_data_source(Id=source, IndexId=fields_index)  # CREATING -> ACTIVE
    update = lambda: kendra.update_data_source(  # noqa: E731
        Id=source, IndexId=fields_index, CustomDocumentEnrichmentConfiguration=config
    )
    expect_error(update, "ValidationException", message)
    described = kendra.describe_data_source(Id=source, IndexId=fields_index)
    assert "CustomDocumentEnrichmentConfiguration" not in described


def test_valid_configurations_are_stored_with_the_data_source(
    kendra: Any, fields_index: str, make_data_source: Any
) -> None:
    config = {"InlineConfigurations": [inline(condition("dept", "Exists"), target("flag", True)),
                                       inline(tgt=target("_document_title", StringValue="T"))],
              "PostExtractionHookConfiguration": hook()}
    source = make_data_source(CustomDocumentEnrichmentConfiguration=config)
    described = kendra.describe_data_source(Id=source, IndexId=fields_index)
    assert described["CustomDocumentEnrichmentConfiguration"] == config


def test_an_unknown_index_answers_before_the_configuration(kendra: Any) -> None:
    config = {"InlineConfigurations": [inline(condition("_document_body", "Exists"))]}
    missing = "0" * 36
    expect_error(lambda: enriched_put(kendra, missing, config, "a"),
                 "ResourceNotFoundException", f"Index {missing} does not exist.")


# -- inline rules ---------------------------------------------------------------------------


def test_a_target_value_replaces_in_place_or_appends(kendra: Any, fields_index: str) -> None:
    config = {"InlineConfigurations": [inline(tgt=target("dept", StringValue="legal")),
                                       inline(tgt=target("rank", LongValue=7))]}
    document = doc("a", Attributes=[attribute("dept", StringValue="hr"),
                                    attribute("tags", StringListValue=["x"])])
    assert enriched_put(kendra, fields_index, config, document) == []
    assert custom_attributes(shown(kendra, fields_index, "a")) == [
        attribute("dept", StringValue="legal"), attribute("tags", StringListValue=["x"]),
        attribute("rank", LongValue=7),
    ]


def test_a_target_deletion_removes_and_an_empty_target_does_nothing(
    kendra: Any, fields_index: str
) -> None:
    config = {"InlineConfigurations": [inline(tgt=target("dept", True)),
                                       inline(tgt=target("tags"))]}
    document = doc("a", Attributes=[attribute("dept", StringValue="hr"),
                                    attribute("tags", StringListValue=["x"])])
    assert enriched_put(kendra, fields_index, config, document) == []
    assert custom_attributes(shown(kendra, fields_index, "a")) == [
        attribute("tags", StringListValue=["x"])
    ]


def test_configurations_run_in_order_each_on_what_the_last_left(
    kendra: Any, fields_index: str
) -> None:
    config = {"InlineConfigurations": [
        inline(condition("dept", "Exists"), target("flag", StringValue="yes")),
        inline(tgt=target("dept", StringValue="legal")),
        inline(condition("dept", "Equals", StringValue="legal"), target("rank", LongValue=1)),
        inline(condition("flag", "Exists"), target("tags", StringListValue=["seen"])),
    ]}
    assert enriched_put(kendra, fields_index, config, "a") == []
    assert custom_attributes(shown(kendra, fields_index, "a")) == [
        attribute("dept", StringValue="legal"), attribute("rank", LongValue=1),
    ]


def test_the_title_can_be_read_set_and_deleted(kendra: Any, fields_index: str) -> None:
    set_title = {"InlineConfigurations": [
        inline(condition("_document_title", "BeginsWith", StringValue="Draft"),
               target("_document_title", StringValue="Final report")),
    ]}
    assert enriched_put(kendra, fields_index, set_title, doc("a", Title="Draft one"),
                        doc("b", Title="Other")) == []
    assert shown(kendra, fields_index, "a")["DocumentTitle"]["Text"] == "Final report"
    assert shown(kendra, fields_index, "b")["DocumentTitle"]["Text"] == "Other"
    delete_title = {"InlineConfigurations": [inline(tgt=target("_document_title", True))]}
    html = doc("c", "<html><title>Page title</title><body>hello</body></html>",
               ContentType="HTML", Title="Given")
    assert enriched_put(kendra, fields_index, delete_title, html) == []
    assert shown(kendra, fields_index, "c")["DocumentTitle"]["Text"] == "c"  # no title at all


def test_content_deletion_keeps_the_document_with_an_empty_body(
    kendra: Any, fields_index: str
) -> None:
    config = {"InlineConfigurations": [
        inline(condition("dept", "Equals", StringValue="secret"), delete_content=True)
    ]}
    secret = doc("a", "hidden words", Title="hello title",
                 Attributes=[attribute("dept", StringValue="secret")])
    assert enriched_put(kendra, fields_index, config, secret, doc("b", "hidden words")) == []
    assert [i["DocumentId"] for i in kendra.query(
        IndexId=fields_index, QueryText="hidden")["ResultItems"]] == ["b"]
    assert shown(kendra, fields_index, "a")["DocumentExcerpt"]["Text"] == "hello title"
    assert text_statistics(kendra, fields_index) == (2, len(b"hidden words"))


def test_rule_five_reads_the_attributes_enrichment_left(kendra: Any, fields_index: str) -> None:
    config = {"InlineConfigurations": [inline(tgt=target("dept", True))]}
    document = doc("a", Attributes=[attribute("dept", StringValue="hr"),
                                    attribute("dept", StringValue="again")])
    assert enriched_put(kendra, fields_index, config, document) == []
    assert put_failures(kendra, fields_index, document) == [
        failure("a", "Attribute dept is not an index field of a matching type.")
    ]


# -- operators ------------------------------------------------------------------------------

S, L, N, D = "StringValue", "StringListValue", "LongValue", "DateValue"
OPERATORS = [
    # (stored value or None, operator, ConditionOnValue, holds)
    (None, "Exists", {}, False), ({S: "x"}, "Exists", {}, True),
    (None, "NotExists", {}, True), ({S: "x"}, "NotExists", {}, False),
    ({S: "abc"}, "Equals", {S: "abc"}, True), ({S: "abc"}, "Equals", {S: "ABC"}, False),
    ({L: ["a", "b"]}, "Equals", {L: ["b", "a"]}, True),
    ({L: ["a"]}, "Equals", {L: ["a", "b"]}, False),
    ({N: 5}, "Equals", {N: 5}, True), ({N: 5}, "Equals", {S: "5"}, False),
    ({D: JAN}, "Equals", {D: JAN}, True), (None, "Equals", {S: "x"}, False),
    ({S: "abc"}, "NotEquals", {S: "abd"}, True), ({S: "abc"}, "NotEquals", {S: "abc"}, False),
    ({N: 5}, "NotEquals", {S: "5"}, True), (None, "NotEquals", {S: "x"}, False),
    ({N: 5}, "GreaterThan", {N: 4}, True), ({N: 5}, "GreaterThan", {N: 5}, False),
    ({N: 5}, "GreaterThanOrEquals", {N: 5}, True), ({N: 5}, "GreaterThanOrEquals", {N: 6}, False),
    ({N: 5}, "LessThan", {N: 6}, True), ({N: 5}, "LessThan", {N: 5}, False),
    ({N: 5}, "LessThanOrEquals", {N: 5}, True), ({N: 5}, "LessThanOrEquals", {N: 4}, False),
    ({D: FEB}, "GreaterThan", {D: JAN}, True), ({D: JAN}, "LessThan", {D: FEB}, True),
    ({D: JAN}, "GreaterThanOrEquals", {D: FEB}, False),
    ({S: "b"}, "GreaterThan", {S: "a"}, True), ({S: "B"}, "GreaterThan", {S: "a"}, False),
    ({N: 5}, "GreaterThan", {S: "1"}, False), ({L: ["z"]}, "GreaterThan", {S: "a"}, False),
    (None, "LessThan", {N: 1}, False),
    ({S: "kendra search"}, "Contains", {S: "a se"}, True),
    ({S: "kendra"}, "Contains", {S: "x"}, False),
    ({L: ["a", "b"]}, "Contains", {S: "a"}, True), ({L: ["ab"]}, "Contains", {S: "a"}, False),
    ({L: ["a", "b", "c"]}, "Contains", {L: ["c", "a"]}, True),
    ({L: ["a", "b"]}, "Contains", {L: ["a", "z"]}, False),
    ({N: 15}, "Contains", {N: 1}, False), (None, "Contains", {S: "a"}, False),
    ({S: "kendra"}, "NotContains", {S: "x"}, True),
    ({S: "kendra"}, "NotContains", {S: "end"}, False),
    ({L: ["a"]}, "NotContains", {S: "b"}, True), ({L: ["a"]}, "NotContains", {L: ["a"]}, False),
    ({N: 15}, "NotContains", {N: 1}, False), ({S: "x"}, "NotContains", {L: ["y"]}, False),
    (None, "NotContains", {S: "a"}, False),
    ({S: "kendra"}, "BeginsWith", {S: "ken"}, True),
    ({S: "kendra"}, "BeginsWith", {S: "dra"}, False),
    ({L: ["xa", "ab"]}, "BeginsWith", {S: "a"}, True), ({L: ["xa"]}, "BeginsWith", {S: "a"}, False),
    ({S: "kendra"}, "BeginsWith", {L: ["ken"]}, False), (None, "BeginsWith", {S: "a"}, False),
]
FIELD_OF = {S: "dept", L: "tags", N: "rank", D: "when"}


@pytest.mark.parametrize(("stored", "operator", "wanted", "expected"), OPERATORS)
def test_condition_operators(
    kendra: Any, fields_index: str, stored: dict | None, operator: str, wanted: dict,
    expected: bool,
) -> None:
    kind = next(iter(stored)) if stored else next(iter(wanted), S)
    key = FIELD_OF[kind]
    config = {"InlineConfigurations": [
        inline(condition(key, operator, **wanted), target("flag", StringValue="yes"))
    ]}
    document = doc("a", Attributes=[attribute(key, **stored)] if stored else [])
    assert enriched_put(kendra, fields_index, config, document) == []
    assert (FLAGGED in custom_attributes(shown(kendra, fields_index, "a"))) is expected


# -- _email_id in the attribute checks --------------------------------------------------------

EMAIL_REFUSED = "Attribute _email_id is not an index field of a matching type."


def test_email_id_is_accepted_as_a_string_on_gen_ai_indexes(
    kendra: Any, make_index: Any
) -> None:
    index = make_index("gen", Edition="GEN_AI_ENTERPRISE_EDITION")
    email = attribute("_email_id", StringValue="a@example.com")
    put(kendra, index, doc("a", Attributes=[email]))
    assert email in shown(kendra, index, "a")["DocumentAttributes"]
    assert put_failures(kendra, index, doc("b", Attributes=[
        attribute("_email_id", StringListValue=["a@example.com"])
    ])) == [failure("b", EMAIL_REFUSED)]


@pytest.mark.parametrize("edition", ["DEVELOPER_EDITION", "ENTERPRISE_EDITION"])
def test_email_id_is_refused_on_other_editions(
    kendra: Any, make_index: Any, edition: str
) -> None:
    index = make_index("other", Edition=edition)
    email = attribute("_email_id", StringValue="a@example.com")
    assert put_failures(kendra, index, doc("a", Attributes=[email])) == [
        failure("a", EMAIL_REFUSED)
    ]
