"""Query suggestions: block lists, the query suggestions config, GetQuerySuggestions, ids
drawn from the seeded generator, gating on the index status.  The query log is fed by real
Query calls.  Rules block lists share with FAQs and thesauri are in test_file_resources.py."""

from __future__ import annotations

from typing import Any

import pytest
from file_support import BLOCK_LIST, UNKNOWN, Files, bad_line, reseed, strip
from support import SERVER_MODE, doc, expect_error

TEXT = "reset password"
DEFAULTS = {
    "Mode": "ENABLED",
    "Status": "ACTIVE",
    "QueryLogLookBackWindowInDays": 180,
    "IncludeQueriesWithoutUserInformation": True,
    "MinimumNumberOfQueryingUsers": 3,
    "MinimumQueryCount": 5,
}


@pytest.fixture
def files(endpoint: str | None) -> Files:
    return Files(endpoint)


@pytest.fixture
def searchable(put_docs: Any) -> None:
    """Documents every query text of these tests finds (so each query has results)."""
    put_docs(doc("d", "kendra pricing plans: reset a password, see the costs"))


@pytest.fixture
def once(kendra: Any, index_id: str, searchable: None) -> None:
    """A text needs one query to be eligible (all else default)."""
    configure(kendra, index_id, MinimumQueryCount=1)


def search(kendra: Any, index_id: str, text: str, times: int = 1, **extra: Any) -> None:
    for _ in range(times):
        kendra.query(IndexId=index_id, QueryText=text, **extra)


def suggest(kendra: Any, index_id: str, text: str, **extra: Any) -> list[str]:
    response = kendra.get_query_suggestions(IndexId=index_id, QueryText=text, **extra)
    return [s["Value"]["Text"]["Text"] for s in response["Suggestions"]]


def configure(kendra: Any, index_id: str, **given: Any) -> dict[str, Any]:
    return strip(kendra.update_query_suggestions_config(IndexId=index_id, **given))


def described(kendra: Any, index_id: str) -> dict[str, Any]:
    return strip(kendra.describe_query_suggestions_config(IndexId=index_id))


# -- the config ----------------------------------------------------------------------------


def test_config_starts_with_the_defaults(kendra, index_id):
    assert described(kendra, index_id) == {**DEFAULTS, "TotalSuggestionsCount": 0}


def test_update_replaces_only_the_given_members(kendra, index_id):
    assert configure(kendra, index_id, MinimumQueryCount=2, Mode="LEARN_ONLY") == {}
    configure(kendra, index_id, IncludeQueriesWithoutUserInformation=False)
    assert described(kendra, index_id) == {
        **DEFAULTS, "MinimumQueryCount": 2, "Mode": "LEARN_ONLY",
        "IncludeQueriesWithoutUserInformation": False, "TotalSuggestionsCount": 0,
    }


def test_attribute_suggestions_config_is_stored_as_given(kendra, index_id):
    attribute_config = {
        "SuggestableConfigList": [{"AttributeName": "_category", "Suggestable": True}],
        "AttributeSuggestionsMode": "ACTIVE",
    }
    configure(kendra, index_id, AttributeSuggestionsConfig=attribute_config)
    assert described(kendra, index_id)["AttributeSuggestionsConfig"] == attribute_config


def test_total_suggestions_count_counts_eligible_texts(kendra, index_id, searchable):
    search(kendra, index_id, TEXT, times=5)
    search(kendra, index_id, "kendra pricing", times=4)
    assert described(kendra, index_id)["TotalSuggestionsCount"] == 1


def test_clear_empties_the_query_log_and_records_the_time(kendra, index_id, once):
    search(kendra, index_id, TEXT)
    assert "LastClearTime" not in described(kendra, index_id)
    assert strip(kendra.clear_query_suggestions(IndexId=index_id)) == {}
    config = described(kendra, index_id)
    assert config["TotalSuggestionsCount"] == 0
    assert "LastClearTime" in config
    assert suggest(kendra, index_id, "reset") == []


