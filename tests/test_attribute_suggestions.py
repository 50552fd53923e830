"""GetQuerySuggestions: normalised texts, and DOCUMENT_ATTRIBUTES suggestions from the
values of suggestable fields (with their source documents, the attribute filter, the
language rule and user context), and the AttributeSuggestionsConfig rules."""

from __future__ import annotations

from typing import Any

import pytest
from file_support import BLOCK_LIST, UNKNOWN, Files, strip
from support import doc, expect_error

DOCUMENT_ATTRIBUTES = ["DOCUMENT_ATTRIBUTES"]


def attribute(key: str, value: Any) -> dict[str, Any]:
    member = "StringListValue" if isinstance(value, list) else "StringValue"
    return {"Key": key, "Value": {member: value}}


def tagged(doc_id: str, title: str | None = None, **values: Any) -> dict[str, Any]:
    extra = {"Title": title} if title else {}
    return doc(doc_id, "some body text", Attributes=[
        attribute(key, value) for key, value in values.items()], **extra)


@pytest.fixture
def fields(kendra: Any, index_id: str) -> None:
    """``topics`` (STRING_LIST) and ``team`` (STRING) index fields; both and _category
    suggestable."""
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=[
        {"Name": "topics", "Type": "STRING_LIST_VALUE"},
        {"Name": "team", "Type": "STRING_VALUE"},
        {"Name": "pages", "Type": "LONG_VALUE"},
    ])
    suggestable(kendra, index_id, "_category", "topics", "team")


def suggestable(kendra: Any, index_id: str, *names: str, **extra: Any) -> None:
    kendra.update_query_suggestions_config(IndexId=index_id, AttributeSuggestionsConfig={
        "SuggestableConfigList": [{"AttributeName": n, "Suggestable": True} for n in names],
        **extra,
    })


def suggestions(kendra: Any, index_id: str, text: str, **config: Any) -> list[dict[str, Any]]:
    response = kendra.get_query_suggestions(
        IndexId=index_id, QueryText=text, SuggestionTypes=DOCUMENT_ATTRIBUTES,
        AttributeSuggestionsConfig=config,
    )
    return list(response["Suggestions"])


def texts(kendra: Any, index_id: str, text: str, **config: Any) -> list[str]:
    return [s["Value"]["Text"]["Text"] for s in suggestions(kendra, index_id, text, **config)]


# -- the query log: normalised texts ----------------------------------------------------------


def test_logged_texts_group_by_normalised_text_and_show_the_first(kendra, index_id, put_docs):
    put_docs(doc("d", "reset your password here"))
    kendra.update_query_suggestions_config(IndexId=index_id, MinimumQueryCount=2)
    kendra.query(IndexId=index_id, QueryText='  Reset   "Password" ')
    kendra.query(IndexId=index_id, QueryText="reset\tpassword")
    response = kendra.get_query_suggestions(IndexId=index_id, QueryText='RESET  "pa')
    assert [s["Value"]["Text"] for s in response["Suggestions"]] == [
        {"Text": "Reset Password", "Highlights": [{"BeginOffset": 0, "EndOffset": 8}]}
    ]


def test_the_input_length_rule_uses_the_normalised_input(kendra, index_id, put_docs):
    put_docs(doc("d", "reset your password here"))
    kendra.update_query_suggestions_config(IndexId=index_id, MinimumQueryCount=1)
    kendra.query(IndexId=index_id, QueryText="reset password")
    assert kendra.get_query_suggestions(IndexId=index_id, QueryText='"r"  ')["Suggestions"] == []


# -- the config ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["missing", "pages", "_created_at"])
def test_suggestable_fields_must_be_string_fields(kendra, index_id, fields, name):
    expect_error(
        lambda: suggestable(kendra, index_id, "team", name),
        "ValidationException",
        f"Field {name} cannot be used for query suggestions.",
    )
    stored = strip(kendra.describe_query_suggestions_config(IndexId=index_id))
    assert [c["AttributeName"] for c in stored["AttributeSuggestionsConfig"][
        "SuggestableConfigList"]] == ["_category", "topics", "team"]


def test_describe_shows_the_mode_active_by_default(kendra, index_id):
    suggestable(kendra, index_id, "_category")
    stored = strip(kendra.describe_query_suggestions_config(IndexId=index_id))
    assert stored["AttributeSuggestionsConfig"] == {
        "AttributeSuggestionsMode": "ACTIVE",
        "SuggestableConfigList": [{"AttributeName": "_category", "Suggestable": True}],
    }


