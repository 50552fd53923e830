"""The request pipeline: target dispatch, body parsing, the success and error envelopes."""

from __future__ import annotations

import gzip
import json
import uuid
from typing import Any

import pytest
import requests
from botocore import xform_name
from support import ROLE, SERVER_MODE, check_error_envelope, expect_error, signed_post

from moto_kendra.models import KendraBackend
from moto_kendra.protocol import OPERATION_NAMES, service_model

PREFIX = "AWSKendraFrontendService."
CONTENT_TYPE = "application/x-amz-json-1.1"
NULL_ID = (
    "1 validation error detected: Value null at 'id' failed to satisfy constraint: "
    "Member must not be null"
)
NOT_AN_OBJECT = "Request body is not a valid JSON object."


def target(operation: str) -> str:
    return PREFIX + operation


def body_of(value: Any) -> bytes:
    return json.dumps(value).encode()


def headers_of(response: requests.Response) -> dict[str, str]:
    return {key.lower(): value for key, value in response.headers.items()}


def assert_error(response: requests.Response, code: str, message: str) -> None:
    """The JSON error envelope, with exactly this code and message."""
    headers = headers_of(response)
    assert headers.get("content-type") == CONTENT_TYPE
    assert uuid.UUID(headers["x-amzn-requestid"])
    check_error_envelope(response.status_code, headers, response.content)
    assert response.json() == {"__type": code, "message": message}


def assert_success(response: requests.Response) -> Any:
    """A success: 200, the JSON 1.1 content type and a request id; returns the parsed body."""
    headers = headers_of(response)
    assert response.status_code == 200, response.content
    assert headers.get("content-type") == CONTENT_TYPE
    assert uuid.UUID(headers["x-amzn-requestid"])
    return response.json() if response.content else None


def create_index_raw(
    endpoint: str | None, headers: dict[str, str] | None = None, **members: Any
) -> str:
    members = {"Name": "raw-index", "RoleArn": ROLE, **members}
    response = signed_post(endpoint, body_of(members), target("CreateIndex"), extra_headers=headers)
    return str(assert_success(response)["Id"])


# -- checked first: the target --------------------------------------------------------


@pytest.mark.parametrize("name", ["NoSuchOperation", "listIndices", "LISTINDICES", "Describe"])
def test_unknown_operation_name_is_unknown_operation(endpoint: str | None, name: str) -> None:
    response = signed_post(endpoint, b"{}", target(name))
    assert_error(response, "UnknownOperationException", f"Operation {name} is not supported.")


@pytest.mark.parametrize(
    "header",
    [
        "AWSKendraService.ListIndices",
        "awskendrafrontendservice.ListIndices",
        "AWSKendraFrontendServiceX.ListIndices",
        "X.AWSKendraFrontendService.ListIndices",
        "ListIndices",
        "AWSKendraFrontendService..ListIndices",
    ],
)
def test_target_prefix_must_be_exact_and_message_names_text_after_last_dot(
    endpoint: str | None, header: str
) -> None:
    name = header.rpartition(".")[2]
    response = signed_post(endpoint, b"{}", header)
    assert_error(response, "UnknownOperationException", f"Operation {name} is not supported.")


def test_missing_target_is_unknown_operation(endpoint: str | None) -> None:
    response = signed_post(endpoint, b"{}", target=None)
    message = "Operation (missing X-Amz-Target) is not supported."
    assert_error(response, "UnknownOperationException", message)


def test_target_is_checked_before_the_body(endpoint: str | None) -> None:
    response = signed_post(endpoint, b"not json", target("NoSuchOperation"))
    message = "Operation NoSuchOperation is not supported."
    assert_error(response, "UnknownOperationException", message)


def test_operation_comes_only_from_target_never_from_query_string(
    endpoint: str | None, index_id: str, kendra: Any
) -> None:
    path = f"/?Action=DeleteIndex&Id={index_id}"
    response = signed_post(endpoint, b"{}", target("ListIndices"), path=path)
    listed = assert_success(response)["IndexConfigurationSummaryItems"]
    assert [item["Id"] for item in listed] == [index_id]
    assert kendra.describe_index(Id=index_id)["Status"] == "ACTIVE"


