"""Migrating deployed L2 stacks to constructs_lambda: nothing is replaced, nothing stateful is lost.

Each path of docs/migration.md is a pair of stacks in integ/migration_paths.py ("old": the L2 or
aws-lambda-python-alpha as deployed; "new": the library as the guide writes it). Both sides are
synthesized here and compared as CloudFormation would update the old template to the new one: same logical
ID and no property that requires replacement changed means "updated in place".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import migration_paths
import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template
from constructs import Construct

import constructs_lambda as cl
from constructs_lambda._migration import make_unique_id
from constructs_lambda._preflight import preflight
from constructs_lambda._preflight_findings import ERROR
from tests.conftest import project_context
from tests.helpers import cfn_lint_findings

Resources = Mapping[str, Mapping[str, Any]]

# Properties whose change makes CloudFormation replace the resource ("Update requires: Replacement" in
# https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-function.html
# and the pages of the other types); a custom resource refuses a new ServiceToken outright.
REPLACED_BY: dict[str, tuple[str, ...]] = {
    "AWS::Lambda::Function": ("FunctionName", "PackageType"),
    "AWS::Lambda::Alias": ("FunctionName", "Name"),
    "AWS::Logs::LogGroup": ("LogGroupName",),
    "AWS::IAM::Role": ("RoleName", "Path"),
    "AWS::ApplicationAutoScaling::ScalableTarget": ("ResourceId", "ScalableDimension", "ServiceNamespace"),
    "AWS::ApplicationAutoScaling::ScalingPolicy": (
        "PolicyName",
        "ResourceId",
        "ScalableDimension",
        "ScalingTargetId",
        "ServiceNamespace",
    ),
    "Custom::LogRetention": ("ServiceToken",),
}
# Replaced on every change of their content by design: a new version is published each time.
PUBLISHED_ANEW = {"AWS::Lambda::Version", "AWS::Lambda::LayerVersion"}


def synthesize(*, new: bool) -> dict[str, Resources]:
    """Every path's template (stack name -> Resources), old or new side, without installing anything."""
    app = App(
        context={
            **project_context(),
            "constructs-lambda:skipBundling": True,
            "aws:cdk:bundling-stacks": [],  # aws-lambda-python-alpha would bundle in Docker
        }
    )
    stacks = migration_paths.build(app, new=new)
    return {stack.stack_name: Template.from_stack(stack).to_json()["Resources"] for stack in stacks}


@pytest.fixture(scope="module")
def old() -> dict[str, Resources]:
    """The old side of every path."""
    return synthesize(new=False)


@pytest.fixture(scope="module")
def new() -> dict[str, Resources]:
    """The new side of every path."""
    return synthesize(new=True)


def replacements(before: Resources, after: Resources) -> list[str]:
    """Every resource of ``before`` that deploying ``after`` replaces or removes, with the reason.

    Versions and layer versions are left out: each change of code or configuration publishes a new one.
    """
    found: list[str] = []
    for logical_id, resource in before.items():
        kind = resource["Type"]
        if kind in PUBLISHED_ANEW:
            continue
        if logical_id not in after:
            found.append(f"{logical_id} ({kind}) removed or given a new logical ID")
            continue
        if after[logical_id]["Type"] != kind:
            found.append(f"{logical_id} changes type {kind} -> {after[logical_id]['Type']}")
        props, new_props = resource.get("Properties", {}), after[logical_id].get("Properties", {})
        for prop in REPLACED_BY.get(kind, ()):
            if props.get(prop) != new_props.get(prop):
                found.append(
                    f"{logical_id} ({kind}) replaced: {prop} {props.get(prop)} -> {new_props.get(prop)}"
                )
    return found


def alias_names(resources: Resources) -> dict[str, str]:
    """Alias name -> logical ID."""
    return {r["Properties"]["Name"]: lid for lid, r in resources.items() if r["Type"] == "AWS::Lambda::Alias"}


def retention(resources: Resources) -> dict[str, float]:
    """Log group name (as JSON) -> days kept (infinity when unset), for groups and LogRetention resources."""
    days: dict[str, float] = {}
    for resource in resources.values():
        if resource["Type"] in ("AWS::Logs::LogGroup", "Custom::LogRetention"):
            props = resource.get("Properties", {})
            name = json.dumps(props.get("LogGroupName"), sort_keys=True)
            kept = props.get("RetentionInDays")
            days[name] = float("inf") if kept is None else float(kept)
    return days


