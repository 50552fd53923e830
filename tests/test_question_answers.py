"""QUESTION_ANSWER items of Query as the live service returns them, and the rules a pair
passes (AttributeFilter over its attributes, language, its ACL), facets over pairs, and
the typed attributes and ACL columns of FAQ files."""

from __future__ import annotations

import json
from typing import Any

import pytest
from file_support import FAQ, Files, bad_line
from support import doc

HEADER = "_question,_answer,_source_uri,team,year,tags,reviewed"


@pytest.fixture
def files(endpoint: str | None) -> Files:
    return Files(endpoint)


@pytest.fixture
def fields(kendra: Any, index_id: str) -> str:
    """The index with fields team, year, tags, reviewed (facetable) and secret (hidden)."""
    kinds = {"team": "STRING_VALUE", "year": "LONG_VALUE", "tags": "STRING_LIST_VALUE",
             "reviewed": "DATE_VALUE"}
    updates = [{"Name": name, "Type": kind, "Search": {"Facetable": True, "Displayable": True}}
               for name, kind in kinds.items()]
    updates.append({"Name": "secret", "Type": "STRING_VALUE", "Search": {"Displayable": False}})
    kendra.update_index(Id=index_id, DocumentMetadataConfigurationUpdates=updates)
    return index_id


def faq(kendra: Any, index_id: str, files: Files, body: str, **extra: Any) -> str:
    faq_id = FAQ.create(kendra, index_id, files.put(body), **extra)
    described = FAQ.describe(kendra, index_id, faq_id)
    assert described["Status"] == "ACTIVE", described.get("ErrorMessage")
    return faq_id


def failure(kendra: Any, index_id: str, files: Files, body: str, **extra: Any) -> tuple[
        dict[str, str], str | None]:
    path = files.put(body)
    faq_id = FAQ.create(kendra, index_id, path, **extra)
    described = FAQ.describe(kendra, index_id, faq_id)
    assert described["Status"] == "FAILED"
    return path, described.get("ErrorMessage")


def qa_items(kendra: Any, index_id: str, text: str, **extra: Any) -> list[dict[str, Any]]:
    items = kendra.query(IndexId=index_id, QueryText=text, **extra)["ResultItems"]
    return [item for item in items if item["Type"] == "QUESTION_ANSWER"]


def texts(item: dict[str, Any]) -> dict[str, Any]:
    return {a["Key"]: a["Value"]["TextWithHighlightsValue"] for a in item["AdditionalAttributes"]}


def questions(items: list[dict[str, Any]]) -> list[str]:
    return [texts(item)["QuestionText"]["Text"] for item in items]


def standard(begin: int, end: int) -> dict[str, Any]:
    return {"BeginOffset": begin, "EndOffset": end, "TopAnswer": False, "Type": "STANDARD"}


# -- the item -------------------------------------------------------------------------------


def test_item_as_the_live_service_returns_it(kendra, fields, files):
    body = (f"{HEADER},secret\n"
            "What is Kendra?,A search service.,,,,,,\n"
            "How do I reset my password?,Use the reset link.,https://example.com/reset,"
            "search,2024,\"a, b\",2024-05-01T10:00:00Z,hush\n")
    faq_id = faq(kendra, fields, files, body, FileFormat="CSV_WITH_HEADER")
    response = kendra.query(IndexId=fields, QueryText="How do I reset my password")
    [item] = response["ResultItems"]
    assert item["Id"].startswith(response["QueryId"] + "-")
    assert item["FeedbackToken"] == f"{response['QueryId']}.{item['Id']}"
    del item["Id"], item["FeedbackToken"]
    question = "How do I reset my password?"
    assert item == {
        "Type": "QUESTION_ANSWER",
        "Format": "TEXT",
        "AdditionalAttributes": [
            {"Key": "QuestionText", "ValueType": "TEXT_WITH_HIGHLIGHTS_VALUE",
             "Value": {"TextWithHighlightsValue": {"Text": question, "Highlights": [
                 standard(question.index("reset"), question.index("reset") + 5),
                 standard(question.index("password"), question.index("password") + 8)]}}},
            {"Key": "AnswerText", "ValueType": "TEXT_WITH_HIGHLIGHTS_VALUE",
             "Value": {"TextWithHighlightsValue": {"Text": "Use the reset link.",
                                                   "Highlights": []}}},
        ],
        "DocumentId": f"{faq_id}-2",
        "DocumentTitle": {"Text": ""},
        "DocumentExcerpt": {"Text": "Use the reset link.", "Highlights": [standard(0, 19)]},
        "DocumentURI": "https://example.com/reset",
        "DocumentAttributes": [
            {"Key": "_source_uri", "Value": {"StringValue": "https://example.com/reset"}},
            {"Key": "team", "Value": {"StringValue": "search"}},
            {"Key": "year", "Value": {"LongValue": 2024}},
            {"Key": "tags", "Value": {"StringListValue": ["a", "b"]}},
            {"Key": "reviewed", "Value": {"DateValue": item["DocumentAttributes"][4]["Value"][
                "DateValue"]}},
        ],
        "ScoreAttributes": {"ScoreConfidence": "VERY_HIGH"},
    }
    assert item["DocumentAttributes"][4]["Value"]["DateValue"].isoformat() == (
        "2024-05-01T10:00:00+00:00")


