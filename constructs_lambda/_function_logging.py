"""A ``Function``'s logs: its own log group with retention, and the role's right to write there only.

The L2 relies on the ``LogRetention`` custom resource and on an AWS-managed policy that may write to every
log group; ``Function`` creates an explicit ``logs.LogGroup`` instead and grants ``logs:CreateLogStream``
and ``logs:PutLogEvents`` on that one group (or on the ``log_group`` given).
"""

from __future__ import annotations

from contextlib import suppress
from typing import Final

from aws_cdk import Annotations, FeatureFlags, RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import IConstruct, Node

DEFAULT_LOG_RETENTION: Final = logs.RetentionDays.ONE_YEAR
"""Long enough for audits and incident reviews; logs never pile up forever."""
DEFAULT_LOG_REMOVAL_POLICY: Final = RemovalPolicy.RETAIN
"""Logs outlive the stack: deleting a stack must not delete the evidence of what it did."""

# Child construct IDs are public API: changing one replaces resources in users' stacks.
_LOG_GROUP_ID: Final = "LogGroup"
_LOG_POLICY_ID: Final = "LogPolicy"
#: aws-cdk-lib's default for the group the L2 names /aws/lambda/<function> (logs.LogGroup's default).
_L2_LOG_GROUP_RETENTION: Final = logs.RetentionDays.TWO_YEARS
#: With this feature flag on, the L2 creates the group /aws/lambda/<function> (child ``LogGroup``).
_CDK_MANAGED_LOG_GROUP_FLAG: Final = "@aws-cdk/aws-lambda:useCdkManagedLogGroup"
# The flag's value for a scope's functions, kept on the scope's Python object (see _l2_creates_log_group).
_FLAG_ATTRIBUTE: Final = "_constructs_lambda_cdk_managed_log_group"


def warn_ignored_log_retention(
    fn: lambda_.Function, retry_options: lambda_.LogRetentionRetryOptions | None, role: iam.IRole | None
) -> None:
    """Warn that the ``LogRetention`` custom resource's options do nothing here."""
    if retry_options is not None or role is not None:
        Annotations.of(fn).add_warning_v2(
            "constructs-lambda:logRetentionCustomResource",
            "log_retention_retry_options and log_retention_role configure the LogRetention custom "
            "resource, which constructs_lambda never creates (it uses an explicit log group); "
            "they have no effect.",
        )


def wire_logging(
    fn: lambda_.Function,
    scope: IConstruct,
    node: Node,
    cfn: lambda_.CfnFunction,
    retention: logs.RetentionDays | None,
    removal_policy: RemovalPolicy | None,
) -> tuple[logs.LogGroup, bool, str | None]:
    """Create ``fn``'s own log group, with retention, and make sure Lambda writes to it.

    ``scope`` is ``fn``'s parent. Returns the group, whether it is the L2's ``/aws/lambda/<function>``
    group, kept (see below), and ``fn.function_name`` if it was read for that (for the caller to reuse).
    """
    removal_policy = removal_policy or DEFAULT_LOG_REMOVAL_POLICY
    # With '@aws-cdk/aws-lambda:useCdkManagedLogGroup' the L2 has just created a group named
    # /aws/lambda/<function>. A stack deployed with the L2 holds that group and its logs, so it is kept:
    # same construct ID (logical ID), same name, hence no replacement; Lambda writes there by default.
    # Its retention never drops below the L2's default (older events would be deleted), and it is
    # re-created here only to apply our retention and removal policy.
    if _l2_creates_log_group(scope) and node.try_remove_child(_LOG_GROUP_ID):
        function_name = fn.function_name
        kept = logs.LogGroup(
            fn,
            _LOG_GROUP_ID,
            log_group_name=f"/aws/lambda/{function_name}",
            retention=retention or _L2_LOG_GROUP_RETENTION,
            removal_policy=removal_policy,
        )
        return kept, True, function_name
    # No fixed name: CloudFormation generates one, so a retained group never blocks re-creating the
    # stack ("already exists"), and the logging config tells Lambda (and the console) where it is.
    log_group = logs.LogGroup(
        fn, _LOG_GROUP_ID, retention=retention or DEFAULT_LOG_RETENTION, removal_policy=removal_policy
    )
    # An override merges into the L2's logging config: one jsii call instead of reading its fields.
    cfn.add_property_override("LoggingConfig.LogGroup", log_group.log_group_name)
    return log_group, False, None


def _l2_creates_log_group(scope: IConstruct) -> bool:
    """Whether ``useCdkManagedLogGroup`` is on for the functions of ``scope``, read once per scope.

    Exactly the L2's ``FeatureFlags.of(fn)``: a new function has no context of its own, and neither
    ``scope`` nor its ancestors can change theirs once they have children (``set_context`` refuses), so
    the value read for the first function of ``scope`` holds for all of them. Off, the L2 created no
    ``LogGroup`` child and removing it would be a wasted round trip per function.
    """
    enabled: bool | None = getattr(scope, _FLAG_ATTRIBUTE, None)
    if enabled is None:
        enabled = bool(FeatureFlags.of(scope).is_enabled(_CDK_MANAGED_LOG_GROUP_FLAG))
        with suppress(AttributeError):
            setattr(scope, _FLAG_ATTRIBUTE, enabled)
    return enabled


def grant_logs(
    fn: lambda_.Function,
    role: iam.IRole | None,
    own: logs.LogGroup | None,
    given: logs.ILogGroup | None,
    *,
    l2_named: bool,
) -> None:
    """Allow writing to ``fn``'s log group (its ``own`` or the ``given`` one), and nothing else in
    CloudWatch Logs: the AWS-managed policy the L2 relies on, which allowed every group, is gone."""
    log_group = own or given
    if log_group is None or not isinstance(role, iam.Role):
        return
    statement = iam.PolicyStatement(
        actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[log_group.log_group_arn]
    )
    if not l2_named:
        fn.add_to_role_policy(statement)
        if given is not None and own is None:
            from ._migration import acknowledge_log_stream_wildcard

            acknowledge_log_stream_wildcard(role, log_group.log_group_arn)
        return
    # The group's name refers to the function, and the function waits for its role's default policy:
    # that policy naming the group would be a cycle. Lambda writes logs only when invoked, so these
    # rights go into a policy of their own that the function does not wait for.
    iam.Policy(fn, _LOG_POLICY_ID, roles=[role], statements=[statement])