def test_config_operations_need_a_present_index(kendra):
    message = f"Index {UNKNOWN} does not exist."
    for call in (
        lambda: kendra.describe_query_suggestions_config(IndexId=UNKNOWN),
        lambda: kendra.update_query_suggestions_config(IndexId=UNKNOWN, MinimumQueryCount=1),
        lambda: kendra.clear_query_suggestions(IndexId=UNKNOWN),
        lambda: kendra.get_query_suggestions(IndexId=UNKNOWN, QueryText="reset"),
    ):
        expect_error(call, "ResourceNotFoundException", message)


def test_writes_and_suggestions_wait_for_a_ready_index(kendra, make_index, transition):
    transition("kendra::index", progression="manual", times=5)
    index = make_index("creating")
    message = f"Index {index} is CREATING and cannot serve this request."
    for call in (
        lambda: kendra.update_query_suggestions_config(IndexId=index, MinimumQueryCount=1),
        lambda: kendra.clear_query_suggestions(IndexId=index),
        lambda: kendra.get_query_suggestions(IndexId=index, QueryText="reset"),
    ):
        expect_error(call, "ConflictException", message)
    assert described(kendra, index)["MinimumQueryCount"] == 5  # Describe answers, unchanged


# -- GetQuerySuggestions -----------------------------------------------------------------------


def test_suggestions_carry_an_id_and_the_text_with_the_input_highlighted(
    kendra, index_id, once
):
    search(kendra, index_id, TEXT)
    response = strip(kendra.get_query_suggestions(IndexId=index_id, QueryText="  RESET pa "))
    assert set(response) == {"QuerySuggestionsId", "Suggestions"}
    [suggestion] = response["Suggestions"]
    assert set(suggestion) == {"Id", "Value"}
    assert suggestion["Value"] == {
        "Text": {"Text": TEXT, "Highlights": [{"BeginOffset": 0, "EndOffset": 8}]}
    }


def test_ids_are_drawn_from_the_seeded_generator(kendra, index_id, once, endpoint):
    search(kendra, index_id, TEXT)
    answers = []
    for _ in range(2):
        reseed(endpoint, 31)
        response = kendra.get_query_suggestions(IndexId=index_id, QueryText="reset")
        answers.append((response["QuerySuggestionsId"], response["Suggestions"][0]["Id"]))
    assert answers[0] == answers[1]
    assert answers[0][0] != answers[0][1]


def test_a_text_needs_minimum_query_count_queries(kendra, index_id, searchable):
    search(kendra, index_id, TEXT, times=4)
    assert suggest(kendra, index_id, "reset") == []
    search(kendra, index_id, TEXT)
    assert suggest(kendra, index_id, "reset") == [TEXT]


def test_queries_without_results_do_not_count(kendra, index_id, once):
    search(kendra, index_id, "unknown words")
    assert suggest(kendra, index_id, "unknown") == []


def test_a_text_needs_a_token_longer_than_four_characters(kendra, index_id, once):
    search(kendra, index_id, "cost")
    search(kendra, index_id, "costs")
    assert suggest(kendra, index_id, "co") == ["costs"]


def test_texts_group_case_insensitively_and_show_as_first_issued(kendra, index_id, searchable):
    configure(kendra, index_id, MinimumQueryCount=2)
    search(kendra, index_id, "  Reset Password ")
    search(kendra, index_id, "reset PASSWORD")
    assert suggest(kendra, index_id, "reset") == ["Reset Password"]


def test_only_texts_starting_with_the_input_are_suggested(kendra, index_id, once):
    search(kendra, index_id, TEXT)
    search(kendra, index_id, "password reset")
    assert suggest(kendra, index_id, "reset") == [TEXT]
    assert suggest(kendra, index_id, "password") == ["password reset"]