PATHS = list(migration_paths.PATHS)


@pytest.mark.parametrize("path", PATHS, ids=PATHS)
def test_nothing_is_replaced(path: str, old: dict[str, Resources], new: dict[str, Resources]) -> None:
    """GIVEN a stack deployed with the L2 WHEN it switches to the library as the guide says THEN CloudFormation
    updates every resource in place: the function, its alias, log group, role, scaling and custom resources."""
    # GIVEN / WHEN
    before, after = old[path], new[path]
    # THEN
    assert replacements(before, after) == []


@pytest.mark.parametrize("path", PATHS, ids=PATHS)
def test_function_and_alias_keep_logical_ids(
    path: str, old: dict[str, Resources], new: dict[str, Resources]
) -> None:
    """GIVEN each path THEN the function keeps its logical ID and every alias name keeps its logical ID (no
    second alias of the same name, which Lambda refuses: aws/aws-cdk#27884)."""
    # GIVEN
    before, after = old[path], new[path]
    # THEN
    assert before["ApiF70053CD"]["Type"] == after["ApiF70053CD"]["Type"] == "AWS::Lambda::Function"
    new_aliases = alias_names(after)
    for name, logical_id in alias_names(before).items():
        assert new_aliases[name] == logical_id


@pytest.mark.parametrize("path", PATHS, ids=PATHS)
def test_no_retention_gets_shorter(path: str, old: dict[str, Resources], new: dict[str, Resources]) -> None:
    """GIVEN each path THEN every log group of the old template is still there, kept at least as long, and
    retained when the stack goes (its events are never deleted by the switch)."""
    # GIVEN
    before, after = retention(old[path]), retention(new[path])
    # THEN
    for name, days in before.items():
        assert name in after, name
        assert after[name] >= days, name
    for logical_id, resource in new[path].items():
        if resource["Type"] == "AWS::Logs::LogGroup" and logical_id in old[path]:
            assert resource["DeletionPolicy"] == resource["UpdateReplacePolicy"] == "Retain"


@pytest.mark.parametrize("path", PATHS, ids=PATHS)
def test_new_side_adds_no_cfn_lint_finding(
    path: str, old: dict[str, Resources], new: dict[str, Resources]
) -> None:
    """GIVEN the new side of each path THEN cfn-lint finds nothing the old side did not have (the L2's
    LogRetention provider, which the log-retention path keeps, has a W3005 of aws-cdk-lib's making)."""
    # GIVEN
    before = set(cfn_lint_findings({"Resources": old[path]}))
    # WHEN
    after = set(cfn_lint_findings({"Resources": new[path]}))
    # THEN
    assert after <= before


# What the preflight may say about a migration: a new version is published, the logs' destination is
# described, and (python-alpha) the layer version is published anew. Anything about a replacement, a
# shorter retention, a switch of architecture or runtime, or a failing deploy would be a migration bug.
EXPECTED_PREFLIGHT_KINDS = {"new-version", "logs-destination", "function-updated", "log-retention-removed"}


@pytest.mark.parametrize("path", PATHS, ids=PATHS)
def test_preflight_finds_nothing_but_a_new_version(
    path: str, old: dict[str, Resources], new: dict[str, Resources]
) -> None:
    """GIVEN each path WHEN the deploy preflight compares old and new THEN no ERROR and no finding about a
    replacement, a shorter retention or an architecture or runtime switch."""
    # GIVEN
    before, after = {"Resources": old[path]}, {"Resources": new[path]}
    # WHEN
    findings = preflight(before, after, stack=path)
    # THEN
    assert [f.line() for f in findings if f.severity == ERROR] == []
    unexpected = [
        f.line()
        for f in findings
        if f.kind not in EXPECTED_PREFLIGHT_KINDS
        and not (
            f.kind == "replaced-property" and old[path].get(f.logical_id, {}).get("Type") in PUBLISHED_ANEW
        )
        and not (
            f.kind == "replaced-logical-id" and new[path].get(f.logical_id, {}).get("Type") in PUBLISHED_ANEW
        )
    ]
    assert unexpected == []