def test_inputs_come_only_from_body_never_from_query_string(
    endpoint: str | None, index_id: str
) -> None:
    response = signed_post(endpoint, b"{}", target("DescribeIndex"), path=f"/?Id={index_id}")
    assert_error(response, "ValidationException", NULL_ID)


# -- checked second: the body is a JSON object ----------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"[]",
        b"[{}]",
        b"42",
        b"null",
        b'"text"',
        b"true",
        b"\xff\xfe{}",
        b'{"MaxResults": 1} trailing',
        b'{"MaxResults": NaN}',
        b"MaxResults=1&Action=ListIndices",
    ],
    ids=lambda body: body.decode("latin-1"),
)
def test_body_must_be_utf8_json_whose_top_level_is_an_object(
    endpoint: str | None, body: bytes
) -> None:
    response = signed_post(endpoint, body, target("ListIndices"))
    assert_error(response, "SerializationException", NOT_AN_OBJECT)


def test_empty_body_is_an_empty_object(endpoint: str | None, index_id: str) -> None:
    listed = assert_success(signed_post(endpoint, b"", target("ListIndices")))
    assert [item["Id"] for item in listed["IndexConfigurationSummaryItems"]] == [index_id]
    assert_error(
        signed_post(endpoint, b"", target("DescribeIndex")), "ValidationException", NULL_ID
    )


def test_body_error_precedes_constraint_errors(endpoint: str | None) -> None:
    response = signed_post(endpoint, b"[]", target("CreateIndex"))
    assert_error(response, "SerializationException", NOT_AN_OBJECT)


def test_gzip_encoded_body_is_decoded_once(endpoint: str | None, index_id: str) -> None:
    body = gzip.compress(body_of({"Id": index_id}))
    response = signed_post(
        endpoint, body, target("DescribeIndex"), extra_headers={"Content-Encoding": "gzip"}
    )
    assert assert_success(response)["Id"] == index_id


def test_broken_gzip_body_is_a_serialization_error_not_a_fault(endpoint: str | None) -> None:
    response = signed_post(
        endpoint, b"{}", target("ListIndices"), extra_headers={"Content-Encoding": "gzip"}
    )
    assert_error(response, "SerializationException", NOT_AN_OBJECT)


# -- checked third: JSON types ----------------------------------------------------------


@pytest.mark.parametrize(
    ("operation", "body", "path", "kind"),
    [
        ("ListIndices", {"MaxResults": "1"}, "maxResults", "integer"),
        ("ListIndices", {"MaxResults": True}, "maxResults", "integer"),
        ("ListIndices", {"MaxResults": 1.5}, "maxResults", "integer"),
        ("ListIndices", {"NextToken": 7}, "nextToken", "string"),
        ("CreateIndex", {"Name": 5, "RoleArn": ROLE}, "name", "string"),
        ("CreateIndex", {"Name": "n", "RoleArn": ROLE, "Tags": {}}, "tags", "list"),
        ("CreateIndex", {"Name": "n", "RoleArn": ROLE, "Tags": ["k"]}, "tags.1.member", "object"),
        (
            "CreateIndex",
            {"Name": "n", "RoleArn": ROLE, "UserContextPolicy": ["USER_TOKEN"]},
            "userContextPolicy",
            "string",
        ),
        (
            "BatchPutDocument",
            {"IndexId": "i" * 36, "Documents": [{"Id": "d", "Blob": 5}]},
            "documents.1.member.blob",
            "blob",
        ),
    ],
)
def test_json_type_mismatch_is_serialization_error_naming_path_and_kind(
    endpoint: str | None, operation: str, body: dict[str, Any], path: str, kind: str
) -> None:
    response = signed_post(endpoint, body_of(body), target(operation))
    message = f"Value at '{path}' has the wrong JSON type; expected {kind}."
    assert_error(response, "SerializationException", message)