def test_suggestions_order_by_count_then_text(kendra, index_id, once):
    search(kendra, index_id, "kendra pricing")
    search(kendra, index_id, "kendra plans", times=2)
    search(kendra, index_id, "kendra password")
    assert suggest(kendra, index_id, "kendra") == [
        "kendra plans", "kendra password", "kendra pricing"
    ]


def test_at_most_ten_suggestions_or_fewer_when_asked(kendra, index_id, once):
    texts = [f"kendra plan {n:02d}" for n in range(12)]
    for text in texts:
        search(kendra, index_id, text)
    assert suggest(kendra, index_id, "kendra") == texts[:10]
    assert suggest(kendra, index_id, "kendra", MaxSuggestionsCount=50) == texts[:10]
    assert suggest(kendra, index_id, "kendra", MaxSuggestionsCount=3) == texts[:3]
    assert suggest(kendra, index_id, "kendra", MaxSuggestionsCount=0) == []


def test_learn_only_suggests_nothing_but_keeps_learning(kendra, index_id, once):
    configure(kendra, index_id, Mode="LEARN_ONLY")
    search(kendra, index_id, TEXT)
    assert suggest(kendra, index_id, "reset") == []
    configure(kendra, index_id, Mode="ENABLED")
    assert suggest(kendra, index_id, "reset") == [TEXT]


def test_input_of_2_to_60_characters_is_served(kendra, index_id, once):
    longest = "kendra " + "x" * 53
    search(kendra, index_id, longest)
    search(kendra, index_id, longest + "y")
    assert suggest(kendra, index_id, "k") == []
    assert suggest(kendra, index_id, " ke ") == [longest, longest + "y"]
    assert suggest(kendra, index_id, longest) == [longest, longest + "y"]
    assert suggest(kendra, index_id, longest + "y") == []


@pytest.mark.parametrize(
    ("types", "served"),
    [(["DOCUMENT_ATTRIBUTES"], False), (["QUERY"], True),
     (["DOCUMENT_ATTRIBUTES", "QUERY"], True)],
)
def test_only_attribute_suggestion_types_suggest_nothing(kendra, index_id, once, types, served):
    search(kendra, index_id, TEXT)
    assert suggest(kendra, index_id, "reset", SuggestionTypes=types) == ([TEXT] if served else [])


def test_without_anonymous_queries_a_text_needs_enough_distinct_users(
    kendra, index_id, once
):
    configure(kendra, index_id, IncludeQueriesWithoutUserInformation=False,
              MinimumNumberOfQueryingUsers=2)
    search(kendra, index_id, TEXT, times=2, UserContext={"UserId": "ana"})
    search(kendra, index_id, TEXT, times=2)  # no user information
    assert suggest(kendra, index_id, "reset") == []
    search(kendra, index_id, TEXT, VisitorId="visitor-7")
    assert suggest(kendra, index_id, "reset") == [TEXT]


def test_with_anonymous_queries_users_are_not_counted(kendra, index_id, once):
    configure(kendra, index_id, MinimumNumberOfQueryingUsers=5)
    search(kendra, index_id, TEXT)
    assert suggest(kendra, index_id, "reset") == [TEXT]


def test_queries_outside_the_look_back_window_do_not_count(kendra, index_id, once):
    search(kendra, index_id, TEXT)
    configure(kendra, index_id, QueryLogLookBackWindowInDays=0)
    assert suggest(kendra, index_id, "reset") == []
    assert described(kendra, index_id)["TotalSuggestionsCount"] == 0


def test_a_query_drops_logged_queries_outside_the_window_for_good(kendra, index_id, once):
    search(kendra, index_id, TEXT)
    configure(kendra, index_id, QueryLogLookBackWindowInDays=0)
    search(kendra, index_id, "kendra pricing")  # logging it drops the older entries
    configure(kendra, index_id, QueryLogLookBackWindowInDays=180)
    assert suggest(kendra, index_id, "reset") == []
    assert suggest(kendra, index_id, "kendra") == ["kendra pricing"]


