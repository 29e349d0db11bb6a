"""Durable functions and tenant isolation on ``Function``: checks before jsii, and what follows creation.

``check_feature_props`` is the one call ``Function.__init__`` makes before ``super().__init__()``: it
validates ``durable_config`` and ``tenancy_config`` and refuses every pair Lambda refuses for a
tenant-isolated function, then runs the checks that pre-empt the L2's own ``throw`` statements
(``_l2_preconditions``). ``configure_features`` runs after the L2 has built the function: it replaces the
AWS-managed durable policy with statements scoped to this function and tells the user what can only be
chosen at creation.

Sources:
- durable: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-durableconfig.html,
  https://docs.aws.amazon.com/lambda/latest/dg/durable-configuration.html ("You can only enable durable
  execution when creating a function"), https://docs.aws.amazon.com/lambda/latest/dg/durable-security.html;
- tenant isolation: https://docs.aws.amazon.com/lambda/latest/dg/tenant-isolation.html,
  https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-function-tenancyconfig.html.

The durable configuration's own KMS key (``DurableConfig.KMSKeyArn`` in CloudFormation) is not a field of
aws-cdk-lib 2.275's ``lambda_.DurableConfig`` (execution timeout and retention only), so no keyword can
set it and no ``kms:`` statement is added for it; a key set through an escape hatch is authorized through
its key policy (https://docs.aws.amazon.com/lambda/latest/dg/durable-encryption.html).
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from aws_cdk import Acknowledgment, Annotations, Stack, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_

from . import _limits as limits
from ._errors import ValidationError
from ._l2_preconditions import check_l2_preconditions
from ._validation import check_choice, check_whole_seconds, is_unresolved

if TYPE_CHECKING:
    from ._provisioned_concurrency import ProvisionedConcurrency

__all__: list[str] = []

# Child construct ID of the policy that holds the durable-execution statement (public API: logical IDs).
DURABLE_POLICY_ID: Final = "DurableExecutionPolicy"
_PER_TENANT: Final = "tenancy_config=TenancyConfig.PER_TENANT"
_TENANCY_PAGE: Final = "https://docs.aws.amazon.com/lambda/latest/dg/tenant-isolation.html"


def check_feature_props(
    path: str,
    *,
    durable_config: lambda_.DurableConfig | None,
    tenancy_config: lambda_.TenancyConfig | None,
    snap_start: lambda_.SnapStartConf | None,
    provisioned_concurrency: ProvisionedConcurrency | None,
    current_version_options: lambda_.VersionOptions | None,
    events: Sequence[lambda_.IEventSource] | None,
    **l2_props: Any,
) -> None:
    """Raise ``ValidationError`` on a durable or tenancy setting Lambda refuses, then on L2 preconditions.

    Args:
        path: Construct path the function will have.
        durable_config: As ``aws_lambda.Function``'s ``durable_config``.
        tenancy_config: As ``aws_lambda.Function``'s ``tenancy_config``.
        snap_start: The function's SnapStart configuration.
        provisioned_concurrency: The library's ``provisioned_concurrency`` keyword.
        current_version_options: The L2's ``current_version_options``.
        events: The L2's ``events``.
        l2_props: The other keywords of ``aws_lambda.Function``, for ``check_l2_preconditions``.
    """
    check_durable_config(path, durable_config)
    if tenant_isolation_mode(tenancy_config) is not None:
        _check_tenancy_pairs(path, snap_start, provisioned_concurrency, current_version_options, events)
    check_l2_preconditions(path, **l2_props)


def check_durable_config(path: str, config: lambda_.DurableConfig | None) -> None:
    """Execution timeout in whole seconds 1-31,622,400 and retention in whole days 1-90."""
    if config is None:
        return
    check_whole_seconds(
        path,
        "durable_config.execution_timeout",
        config.execution_timeout,
        limits.DURABLE_EXECUTION_TIMEOUT_MIN_SECONDS,
        limits.DURABLE_EXECUTION_TIMEOUT_MAX_SECONDS,
    )
    retention = config.retention_period
    if retention is None or is_unresolved(retention):
        return
    days = retention.to_days(integral=False)
    low, high = limits.DURABLE_RETENTION_MIN_DAYS, limits.DURABLE_RETENTION_MAX_DAYS
    if not float(days).is_integer() or not low <= days <= high:
        raise ValidationError(
            path,
            "durable_config.retention_period",
            retention.to_human_string(),
            f"must be whole days between {low} and {high} (CloudFormation RetentionPeriodInDays)",
        )


def tenant_isolation_mode(tenancy: lambda_.TenancyConfig | None) -> str | None:
    """The tenant isolation mode (``"PER_TENANT"``), or ``None`` for a function without tenant isolation."""
    if tenancy is None:
        return None
    mode: str | None = tenancy.tenancy_config_property.tenant_isolation_mode
    return mode


def _check_tenancy_pairs(
    path: str,
    snap_start: lambda_.SnapStartConf | None,
    provisioned_concurrency: ProvisionedConcurrency | None,
    current_version_options: lambda_.VersionOptions | None,
    events: Sequence[lambda_.IEventSource] | None,
) -> None:
    if snap_start is not None:
        raise _refused(path, "snap_start", "SnapStartConf.ON_PUBLISHED_VERSIONS", "SnapStart")
    if provisioned_concurrency is not None:
        raise _refused(path, "provisioned_concurrency", provisioned_concurrency, "provisioned concurrency")
    executions = (
        current_version_options.provisioned_concurrent_executions if current_version_options else None
    )
    if executions:
        raise _refused(
            path,
            "current_version_options.provisioned_concurrent_executions",
            executions,
            "provisioned concurrency",
        )
    for source in events or ():
        _check_isolated_source(path, "events", source)


def check_event_source_allowed(path: str, tenancy: lambda_.TenancyConfig | None, source: Any) -> None:
    """Refuse an event source other than API Gateway (``ApiEventSource``) for a tenant-isolated function."""
    if tenant_isolation_mode(tenancy) is not None:
        _check_isolated_source(path, "add_event_source", source)


def _check_isolated_source(path: str, prop: str, source: Any) -> None:
    # API Gateway invokes through a permission, not a mapping: the one kind of source tenant isolation has.
    from aws_cdk import aws_lambda_event_sources as sources

    if not isinstance(source, sources.ApiEventSource):
        what = "event sources other than API Gateway (ApiEventSource)"
        raise _refused(path, prop, type(source).__name__, what)


def check_event_source_mapping_allowed(path: str, tenancy: lambda_.TenancyConfig | None) -> None:
    """Refuse any event source mapping for a tenant-isolated function: Lambda polls no source for it."""
    if tenant_isolation_mode(tenancy) is not None:
        raise _refused(path, "add_event_source_mapping", "an event source mapping", "event source mappings")


def check_url_allowed(fn_path: str, tenancy: lambda_.TenancyConfig | None) -> None:
    """Refuse a function URL for a tenant-isolated function (for ``add_function_url`` overrides)."""
    if tenant_isolation_mode(tenancy) is not None:
        raise _refused(fn_path, "add_function_url", "a function URL", "function URLs")


def struct_fields(struct: Any) -> dict[str, Any]:
    """The fields set on a jsii struct, as the keywords its Python method takes (``{}`` for ``None``)."""
    if struct is None:
        return {}
    names = inspect.signature(type(struct)).parameters
    return {name: value for name in names if (value := getattr(struct, name)) is not None}


def _refused(path: str, prop: str, value: Any, what: str) -> ValidationError:
    return ValidationError(
        path,
        prop,
        value,
        f"cannot be combined with {_PER_TENANT}: tenant isolation does not support {what} ({_TENANCY_PAGE})",
    )


# -- after the L2 has built the function ------------------------------------------------------------


def configure_features(
    fn: lambda_.Function,
    cfn: lambda_.CfnFunction,
    own_role: iam.IRole | None,
    durable_config: lambda_.DurableConfig | None,
    tenancy_config: lambda_.TenancyConfig | None,
) -> None:
    """Scope the durable-execution rights to ``fn`` and warn about settings fixed at creation."""
    mode = tenant_isolation_mode(tenancy_config)
    if mode is not None:
        check_choice(fn.node.path, "tenancy_config", mode, limits.TENANT_ISOLATION_MODES)
        Annotations.of(fn).add_warning_v2(
            "constructs-lambda:tenancyReplaces",
            f"tenancy_config ({mode}) can only be chosen when the function is created: adding, changing or "
            "removing it replaces the function (CloudFormation TenancyConfig: 'Update requires: "
            "Replacement'), with a new ARN and a new version history.",
        )
    if durable_config is None:
        return  # no jsii call at all for the common function
    Annotations.of(fn).add_warning_v2(
        "constructs-lambda:durableCreateOnly",
        "durable_config: Lambda enables durable execution only when a function is created "
        "(https://docs.aws.amazon.com/lambda/latest/dg/durable-configuration.html); aws-cdk-lib notes that "
        "adding it to an existing function replaces the function. Invoke it through a "
        "version or alias (fn.alias): Lambda refuses unqualified invocations of a durable function.",
    )
    if isinstance(own_role, iam.Role):
        _grant_durable_execution(fn, cfn, own_role)


def _grant_durable_execution(fn: lambda_.Function, cfn: lambda_.CfnFunction, role: iam.Role) -> None:
    """The durable-execution actions on this function's versions, instead of the managed policy's ``*``.

    The statement lives in a policy of its own: the function waits for the role's default policy, so a
    statement there that names the function's ARN would be a dependency cycle.
    """
    resource = f"{fn.function_arn}:*"
    policy = iam.Policy(
        fn,
        DURABLE_POLICY_ID,
        roles=[role],
        statements=[
            iam.PolicyStatement(actions=list(limits.DURABLE_EXECUTION_ACTIONS), resources=[resource])
        ],
    )
    logical_id = Stack.of(fn).get_logical_id(cfn)
    Validations.of(policy).acknowledge(
        Acknowledgment(
            id=f"AwsSolutions-IAM5[Resource::<{logical_id}.Arn>:*]",
            reason=(
                "Lambda authorizes CheckpointDurableExecution and GetDurableExecutionState against the "
                "durable execution ARN, function:NAME:VERSION/durable-execution/..., so ':*' on this "
                "function's own ARN is the narrowest resource matching its versions; the unqualified ARN "
                "never matches (https://docs.aws.amazon.com/lambda/latest/dg/durable-security.html)."
            ),
        )
    )