def test_type_mismatch_precedes_constraint_violations(endpoint: str | None) -> None:
    response = signed_post(endpoint, body_of({"Name": "", "RoleArn": 5}), target("CreateIndex"))
    message = "Value at 'roleArn' has the wrong JSON type; expected string."
    assert_error(response, "SerializationException", message)


def test_integer_with_zero_fraction_is_an_integer(endpoint: str | None, make_index: Any) -> None:
    ids = [make_index(f"index-{n}") for n in range(2)]
    page = assert_success(
        signed_post(endpoint, body_of({"MaxResults": 1.0}), target("ListIndices"))
    )
    assert len(page["IndexConfigurationSummaryItems"]) == 1 and page["NextToken"]
    assert page["IndexConfigurationSummaryItems"][0]["Id"] in ids


def test_invalid_base64_blob_names_its_path(endpoint: str | None, index_id: str) -> None:
    body = {"IndexId": index_id, "Documents": [{"Id": "d", "Blob": "not base64!"}]}
    response = signed_post(endpoint, body_of(body), target("BatchPutDocument"))
    message = "Value at 'documents.1.member.blob' is not valid base64."
    assert_error(response, "SerializationException", message)


# -- bodies are JSON text, never a query string; members outside the shape -------------


def test_query_string_text_in_a_member_is_plain_text(endpoint: str | None, kendra: Any) -> None:
    text = "x&Action=ListIndices&"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    index_id = create_index_raw(endpoint, form, Description=text)
    assert kendra.describe_index(Id=index_id)["Description"] == text


def test_query_string_text_as_index_name_is_validated_as_the_name(endpoint: str | None) -> None:
    name = "x&Action=ListIndices&"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    body = body_of({"Name": name, "RoleArn": ROLE})
    response = signed_post(endpoint, body, target("CreateIndex"), extra_headers=form)
    pattern = service_model().shape_for("IndexName").metadata["pattern"]
    message = (
        f"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {pattern}"
    )
    assert_error(response, "ValidationException", message)


def test_query_text_that_looks_like_a_query_string_stays_a_query(
    endpoint: str | None, index_id: str
) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    body = body_of({"IndexId": index_id, "QueryText": "x&Action=ListIndices&"})
    response = signed_post(endpoint, body, target("Query"), extra_headers=form)
    if hasattr(KendraBackend, "query"):
        assert "QueryId" in assert_success(response)
    else:
        message = "Operation Query is not implemented by moto-kendra yet."
        assert_error(response, "InvalidRequestException", message)


@pytest.mark.parametrize("text", ["a&key=b", "a&file=b&key=c", "key=v"])
def test_form_field_names_inside_json_text_do_not_replace_the_body(
    endpoint: str | None, kendra: Any, text: str
) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    index_id = create_index_raw(endpoint, form, Description=text)
    assert kendra.describe_index(Id=index_id)["Description"] == text


def test_document_id_that_looks_like_a_query_string_is_kept_verbatim(
    endpoint: str | None, kendra: Any, index_id: str
) -> None:
    doc_id = "Action=BatchDeleteDocument&DocumentIdList.member.1=x"
    body = {
        "IndexId": index_id,
        "Documents": [{"Id": doc_id, "Blob": "aGk=", "ContentType": "PLAIN_TEXT"}],
    }
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    response = signed_post(endpoint, body_of(body), target("BatchPutDocument"), extra_headers=form)
    assert not assert_success(response).get("FailedDocuments")
    status = kendra.batch_get_document_status(
        IndexId=index_id, DocumentInfoList=[{"DocumentId": doc_id}]
    )["DocumentStatusList"]
    assert status == [{"DocumentId": doc_id, "DocumentStatus": "INDEXED"}]


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded",
        "text/plain",
        "application/json",
        "application/octet-stream",
        "multipart/form-data; boundary=xyz",
        "",
    ],
)
def test_content_type_is_not_checked(
    endpoint: str | None, make_index: Any, content_type: str
) -> None:
    ids = {make_index(f"index-{n}") for n in range(2)}
    headers = {"Content-Type": content_type}
    response = signed_post(
        endpoint, body_of({"MaxResults": 1}), target("ListIndices"), extra_headers=headers
    )
    page = assert_success(response)
    assert len(page["IndexConfigurationSummaryItems"]) == 1
    assert page["IndexConfigurationSummaryItems"][0]["Id"] in ids