@pytest.mark.skipif(SERVER_MODE, reason="the cap is lowered in this process only")
def test_the_query_log_keeps_only_the_latest_queries(kendra, index_id, once, monkeypatch):
    monkeypatch.setattr("moto_kendra.query.log.MAX_LOGGED_QUERIES", 2)
    search(kendra, index_id, TEXT)
    search(kendra, index_id, "kendra pricing")
    assert suggest(kendra, index_id, "reset") == [TEXT]
    search(kendra, index_id, "kendra plans")
    assert suggest(kendra, index_id, "reset") == []
    assert suggest(kendra, index_id, "kendra") == ["kendra plans", "kendra pricing"]


# -- block lists -------------------------------------------------------------------------------


def test_block_list_describe_and_list_count_the_phrases(kendra, index_id, files):
    body = "secret plans\n\n  internal  \nsecret plans\n"
    block_list = BLOCK_LIST.create(kendra, index_id, files.put(body))
    block = BLOCK_LIST.describe(kendra, index_id, block_list)
    assert (block["ItemCount"], block["FileSizeBytes"]) == (3, len(body.encode()))
    assert BLOCK_LIST.items(kendra, index_id)[0]["ItemCount"] == 3


def test_a_failed_block_list_describes_no_counts(kendra, index_id, files):
    path = files.put(b"fine\n\xff\n")
    block = BLOCK_LIST.describe(kendra, index_id, BLOCK_LIST.create(kendra, index_id, path))
    assert (block["Status"], block["ErrorMessage"]) == (
        "FAILED", bad_line(path, 2, "not valid UTF-8")
    )
    assert not {"ItemCount", "FileSizeBytes"} & set(block)
    assert "ItemCount" not in BLOCK_LIST.items(kendra, index_id)[0]


def test_a_suggestion_containing_a_blocked_phrase_is_never_returned(
    kendra, index_id, once, files
):
    for text in ("kendra secret plans", "Kendra SECRET plan now", "kendra plans secret"):
        search(kendra, index_id, text)
    BLOCK_LIST.create(kendra, index_id, files.put("secret plan\n"))
    assert suggest(kendra, index_id, "kendra") == ["kendra plans secret"]


def test_blocking_matches_whole_words(kendra, index_id, once, files):
    search(kendra, index_id, "kendra wholesale")
    search(kendra, index_id, "kendra sales")
    BLOCK_LIST.create(kendra, index_id, files.put("sale\n"))
    assert suggest(kendra, index_id, "kendra") == ["kendra wholesale"]


def test_only_an_active_block_list_blocks(kendra, index_id, once, files, transition):
    search(kendra, index_id, TEXT)
    transition(BLOCK_LIST.model, progression="manual", times=1)
    block_list = BLOCK_LIST.create(kendra, index_id, files.put("password\n"))
    assert suggest(kendra, index_id, "reset") == [TEXT]  # CREATING
    assert BLOCK_LIST.status(kendra, index_id, block_list) == "ACTIVE"
    assert suggest(kendra, index_id, "reset") == []
    BLOCK_LIST.delete(kendra, index_id, block_list)
    assert suggest(kendra, index_id, "reset") == [TEXT]  # DELETING


def test_update_rereads_the_blocked_phrases(kendra, index_id, once, files):
    search(kendra, index_id, TEXT)
    search(kendra, index_id, "reset costs")
    block_list = BLOCK_LIST.create(kendra, index_id, files.put("password\n"))
    assert suggest(kendra, index_id, "reset") == ["reset costs"]
    BLOCK_LIST.update(kendra, index_id, block_list, SourceS3Path=files.put("costs\nplans\n"))
    assert BLOCK_LIST.describe(kendra, index_id, block_list)["ItemCount"] == 2
    assert suggest(kendra, index_id, "reset") == [TEXT]