def test_requested_attributes_narrow_the_pair_attributes(kendra, fields, files):
    body = f"{HEADER}\nReset password?,Use the link.,https://x.example/r,search,7,,\n"
    faq(kendra, fields, files, body, FileFormat="CSV_WITH_HEADER")
    [item] = qa_items(kendra, fields, "reset password", RequestedDocumentAttributes=["year"])
    assert item["DocumentAttributes"] == [{"Key": "year", "Value": {"LongValue": 7}}]


def test_question_is_cut_to_200_characters_with_its_highlights(kendra, index_id, files):
    question = "word " * 39 + "reset password"  # "reset" 195-200, "password" 201-209
    faq(kendra, index_id, files, f"{question},Use the link.\n")
    [item] = qa_items(kendra, index_id, "reset password")
    assert texts(item)["QuestionText"] == {"Text": question[:200],
                                           "Highlights": [standard(195, 200)]}


def test_a_long_answer_excerpt_is_cut_at_287(kendra, index_id, files):
    long_answer, exact = "y" * 291, "z" * 290
    faq(kendra, index_id, files, f"Reset password?,{long_answer}\nReset router?,{exact}\n")
    first, second = qa_items(kendra, index_id, "reset password router")
    assert first["DocumentExcerpt"] == {"Text": "y" * 287 + "...",
                                        "Highlights": [standard(0, 287)]}
    assert texts(first)["AnswerText"] == {"Text": long_answer, "Highlights": []}
    assert second["DocumentExcerpt"] == {"Text": exact, "Highlights": [standard(0, 290)]}


def test_a_pair_without_url_has_no_document_uri(kendra, fields, files):
    body = {"SchemaVersion": 1, "FaqDocuments": [
        {"Question": "Reset password?", "Answer": "Use the link."}]}
    faq(kendra, fields, files, json.dumps(body), FileFormat="JSON")
    [item] = qa_items(kendra, fields, "reset password")
    assert "DocumentURI" not in item
    assert item["DocumentAttributes"] == []


def test_confidence_bins_never_low(kendra, index_id, files):
    faq(kendra, index_id, files, "Alpha beta gamma delta?,Answer one.\n")
    bins = {}
    for text in ("alpha beta gamma delta", "alpha beta gamma omega", "alpha beta omega zeta"):
        [item] = qa_items(kendra, index_id, text)
        bins[text] = item["ScoreAttributes"]["ScoreConfidence"]
    assert bins == {"alpha beta gamma delta": "VERY_HIGH", "alpha beta gamma omega": "HIGH",
                    "alpha beta omega zeta": "MEDIUM"}
    assert qa_items(kendra, index_id, "alpha omega zeta") == []  # 1 of 3 is under half


# -- ranking, the first 4, counting ------------------------------------------------------------


def test_first_four_by_bm25_ties_by_faq_then_file_order(kendra, index_id, files):
    first = faq(kendra, index_id, files, "Reset?,A1.\nReset now?,A2.\nReset reset?,A3.\n")
    second = faq(kendra, index_id, files, "Reset?,B1.\nReset it?,B2.\n")
    response = kendra.query(IndexId=index_id, QueryText="reset")
    # "Reset reset?" scores most; the one-word questions next (shortest); then two-word ones
    assert [item["DocumentId"] for item in response["ResultItems"]] == [
        f"{first}-3", f"{first}-1", f"{second}-1", f"{first}-2"]
    assert response["TotalNumberOfResults"] == 4


