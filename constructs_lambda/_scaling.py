"""Provisioned concurrency on a function's alias: the scalable target, its policy and schedules, the alarm.

The options (:class:`ProvisionedConcurrency`, :class:`ScheduledCapacity`) validate themselves and record the
lifecycle cases this wiring is built for: ``_provisioned_concurrency``.

Why ``appscaling.ScalableTarget`` and not ``alias.add_auto_scaling()``: the L2 hard-wires its child IDs inside
aws-cdk-lib (``AliasScaling/Target``) and gives no hook for the dependency on the alias; building the target
directly lets the library pin its own construct IDs (public API, see the ``*_ID`` constants), pass the
service-linked role explicitly (no IAM role is synthesized; passing no role would make ``ScalableTarget``
create one) and add the ``DependsOn``. A later call to ``alias.add_auto_scaling()`` would register a second
target for the same alias, which fails at deploy; a validation turns that into a synth error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aws_cdk import Annotations, Duration, Stack, TimeZone
from aws_cdk import aws_applicationautoscaling as appscaling
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct, IConstruct

# ``as``: an explicit re-export, for ``_function``, which imports the option class from here.
from ._provisioned_concurrency import ProvisionedConcurrency as ProvisionedConcurrency
from ._provisioned_concurrency import is_known
from ._schedule import as_schedule
from ._template_limits import enforce_template_limits

if TYPE_CHECKING:
    from aws_cdk import aws_cloudwatch as cloudwatch


# --- Application Auto Scaling identifiers ---------------------------------------------------------------
# (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html, Application Auto Scaling part)
SCALABLE_DIMENSION = "lambda:function:ProvisionedConcurrency"
# Service-linked role Application Auto Scaling uses for Lambda; the same ARN aws-cdk-lib's Alias imports
# (aws-lambda/lib/alias.ts). Referencing it means no IAM role is synthesized.
SERVICE_LINKED_ROLE_PATH = "role/aws-service-role/lambda.application-autoscaling.amazonaws.com"
SERVICE_LINKED_ROLE_NAME = "AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency"
# Metric emitted per alias: invocations that ran on standard concurrency because all PC was busy
# (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-concurrency.html).
SPILLOVER_METRIC = "ProvisionedConcurrencySpilloverInvocations"


# --- Construct IDs (public API: changing one replaces resources) -------------------------------------------
SCALING_ID = "ProvisionedConcurrency"  # under the alias; parent of everything below
# Imported service-linked role (no resource): once per stack, under the stack's first autoscaled alias.
SCALING_ROLE_ID = "ScalingRole"
SCALABLE_TARGET_ID = "Target"  # AWS::ApplicationAutoScaling::ScalableTarget
UTILIZATION_POLICY_ID = "Utilization"  # AWS::ApplicationAutoScaling::ScalingPolicy, under the target
SPILLOVER_ALARM_ID = "SpilloverAlarm"  # AWS::CloudWatch::Alarm
# The stack's imported service-linked role, set on the stack's Python object (see _service_linked_role).
_SCALING_ROLE_ATTRIBUTE = "_constructs_lambda_scaling_role"

# Spillover alarm: any spillover invocation in a 5-minute window.
SPILLOVER_ALARM_PERIOD = Duration.minutes(5)
SPILLOVER_ALARM_THRESHOLD = 1


_WARN_ONE_WAY = "constructs-lambda:pc-one-way-schedule"
_WARN_AT_RESERVED = "constructs-lambda:pc-equals-reserved"


_READ_FROM_FUNCTION: Any = object()
"""Default of ``configure_provisioned_concurrency(reserved_concurrent_executions=...)``: not given."""


@dataclass(frozen=True, slots=True)
class ProvisionedConcurrencyResources:
    """What :func:`configure_provisioned_concurrency` created (``None`` where nothing was needed)."""

    scalable_target: appscaling.ScalableTarget | None = None
    utilization_policy: appscaling.TargetTrackingScalingPolicy | None = None
    spillover_alarm: cloudwatch.Alarm | None = None


def configure_provisioned_concurrency(
    function: lambda_.IFunction,
    alias: lambda_.Alias,
    config: ProvisionedConcurrency,
    *,
    alias_name: str | None = None,
    function_name: str | None = None,
    reserved_concurrent_executions: Any = _READ_FROM_FUNCTION,
    stack: Stack | None = None,
    order_after_alias: bool = True,
) -> ProvisionedConcurrencyResources:
    """Create the autoscaling and alarm resources for ``config`` under ``alias/ProvisionedConcurrency``.

    The alias must already carry ``config.alias_executions`` as its ``provisioned_concurrent_executions``
    and ``config.check_for_function`` must have passed.

    Args:
        function: The function the alias belongs to. Default: - required.
        alias: The alias that holds the provisioned concurrency. Default: - required.
        config: The configuration. Default: - required.
        alias_name: ``alias.alias_name``, when the caller knows it (saves a jsii round trip).
            Default: - read from ``alias``.
        function_name: ``function.function_name``, when the caller has read it. Default: - read.
        reserved_concurrent_executions: The function's reserved concurrency (``None``: none), when the
            caller knows it. Default: - read from the function's ``CfnFunction``.
        stack: The stack enclosing ``alias``, when the caller holds it (``Stack.of`` is a round trip).
            Default: - ``Stack.of(alias)``.
        order_after_alias: ``False`` when the caller calls :func:`order_after_alias_resource` itself (it
            may hold the ``CfnAlias`` later at no cost). Default: ``True``.

    Returns:
        The scalable target, target-tracking policy and spillover alarm that were created.
    """
    if config.alias_executions is None:
        return ProvisionedConcurrencyResources()
    scope = Construct(alias, SCALING_ID)
    target: appscaling.ScalableTarget | None = None
    policy: appscaling.TargetTrackingScalingPolicy | None = None
    if config.autoscaled:
        assert config.max_capacity is not None  # for mypy: autoscaled implies it
        role = _service_linked_role(stack or Stack.of(alias), scope)
        name = function_name or function.function_name
        target = appscaling.ScalableTarget(
            scope,
            SCALABLE_TARGET_ID,
            service_namespace=appscaling.ServiceNamespace.LAMBDA,
            scalable_dimension=SCALABLE_DIMENSION,
            resource_id=f"function:{name}:{alias_name or alias.alias_name}",
            min_capacity=config.min_capacity,
            max_capacity=config.max_capacity,
            role=role,
        )
        if order_after_alias:
            order_after_alias_resource(target, alias)
        if config.utilization_target is not None:
            policy = target.scale_to_track_metric(
                UTILIZATION_POLICY_ID,
                target_value=config.utilization_target,
                predefined_metric=appscaling.PredefinedMetric.LAMBDA_PROVISIONED_CONCURRENCY_UTILIZATION,
                scale_in_cooldown=config.scale_in_cooldown,
                scale_out_cooldown=config.scale_out_cooldown,
                disable_scale_in=config.disable_scale_in or None,
            )
        for s in config.schedules:
            target.scale_on_schedule(
                s.id,
                schedule=as_schedule(s.schedule),
                time_zone=TimeZone.of(s.time_zone) if s.time_zone is not None else None,
                start_time=s.start_time,
                end_time=s.end_time,
                min_capacity=s.min_capacity,
                max_capacity=s.max_capacity,
            )
        _warn_one_way(scope, config)
    if reserved_concurrent_executions is _READ_FROM_FUNCTION:
        cfn = function.node.default_child
        reserved_concurrent_executions = getattr(cfn, "reserved_concurrent_executions", None)
    _warn_at_reserved(scope, reserved_concurrent_executions, config)
    alarm: cloudwatch.Alarm | None = None
    if config.spillover_alarm:
        from aws_cdk import aws_cloudwatch as cloudwatch

        alarm = cloudwatch.Alarm(
            scope,
            SPILLOVER_ALARM_ID,
            # Alias.metric() sets FunctionName and Resource "<name>:<alias>": the per-alias series.
            metric=alias.metric(SPILLOVER_METRIC, statistic="Sum", period=SPILLOVER_ALARM_PERIOD),
            threshold=SPILLOVER_ALARM_THRESHOLD,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=(
                "Invocations of the alias ran on standard concurrency (cold starts) because all "
                "provisioned concurrency was in use."
            ),
        )
    return ProvisionedConcurrencyResources(
        scalable_target=target, utilization_policy=policy, spillover_alarm=alarm
    )


def order_after_alias_resource(
    target: appscaling.ScalableTarget, alias: lambda_.Alias, alias_resource: IConstruct | None = None
) -> None:
    """Register ``target`` only after ``alias`` (and its PC floor) exists: Application Auto Scaling then
    adopts the allocation the alias made instead of racing it.

    On the ``CfnAlias`` only (``alias_resource``, when the caller holds it; else read): the alias
    construct's subtree includes the target.
    """
    if alias_resource is None:
        alias_resource = alias.node.default_child
        assert alias_resource is not None  # for mypy: an L2 Alias always has its CfnAlias
    target.node.add_dependency(alias_resource)


# --- helpers ------------------------------------------------------------------------------------------------


def _warn_one_way(scope: Construct, config: ProvisionedConcurrency) -> None:
    if not is_known(config.min_capacity):
        return  # a floor known only at deploy time cannot be compared with the schedules
    raising = [
        s.id for s in config.schedules if is_known(s.min_capacity) and s.min_capacity > config.min_capacity
    ]
    lowering = [
        s for s in config.schedules if is_known(s.min_capacity) and s.min_capacity <= config.min_capacity
    ]
    if raising and not lowering:
        Annotations.of(scope).add_warning_v2(
            _WARN_ONE_WAY,
            f"Schedules {', '.join(raising)} raise min_capacity above {config.min_capacity} and no schedule "
            "lowers it again: Application Auto Scaling keeps the raised minimum on the scalable target even "
            "after the schedule is removed (aws/aws-cdk#30503). Add a schedule that sets min_capacity back.",
        )


def _service_linked_role(stack: Stack, scope: Construct) -> iam.IRole:
    """The stack's imported service-linked role, imported once under the first ``scope`` that needs it.

    The import synthesizes nothing (only its ARN lands in each target's ``RoleARN``), so one per stack
    serves every alias (per function, the import was a jsii round trip; so was ``format_arn`` per stack). Kept
    on the stack's Python object, so it lives and dies with its App. The first autoscaled alias of a stack
    also registers the stack's template pass (limits, duplicate scalable targets): a second target for the
    alias (``alias.add_auto_scaling()``) fails synthesis there, with no callback per alias.
    """
    role: iam.IRole | None = getattr(stack, _SCALING_ROLE_ATTRIBUTE, None)
    if role is None:
        arn = stack.format_arn(
            service="iam",
            region="",
            resource=SERVICE_LINKED_ROLE_PATH,
            resource_name=SERVICE_LINKED_ROLE_NAME,
        )
        role = iam.Role.from_role_arn(scope, SCALING_ROLE_ID, arn, mutable=False)
        enforce_template_limits(stack)
        setattr(stack, _SCALING_ROLE_ATTRIBUTE, role)
    return role


def _warn_at_reserved(scope: Construct, reserved: Any, config: ProvisionedConcurrency) -> None:
    if not is_known(reserved):
        return
    peak = max((a for _, a in config._reachable_amounts() if is_known(a)), default=0)
    if peak == reserved:
        Annotations.of(scope).add_warning_v2(
            _WARN_AT_RESERVED,
            f"Provisioned concurrency can reach reserved_concurrent_executions ({reserved}): then every "
            "invocation runs on provisioned concurrency and the unpublished version ($LATEST) is throttled "
            "(developer guide, 'Managing Lambda provisioned concurrency').",
        )