# -- DOCUMENT_ATTRIBUTES ------------------------------------------------------------------------


def test_values_matching_at_the_start_or_after_a_space_are_suggested(
    kendra, index_id, fields, put_docs
):
    put_docs(
        tagged("b", team="Cloud  Platform", topics=["platform tools", "replatform"]),
        tagged("a", _category='cloud "platform"'),
        tagged("c", team="Platform"),
    )
    found = suggestions(kendra, index_id, "PLAT", AdditionalResponseAttributes=["team"])
    assert found[0]["Value"]["Text"] == {
        "Text": "cloud platform", "Highlights": [{"BeginOffset": 6, "EndOffset": 10}]}
    assert found[0]["SourceDocuments"] == [
        {"DocumentId": "a", "SuggestionAttributes": ["_category"], "AdditionalAttributes": []},
        {"DocumentId": "b", "SuggestionAttributes": ["team"],
         "AdditionalAttributes": [attribute("team", "Cloud  Platform")]},
    ]
    assert [s["Value"]["Text"]["Text"] for s in found] == [
        "cloud platform", "Platform", "platform tools"]
    assert found[1]["Value"]["Text"]["Highlights"] == [{"BeginOffset": 0, "EndOffset": 4}]
    assert all(s["Id"] for s in found)


def test_one_document_counts_once_and_lists_every_matching_field(
    kendra, index_id, fields, put_docs
):
    put_docs(tagged("a", _category="billing", team="billing", topics=["Billing"]))
    [found] = suggestions(kendra, index_id, "bill")
    assert found["SourceDocuments"] == [{"DocumentId": "a", "AdditionalAttributes": [],
                                         "SuggestionAttributes": ["_category", "topics", "team"]}]


def test_titles_are_values_of_document_title(kendra, index_id, put_docs):
    suggestable(kendra, index_id, "_document_title")
    put_docs(tagged("a", title="Quarterly Report"), tagged("b"))
    assert texts(kendra, index_id, "report") == ["Quarterly Report"]


def test_suggestion_attributes_restrict_the_fields(kendra, index_id, fields, put_docs):
    put_docs(tagged("a", _category="finance", team="finance team"))
    assert texts(kendra, index_id, "fin", SuggestionAttributes=["team"]) == ["finance team"]
    assert texts(kendra, index_id, "fin", SuggestionAttributes=["pages"]) == []


def test_only_suggestable_fields_count(kendra, index_id, fields, put_docs):
    kendra.update_query_suggestions_config(IndexId=index_id, AttributeSuggestionsConfig={
        "SuggestableConfigList": [{"AttributeName": "team", "Suggestable": False},
                                  {"AttributeName": "_category", "Suggestable": True}]})
    put_docs(tagged("a", _category="finance", team="finance team"))
    assert texts(kendra, index_id, "fin") == ["finance"]


def test_inactive_mode_or_no_field_suggests_nothing(kendra, index_id, put_docs):
    put_docs(tagged("a", _category="finance"))
    assert texts(kendra, index_id, "fin") == []  # no config
    suggestable(kendra, index_id, "_category", AttributeSuggestionsMode="INACTIVE")
    assert texts(kendra, index_id, "fin") == []
    suggestable(kendra, index_id, "_category")
    assert texts(kendra, index_id, "fin") == ["finance"]


def test_input_of_2_to_60_characters(kendra, index_id, put_docs):
    suggestable(kendra, index_id, "_category")
    put_docs(tagged("a", _category="finance"))
    assert texts(kendra, index_id, "f") == []
    assert texts(kendra, index_id, ' "FI" ') == ["finance"]


def test_order_count_then_text_and_the_limit(kendra, index_id, put_docs):
    suggestable(kendra, index_id, "_category")
    values = ["zeta", "zeta", "zany", "zoo", *[f"z{n:02}" for n in range(12)]]
    documents = [tagged(f"d{n:02}", _category=value) for n, value in enumerate(values)]
    put_docs(*documents[:8])
    put_docs(*documents[8:])
    assert texts(kendra, index_id, "z ") == []  # one character once normalised
    response = kendra.get_query_suggestions(
        IndexId=index_id, QueryText="z0", SuggestionTypes=DOCUMENT_ATTRIBUTES,
        MaxSuggestionsCount=3)
    assert [s["Value"]["Text"]["Text"] for s in response["Suggestions"]] == ["z00", "z01", "z02"]
    put_docs(tagged("e", _category="z1 second"), tagged("f", _category="z1 third"))
    assert texts(kendra, index_id, "z1") == ["z1 second", "z1 third", "z10", "z11"]
    put_docs(tagged("g", _category="z11"))
    assert texts(kendra, index_id, "z1")[0] == "z11"  # two source documents first


