"""The fixtures of the ``pytest11`` plugin (``kendra``, ``kendra_index``, ``kendra_faults``),
used as a user's project uses them: a test module in a fresh directory, run by a separate
pytest process (with and without pytest-xdist). This suite's own ``kendra`` fixture
(tests/conftest.py) would shadow the plugin's here, hence the separate run."""

from __future__ import annotations

import pytest
from support import SERVER_MODE

pytest_plugins = ["pytester"]

pytestmark = pytest.mark.skipif(
    SERVER_MODE, reason="the plugin's fixtures are in-process (mock_aws) by design"
)

USER_TESTS = '''
import pytest

from moto_kendra import faults


def test_the_client_is_mocked_in_us_east_1(kendra):
    assert kendra.meta.region_name == "us-east-1"
    assert kendra.list_indices()["IndexConfigurationSummaryItems"] == []


def test_the_index_is_active_and_enterprise(kendra, kendra_index):
    index = kendra.describe_index(Id=kendra_index)
    assert (index["Name"], index["Status"], index["Edition"]) == (
        "test-index", "ACTIVE", "ENTERPRISE_EDITION"
    )
    [listed] = kendra.list_indices()["IndexConfigurationSummaryItems"]
    assert listed["Id"] == kendra_index


def test_each_test_has_a_fresh_mock(kendra):
    assert kendra.list_indices()["IndexConfigurationSummaryItems"] == []


def test_faults_for_one_test(kendra, kendra_index, kendra_faults):
    kendra_faults([{"operation": "Query", "count": 1,
                    "error": {"code": "ThrottlingException", "message": "Slow down"}}])
    assert len(faults.get()) == 1
    response = kendra.query(IndexId=kendra_index, QueryText="anything")
    assert response["ResponseMetadata"]["RetryAttempts"] == 1  # boto3 retried the throttle
    kendra_faults([{"operation": "Query", "error": {"code": "ValidationException"}}])
    with pytest.raises(kendra.exceptions.ValidationException):
        kendra.query(IndexId=kendra_index, QueryText="anything")


def test_faults_are_cleared_after_the_test(kendra):
    assert faults.get() == []
    assert kendra.list_indices()["IndexConfigurationSummaryItems"] == []
'''


@pytest.mark.parametrize("workers", [[], ["-p", "xdist", "-n", "2"]], ids=["serial", "xdist"])
def test_the_plugin_fixtures_in_a_users_project(pytester: pytest.Pytester, workers) -> None:
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *workers)
    result.assert_outcomes(passed=5)


def test_a_held_index_transition_fails_kendra_index_clearly(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user='''
from moto.moto_api import state_manager


def test_held(kendra_index):
    pass


def setup_module():
    state_manager.set_transition("kendra::index", {"progression": "manual", "times": 1000})
''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([
        "*kendra_index: index * is CREATING, not ACTIVE, after 10 DescribeIndex calls; a "
        "state-manager transition set for kendra::index holds it."
    ])
