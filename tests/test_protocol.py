"""Unit tests of ``moto_kendra.protocol``: the request checks that need no state (the body
is a JSON object, JSON types, model constraints and the wording of their violations) and
the serialization and checking of responses.

No HTTP here: these call the protocol layer directly with real Kendra operations.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from moto_kendra.exceptions import SerializationException, ValidationException
from moto_kendra.protocol import (
    OPERATION_NAMES,
    output_violations,
    parse_request,
    serialize_response,
    service_model,
)
from moto_kendra.protocol.model import (
    compile_pattern,
    input_node,
    node_for,
    output_node,
    translate_pattern,
)
from moto_kendra.protocol.serialize import writer_for

INDEX_ID = "0123456789abcdef0123456789abcdef0123"  # 36 characters
NOT_AN_OBJECT = "Request body is not a valid JSON object."


def parse(operation: str, params: Any) -> dict[str, Any]:
    return parse_request(operation, json.dumps(params).encode("utf-8"))


def serialization_error(operation: str, body: Any) -> str:
    raw = body if isinstance(body, (bytes, str)) else json.dumps(body)
    with pytest.raises(SerializationException) as caught:
        parse_request(operation, raw)
    assert caught.value.code == 400
    return caught.value.message


def validation_error(operation: str, params: Any) -> str:
    with pytest.raises(ValidationException) as caught:
        parse(operation, params)
    assert caught.value.code == 400
    return caught.value.message


def one_error(text: str) -> str:
    return f"1 validation error detected: {text}"


# --------------------------------------------------------------------------- the model


def test_operation_names_are_the_66_of_the_model() -> None:
    assert len(OPERATION_NAMES) == 66
    assert sorted(service_model().operation_names) == list(OPERATION_NAMES)


def test_service_model_is_loaded_once() -> None:
    assert service_model() is service_model()
    assert service_model().service_name == "kendra"


def test_every_model_pattern_compiles() -> None:
    shapes = service_model()._service_description["shapes"]
    patterns = {shape["pattern"] for shape in shapes.values() if "pattern" in shape}
    assert patterns
    for pattern in patterns:
        assert compile_pattern(pattern) is not None, pattern


@pytest.mark.parametrize("operation", OPERATION_NAMES)
def test_every_operation_compiles_both_ways(operation: str) -> None:
    try:
        assert isinstance(parse_request(operation, b""), dict)
    except ValidationException as error:
        assert "Member must not be null" in error.message
    body = serialize_response(operation, {})
    if output_node(operation) is None:
        assert body == ""
    else:
        assert json.loads(body) == {}
    assert input_node(operation) is not None


# --------------------------------------------------------------------------- patterns


def test_slash_wrapped_pattern_loses_its_slashes() -> None:
    assert translate_pattern("/ab+c/") == "ab+c"


def test_unicode_category_pattern() -> None:
    regex = compile_pattern(r"^\P{C}*$")
    assert regex is not None
    for good in ["plain text", "héllo wörld", "emoji 😀 ok", "日本語", ""]:
        assert regex.fullmatch(good), good
    for bad in ["bell\x07", "tab\t", "new\nline", "zero\u200bwidth", "lone\ud800", "nul\x00"]:
        assert not regex.fullmatch(bad), repr(bad)


def test_java_character_classes_are_ascii() -> None:
    regex = compile_pattern(r"[a-zA-Z0-9-_]+")
    assert regex is not None and regex.fullmatch("a-b_c") and not regex.fullmatch("a.b")
    spaces = compile_pattern(r"^(?!\s).*(?<!\s)$")
    assert spaces is not None
    assert spaces.fullmatch("a b") and not spaces.fullmatch(" a")
    assert spaces.fullmatch("a\u00a0")  # Java's \s is ASCII-only


# --------------------------------------------------------------------------- JSON object


@pytest.mark.parametrize("body", [None, b"", ""])
def test_empty_body_is_an_empty_object(body: bytes | str | None) -> None:
    assert parse_request("ListIndices", body) == {}


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"1",
        b"null",
        b'"text"',
        b"true",
        b"{",
        b'{"IndexId": "x"',
        b"not json",
        b" ",
        b"\xff\xfe{}",
        b'{"MaxResults": NaN}',
        b'{"MaxResults": Infinity}',
        "[" * 60_000 + "]" * 60_000,  # past the 50,000 levels read (the values allowed)
        '{"a":' * 60_000 + "1" + "}" * 60_000,
    ],
)
def test_body_that_is_not_a_json_object(body: bytes | str) -> None:
    assert serialization_error("ListIndices", body) == NOT_AN_OBJECT


def test_deeply_nested_filter_never_raises_recursion_error() -> None:
    leaf = '{"EqualsTo": {"Key": "k", "Value": {"StringValue": "v"}}}'
    """Up to 16 nested filter objects the backend's rules answer; more, the protocol's."""
    for depth in (10, 15, 16, 200, 400, 1000, 5000):
        attribute_filter = '{"AndAllFilters": [' * depth + leaf + "]}" * depth
        body = f'{{"IndexId": "{INDEX_ID}", "AttributeFilter": {attribute_filter}}}'
        if depth < 16:  # depth composites and a leaf
            assert parse_request("Query", body)["IndexId"] == INDEX_ID
            continue
        with pytest.raises(ValidationException) as error:
            parse_request("Query", body)
        assert error.value.message == "AttributeFilter depth is limited to 2."


# --------------------------------------------------------------------------- JSON types


def test_boolean_is_not_an_integer() -> None:
    assert serialization_error("Query", {"IndexId": INDEX_ID, "PageSize": True}) == (
        "Value at 'pageSize' has the wrong JSON type; expected integer."
    )


def test_integral_float_is_an_integer() -> None:
    params = parse("Query", {"IndexId": INDEX_ID, "PageSize": 10.0})
    assert params["PageSize"] == 10 and type(params["PageSize"]) is int


@pytest.mark.parametrize("value", [10.5, "10", [10], {"n": 10}])
def test_integer_wrong_type(value: Any) -> None:
    assert serialization_error("Query", {"IndexId": INDEX_ID, "PageSize": value}) == (
        "Value at 'pageSize' has the wrong JSON type; expected integer."
    )


@pytest.mark.parametrize(
    ("params", "path", "kind"),
    [
        ({"IndexId": 5, "DocumentIdList": ["a"]}, "indexId", "string"),
        ({"IndexId": INDEX_ID, "DocumentIdList": "a"}, "documentIdList", "list"),
        ({"IndexId": INDEX_ID, "DocumentIdList": [1]}, "documentIdList.1.member", "string"),
        (
            {"IndexId": INDEX_ID, "DocumentIdList": ["a"], "DataSourceSyncJobMetricTarget": []},
            "dataSourceSyncJobMetricTarget",
            "object",
        ),
    ],
)
def test_wrong_json_type(params: dict[str, Any], path: str, kind: str) -> None:
    assert serialization_error("BatchDeleteDocument", params) == (
        f"Value at '{path}' has the wrong JSON type; expected {kind}."
    )


def test_bad_base64_blob() -> None:
    params = {"IndexId": INDEX_ID, "Documents": [{"Id": "d1", "Blob": "not base64!"}]}
    assert serialization_error("BatchPutDocument", params) == (
        "Value at 'documents.1.member.blob' is not valid base64."
    )


@pytest.mark.parametrize("blob", ["YQ", "YQ=", "YQ===", "YQ==\n", "Y Q=="])
def test_base64_must_be_padded_and_clean(blob: str) -> None:
    params = {"IndexId": INDEX_ID, "Documents": [{"Id": "d1"}, {"Id": "d2", "Blob": blob}]}
    assert serialization_error("BatchPutDocument", params) == (
        "Value at 'documents.2.member.blob' is not valid base64."
    )


def test_blob_must_be_a_string() -> None:
    params = {"IndexId": INDEX_ID, "Documents": [{"Id": "d1", "Blob": [1, 2]}]}
    assert serialization_error("BatchPutDocument", params) == (
        "Value at 'documents.1.member.blob' has the wrong JSON type; expected blob."
    )


def test_timestamp_must_be_a_number() -> None:
    value = {"DateValue": "2024-01-01T00:00:00Z"}
    params = {
        "IndexId": INDEX_ID,
        "Documents": [{"Id": "d", "Attributes": [{"Key": "k", "Value": value}]}],
    }
    assert serialization_error("BatchPutDocument", params) == (
        "Value at 'documents.1.member.attributes.1.member.value.dateValue' "
        "has the wrong JSON type; expected timestamp."
    )


def test_boolean_and_number_kinds() -> None:
    relevance = {"Freshness": "true"}
    params = {
        "IndexId": INDEX_ID,
        "DocumentRelevanceOverrideConfigurations": [{"Name": "n", "Relevance": relevance}],
    }
    assert serialization_error("Query", params) == (
        "Value at 'documentRelevanceOverrideConfigurations.1.member.relevance.freshness' "
        "has the wrong JSON type; expected boolean."
    )
    crawler = {"Urls": {}, "MaxContentSizePerPageInMegaBytes": "1"}
    params = {
        "Name": "web",
        "IndexId": INDEX_ID,
        "Type": "WEBCRAWLER",
        "Configuration": {"WebCrawlerConfiguration": crawler},
    }
    assert serialization_error("CreateDataSource", params) == (
        "Value at 'configuration.webCrawlerConfiguration.maxContentSizePerPageInMegaBytes' "
        "has the wrong JSON type; expected number."
    )


def test_first_type_mismatch_in_model_order_answers() -> None:
    # PageSize comes first in the request, IndexId first in the model.
    body = '{"PageSize": true, "IndexId": 5}'
    assert serialization_error("Query", body) == (
        "Value at 'indexId' has the wrong JSON type; expected string."
    )


def test_type_mismatch_beats_constraint_violations() -> None:
    params = {"IndexId": "short", "DocumentIdList": [], "DataSourceSyncJobMetricTarget": 1}
    assert serialization_error("BatchDeleteDocument", params) == (
        "Value at 'dataSourceSyncJobMetricTarget' has the wrong JSON type; expected object."
    )


def test_map_value_type_path_is_map_path_dot_key() -> None:
    relevance = {"ValueImportanceMap": {"high": 10, "low": "1"}}
    params = {
        "IndexId": INDEX_ID,
        "DocumentRelevanceOverrideConfigurations": [{"Name": "n", "Relevance": relevance}],
    }
    assert serialization_error("Query", params) == (
        "Value at 'documentRelevanceOverrideConfigurations.1.member.relevance."
        "valueImportanceMap.low' has the wrong JSON type; expected integer."
    )


# --------------------------------------------------------------------------- model constraints


def test_index_id_too_long() -> None:
    index_id = INDEX_ID + "x"
    message = validation_error(
        "BatchDeleteDocument", {"IndexId": index_id, "DocumentIdList": ["a"]}
    )
    assert message == one_error(
        f"Value '{index_id}' at 'indexId' failed to satisfy constraint: "
        "Member must have length less than or equal to 36"
    )


def test_pattern_violation_quotes_the_model_pattern() -> None:
    index_id = INDEX_ID[:-1] + "_"
    message = validation_error(
        "BatchDeleteDocument", {"IndexId": index_id, "DocumentIdList": ["a"]}
    )
    assert message == one_error(
        f"Value '{index_id}' at 'indexId' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9][a-zA-Z0-9-]*"
    )


def test_list_element_path_is_one_based() -> None:
    params = {"IndexId": INDEX_ID, "DocumentIdList": ["a", "b", ""]}
    assert validation_error("BatchDeleteDocument", params) == one_error(
        "Value '' at 'documentIdList.3.member' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1"
    )


def test_null_list_element() -> None:
    params = {"IndexId": INDEX_ID, "DocumentIdList": ["a", None]}
    assert validation_error("BatchDeleteDocument", params) == one_error(
        "Value null at 'documentIdList.2.member' failed to satisfy constraint: "
        "Member must not be null"
    )


def test_missing_nested_required_member() -> None:
    params = {
        "IndexId": INDEX_ID,
        "DocumentIdList": ["a"],
        "DataSourceSyncJobMetricTarget": {"DataSourceSyncJobId": "job"},
    }
    assert validation_error("BatchDeleteDocument", params) == one_error(
        "Value null at 'dataSourceSyncJobMetricTarget.dataSourceId' failed to satisfy "
        "constraint: Member must not be null"
    )


def test_null_member_counts_as_absent() -> None:
    params = {"IndexId": None, "DocumentIdList": ["a"]}
    assert validation_error("BatchDeleteDocument", params) == one_error(
        "Value null at 'indexId' failed to satisfy constraint: Member must not be null"
    )


def test_all_violations_in_model_order() -> None:
    # request order differs from model order on purpose
    params = {
        "DataSourceSyncJobMetricTarget": {},
        "DocumentIdList": [""] + [f"d{i}" for i in range(10)],
        "IndexId": "x" * 37,
    }
    ids = ", ".join([""] + [f"d{i}" for i in range(10)])
    assert validation_error("BatchDeleteDocument", params) == (
        "4 validation errors detected: "
        f"Value '{'x' * 37}' at 'indexId' failed to satisfy constraint: "
        "Member must have length less than or equal to 36; "
        f"Value '[{ids}]' at 'documentIdList' failed to satisfy constraint: "
        "Member must have length less than or equal to 10; "
        "Value '' at 'documentIdList.1.member' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1; "
        "Value null at 'dataSourceSyncJobMetricTarget.dataSourceId' failed to satisfy "
        "constraint: Member must not be null"
    )


def test_one_value_can_break_several_constraints() -> None:
    index_id = "_" * 37
    message = validation_error(
        "BatchDeleteDocument", {"IndexId": index_id, "DocumentIdList": ["a"]}
    )
    assert message == (
        "2 validation errors detected: "
        f"Value '{index_id}' at 'indexId' failed to satisfy constraint: "
        "Member must have length less than or equal to 36; "
        f"Value '{index_id}' at 'indexId' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9][a-zA-Z0-9-]*"
    )


def test_enum_lists_values_in_model_order() -> None:
    params = {"IndexId": INDEX_ID, "QueryResultTypeFilter": "PASSAGE"}
    assert validation_error("Query", params) == one_error(
        "Value 'PASSAGE' at 'queryResultTypeFilter' failed to satisfy constraint: "
        "Member must satisfy enum value set: [DOCUMENT, QUESTION_ANSWER, ANSWER]"
    )


@pytest.mark.parametrize("value", [0, 11])
def test_integer_range(value: int) -> None:
    params = {"Id": "ds", "IndexId": INDEX_ID, "MaxResults": value}
    bound = "greater than or equal to 1" if value == 0 else "less than or equal to 10"
    assert validation_error("ListDataSourceSyncJobs", params) == one_error(
        f"Value '{value}' at 'maxResults' failed to satisfy constraint: "
        f"Member must have value {bound}"
    )


def test_float_bound_is_written_as_in_the_model() -> None:
    crawler = {"Urls": {"SiteMapsConfiguration": {"SiteMaps": ["https://example.com/s.xml"]}}}
    crawler["MaxContentSizePerPageInMegaBytes"] = 0
    params = {
        "Name": "web",
        "IndexId": INDEX_ID,
        "Type": "WEBCRAWLER",
        "Configuration": {"WebCrawlerConfiguration": crawler},
    }
    assert validation_error("CreateDataSource", params) == one_error(
        "Value '0.0' at 'configuration.webCrawlerConfiguration.maxContentSizePerPageInMegaBytes'"
        " failed to satisfy constraint: Member must have value greater than or equal to 0.000001"
    )


def test_unicode_pattern_accepts_text_and_emoji() -> None:
    params = {"Name": "idx", "RoleArn": "arn:aws:iam::123456789012:role/k"}
    description = "Ünïcödé text with emoji 😀 and 日本語"
    parsed = parse("CreateIndex", {**params, "Description": description})
    assert parsed["Description"] == description


@pytest.mark.parametrize("bad", ["bell\x07", "line\nbreak", "zero\u200bwidth"])
def test_unicode_pattern_rejects_control_characters(bad: str) -> None:
    params = {"Name": "idx", "RoleArn": "arn:aws:iam::123456789012:role/k", "Description": bad}
    assert validation_error("CreateIndex", params) == one_error(
        f"Value '{bad}' at 'description' failed to satisfy constraint: "
        r"Member must satisfy regular expression pattern: ^\P{C}*$"
    )


def test_lengths_count_code_points() -> None:
    params = {"Name": "idx", "RoleArn": "arn:aws:iam::123456789012:role/k"}
    parse("CreateIndex", {**params, "Description": "😀" * 1000})
    message = validation_error("CreateIndex", {**params, "Description": "😀" * 1001})
    assert message.endswith("Member must have length less than or equal to 1000")


def test_list_of_structures_renders_compact_json() -> None:
    documents = [{"Id": f"d{i}"} for i in range(11)]
    rendered = ", ".join(f'{{"Id":"d{i}"}}' for i in range(11))
    assert validation_error("BatchPutDocument", {"IndexId": INDEX_ID, "Documents": documents}) == (
        one_error(
            f"Value '[{rendered}]' at 'documents' failed to satisfy constraint: "
            "Member must have length less than or equal to 10"
        )
    )


def test_value_importance_map_messages() -> None:
    relevance = {"ValueImportanceMap": {"high": 11, "": 5, "none": None}}
    params = {
        "IndexId": INDEX_ID,
        "DocumentRelevanceOverrideConfigurations": [{"Name": "n", "Relevance": relevance}],
    }
    at = (
        """Value '{"high":11,"":5,"none":null}' at """
        "'documentRelevanceOverrideConfigurations.1.member.relevance.valueImportanceMap' "
        "failed to satisfy constraint: "
    )
    assert validation_error("Query", params) == (
        "3 validation errors detected: "
        f"{at}Map value must satisfy constraint: "
        "[Member must have value less than or equal to 10]; "
        f"{at}Map keys must satisfy constraint: "
        "[Member must have length greater than or equal to 1]; "
        f"{at}Map value must satisfy constraint: [Member must not be null]"
    )


# --------------------------------------------------------------------------- parse results


def test_parse_converts_to_python_natives() -> None:
    blob = b"hello \x00 world"
    attributes = [
        {"Key": "_created_at", "Value": {"DateValue": 1700000000.5}},
        {"Key": "count", "Value": {"LongValue": 5.0}},
    ]
    document = {
        "Id": "d1",
        "Blob": base64.b64encode(blob).decode(),
        "ContentType": "PLAIN_TEXT",
        "Attributes": attributes,
    }
    params = parse("BatchPutDocument", {"IndexId": INDEX_ID, "Documents": [document]})
    parsed = params["Documents"][0]
    assert parsed["Blob"] == blob
    created = parsed["Attributes"][0]["Value"]["DateValue"]
    assert created == datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=timezone.utc)
    assert created.utcoffset() == timedelta(0)
    count = parsed["Attributes"][1]["Value"]["LongValue"]
    assert count == 5 and type(count) is int


def test_parse_converts_floats() -> None:
    crawler = {
        "Urls": {"SiteMapsConfiguration": {"SiteMaps": ["https://example.com/s.xml"]}},
        "MaxContentSizePerPageInMegaBytes": 2,
    }
    params = {
        "Name": "web",
        "IndexId": INDEX_ID,
        "Type": "WEBCRAWLER",
        "Configuration": {"WebCrawlerConfiguration": crawler},
    }
    parsed = parse("CreateDataSource", params)
    size = parsed["Configuration"]["WebCrawlerConfiguration"]["MaxContentSizePerPageInMegaBytes"]
    assert size == 2.0 and type(size) is float


def test_parse_drops_foreign_and_null_members() -> None:
    params = {
        "IndexId": INDEX_ID,
        "DocumentIdList": ["a"],
        "DataSourceSyncJobMetricTarget": None,
        "Unknown": {"anything": [1, 2]},
    }
    assert parse("BatchDeleteDocument", params) == {"IndexId": INDEX_ID, "DocumentIdList": ["a"]}
    nested = {"IndexId": INDEX_ID, "DocumentIdList": ["a"]}
    nested["DataSourceSyncJobMetricTarget"] = {"DataSourceId": "ds", "Extra": 1}
    parsed = parse("BatchDeleteDocument", nested)
    assert parsed["DataSourceSyncJobMetricTarget"] == {"DataSourceId": "ds"}


def test_foreign_members_are_not_type_checked() -> None:
    params = {"IndexId": INDEX_ID, "DocumentIdList": ["a"], "indexId": 5, "Foo": None}
    assert parse("BatchDeleteDocument", params)["IndexId"] == INDEX_ID


def test_document_members_carry_any_json() -> None:
    template = {"connectionConfiguration": {"x": [1, None, "y"]}, "flag": True}
    params = {
        "Name": "tpl",
        "IndexId": INDEX_ID,
        "Type": "TEMPLATE",
        "Configuration": {"TemplateConfiguration": {"Template": template}},
    }
    parsed = parse("CreateDataSource", params)
    assert parsed["Configuration"]["TemplateConfiguration"]["Template"] == template


def test_str_body_is_accepted() -> None:
    body = json.dumps({"IndexId": INDEX_ID, "DocumentIdList": ["é"]}, ensure_ascii=False)
    assert parse_request("BatchDeleteDocument", body)["DocumentIdList"] == ["é"]


# --------------------------------------------------------------------------- serialize_response


def test_operation_without_output_shape_sends_empty_body() -> None:
    assert serialize_response("DeleteIndex", {"Id": "x"}) == ""
    assert serialize_response("SubmitFeedback", None) == ""


def test_memberless_output_sends_empty_object() -> None:
    assert serialize_response("TagResource", {"Leak": "no"}) == "{}"
    assert serialize_response("DeleteExperience", None) == "{}"


def describe_index_result() -> dict[str, Any]:
    return {
        "Id": INDEX_ID,
        "Name": "idx",
        "Edition": "DEVELOPER_EDITION",
        "Status": "ACTIVE",
        "Description": "",
        "ErrorMessage": None,
        "CreatedAt": datetime(2023, 11, 14, 22, 13, 20, 123456, tzinfo=timezone.utc),
        "UpdatedAt": datetime(2023, 11, 14, 22, 13, 20),  # naive = UTC
        "IndexStatistics": {
            "FaqStatistics": {"IndexedQuestionAnswersCount": 0},
            "TextDocumentStatistics": {"IndexedTextDocumentsCount": 0, "IndexedTextBytes": 0},
            "internal": "secret",
        },
        "DocumentMetadataConfigurations": [],
        "_backend_only": object(),
    }


def test_serializer_keeps_falsy_values_and_drops_the_rest() -> None:
    body = serialize_response("DescribeIndex", describe_index_result())
    assert " " not in body.replace("DEVELOPER_EDITION", "")
    assert json.loads(body) == {
        "Name": "idx",
        "Id": INDEX_ID,
        "Edition": "DEVELOPER_EDITION",
        "Status": "ACTIVE",
        "Description": "",
        "CreatedAt": 1700000000.123,
        "UpdatedAt": 1700000000,
        "DocumentMetadataConfigurations": [],
        "IndexStatistics": {
            "FaqStatistics": {"IndexedQuestionAnswersCount": 0},
            "TextDocumentStatistics": {"IndexedTextDocumentsCount": 0, "IndexedTextBytes": 0},
        },
    }
    assert output_violations("DescribeIndex", body) == []


def test_serializer_emits_members_in_model_order() -> None:
    body = serialize_response("DescribeIndex", {"Status": "ACTIVE", "Id": INDEX_ID, "Name": "n"})
    assert body == f'{{"Name":"n","Id":"{INDEX_ID}","Status":"ACTIVE"}}'


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (1700000000, "1700000000"),
        (1700000000.0, "1700000000"),
        (1700000000.12345, "1700000000.123"),
        (datetime(2023, 11, 14, 22, 13, 20, 999999, tzinfo=timezone.utc), "1700000001"),
        (datetime(2023, 11, 15, 0, 13, 20, tzinfo=timezone(timedelta(hours=2))), "1700000000"),
    ],
)
def test_timestamps_are_epoch_seconds_with_at_most_3_decimals(value: Any, wire: str) -> None:
    assert serialize_response("DescribeIndex", {"CreatedAt": value}) == f'{{"CreatedAt":{wire}}}'


def test_empty_list_with_minimum_one_is_omitted() -> None:
    result = {"QueryId": "q", "ResultItems": [], "Warnings": [], "TotalNumberOfResults": 0}
    body = serialize_response("Query", result)
    assert json.loads(body) == {"QueryId": "q", "ResultItems": [], "TotalNumberOfResults": 0}
    assert output_violations("Query", body) == []


def test_sequences_and_none_elements() -> None:
    result = {"FailedDocuments": ({"Id": "a", "ErrorMessage": "bad", "Extra": 1}, None)}
    body = serialize_response("BatchPutDocument", result)
    assert body == '{"FailedDocuments":[{"Id":"a","ErrorMessage":"bad"}]}'


def test_sync_metrics_and_booleans() -> None:
    job = {
        "ExecutionId": "e",
        "Status": "SUCCEEDED",
        "Metrics": {"DocumentsAdded": "0", "DocumentsDeleted": 3},
    }
    body = serialize_response("ListDataSourceSyncJobs", {"History": [job]})
    metrics = json.loads(body)["History"][0]["Metrics"]
    assert metrics == {"DocumentsAdded": "0", "DocumentsDeleted": "3"}
    assert output_violations("ListDataSourceSyncJobs", body) == []


def test_featured_results_long_timestamps_stay_integers() -> None:
    summary = {
        "FeaturedResultsSetId": INDEX_ID,
        "CreationTimestamp": 1700000000123,
        "Status": "ACTIVE",
    }
    body = serialize_response(
        "ListFeaturedResultsSets", {"FeaturedResultsSetSummaryItems": [summary]}
    )
    assert '"CreationTimestamp":1700000000123' in body
    assert output_violations("ListFeaturedResultsSets", body) == []


def test_blobs_are_base64() -> None:
    document = service_model().shape_for("Document")
    write = writer_for(node_for(document))
    assert write({"Id": "d", "Blob": b"\x00\xffhi", "Other": 1}) == {"Id": "d", "Blob": "AP9oaQ=="}


def test_maps_drop_none_values() -> None:
    relevance = {"Name": "n", "Relevance": {"ValueImportanceMap": {"a": 1, "b": None}}}
    body = serialize_response("DescribeIndex", {"DocumentMetadataConfigurations": [relevance]})
    assert '"ValueImportanceMap":{"a":1}' in body


def test_document_members_are_sent_as_they_are() -> None:
    template = {"a": [1, "x", {"b": False}]}
    result = {"Configuration": {"TemplateConfiguration": {"Template": template}}}
    body = serialize_response("DescribeDataSource", result)
    assert json.loads(body) == result


# --------------------------------------------------------------------------- output_violations


def test_checker_accepts_empty_bodies_only_where_modelled() -> None:
    assert output_violations("DeleteIndex", "") == []
    assert output_violations("DeleteIndex", "{}") == [
        "Response body of DeleteIndex must be empty (no output shape)."
    ]
    assert output_violations("TagResource", "{}") == []
    assert output_violations("TagResource", b"{}") == []
    assert output_violations("DescribeIndex", "") == [
        "Response body of DescribeIndex is empty; expected a JSON object."
    ]
    assert output_violations("DescribeIndex", "[]") == ["Response body is not a JSON object."]
    assert output_violations("DescribeIndex", "{") == ["Response body is not valid JSON."]


def test_checker_flags_foreign_members_and_nulls() -> None:
    body = json.dumps({"Id": INDEX_ID, "Secret": 1, "Name": None, "CapacityUnits": {"X": 1}})
    assert output_violations("DescribeIndex", body) == [
        "Foreign member 'Secret' at the top level: not in shape DescribeIndexResponse.",
        "Value at 'name' is null; absent values must be omitted.",
        "Foreign member 'X' at 'capacityUnits': not in shape CapacityUnitsConfiguration.",
        "Value null at 'capacityUnits.storageCapacityUnits' failed to satisfy constraint: "
        "Member must not be null",
        "Value null at 'capacityUnits.queryCapacityUnits' failed to satisfy constraint: "
        "Member must not be null",
    ]


def test_checker_flags_wrong_types() -> None:
    body = json.dumps(
        {
            "CreatedAt": "2024-01-01T00:00:00Z",
            "UpdatedAt": 1700000000.1234,
            "IndexStatistics": {
                "FaqStatistics": {"IndexedQuestionAnswersCount": 1.0},
                "TextDocumentStatistics": {
                    "IndexedTextDocumentsCount": True,
                    "IndexedTextBytes": 0,
                },
            },
            "DocumentMetadataConfigurations": {},
        }
    )
    assert output_violations("DescribeIndex", body) == [
        "Value at 'createdAt' has the wrong JSON type; expected timestamp.",
        "Value '1700000000.1234' at 'updatedAt' has more than 3 decimals.",
        "Value at 'documentMetadataConfigurations' has the wrong JSON type; expected list.",
        "Value at 'indexStatistics.faqStatistics.indexedQuestionAnswersCount' "
        "has the wrong JSON type; expected integer.",
        "Value at 'indexStatistics.textDocumentStatistics.indexedTextDocumentsCount' "
        "has the wrong JSON type; expected integer.",
    ]


def test_checker_flags_constraints() -> None:
    body = json.dumps({"Id": "short", "Status": "BOGUS", "ErrorMessage": "x\x00"})
    assert output_violations("DescribeIndex", body) == [
        "Value 'short' at 'id' failed to satisfy constraint: "
        "Member must have length greater than or equal to 36",
        "Value 'BOGUS' at 'status' failed to satisfy constraint: Member must satisfy enum value "
        "set: [CREATING, ACTIVE, DELETING, FAILED, UPDATING, SYSTEM_UPDATING]",
        "Value 'x\x00' at 'errorMessage' failed to satisfy constraint: "
        r"Member must satisfy regular expression pattern: ^\P{C}*$",
    ]


def test_checker_flags_empty_list_with_minimum_one() -> None:
    assert output_violations("Query", '{"Warnings": []}') == [
        "Value '[]' at 'warnings' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1"
    ]


def test_checker_parsed_mode() -> None:
    boto3_result = {
        "Id": INDEX_ID,
        "CreatedAt": datetime(2023, 11, 14, tzinfo=timezone.utc),
        "ResponseMetadata": {"HTTPStatusCode": 200},
    }
    assert output_violations("DescribeIndex", boto3_result, parsed=True) == []
    assert output_violations("DeleteIndex", {"ResponseMetadata": {}}, parsed=True) == []
    assert output_violations("DescribeIndex", {"CreatedAt": 1700000000}, parsed=True) == [
        "Value at 'createdAt' has the wrong JSON type; expected timestamp."
    ]


def test_serialized_results_pass_the_checker_in_both_modes() -> None:
    body = serialize_response("DescribeIndex", describe_index_result())
    assert output_violations("DescribeIndex", json.loads(body)) == []
    parsed = json.loads(body)
    parsed["CreatedAt"] = datetime.fromtimestamp(parsed["CreatedAt"], timezone.utc)
    parsed["UpdatedAt"] = datetime.fromtimestamp(parsed["UpdatedAt"], timezone.utc)
    assert output_violations("DescribeIndex", parsed, parsed=True) == []