def test_multipart_form_body_is_not_json_even_when_a_part_is(endpoint: str | None) -> None:
    body = (
        b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\n\r\n'
        b"{}\r\n--xyz--\r\n"
    )
    headers = {"Content-Type": "multipart/form-data; boundary=xyz"}
    response = signed_post(endpoint, body, target("ListIndices"), extra_headers=headers)
    assert_error(response, "SerializationException", NOT_AN_OBJECT)


def test_members_outside_the_shape_are_ignored(endpoint: str | None, kendra: Any) -> None:
    tags = [{"Key": "team", "Value": "search", "Colour": "blue"}]
    index_id = create_index_raw(
        endpoint, Tags=tags, Unknown={"nested": [1, None]}, name="lower-case is foreign", id=1
    )
    assert kendra.describe_index(Id=index_id)["Name"] == "raw-index"


def test_null_member_counts_as_absent(endpoint: str | None, kendra: Any) -> None:
    index_id = create_index_raw(endpoint, Description=None, Tags=None, ClientToken=None)
    assert "Description" not in kendra.describe_index(Id=index_id)


def test_null_required_member_is_reported_as_missing(endpoint: str | None) -> None:
    response = signed_post(
        endpoint, body_of({"Name": None, "RoleArn": ROLE}), target("CreateIndex")
    )
    message = (
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: "
        "Member must not be null"
    )
    assert_error(response, "ValidationException", message)


# -- success and error envelopes -------------------------------------------------------


def test_success_response_has_request_id_and_json_content_type(endpoint: str | None) -> None:
    first = signed_post(endpoint, b"{}", target("ListIndices"))
    second = signed_post(endpoint, b"{}", target("ListIndices"))
    assert assert_success(first) == {"IndexConfigurationSummaryItems": []}
    assert_success(second)
    assert first.headers["x-amzn-RequestId"] != second.headers["x-amzn-RequestId"]
    for response in (first, second):  # a random (version 4) UUID, as Kendra sends
        request_id = uuid.UUID(response.headers["x-amzn-RequestId"])
        assert request_id.version == 4 and request_id.variant == uuid.RFC_4122
        assert str(request_id) == response.headers["x-amzn-RequestId"]


@pytest.mark.parametrize("operation", ["DeleteIndex", "UpdateIndex"])
def test_operation_without_output_shape_returns_an_empty_body(
    endpoint: str | None, index_id: str, operation: str
) -> None:
    assert service_model().operation_model(operation).output_shape is None
    response = signed_post(endpoint, body_of({"Id": index_id}), target(operation))
    assert assert_success(response) is None
    assert response.content == b""


def test_delete_data_source_returns_an_empty_body(
    endpoint: str | None, index_id: str, make_data_source: Any
) -> None:
    source_id = make_data_source()
    body = body_of({"Id": source_id, "IndexId": index_id})
    response = signed_post(endpoint, body, target("DeleteDataSource"))
    assert assert_success(response) is None
    assert response.content == b""


@pytest.mark.parametrize("operation", ["TagResource", "UntagResource"])
def test_operation_with_memberless_output_returns_empty_object(
    endpoint: str | None, index_id: str, kendra: Any, operation: str
) -> None:
    assert not service_model().operation_model(operation).output_shape.members
    arn = f"arn:aws:kendra:us-east-1:123456789012:index/{index_id}"
    members = (
        {"Tags": [{"Key": "k", "Value": "v"}]} if operation == "TagResource" else {"TagKeys": ["k"]}
    )
    response = signed_post(endpoint, body_of({"ResourceARN": arn, **members}), target(operation))
    assert assert_success(response) == {}
    assert response.content.strip() == b"{}"