def test_facets_count_every_surviving_pair(kendra, fields, files, put_docs):
    rows = "".join(f"Reset password {n}?,A{n}.,,search,{n},,\n" for n in range(5))
    faq(kendra, fields, files, f"{HEADER}\n{rows}", FileFormat="CSV_WITH_HEADER")
    put_docs(doc("d", "reset password", Attributes=[
        {"Key": "team", "Value": {"StringValue": "docs"}}]))
    response = kendra.query(IndexId=fields, QueryText="reset password",
                            Facets=[{"DocumentAttributeKey": "team"}])
    assert len(qa_items(kendra, fields, "reset password")) == 4
    assert response["TotalNumberOfResults"] == 5
    assert response["FacetResults"][0]["DocumentAttributeValueCountPairs"] == [
        {"DocumentAttributeValue": {"StringValue": "search"}, "Count": 5},
        {"DocumentAttributeValue": {"StringValue": "docs"}, "Count": 1}]
    only_documents = kendra.query(IndexId=fields, QueryText="reset password",
                                  QueryResultTypeFilter="DOCUMENT",
                                  Facets=[{"DocumentAttributeKey": "team"}])
    assert only_documents["FacetResults"][0]["DocumentAttributeValueCountPairs"] == [
        {"DocumentAttributeValue": {"StringValue": "docs"}, "Count": 1}]
    assert only_documents["TotalNumberOfResults"] == 1


def test_result_type_filter_keeps_only_pairs(kendra, index_id, files, put_docs):
    faq(kendra, index_id, files, "Reset password?,Use the link.\n")
    put_docs(doc("d", "reset password"))
    response = kendra.query(IndexId=index_id, QueryText="reset password",
                            QueryResultTypeFilter="QUESTION_ANSWER")
    assert [item["Type"] for item in response["ResultItems"]] == ["QUESTION_ANSWER"]
    assert response["TotalNumberOfResults"] == 1


def test_answer_then_question_answer_then_documents(kendra, index_id, files, put_docs):
    faq(kendra, index_id, files, "Reset password?,Use the link.\n")
    put_docs(doc("d", "Reset your password here."))
    response = kendra.query(IndexId=index_id, QueryText="how do I reset my password")
    assert [item["Type"] for item in response["ResultItems"]] == [
        "ANSWER", "QUESTION_ANSWER", "DOCUMENT"]
    assert response["TotalNumberOfResults"] == 3
    page = kendra.query(IndexId=index_id, QueryText="how do I reset my password",
                        PageSize=1, PageNumber=2)
    assert [item["Type"] for item in page["ResultItems"]] == ["QUESTION_ANSWER"]


# -- filters, language, access ----------------------------------------------------------------


def test_attribute_filter_reads_pair_attributes(kendra, fields, files):
    body = (f"{HEADER}\nReset password?,A1.,https://x.example/1,search,2020,\"a,b\",\n"
            "Reset password now?,A2.,,docs,2024,b,2024-01-01\n")
    faq(kendra, fields, files, body, FileFormat="CSV_WITH_HEADER")

    def answers(node: dict[str, Any]) -> list[str]:
        found = qa_items(kendra, fields, "reset password", AttributeFilter=node)
        return [texts(item)["AnswerText"]["Text"] for item in found]

    assert answers({"EqualsTo": {"Key": "team", "Value": {"StringValue": "docs"}}}) == ["A2."]
    assert answers({"GreaterThan": {"Key": "year", "Value": {"LongValue": 2021}}}) == ["A2."]
    assert answers({"ContainsAll": {"Key": "tags", "Value": {"StringListValue": ["a", "b"]}}}
                   ) == ["A1."]
    assert answers({"EqualsTo": {"Key": "_source_uri",
                                 "Value": {"StringValue": "https://x.example/1"}}}) == ["A1."]
    assert answers({"NotFilter": {"EqualsTo": {"Key": "reviewed", "Value": {
        "DateValue": "2024-01-01T00:00:00Z"}}}}) == ["A1."]