def test_l2_auto_scaling_keeps_target_policy_and_name(
    old: dict[str, Resources], new: dict[str, Resources]
) -> None:
    """GIVEN alias.add_auto_scaling() on the alias add_alias() returns THEN target and policy keep logical IDs
    and the policy its name: replacing a target of the same alias would deregister it."""
    # GIVEN
    before, after = old["MigrateAutoScaling"], new["MigrateAutoScaling"]
    # THEN
    scaling = {lid: r for lid, r in before.items() if r["Type"].startswith("AWS::ApplicationAutoScaling::")}
    assert len(scaling) == 2
    for logical_id, resource in scaling.items():
        assert after[logical_id]["Properties"] == resource["Properties"]


# -- make_unique_id against aws-cdk-lib ------------------------------------------------------------------------


def _alias_logical_id(scope: Construct, fn_id: str, alias_name: str) -> str:
    fn = lambda_.Function(
        scope,
        fn_id,
        runtime=migration_paths.RUNTIME,
        handler="index.handler",
        code=lambda_.Code.from_inline("x"),
    )
    alias = fn.add_alias(alias_name)
    cfn = alias.node.default_child
    assert isinstance(cfn, lambda_.CfnAlias)
    return str(Stack.of(fn).resolve(cfn.logical_id))


UNIQUE_ID_CASES = {
    "top-level": ((), "Api", "live"),
    "nested": (("Service", "Handlers"), "Api", "live"),
    "dashes": (("my-service",), "order-api", "prod-1"),
    "default-dropped": (("Default",), "Api", "live"),
    "duplicates": (("Api",), "Api", "live"),
    "suffix-duplicate": (("OrdersApi",), "Api", "Api"),
}


@pytest.mark.parametrize(("scopes", "fn_id", "alias_name"), UNIQUE_ID_CASES.values(), ids=UNIQUE_ID_CASES)
def test_make_unique_id_matches_aws_cdk_lib(scopes: tuple[str, ...], fn_id: str, alias_name: str) -> None:
    """GIVEN the L2's fn.add_alias() at various construct paths WHEN make_unique_id is given the same path
    THEN it computes the logical ID aws-cdk-lib synthesizes."""
    # GIVEN
    stack = Stack(App(), "Ids")
    scope: Construct = stack
    for scope_id in scopes:
        scope = Construct(scope, scope_id)
    expected = _alias_logical_id(scope, fn_id, alias_name)
    # WHEN
    computed = make_unique_id([*scopes, fn_id, f"Alias{alias_name}", "Resource"])
    # THEN
    assert computed == expected


@pytest.mark.parametrize(("scopes", "fn_id", "alias_name"), UNIQUE_ID_CASES.values(), ids=UNIQUE_ID_CASES)
def test_add_alias_gives_the_l2_logical_id(scopes: tuple[str, ...], fn_id: str, alias_name: str) -> None:
    """GIVEN a cl.Function whose alias has the name WHEN add_alias(name) THEN the alias is the function's own
    and has the logical ID the L2 gives at the same path."""
    # GIVEN
    expected_stack = Stack(App(), "Ids")
    stack = Stack(App(), "Ids")
    parents: list[Construct] = [expected_stack, stack]
    for scope_id in scopes:
        parents = [Construct(p, scope_id) for p in parents]
    expected = _alias_logical_id(parents[0], fn_id, alias_name)
    fn = cl.Function(
        parents[1],
        fn_id,
        runtime=migration_paths.RUNTIME,
        handler="index.handler",
        code=lambda_.Code.from_inline("x"),
        alias_name=alias_name,
    )
    # WHEN
    alias = fn.add_alias(alias_name)
    # THEN
    assert fn.alias is not None and alias.node.path == fn.alias.node.path
    aliases = Template.from_stack(stack).find_resources("AWS::Lambda::Alias")
    assert list(aliases) == [expected]


# -- add_alias with the library alias's name ------------------------------------------------------------------


def make(stack: Stack, **props: Any) -> cl.Function:
    """A cl.Function named Api with inline code."""
    return cl.Function(
        stack,
        "Api",
        runtime=migration_paths.RUNTIME,
        handler="index.handler",
        code=lambda_.Code.from_inline("x"),
        **props,
    )


