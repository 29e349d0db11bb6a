"""The migration paths of docs/migration.md: for each, a stack as the L2 wrote it ("old") and the same stack
on constructs_lambda ("new"), written as the guide says.

``integ_migrate_old.py`` and ``integ_migrate_new.py`` put every path's stack into one app each (same stack
names, so deploying the old app and then the new one is the migration); ``tests/unit/test_migration.py``
synthesizes each pair and checks that nothing is replaced. The "new" stacks keep the L2's architecture,
memory, timeout, tracing and log format, as the guide shows, so the only changes are the library's own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from aws_cdk import App, Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk.integ_tests_alpha import ExpectedResult, IntegTest
from constructs import Construct

import constructs_lambda as cl

ASSETS = Path(__file__).resolve().parent / "assets"
HANDLER = str(ASSETS / "handler")
DEPS = str(ASSETS / "deps")
RUNTIME = lambda_.Runtime.PYTHON_3_13
MANAGED_LOG_GROUP_FLAG = "@aws-cdk/aws-lambda:useCdkManagedLogGroup"
# What `aws lambda get-function` shows for a function CloudFormation named (the implicit-group path names
# it in the new app: a deployed stack's real name goes here).
DEPLOYED_FUNCTION_NAME = "MigrateImplicitLogGroup-ApiF70053CD-Ab1Cd2Ef3Gh4"
DEPLOYED_RETENTION_FUNCTION_NAME = "MigrateLogRetention-ApiF70053CD-Ij5Kl6Mn7Op8"
# The alias logical ID the L2 gave fn.current_version.add_alias("live") under the function "Api", as the
# deployed template shows it (`aws cloudformation get-template`).
DEPLOYED_VERSION_ALIAS_ID = "ApiCurrentVersionAliasliveA8067F69"


def keep_l2_behaviour() -> dict[str, Any]:
    """The keywords that keep what the L2 did until you choose the library's defaults (docs/migration.md)."""
    return {
        "architecture": lambda_.Architecture.X86_64,
        "memory_size": 128,
        "timeout": Duration.seconds(3),
        "tracing": lambda_.Tracing.DISABLED,
        "logging_format": lambda_.LoggingFormat.TEXT,
    }


def _l2(stack: Stack, **props: Any) -> lambda_.Function:
    return lambda_.Function(
        stack, "Api", runtime=RUNTIME, handler="index.handler", code=lambda_.Code.from_asset(HANDLER), **props
    )


def _cl(stack: Stack, **props: Any) -> cl.Function:
    return cl.Function(
        stack,
        "Api",
        runtime=RUNTIME,
        handler="index.handler",
        code=lambda_.Code.from_asset(HANDLER),
        **{**keep_l2_behaviour(), **props},
    )


# -- the paths: (old, new) builders of one stack each --------------------------------------------------------


def add_alias_old(stack: Stack) -> None:
    _l2(stack).add_alias("live")


def add_alias_new(stack: Stack) -> None:
    _cl(stack).add_alias("live")  # returns fn.alias, with the L2's logical ID


def version_alias_old(stack: Stack) -> None:
    _l2(stack).current_version.add_alias("live")


def version_alias_new(stack: Stack) -> None:
    fn = _cl(stack)
    assert fn.alias is not None
    # Pin the library's alias to the deployed one's logical ID: updated in place, never a second "live".
    fn.alias.node.default_child.override_logical_id(DEPLOYED_VERSION_ALIAS_ID)  # type: ignore[union-attr]


def alias_construct_old(stack: Stack) -> None:
    fn = _l2(stack)
    lambda_.Alias(stack, "LiveAlias", alias_name="live", version=fn.current_version)


def alias_construct_new(stack: Stack) -> None:
    fn = _cl(stack, alias_name=None)  # keep your own alias: the library creates none
    lambda_.Alias(stack, "LiveAlias", alias_name="live", version=fn.current_version)


def auto_scaling_old(stack: Stack) -> None:
    scaling = _l2(stack).add_alias("live").add_auto_scaling(min_capacity=1, max_capacity=5)
    scaling.scale_on_utilization(utilization_target=0.7)


def auto_scaling_new(stack: Stack) -> None:
    # The same calls on the alias add_alias() returns: target and policy keep their logical IDs and names.
    scaling = _cl(stack).add_alias("live").add_auto_scaling(min_capacity=1, max_capacity=5)
    scaling.scale_on_utilization(utilization_target=0.7)


def managed_log_group_old(stack: Stack) -> None:
    stack.node.set_context(MANAGED_LOG_GROUP_FLAG, True)
    _l2(stack)


