"""Client input never yields a 5xx nor damages a later call (issue: reliability).

Each test is the regression test of one finding; every error path asserts the exact code
and message, in-process and against the server.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
import requests
from file_support import FAQ, THESAURUS, Files, bad_line
from support import ROLE, doc, expect_error, signed_post

from moto_kendra.resources.thesauri import MAX_EXPANSION, parse_synonyms

FEATURED_ID_NULL = (
    "1 validation error detected: Value null at 'featuredDocuments.1.member.id' "
    "failed to satisfy constraint: Member must not be null"
)


def test_create_featured_results_set_document_without_id(kendra: Any, index_id: str) -> None:
    expect_error(
        lambda: kendra.create_featured_results_set(
            IndexId=index_id, FeaturedResultsSetName="s", FeaturedDocuments=[{}]
        ),
        "ValidationException",
        FEATURED_ID_NULL,
    )
    listed = kendra.list_featured_results_sets(IndexId=index_id)
    assert listed["FeaturedResultsSetSummaryItems"] == []


def test_update_featured_results_set_document_without_id(kendra: Any, index_id: str) -> None:
    set_id = kendra.create_featured_results_set(IndexId=index_id, FeaturedResultsSetName="s")[
        "FeaturedResultsSet"
    ]["FeaturedResultsSetId"]
    expect_error(
        lambda: kendra.update_featured_results_set(
            IndexId=index_id, FeaturedResultsSetId=set_id, FeaturedDocuments=[{"Id": "a"}, {}]
        ),
        "ValidationException",
        FEATURED_ID_NULL.replace("featuredDocuments.1", "featuredDocuments.2"),
    )


# -- NextToken: tamper-evident -----------------------------------------------------------------


def _edited(token: str, position: str) -> str:
    """``token`` with its cursor replaced by ``position`` (base64 JSON), MAC kept."""
    mac = token.rpartition(".")[2]
    return base64.urlsafe_b64encode(position.encode()).decode() + "." + mac


def _forged(token: str) -> list[str]:
    return [
        _edited(token, '"x"'),
        _edited(token, "[1, {}]"),
        _edited(token, "1e999"),
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        token.rpartition(".")[0],
        base64.urlsafe_b64encode(b'{"d": "0", "a": "x"}').decode(),
        "not a token",
    ]


LISTS = {
    "list_indices": lambda kendra, index_id: {},
    "list_data_sources": lambda kendra, index_id: {"IndexId": index_id},
    "list_faqs": lambda kendra, index_id: {"IndexId": index_id},
    "list_thesauri": lambda kendra, index_id: {"IndexId": index_id},
    "list_featured_results_sets": lambda kendra, index_id: {"IndexId": index_id},
    "list_query_suggestions_block_lists": lambda kendra, index_id: {"IndexId": index_id},
    "list_experiences": lambda kendra, index_id: {"IndexId": index_id},
    "list_access_control_configurations": lambda kendra, index_id: {"IndexId": index_id},
    "list_entity_personas": lambda kendra, index_id: {
        "IndexId": index_id,
        "Id": kendra.create_experience(Name="e", IndexId=index_id, RoleArn=ROLE)["Id"],
    },
    "list_groups_older_than_ordering_id": lambda kendra, index_id: {
        "IndexId": index_id, "OrderingId": 1,
    },
    "list_data_source_sync_jobs": lambda kendra, index_id: {
        "IndexId": index_id,
        "Id": kendra.create_data_source(Name="d", IndexId=index_id, Type="CUSTOM")["Id"],
    },
}


@pytest.mark.parametrize("operation", sorted(LISTS))
def test_every_list_rejects_a_token_it_did_not_issue(
    kendra: Any, index_id: str, make_index: Any, operation: str
) -> None:
    make_index("second")
    issued = kendra.list_indices(MaxResults=1)["NextToken"]
    params = LISTS[operation](kendra, index_id)
    tokens = _forged(issued) + ([issued] if operation != "list_indices" else [])
    for token in tokens:
        expect_error(
            lambda token=token: getattr(kendra, operation)(NextToken=token, **params),
            "ValidationException",
            "Invalid NextToken.",
        )


def test_a_token_is_bound_to_its_parameters(kendra: Any, make_index: Any) -> None:
    first = make_index("first")
    make_index("second")
    token = kendra.list_indices(MaxResults=1)["NextToken"]
    assert kendra.list_indices(NextToken=token, MaxResults=5)["IndexConfigurationSummaryItems"]
    expect_error(
        lambda: kendra.list_data_sources(IndexId=first, NextToken=token),
        "ValidationException",
        "Invalid NextToken.",
    )


# -- error messages quote a short prefix -------------------------------------------------------


def test_a_huge_value_is_quoted_cut(kendra: Any, index_id: str) -> None:
    ids = [f"document-{n}" for n in range(90_000)]  # a MB and more, far over the maximum of 10
    rendered = "[" + ", ".join(ids) + "]"
    error = expect_error(
        lambda: kendra.batch_delete_document(IndexId=index_id, DocumentIdList=ids),
        "ValidationException",
        f"1 validation error detected: Value '{rendered[:200]}...(cut)' at 'documentIdList' "
        "failed to satisfy constraint: Member must have length less than or equal to 10",
    )
    assert len(error.response["Error"]["Message"]) < 500


def _ids_body(index_id: str, count: int) -> str:
    """A BatchDeleteDocument body whose value bound (commas and opening brackets, plus one)
    is ``count + 3``."""
    return json.dumps({"IndexId": index_id, "DocumentIdList": ["d"] * count})


def test_a_body_of_more_than_100000_values_is_refused_before_it_is_decoded(
    endpoint: Any, index_id: str
) -> None:
    response = signed_post(
        endpoint, _ids_body(index_id, 99_998), "AWSKendraFrontendService.BatchDeleteDocument"
    )
    assert (response.status_code, response.json()) == (400, {
        "__type": "SerializationException",
        "message": "Request body holds more than 100,000 JSON values.",
    })


def test_a_body_of_100000_values_is_read(endpoint: Any, index_id: str) -> None:
    response = signed_post(
        endpoint, _ids_body(index_id, 99_997), "AWSKendraFrontendService.BatchDeleteDocument"
    )
    assert response.status_code == 400
    assert response.json()["__type"] == "ValidationException"  # read: the list is too long


def test_a_validation_error_lists_at_most_100_violations(endpoint: Any, index_id: str) -> None:
    body = json.dumps({"IndexId": index_id, "DocumentIdList": [None] * 1000})
    response = signed_post(endpoint, body, "AWSKendraFrontendService.BatchDeleteDocument")
    null = "Value null at 'documentIdList.{}.member' failed to satisfy constraint: " + (
        "Member must not be null"
    )
    listed = "; ".join(null.format(n) for n in range(1, 100))
    rendered = "[" + ", ".join(["null"] * 1000) + "]"
    assert (response.status_code, response.json()) == (
        400,
        {
            "__type": "ValidationException",
            "message": "1001 validation errors detected: "
            f"Value '{rendered[:200]}...(cut)' at 'documentIdList' failed to satisfy "
            "constraint: Member must have length less than or equal to 10; "
            f"{listed}; ... and 901 more",
        },
    )


def test_an_unknown_operation_name_is_quoted_cut(endpoint: Any) -> None:
    name = "X" * 5000
    response = signed_post(endpoint, "{}", f"AWSKendraFrontendService.{name}")
    assert response.json() == {
        "__type": "UnknownOperationException",
        "message": f"Operation {name[:200]}...(cut) is not supported.",
    }


# -- nesting past the interpreter's recursion limit ----------------------------------------------

LEAF = '{"EqualsTo": {"Key": "k", "Value": {"StringValue": "v"}}}'


def _filter_chain(levels: int, leaf: str = LEAF, operator: str = "AndAllFilters") -> str:
    """An AttributeFilter nested ``levels`` composites deep, as JSON text (no recursion)."""
    opening = '{"NotFilter": ' if operator == "NotFilter" else f'{{"{operator}": ['
    closing = "}" if operator == "NotFilter" else "]}"
    return opening * levels + leaf + closing * levels


def _query(endpoint: Any, index_id: str, member: str) -> Any:
    body = f'{{"IndexId": "{index_id}", "QueryText": "q", {member}}}'
    return signed_post(endpoint, body, "AWSKendraFrontendService.Query")


@pytest.mark.parametrize("operator", ["AndAllFilters", "OrAllFilters", "NotFilter"])
@pytest.mark.parametrize("levels", [3, 400, 3000, 20000])
def test_a_filter_nested_past_the_recursion_limit_breaks_the_depth_rule(
    endpoint: Any, index_id: str, operator: str, levels: int
) -> None:
    chain = _filter_chain(levels, LEAF, operator)
    response = _query(endpoint, index_id, f'"AttributeFilter": {chain}')
    assert (response.status_code, response.json()) == (
        400, {"__type": "ValidationException", "message": "AttributeFilter depth is limited to 2."}
    )


def test_a_deep_filter_with_a_wrong_json_type_is_a_serialization_error(
    endpoint: Any, index_id: str
) -> None:
    chain = _filter_chain(3000, '{"EqualsTo": {"Key": 5}}')
    response = _query(endpoint, index_id, f'"AttributeFilter": {chain}')
    path = "attributeFilter" + ".andAllFilters.1.member" * 3000 + ".equalsTo.key"
    assert response.json() == {
        "__type": "SerializationException",
        "message": f"Value at '{path[:200]}...(cut)' has the wrong JSON type; expected string.",
    }


def test_facets_nested_past_the_recursion_limit_break_the_nesting_rule(
    endpoint: Any, index_id: str
) -> None:
    facet = '{"DocumentAttributeKey": "k", "Facets": [' * 3000 + "{}" + "]}" * 3000
    response = _query(endpoint, index_id, f'"Facets": [{facet}]')
    assert response.json() == {
        "__type": "ValidationException", "message": "Facets can be nested only one level."
    }


def test_deep_json_outside_the_shape_is_ignored(kendra: Any, endpoint: Any, index_id: str) -> None:
    response = _query(endpoint, index_id, '"Unknown": ' + "[" * 5000 + "]" * 5000)
    assert response.status_code == 200
    assert response.json()["ResultItems"] == []


def test_a_body_nested_past_50000_levels_is_not_read(endpoint: Any, index_id: str) -> None:
    response = _query(endpoint, index_id, '"Unknown": ' + "[" * 60000 + "]" * 60000)
    assert response.json() == {
        "__type": "SerializationException", "message": "Request body is not a valid JSON object."
    }


# -- hostile S3 files --------------------------------------------------------------------------

DEEP_FILE = '{\n"SchemaVersion": 1,\n"FaqDocuments": ' + "[" * 3000 + "]" * 3000 + "\n}"


def test_a_deeply_nested_faq_file_fails_that_faq_at_its_line(
    kendra: Any, index_id: str, endpoint: Any
) -> None:
    path = Files(endpoint).put(DEEP_FILE, "deep.json")
    faq = FAQ.create(kendra, index_id, path, FileFormat="JSON")
    described = FAQ.describe(kendra, index_id, faq)
    assert (described["Status"], described["ErrorMessage"]) == (
        "FAILED", bad_line(path, 3, "JSON nested deeper than 100 levels")
    )
    assert kendra.describe_index(Id=index_id)["Status"] == "ACTIVE"  # no later call breaks


def test_a_message_quoting_control_characters_sends_them_escaped(
    kendra: Any, index_id: str, endpoint: Any
) -> None:
    path = Files(endpoint).path("\udfff\x00 日本")  # S3 keys may hold any character
    faq = FAQ.create(kendra, index_id, path, FileFormat="JSON")
    described = FAQ.describe(kendra, index_id, faq)
    assert (described["Status"], described["ErrorMessage"]) == (
        "FAILED", f"S3 object s3://{path['Bucket']}/\\udfff\\x00 日本 cannot be read."
    )


def test_a_message_the_escapes_make_too_long_is_cut_at_the_shape_maximum(
    kendra: Any, index_id: str, endpoint: Any
) -> None:
    path = Files(endpoint).path("\x01" * 1000)
    failed = kendra.batch_put_document(
        IndexId=index_id, Documents=[{"Id": "a", "S3Path": path}]
    )["FailedDocuments"]
    message = f"S3 object s3://{path['Bucket']}/" + "\\x01" * 1000
    assert failed[0]["ErrorMessage"] == message[:2048 - len("...(cut)")] + "...(cut)"


def test_a_deeply_nested_group_members_file_fails_that_put(
    kendra: Any, index_id: str, endpoint: Any
) -> None:
    path = Files(endpoint).put('{"MemberUsers":\n' + "[" * 3000 + "]" * 3000 + "}", "deep.json")
    kendra.put_principal_mapping(
        IndexId=index_id, GroupId="staff", GroupMembers={"S3PathforGroupMembers": path}
    )
    described = kendra.describe_principal_mapping(IndexId=index_id, GroupId="staff")
    [summary] = described["GroupOrderingIdSummaries"]
    assert (summary["Status"], summary["FailureReason"]) == (
        "FAILED",
        f"S3 object s3://{path['Bucket']}/{path['Key']} is not a group members file: not a JSON "
        "document (JSON nested deeper than 100 levels at line 2).",
    )


# -- stored numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize("days", [10**12, 2**31 - 1, 36501, -1, -(2**31)])
def test_a_look_back_window_no_later_read_could_compute_is_refused(
    kendra: Any, index_id: str, days: int
) -> None:
    expect_error(
        lambda: kendra.update_query_suggestions_config(
            IndexId=index_id, QueryLogLookBackWindowInDays=days
        ),
        "ValidationException",
        "QueryLogLookBackWindowInDays must be between 0 and 36500.",
    )
    config = kendra.describe_query_suggestions_config(IndexId=index_id)
    assert config["QueryLogLookBackWindowInDays"] == 180


@pytest.mark.parametrize("days", [0, 36500])
def test_every_accepted_look_back_window_serves_later_reads(
    kendra: Any, index_id: str, days: int
) -> None:
    kendra.update_query_suggestions_config(IndexId=index_id, QueryLogLookBackWindowInDays=days)
    config = kendra.describe_query_suggestions_config(IndexId=index_id)
    assert config["QueryLogLookBackWindowInDays"] == days
    assert kendra.get_query_suggestions(IndexId=index_id, QueryText="hel")["Suggestions"] == []


# -- thesaurus: linear parse, bounded expansion ------------------------------------------------


def test_one_rule_of_2000_synonyms_is_read_whole(
    kendra: Any, index_id: str, endpoint: Any, put_docs: Any
) -> None:
    words = [f"zq{number:x}" for number in range(2000)]
    path = Files(endpoint).put(", ".join(words) + "\n", "big.txt")
    thesaurus = THESAURUS.create(kendra, index_id, path)
    described = THESAURUS.describe(kendra, index_id, thesaurus)
    assert (described["Status"], described["TermCount"], described["SynonymRuleCount"]) == (
        "ACTIVE", 2000, 1
    )
    put_docs(doc("near", f"the word {words[1]} is here"))
    hits = kendra.query(IndexId=index_id, QueryText=words[0])["ResultItems"]
    assert [item["DocumentId"] for item in hits] == ["near"]


def test_a_query_term_expands_to_at_most_100_stems() -> None:
    words = [f"zq{number:x}" for number in range(2000)]
    synonyms = parse_synonyms(", ".join(words) + "\n" + f"{words[0]} => extra\n")
    expanded = synonyms.get(words[0])
    assert expanded is not None and len(expanded) == MAX_EXPANSION == 100
    assert words[0] not in expanded
    assert synonyms.get("extra") is None  # a one-way target matches nothing back


# -- moto-kendra-server routing ------------------------------------------------------------------


def _send(endpoint: Any, method: str, path: str, headers: dict[str, str]) -> tuple[int, Any, Any]:
    """One raw request to ``moto-kendra-server`` (server mode) or, in-process, to the same
    WSGI application it serves: moto's dispatcher wrapped by Kendra's routing."""
    headers = {"X-Amz-Target": "AWSKendraFrontendService.ListIndices", **headers}
    if endpoint is not None:
        response = requests.request(method, endpoint + path, headers=headers, data=b"{}",
                                    timeout=30)
        return response.status_code, response.headers, response.json()
    import moto.server
    from moto.moto_server.werkzeug_app import create_backend_app
    from werkzeug.test import Client

    from moto_kendra._moto.dispatch import wrap_server_dispatcher
    from moto_kendra.routing import KendraRouting

    wrap_server_dispatcher(KendraRouting)
    app = moto.server.DomainDispatcherApplication(create_backend_app)
    answer = Client(app).open(path, method=method, headers=headers, data=b"{}")
    return answer.status_code, answer.headers, json.loads(answer.get_data())


def _scope(region: str) -> dict[str, str]:
    credential = f"AKIAIOSFODNN7EXAMPLE/20260101/{region}/kendra/aws4_request"
    return {"Authorization": f"AWS4-HMAC-SHA256 Credential={credential}, "
                             "SignedHeaders=host, Signature=0"}


ROUTING_ERRORS = [
    ("POST", "/", _scope(""), "InvalidSignatureException",
     "Credential should be scoped to a valid region, not ''."),
    ("POST", "/", _scope("us-east-1 "), "InvalidSignatureException",
     "Credential should be scoped to a valid region, not 'us-east-1 '."),
    ("POST", "/", _scope("../.."), "InvalidSignatureException",
     "Credential should be scoped to a valid region, not '..'."),
    ("POST", "/", _scope("US-EAST-1"), "InvalidSignatureException",
     "Credential should be scoped to a valid region, not 'US-EAST-1'."),
    ("POST", "/", {"Authorization": "AWS4-HMAC-SHA256 Signature=0"},
     "InvalidSignatureException",
     "Authorization header requires a Credential of the form "
     "<key>/<date>/<region>/kendra/aws4_request."),
    ("POST", "/", {}, "MissingAuthenticationTokenException",
     "Missing Authentication Token: sign the request with SigV4; "
     "its credential scope names the region."),
    ("GET", "/", _scope("us-east-1"), "InvalidRequestException",
     "Kendra operations are served by POST /, not GET /."),
    ("PUT", "/", _scope("us-east-1"), "InvalidRequestException",
     "Kendra operations are served by POST /, not PUT /."),
    ("DELETE", "/", _scope("us-east-1"), "InvalidRequestException",
     "Kendra operations are served by POST /, not DELETE /."),
    ("POST", "/indexes", _scope("us-east-1"), "InvalidRequestException",
     "Kendra operations are served by POST /, not POST /indexes."),
]


@pytest.mark.parametrize(("method", "path", "headers", "code", "message"), ROUTING_ERRORS)
def test_every_kendra_request_gets_a_kendra_answer(
    endpoint: Any, method: str, path: str, headers: dict[str, str], code: str, message: str
) -> None:
    status, answer_headers, body = _send(endpoint, method, path, headers)
    assert (status, body) == (400, {"__type": code, "message": message})
    assert answer_headers["Content-Type"] == "application/x-amz-json-1.1"
    assert answer_headers["x-amzn-ErrorType"] == code
    assert answer_headers["x-amzn-RequestId"]


def test_a_signed_kendra_request_is_served_in_its_region(endpoint: Any) -> None:
    status, headers, body = _send(endpoint, "POST", "/?x=1", _scope("local"))
    assert (status, body) == (200, {"IndexConfigurationSummaryItems": []})
    assert headers["x-amzn-RequestId"]