def test_only_english_faqs_answer_unless_the_filter_names_the_language(kendra, index_id, files):
    faq(kendra, index_id, files, "Reset password?,Utilisez le lien.\n", LanguageCode="fr")
    assert qa_items(kendra, index_id, "reset password") == []
    french = {"EqualsTo": {"Key": "_language_code", "Value": {"StringValue": "fr"}}}
    [item] = qa_items(kendra, index_id, "reset password", AttributeFilter=french)
    assert texts(item)["AnswerText"]["Text"] == "Utilisez le lien."


ACL_BODY = (
    "_question,_answer,_acl_user_allow,_acl_user_deny,_acl_group_allow,_acl_group_deny\n"
    "Reset password public?,Public.,,,,\n"
    "Reset password alice?,Alice.,\" alice , ,\",,,\n"
    "Reset password admins?,Admins.,,,admins,\n"
    "Reset password not bob?,Not bob.,,bob,staff,\n"
)


def _visible(kendra: Any, index_id: str, **extra: Any) -> list[str]:
    found = qa_items(kendra, index_id, "reset password", **extra)
    return sorted(texts(item)["AnswerText"]["Text"] for item in found)


def test_acl_columns_decide_who_sees_a_pair(kendra, index_id, files):
    faq(kendra, index_id, files, ACL_BODY, FileFormat="CSV_WITH_HEADER")
    # ATTRIBUTE_FILTER index without a user context: ACLs ignored
    assert _visible(kendra, index_id) == ["Admins.", "Alice.", "Not bob.", "Public."]
    assert _visible(kendra, index_id, UserContext={"UserId": "alice"}) == ["Alice.", "Public."]
    assert _visible(kendra, index_id, UserContext={"UserId": "carol", "Groups": [
        "admins", "staff"]}) == ["Admins.", "Not bob.", "Public."]
    assert _visible(kendra, index_id, UserContext={"UserId": "bob", "Groups": ["staff"]}
                    ) == ["Public."]


def test_group_principals_of_pairs_match_plain_groups_only(kendra, index_id, files,
                                                           make_data_source):
    source = make_data_source()
    faq(kendra, index_id, files, ACL_BODY, FileFormat="CSV_WITH_HEADER")
    scoped = {"DataSourceGroups": [{"GroupId": "admins", "DataSourceId": source}]}
    assert _visible(kendra, index_id, UserContext=scoped) == ["Public."]


def test_user_and_group_filter_leaves_test_the_pair_acl(kendra, index_id, files):
    faq(kendra, index_id, files, ACL_BODY, FileFormat="CSV_WITH_HEADER")
    user = {"EqualsTo": {"Key": "_user_id", "Value": {"StringValue": "alice"}}}
    assert _visible(kendra, index_id, AttributeFilter=user) == ["Alice.", "Public."]
    groups = {"ContainsAny": {"Key": "_group_ids", "Value": {"StringListValue": ["admins"]}}}
    assert _visible(kendra, index_id, AttributeFilter=groups) == ["Admins.", "Public."]


def test_json_access_control_list(kendra, index_id, files):
    body = {"SchemaVersion": 1, "FaqDocuments": [
        {"Question": "Reset password?", "Answer": "Admins.",
         "AccessControlList": [{"Name": "admins", "Type": "GROUP", "Access": "ALLOW"}]}]}
    faq(kendra, index_id, files, json.dumps(body), FileFormat="JSON")
    assert _visible(kendra, index_id, UserContext={"UserId": "x"}) == []
    assert _visible(kendra, index_id, UserContext={"Groups": ["admins"]}) == ["Admins."]


def test_user_token_index_shows_only_public_pairs_without_a_token(kendra, make_index, files):
    index_id = make_index("token", UserContextPolicy="USER_TOKEN")
    faq(kendra, index_id, files, ACL_BODY, FileFormat="CSV_WITH_HEADER")
    assert _visible(kendra, index_id) == ["Public."]


# -- FAQ files: typed attributes and ACL columns ------------------------------------------------

CSV_TYPED_ERRORS = {
    "unknown column": ("_question,_answer,nope\nQ,A,x\n", 1, "nope is not an index field"),
    "bad long": (f"{HEADER}\nQ,A,,,12a,,\n", 2, "year is not a valid LONG_VALUE"),
    "long past 64 bits": (f"{HEADER}\nQ,A,,,9223372036854775808,,\n", 2,
                          "year is not a valid LONG_VALUE"),
    "many digits": (f"{HEADER}\nQ,A,,,{'9' * 5000},,\n", 2, "year is not a valid LONG_VALUE"),
    "bad date": (f"{HEADER}\nQ,A,,,,,2024-13-01\n", 2, "reviewed is not a valid DATE_VALUE"),
    "allowed and denied": ("_question,_answer,_acl_user_allow,_acl_user_deny\n"
                           "Q,A,\"ann,bo\",bo\n", 2, "bo is both allowed and denied"),
}