def test_the_attribute_filter_and_the_language_rule_choose_source_documents(
    kendra, index_id, fields, put_docs
):
    put_docs(
        tagged("a", _category="finance", team="red"),
        tagged("b", _category="finance", team="blue"),
        tagged("c", _category="finance", team="red", _language_code="de"),
    )
    only_red = {"EqualsTo": attribute("team", "red")}
    [found] = suggestions(kendra, index_id, "fin", AttributeFilter=only_red)
    assert [s["DocumentId"] for s in found["SourceDocuments"]] == ["a"]
    german = {"EqualsTo": attribute("_language_code", "de")}
    [found] = suggestions(kendra, index_id, "fin", AttributeFilter=german)
    assert [s["DocumentId"] for s in found["SourceDocuments"]] == ["c"]


def test_user_context_hides_documents_the_user_may_not_see(kendra, index_id, put_docs):
    suggestable(kendra, index_id, "_category")
    acl = [{"Name": "alice", "Type": "USER", "Access": "ALLOW"}]
    put_docs({**tagged("secret", _category="secret plans"), "AccessControlList": acl})
    assert texts(kendra, index_id, "secret", UserContext={"UserId": "bob"}) == []
    assert texts(kendra, index_id, "secret", UserContext={"UserId": "alice"}) == [
        "secret plans"]


def test_block_lists_apply(kendra, index_id, endpoint, put_docs):
    suggestable(kendra, index_id, "_category")
    put_docs(tagged("a", _category="finance secrets"), tagged("b", _category="finance plans"))
    BLOCK_LIST.create(kendra, index_id, Files(endpoint).put("secrets\n"))
    assert texts(kendra, index_id, "fin") == ["finance plans"]


def test_query_suggestions_are_not_attribute_suggestions(kendra, index_id, put_docs):
    suggestable(kendra, index_id, "_category")
    put_docs(tagged("a", _category="finance"))
    response = kendra.get_query_suggestions(IndexId=index_id, QueryText="fin",
                                            SuggestionTypes=["QUERY", "DOCUMENT_ATTRIBUTES"])
    assert response["Suggestions"] == []


# -- the AttributeFilter and UserContext rules -------------------------------------------------


def leaf(n: int = 0) -> dict[str, Any]:
    return {"EqualsTo": attribute("_category", f"v{n}")}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"AttributeFilter": {"AndAllFilters": [{"OrAllFilters": [{"NotFilter": leaf()}]}]}},
         "AttributeFilter depth is limited to 2."),
        ({"AttributeFilter": {"OrAllFilters": [leaf(n) for n in range(11)]}},
         "An AttributeFilter list holds at most 10 filters."),
        ({"AttributeFilter": {"EqualsTo": {"Key": "_category", "Value": {}}}},
         "Invalid AttributeFilter value."),
        ({"UserContext": {"Token": "t", "UserId": "u"}},
         "Give either a user token or user and group information, not both."),
    ],
)
def test_static_rules_answer_before_the_index_lookup(kendra, config, message):
    expect_error(
        lambda: kendra.get_query_suggestions(IndexId=UNKNOWN, QueryText="abc",
                                             AttributeSuggestionsConfig=config),
        "ValidationException", message,
    )


def test_a_wide_filter_is_refused_at_once(kendra, index_id):
    wide = {"OrAllFilters": [leaf(n) for n in range(5000)]}
    expect_error(
        lambda: suggestions(kendra, index_id, "abc", AttributeFilter=wide),
        "ValidationException", "An AttributeFilter list holds at most 10 filters.",
    )


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"AttributeFilter": {"EqualsTo": attribute("nope", "x")}},
         "Attribute nope is not an index field of a matching type."),
        ({"AttributeFilter": {"EqualsTo": {"Key": "_category", "Value": {"LongValue": 1}}}},
         "Attribute _category is not an index field of a matching type."),
        ({"UserContext": {"Token": '{"username": "u"}'}},
         "User tokens are not supported on this index."),
    ],
)
def test_rules_reading_the_index(kendra, index_id, config, message):
    expect_error(
        lambda: kendra.get_query_suggestions(IndexId=index_id, QueryText="abc",
                                             AttributeSuggestionsConfig=config),
        "ValidationException", message,
    )