def test_every_error_kind_uses_the_envelope(endpoint: str | None, index_id: str) -> None:
    missing = "0" * 36
    cases = [
        (signed_post(endpoint, b"{}", target("Nope")), "UnknownOperationException"),
        (signed_post(endpoint, b"[", target("ListIndices")), "SerializationException"),
        (
            signed_post(endpoint, body_of({"Id": "x"}), target("DescribeIndex")),
            "ValidationException",
        ),
        (
            signed_post(endpoint, body_of({"Id": missing}), target("DescribeIndex")),
            "ResourceNotFoundException",
        ),
    ]
    for response, code in cases:
        headers = headers_of(response)
        check_error_envelope(response.status_code, headers, response.content)
        assert response.json()["__type"] == code
        assert headers["content-type"] == CONTENT_TYPE and uuid.UUID(headers["x-amzn-requestid"])


@pytest.mark.skipif(SERVER_MODE, reason="monkeypatching the backend needs the in-process mock")
def test_unexpected_fault_is_internal_server_exception_500(
    kendra: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fault = RuntimeError("boom")

    def explode(*_: Any, **__: Any) -> None:
        raise fault

    monkeypatch.setattr(KendraBackend, "list_indices", explode)
    error = expect_error(
        kendra.list_indices, "InternalServerException", f"Internal error: {fault!r}"
    )
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    raw = signed_post(None, b"{}", target("ListIndices"))
    assert raw.status_code == 500
    assert_error(raw, "InternalServerException", f"Internal error: {fault!r}")


def test_server_keeps_serving_after_bad_requests(endpoint: str | None, kendra: Any) -> None:
    bad = [
        (b"\xff", target("ListIndices")),
        (b"[]", target("CreateIndex")),
        (b"{}", None),
        (body_of({"MaxResults": {"deep": [[[]]]}}), target("ListIndices")),
        (b"{" * 5000 + b"}" * 5000, target("ListIndices")),
        (b'{"Id": "' + b"x" * 100_000 + b'"}', target("DescribeIndex")),
    ]
    for body, header in bad:
        response = signed_post(endpoint, body, header)
        assert 400 <= response.status_code < 500, response.content
        assert response.json()["__type"]
    assert kendra.list_indices()["IndexConfigurationSummaryItems"] == []


# -- operations not implemented yet ------------------------------------------------------

_ROLE_SHAPES = {"RoleArn"}


def minimal_value(shape: Any) -> Any:
    """A value satisfying ``shape``'s constraints (enough for the required members of Kendra)."""
    if shape.type_name == "structure":
        return {name: minimal_value(shape.members[name]) for name in shape.required_members}
    if shape.type_name == "list":
        return [minimal_value(shape.member) for _ in range(shape.metadata.get("min", 1) or 1)]
    if shape.type_name in ("integer", "long"):
        return shape.metadata.get("min", 1)
    if shape.type_name == "string":
        if shape.enum:
            return shape.enum[0]
        if shape.name in _ROLE_SHAPES:
            return ROLE
        return str(uuid.UUID(int=0))  # fits every id, name and text pattern of the model
    raise NotImplementedError(shape.type_name)  # pragma: no cover - not required by Kendra


UNIMPLEMENTED = sorted(
    name for name in OPERATION_NAMES if not hasattr(KendraBackend, xform_name(name))
)


@pytest.mark.skipif(not UNIMPLEMENTED, reason="every operation is implemented")
@pytest.mark.parametrize("operation", UNIMPLEMENTED or ["none"])
def test_unimplemented_operation_validates_then_answers_400_naming_it(
    endpoint: str | None, kendra: Any, operation: str
) -> None:
    response = signed_post(endpoint, b"[]", target(operation))
    assert_error(response, "SerializationException", NOT_AN_OBJECT)
    shape = service_model().operation_model(operation).input_shape
    if shape is not None and shape.required_members:
        response = signed_post(endpoint, b"{}", target(operation))
        assert response.json()["__type"] == "ValidationException"
        check_error_envelope(response.status_code, headers_of(response), response.content)
    params = minimal_value(shape) if shape is not None else {}
    call = getattr(kendra, xform_name(operation))
    message = f"Operation {operation} is not implemented by moto-kendra yet."
    error = expect_error(lambda: call(**params), "InvalidRequestException", message)
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