def test_csv_with_header_cells_are_read_by_field_type(kendra, fields, files):
    for case, (body, line, reason) in CSV_TYPED_ERRORS.items():
        path, message = failure(kendra, fields, files, body, FileFormat="CSV_WITH_HEADER")
        assert message == bad_line(path, line, reason), case


def test_long_cells_take_a_sign(kendra, fields, files):
    faq(kendra, fields, files, f"{HEADER}\nReset password?,A,,,-9223372036854775808,,\n"
        "Reset password again?,B,,,+5,,\n", FileFormat="CSV_WITH_HEADER")
    values = [item["DocumentAttributes"] for item in qa_items(kendra, fields, "reset password")]
    assert values == [[{"Key": "year", "Value": {"LongValue": -(2**63)}}],
                      [{"Key": "year", "Value": {"LongValue": 5}}]]


def _entry(**members: Any) -> str:
    entry = {"Question": "q", "Answer": "a", **members}
    return json.dumps({"SchemaVersion": 1, "FaqDocuments": [entry]}, indent=1)


JSON_TYPED_ERRORS = {
    "unknown key": (_entry(Attributes={"nope": "x"}), "nope is not an index field"),
    "string for a long": (_entry(Attributes={"year": "2024"}), "year is not a valid LONG_VALUE"),
    "boolean": (_entry(Attributes={"year": True}), "year is not a valid LONG_VALUE"),
    "number for a string": (_entry(Attributes={"team": 5}), "team is not a valid STRING_VALUE"),
    "bad date": (_entry(Attributes={"reviewed": "soon"}), "reviewed is not a valid DATE_VALUE"),
    "list of numbers": (_entry(Attributes={"tags": [1]}),
                        "tags is not a valid STRING_LIST_VALUE"),
    "bad principal": (_entry(AccessControlList=[{"Name": "a", "Type": "ROLE",
                                                 "Access": "ALLOW"}]),
                      "AccessControlList must be a list of {Name, Type, Access}"),
    "acl not a list": (_entry(AccessControlList={}),
                       "AccessControlList must be a list of {Name, Type, Access}"),
    "allowed and denied": (_entry(AccessControlList=[
        {"Name": "g", "Type": "GROUP", "Access": "ALLOW"},
        {"Name": "g", "Type": "GROUP", "Access": "DENY"}]), "g is both allowed and denied"),
}


def test_json_attributes_must_fit_their_fields(kendra, fields, files):
    for case, (body, reason) in JSON_TYPED_ERRORS.items():
        path, message = failure(kendra, fields, files, body, FileFormat="JSON")
        assert message == bad_line(path, 4, reason), case  # the entry starts on line 4


def test_json_date_strings_become_dates(kendra, fields, files):
    body = {"SchemaVersion": 1, "FaqDocuments": [
        {"Question": "Reset password?", "Answer": "a",
         "Attributes": {"reviewed": "2024-02-03", "team": "2024-02-03"}}]}
    faq(kendra, fields, files, json.dumps(body), FileFormat="JSON")
    [item] = qa_items(kendra, fields, "reset password")
    reviewed, team = item["DocumentAttributes"]
    assert reviewed["Value"]["DateValue"].isoformat() == "2024-02-03T00:00:00+00:00"
    assert team == {"Key": "team", "Value": {"StringValue": "2024-02-03"}}


def test_hidden_fields_are_not_shown(kendra, fields, files):
    body = "_question,_answer,secret,team\nReset password?,a,hush,search\n"
    faq(kendra, fields, files, body, FileFormat="CSV_WITH_HEADER")
    [item] = qa_items(kendra, fields, "reset password")
    assert item["DocumentAttributes"] == [{"Key": "team", "Value": {"StringValue": "search"}}]
    secret = {"EqualsTo": {"Key": "secret", "Value": {"StringValue": "hush"}}}
    assert len(qa_items(kendra, fields, "reset password", AttributeFilter=secret)) == 1
