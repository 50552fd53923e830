"""Tagging of indexes and data sources, and the ARNs that name them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest
import requests
from moto.core import DEFAULT_ACCOUNT_ID
from support import REGION, ROLE, expect_error

TAG_LIMIT = 200
OTHER_REGION = "eu-west-1"
OTHER_ACCOUNT = "111122223333"


def arn(index_id: str, child: str | None = None, region: str = REGION,
        account: str = DEFAULT_ACCOUNT_ID) -> str:
    """A Kendra ARN: ``index/<IndexId>`` or ``index/<IndexId>/<type>/<Id>``."""
    return f"arn:aws:kendra:{region}:{account}:index/{index_id}" + (f"/{child}" if child else "")


def tags(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in pairs]


def listed(kendra: Any, resource: str) -> list[tuple[str, str]]:
    response = kendra.list_tags_for_resource(ResourceARN=resource)
    return [(t["Key"], t["Value"]) for t in response["Tags"]]


def many(count: int, start: int = 0) -> list[tuple[str, str]]:
    return [(f"key-{n}", f"value-{n}") for n in range(start, start + count)]


@pytest.fixture
def reseed(endpoint: str | None) -> Callable[[int], None]:
    """Seed moto's id generator (``/moto-api/seed``) so a removed resource's id comes back."""

    def seed(value: int) -> None:
        if endpoint is None:
            from moto.moto_api._internal import mock_random

            mock_random.seed(value)
        else:
            requests.post(f"{endpoint}/moto-api/seed?a={value}", timeout=30).raise_for_status()

    return seed


@pytest.fixture
def index_arn(index_id: str) -> str:
    return arn(index_id)


@pytest.fixture
def source_arn(index_id: str, make_data_source: Any) -> str:
    return arn(index_id, f"data-source/{make_data_source()}")


@pytest.fixture(params=["index", "data-source"])
def resource(request: Any) -> str:
    """The ARN of each taggable resource this project has: an index and a data source."""
    return str(request.getfixturevalue("index_arn" if request.param == "index" else "source_arn"))


OPERATIONS: dict[str, Callable[[Any, str], Any]] = {
    "TagResource": lambda k, r: k.tag_resource(ResourceARN=r, Tags=tags(("k", "v"))),
    "UntagResource": lambda k, r: k.untag_resource(ResourceARN=r, TagKeys=["k"]),
    "ListTagsForResource": lambda k, r: k.list_tags_for_resource(ResourceARN=r),
}


# -- TagResource / ListTagsForResource --------------------------------------------------


def test_tag_resource_returns_an_empty_object(kendra, resource):
    response = kendra.tag_resource(ResourceARN=resource, Tags=tags(("team", "search")))
    response.pop("ResponseMetadata")
    assert response == {}


def test_untagged_resource_lists_an_empty_tag_list(kendra, resource):
    response = kendra.list_tags_for_resource(ResourceARN=resource)
    assert response["Tags"] == []


def test_tags_list_in_order_of_first_setting(kendra, resource):
    first, second = [("zeta", "1"), ("alpha", "2")], [("mid", "3")]
    kendra.tag_resource(ResourceARN=resource, Tags=tags(*first))
    kendra.tag_resource(ResourceARN=resource, Tags=tags(*second))
    assert listed(kendra, resource) == first + second


def test_existing_key_takes_the_new_value_and_keeps_its_place(kendra, resource):
    kendra.tag_resource(ResourceARN=resource, Tags=tags(("a", "1"), ("b", "2")))
    kendra.tag_resource(ResourceARN=resource, Tags=tags(("a", "changed"), ("c", "3")))
    assert listed(kendra, resource) == [("a", "changed"), ("b", "2"), ("c", "3")]


def test_last_duplicate_in_a_call_wins(kendra, resource):
    kendra.tag_resource(ResourceARN=resource, Tags=tags(("k", "first"), ("x", "1"), ("k", "last")))
    assert listed(kendra, resource) == [("k", "last"), ("x", "1")]


def test_keys_are_case_sensitive(kendra, resource):
    given = [("Env", "prod"), ("env", "dev"), ("ENV", "test")]
    kendra.tag_resource(ResourceARN=resource, Tags=tags(*given))
    assert listed(kendra, resource) == given


def test_empty_values_are_kept(kendra, resource):
    kendra.tag_resource(ResourceARN=resource, Tags=tags(("flag", "")))
    assert listed(kendra, resource) == [("flag", "")]


def test_tags_of_an_index_and_its_data_source_are_separate(kendra, index_arn, source_arn):
    kendra.tag_resource(ResourceARN=index_arn, Tags=tags(("owner", "index")))
    kendra.tag_resource(ResourceARN=source_arn, Tags=tags(("owner", "source")))
    assert (listed(kendra, index_arn), listed(kendra, source_arn)) == (
        [("owner", "index")],
        [("owner", "source")],
    )


@pytest.mark.parametrize("key", ["aws:team", "AWS:team", "Aws:team", "aWs:"])
def test_keys_starting_with_aws_colon_in_any_case_are_rejected(kendra, resource, key):
    expect_error(
        lambda: kendra.tag_resource(ResourceARN=resource, Tags=tags(("good", "1"), (key, "2"))),
        "ValidationException",
        "Tag keys may not start with aws:.",
    )
    assert listed(kendra, resource) == []  # nothing applied


@pytest.mark.parametrize("key", ["aws", "awsome", "team:aws:x"])
def test_keys_merely_containing_aws_are_allowed(kendra, resource, key):
    kendra.tag_resource(ResourceARN=resource, Tags=tags((key, "v")))
    assert listed(kendra, resource) == [(key, "v")]


def test_aws_prefix_is_checked_before_the_resource_lookup(kendra):
    absent = arn("0" * 36)
    expect_error(
        lambda: kendra.tag_resource(ResourceARN=absent, Tags=tags(("aws:x", "1"))),
        "ValidationException",
        "Tag keys may not start with aws:.",
    )


def test_up_to_200_tags_after_the_merge_are_accepted(kendra, resource):
    first = many(TAG_LIMIT - 50)
    overlapping = many(60, start=len(first) - 10)  # 10 existing keys, 50 new ones
    kendra.tag_resource(ResourceARN=resource, Tags=tags(*first))
    kendra.tag_resource(ResourceARN=resource, Tags=tags(*overlapping))
    assert len(listed(kendra, resource)) == TAG_LIMIT
    kendra.tag_resource(ResourceARN=resource, Tags=tags(("key-0", "re-set")))  # no new key
    assert listed(kendra, resource)[0] == ("key-0", "re-set")


def test_more_than_200_tags_after_the_merge_are_rejected(kendra, resource):
    kendra.tag_resource(ResourceARN=resource, Tags=tags(*many(TAG_LIMIT - 1)))
    extra = tags(("key-0", "changed"), *many(2, start=TAG_LIMIT))
    expect_error(
        lambda: kendra.tag_resource(ResourceARN=resource, Tags=extra),
        "ValidationException",
        f"A resource can have at most {TAG_LIMIT} tags.",
    )
    assert listed(kendra, resource) == many(TAG_LIMIT - 1)  # nothing applied


# -- Tags on create ---------------------------------------------------------------------


def test_create_index_tags_are_listed(kendra):
    given = [("b", "1"), ("a", "2"), ("b", "3")]
    index = kendra.create_index(Name="tagged", RoleArn=ROLE, Tags=tags(*given))["Id"]
    assert listed(kendra, arn(index)) == [("b", "3"), ("a", "2")]


def test_create_data_source_tags_are_listed(kendra, index_id):
    given = [("x", "1"), ("y", "2")]
    source = kendra.create_data_source(
        Name="tagged", IndexId=index_id, Type="CUSTOM", Tags=tags(*given)
    )["Id"]
    assert listed(kendra, arn(index_id, f"data-source/{source}")) == given


def test_create_index_with_an_aws_key_creates_nothing(kendra):
    expect_error(
        lambda: kendra.create_index(Name="x", RoleArn=ROLE, Tags=tags(("AWS:x", "1"))),
        "ValidationException",
        "Tag keys may not start with aws:.",
    )
    assert kendra.list_indices()["IndexConfigurationSummaryItems"] == []


def test_create_data_source_with_an_aws_key_creates_nothing(kendra, index_id):
    expect_error(
        lambda: kendra.create_data_source(
            Name="x", IndexId=index_id, Type="CUSTOM", Tags=tags(("aws:x", "1"))
        ),
        "ValidationException",
        "Tag keys may not start with aws:.",
    )
    assert kendra.list_data_sources(IndexId=index_id)["SummaryItems"] == []


# -- UntagResource ----------------------------------------------------------------------


def test_untag_removes_given_keys_ignores_absent_ones(kendra, resource):
    kendra.tag_resource(ResourceARN=resource, Tags=tags(("a", "1"), ("b", "2"), ("c", "3")))
    response = kendra.untag_resource(ResourceARN=resource, TagKeys=["b", "absent", "A"])
    response.pop("ResponseMetadata")
    assert response == {}
    assert listed(kendra, resource) == [("a", "1"), ("c", "3")]


def test_untag_of_an_untagged_resource_is_a_no_op(kendra, resource):
    kendra.untag_resource(ResourceARN=resource, TagKeys=["absent"])
    assert listed(kendra, resource) == []


def test_a_key_set_again_after_untag_goes_last(kendra, resource):
    kendra.tag_resource(ResourceARN=resource, Tags=tags(("a", "1"), ("b", "2")))
    kendra.untag_resource(ResourceARN=resource, TagKeys=["a"])
    kendra.tag_resource(ResourceARN=resource, Tags=tags(("a", "again")))
    assert listed(kendra, resource) == [("b", "2"), ("a", "again")]


def test_untag_frees_room_under_the_limit(kendra, resource):
    kendra.tag_resource(ResourceARN=resource, Tags=tags(*many(TAG_LIMIT)))
    kendra.untag_resource(ResourceARN=resource, TagKeys=["key-0"])
    kendra.tag_resource(ResourceARN=resource, Tags=tags(("new", "1")))
    assert len(listed(kendra, resource)) == TAG_LIMIT


# -- which ARNs --------------------------------------------------------------------------


NOT_TAGGABLE = {
    "experience": lambda index: arn(index, "experience/" + "e" * 36),
    "access-control-configuration": lambda index: arn(
        index, "access-control-configuration/" + "a" * 36
    ),
    "unknown type": lambda index: arn(index, "widget/" + "w" * 36),
    "not an arn": lambda index: "not-an-arn",
    "other service": lambda index: f"arn:aws:s3:::{index}",
    "trailing slash": lambda index: arn(index) + "/",
    "child without id": lambda index: arn(index, "data-source/"),
    "too deep": lambda index: arn(index, "data-source/x/extra"),
    "no index": lambda index: f"arn:aws:kendra:{REGION}:{DEFAULT_ACCOUNT_ID}:index/",
}


@pytest.mark.parametrize("case", NOT_TAGGABLE)
def test_arns_of_no_taggable_form_cannot_be_tagged(kendra, index_id, case):
    resource = NOT_TAGGABLE[case](index_id)
    for operation in OPERATIONS.values():
        expect_error(
            functools.partial(operation, kendra, resource),
            "ValidationException",
            f"Resource ARN {resource} cannot be tagged.",
        )


UNAVAILABLE = {
    "other region": lambda index, source: arn(index, region=OTHER_REGION),
    "other account": lambda index, source: arn(index, account=OTHER_ACCOUNT),
    "other partition": lambda index, source: arn(index).replace("arn:aws:", "arn:aws-cn:"),
    "absent index": lambda index, source: arn("0" * 36),
    "absent data source": lambda index, source: arn(index, "data-source/missing"),
    "data source under another index": lambda index, source: arn("0" * 36, source),
    "absent faq": lambda index, source: arn(index, "faq/" + "f" * 36),
    "absent featured results set": lambda index, source: arn(index, "featured-results-set/x"),
}


@pytest.mark.parametrize("case", UNAVAILABLE)
def test_well_formed_arns_of_no_present_resource_are_unavailable(
    kendra, index_id, make_data_source, case
):
    resource = UNAVAILABLE[case](index_id, f"data-source/{make_data_source()}")
    for operation in OPERATIONS.values():
        expect_error(
            functools.partial(operation, kendra, resource),
            "ResourceUnavailableException",
            f"Resource {resource} is not available.",
        )


def test_each_region_tags_its_own_resources(kendra, client_for):
    other = client_for(region=OTHER_REGION)
    index = other.create_index(Name="abroad", RoleArn=ROLE)["Id"]
    local = arn(index, region=OTHER_REGION)
    other.tag_resource(ResourceARN=local, Tags=tags(("where", OTHER_REGION)))
    assert listed(other, local) == [("where", OTHER_REGION)]
    expect_error(
        lambda: kendra.list_tags_for_resource(ResourceARN=local),
        "ResourceUnavailableException",
        f"Resource {local} is not available.",
    )


# -- lifecycle ---------------------------------------------------------------------------


def test_deleting_index_stays_taggable(kendra, index_arn, index_id, transition):
    kendra.describe_index(Id=index_id)
    transition("kendra::index", progression="manual", times=99)
    kendra.delete_index(Id=index_id)
    kendra.tag_resource(ResourceARN=index_arn, Tags=tags(("a", "1"), ("b", "2")))
    kendra.untag_resource(ResourceARN=index_arn, TagKeys=["a"])
    assert listed(kendra, index_arn) == [("b", "2")]
    assert kendra.describe_index(Id=index_id)["Status"] == "DELETING"


def test_deleting_data_source_stays_taggable(kendra, index_id, make_data_source, transition):
    source = make_data_source()
    kendra.describe_data_source(Id=source, IndexId=index_id)
    transition("kendra::datasource", progression="manual", times=99)
    kendra.delete_data_source(Id=source, IndexId=index_id)
    resource = arn(index_id, f"data-source/{source}")
    kendra.tag_resource(ResourceARN=resource, Tags=tags(("a", "1")))
    assert listed(kendra, resource) == [("a", "1")]
    assert kendra.describe_data_source(Id=source, IndexId=index_id)["Status"] == "DELETING"


def test_removed_index_is_no_longer_available(kendra, index_arn, index_id):
    kendra.tag_resource(ResourceARN=index_arn, Tags=tags(("a", "1")))
    kendra.delete_index(Id=index_id)
    expect_error(
        lambda: kendra.list_tags_for_resource(ResourceARN=index_arn),
        "ResourceUnavailableException",
        f"Resource {index_arn} is not available.",
    )


def test_removed_data_source_is_no_longer_available(kendra, index_id, make_data_source):
    source = make_data_source(Tags=tags(("a", "1")))
    kendra.delete_data_source(Id=source, IndexId=index_id)
    resource = arn(index_id, f"data-source/{source}")
    expect_error(
        lambda: kendra.list_tags_for_resource(ResourceARN=resource),
        "ResourceUnavailableException",
        f"Resource {resource} is not available.",
    )


def test_tags_of_a_removed_index_are_gone_when_its_arn_comes_back(kendra, reseed):
    reseed(7)
    first = kendra.create_index(Name="old", RoleArn=ROLE, Tags=tags(("old", "1")))["Id"]
    kendra.delete_index(Id=first)
    reseed(7)
    again = kendra.create_index(Name="new", RoleArn=ROLE)["Id"]
    assert again == first  # same seed, same id, same ARN
    assert listed(kendra, arn(again)) == []


def test_tags_of_a_removed_data_source_are_gone_when_its_arn_comes_back(
    kendra, index_id, reseed
):
    def create(**kwargs: Any) -> str:
        return str(kendra.create_data_source(
            Name="s", IndexId=index_id, Type="CUSTOM", **kwargs)["Id"])

    reseed(11)
    first = create(Tags=tags(("old", "1")))
    kendra.delete_data_source(Id=first, IndexId=index_id)
    reseed(11)
    again = create()
    assert again == first
    assert listed(kendra, arn(index_id, f"data-source/{again}")) == []


def test_data_source_tags_go_with_their_index(kendra, reseed):
    def create_both(**kwargs: Any) -> tuple[str, str]:
        index = kendra.create_index(Name="i", RoleArn=ROLE)["Id"]
        kendra.describe_index(Id=index)
        source = kendra.create_data_source(Name="s", IndexId=index, Type="CUSTOM", **kwargs)
        return str(index), str(source["Id"])

    reseed(13)
    index, source = create_both(Tags=tags(("old", "1")))
    kendra.delete_index(Id=index)
    reseed(13)
    assert create_both() == (index, source)
    assert listed(kendra, arn(index, f"data-source/{source}")) == []
