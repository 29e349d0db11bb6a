"""Two aliases of one name on one function fail synthesis, naming both construct paths and the fixes."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_lambda as lambda_

from constructs_lambda._alias_checks import duplicate_aliases
from tests.conftest import ACCOUNT, REGION, project_context
from tests.helpers import template_of
from tests.traffic_helpers import function, plain_function, traffic_findings

Add = Callable[[Stack, lambda_.Function], None]


def _user_alias(stack: Stack, fn: lambda_.Function) -> None:
    lambda_.Alias(stack, "Mine", alias_name="live", version=fn.current_version)


def _version_add_alias(stack: Stack, fn: lambda_.Function) -> None:
    fn.current_version.add_alias("live")


@pytest.mark.parametrize(
    ("add", "second_path"),
    [(_user_alias, "Test/Mine"), (_version_add_alias, "Test/Api/CurrentVersion/Aliaslive")],
    ids=["lambda_.Alias", "current_version.add_alias"],
)
def test_fails_when_a_second_live_alias_joins_the_library_alias(
    app: App, stack: Stack, add: Add, second_path: str
) -> None:
    """A user alias named like the library's fails synth naming both paths, the name and both fixes."""
    # GIVEN
    fn = function(stack, "Api")
    add(stack, fn)
    # WHEN / THEN
    with pytest.raises(Exception, match="alias_name must be unique per function") as err:
        app.synth()
    message = str(err.value)
    assert f"(Test/Api/Alias, {second_path})" in message
    assert "got 'live'" in message
    assert "alias_name=None" in message and "use fn.alias" in message


@pytest.mark.parametrize(
    "context",
    [{}, {"aws:cdk:disable-logicalId-metadata": True}],
    ids=["logical-id-metadata", "no-logical-id-metadata"],
)
def test_fails_for_two_user_aliases_on_a_plain_l2_function(context: dict[str, object]) -> None:
    """The check covers plain aws_lambda.Function too: the collision fails the deploy whoever made it.

    The construct paths come from the cloud assembly's logical-ID metadata, or from the construct tree
    when the app disabled that metadata: the message is the same.
    """
    # GIVEN
    app = App(context={**project_context(), **context})
    stack = Stack(app, "Test", env=Environment(account=ACCOUNT, region=REGION))
    function(stack, "Api")  # a library function registers the check for the app
    plain = plain_function(stack, "Plain")
    lambda_.Alias(stack, "First", alias_name="prod", version=plain.current_version)
    lambda_.Alias(stack, "Second", alias_name="prod", version=plain.current_version)
    # WHEN / THEN
    with pytest.raises(
        Exception, match=re.escape("Test/Plain: alias_name must be unique per function")
    ) as err:
        app.synth()
    assert "(Test/First, Test/Second)" in str(err.value)


def test_aliases_of_different_names_or_functions_pass(app: App, stack: Stack) -> None:
    """Other names on one function, and one name on two functions, are fine."""
    # GIVEN
    api = function(stack, "Api")
    worker = function(stack, "Worker")
    lambda_.Alias(stack, "Canary", alias_name="canary", version=api.current_version)
    # WHEN
    findings = traffic_findings(app)
    # THEN
    assert findings == []
    assert worker.alias is not None
    template_of(stack)


def test_alias_name_none_keeps_only_the_users_alias(app: App, stack: Stack) -> None:
    """The first fix the message names works: alias_name=None, then the user's own 'live'."""
    # GIVEN
    fn = function(stack, "Api", alias_name=None)
    lambda_.Alias(stack, "Mine", alias_name="live", version=fn.current_version)
    # WHEN
    template = template_of(stack)
    # THEN
    template.resource_count_is("AWS::Lambda::Alias", 1)
    assert traffic_findings(app) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [({"Ref": "Name"}, 0), ("live", 1)],
    ids=["token-name-not-compared", "literal-name-compared"],
)
def test_pure_check_compares_literal_names_only(name: object, expected: int) -> None:
    """A name given as a token is only known at deploy time and is not compared."""
    # GIVEN
    alias = {"Type": "AWS::Lambda::Alias", "Properties": {"FunctionName": {"Ref": "Fn"}, "Name": name}}
    template = {
        "Resources": {
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {}},
            "A1": alias,
            "A2": {**alias, "Properties": {**alias["Properties"], "Name": "live"}},  # type: ignore[dict-item]
        }
    }
    # WHEN
    found = duplicate_aliases(template)
    # THEN
    assert len(found) == expected