def test_add_alias_applies_options_the_alias_lacks() -> None:
    """GIVEN a function whose alias has no description or PC WHEN add_alias('live', ...) sets them THEN the
    one alias carries them."""
    # GIVEN
    stack = Stack(App(), "Opts")
    fn = make(stack)
    # WHEN
    fn.add_alias("live", description="served", provisioned_concurrent_executions=2, retry_attempts=1)
    # THEN
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::Lambda::Alias", 1)
    template.has_resource_properties(
        "AWS::Lambda::Alias",
        {"Description": "served", "ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 2}},
    )
    template.has_resource_properties("AWS::Lambda::EventInvokeConfig", {"MaximumRetryAttempts": 1})


CONFLICTS = {
    "description": ({"alias_description": "a"}, {"description": "b"}, "description"),
    "provisioned": (
        {"provisioned_concurrency": cl.ProvisionedConcurrency(min_capacity=2)},
        {"provisioned_concurrent_executions": 3},
        "provisioned_concurrent_executions",
    ),
    "retry_attempts": ({"retry_attempts": 0}, {"retry_attempts": 2}, "retry_attempts"),
}


@pytest.mark.parametrize(("function_props", "alias_options", "prop"), CONFLICTS.values(), ids=CONFLICTS)
def test_fails_when_add_alias_contradicts_the_alias(
    function_props: dict[str, Any], alias_options: dict[str, Any], prop: str
) -> None:
    """GIVEN a function whose alias has a setting WHEN add_alias('live') gives another value THEN a
    ValidationError names the keyword as typed."""
    # GIVEN
    fn = make(Stack(App(), "Conflict"), **function_props)
    # WHEN / THEN
    with pytest.raises(
        cl.ValidationError, match=rf"^Conflict/Api: {prop} conflicts with the function's alias"
    ):
        fn.add_alias("live", **alias_options)


def test_add_alias_with_equal_settings_is_accepted() -> None:
    """GIVEN alias settings given to the function WHEN add_alias repeats them THEN it returns the alias."""
    # GIVEN
    fn = make(Stack(App(), "Same"), alias_description="a", retry_attempts=0)
    # WHEN
    alias = fn.add_alias("live", description="a", retry_attempts=0)
    # THEN
    assert fn.alias is not None and alias.node.path == fn.alias.node.path


def test_add_alias_with_another_name_adds_an_alias() -> None:
    """GIVEN a function with alias 'live' WHEN add_alias('canary') THEN a second alias, as in the L2."""
    # GIVEN
    stack = Stack(App(), "Two")
    fn = make(stack)
    # WHEN
    canary = fn.add_alias("canary")
    # THEN
    assert canary.node.path == "Two/Api/Aliascanary"
    assert sorted(alias_names(Template.from_stack(stack).to_json()["Resources"])) == ["canary", "live"]


def test_add_alias_without_own_alias_is_the_l2s() -> None:
    """GIVEN alias_name=None WHEN add_alias('live') THEN the L2's alias at <function>/Aliaslive."""
    # GIVEN
    fn = make(Stack(App(), "NoOwn"), alias_name=None)
    # WHEN
    alias = fn.add_alias("live")
    # THEN
    assert alias.node.path == "NoOwn/Api/Aliaslive"


def test_resources_added_under_the_alias_later_get_l2_ids_unless_overridden() -> None:
    """GIVEN add_alias('live') WHEN a permission is added to the alias, and another one is pinned by the user
    THEN the first gets the L2's logical ID and the pinned one keeps the user's."""
    # GIVEN
    stack = Stack(App(), "Later")
    alias = make(stack).add_alias("live")
    # WHEN
    alias.add_permission("Api", principal=iam_principal("apigateway.amazonaws.com"))
    pinned = alias.add_permission("Events", principal=iam_principal("events.amazonaws.com"))
    del pinned  # add_permission returns None; pin through the construct tree
    events = alias.node.find_child("Events")
    assert isinstance(events, lambda_.CfnPermission)
    events.override_logical_id("MyEventsPermission")
    # THEN
    permissions = Template.from_stack(stack).find_resources("AWS::Lambda::Permission")
    assert sorted(permissions) == sorted(["MyEventsPermission", make_unique_id(["Api", "Aliaslive", "Api"])])


def iam_principal(service: str) -> Any:
    """A service principal."""
    from aws_cdk import aws_iam as iam

    return iam.ServicePrincipal(service)