def managed_log_group_new(stack: Stack) -> None:
    stack.node.set_context(MANAGED_LOG_GROUP_FLAG, True)
    _cl(stack)  # keeps the group /aws/lambda/<function>, 731 days


def implicit_log_group_old(stack: Stack) -> None:
    stack.node.set_context(MANAGED_LOG_GROUP_FLAG, False)
    _l2(stack)  # Lambda creates /aws/lambda/<name> at the first invocation, outside CloudFormation


def implicit_log_group_new(stack: Stack) -> None:
    stack.node.set_context(MANAGED_LOG_GROUP_FLAG, False)
    group = logs.LogGroup.from_log_group_name(stack, "ApiLogs", f"/aws/lambda/{DEPLOYED_FUNCTION_NAME}")
    _cl(stack, log_group=group)


def log_retention_old(stack: Stack) -> None:
    # The flag is on (as in cdk init apps), but log_retention wins in the L2: a Custom::LogRetention sets
    # the retention of /aws/lambda/<name>, a group outside the template.
    _l2(stack, log_retention=logs.RetentionDays.ONE_MONTH)


def log_retention_new(stack: Stack) -> None:
    # The group the custom resource made already exists: creating one of that name would fail. Keep it
    # out of the template and keep its retention managed by the same custom resource.
    group = logs.LogGroup.from_log_group_name(
        stack, "ApiLogs", f"/aws/lambda/{DEPLOYED_RETENTION_FUNCTION_NAME}"
    )
    fn = _cl(stack, log_group=group)
    # Optional: the same construct ID keeps the custom resource (updated, not deleted), so the group's
    # retention stays managed. Without it the group keeps the retention it has.
    logs.LogRetention(
        fn,
        "LogRetention",
        log_group_name=f"/aws/lambda/{fn.function_name}",
        retention=logs.RetentionDays.ONE_MONTH,
    )


def python_alpha_old(stack: Stack) -> None:
    from aws_cdk import aws_lambda_python_alpha as python

    deps = python.PythonLayerVersion(stack, "Deps", entry=DEPS, compatible_runtimes=[RUNTIME])
    fn = python.PythonFunction(
        stack, "Api", entry=HANDLER, index="index.py", handler="handler", runtime=RUNTIME, layers=[deps]
    )
    fn.add_alias("live")


def python_alpha_new(stack: Stack) -> None:
    deps = cl.PythonLayer(
        stack, "Deps", entry=DEPS, runtime=RUNTIME, architecture=lambda_.Architecture.X86_64
    )
    fn = cl.Function(
        stack,
        "Api",
        runtime=RUNTIME,
        handler="index.handler",  # PythonFunction's index="index.py", handler="handler"
        code=lambda_.Code.from_asset(HANDLER),
        layers=[deps],
        **keep_l2_behaviour(),
    )
    fn.add_alias("live")


Builder = Callable[[Stack], None]
PATHS: dict[str, tuple[Builder, Builder]] = {
    "MigrateAddAlias": (add_alias_old, add_alias_new),
    "MigrateVersionAlias": (version_alias_old, version_alias_new),
    "MigrateAliasConstruct": (alias_construct_old, alias_construct_new),
    "MigrateAutoScaling": (auto_scaling_old, auto_scaling_new),
    "MigrateManagedLogGroup": (managed_log_group_old, managed_log_group_new),
    "MigrateImplicitLogGroup": (implicit_log_group_old, implicit_log_group_new),
    "MigrateLogRetention": (log_retention_old, log_retention_new),
    "MigratePythonAlpha": (python_alpha_old, python_alpha_new),
}
"""Stack name -> (old, new) builder."""


def build_integ_app(app: App, *, new: bool) -> list[Stack]:
    """Every path's stack in ``app``; Docker bundling skipped when only synthesizing (no Docker here)."""
    if app.node.try_get_context("constructs-lambda:skipBundling"):
        app.node.set_context("aws:cdk:bundling-stacks", [])  # aws-lambda-python-alpha bundles in Docker
    return build(app, new=new)


def assert_alias_answers(integ: IntegTest, stacks: list[Stack]) -> None:
    """The fn.add_alias path's function answers through its alias "live" (the event comes back)."""
    api = stacks[0].node.find_child("Api")
    assert isinstance(api, lambda_.Function)
    integ.assertions.invoke_function(function_name=f"{api.function_name}:live").expect(
        ExpectedResult.object_like({"StatusCode": 200})
    )


def build(scope: Construct, *, new: bool) -> list[Stack]:
    """Every path's stack, old or new, under ``scope``."""
    stacks = []
    for name, (old_builder, new_builder) in PATHS.items():
        stack = Stack(scope, name)
        (new_builder if new else old_builder)(stack)
        stacks.append(stack)
    return stacks
