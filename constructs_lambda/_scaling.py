"""Provisioned concurrency on a function's alias: a fixed amount, or scaled by Application Auto Scaling.

Who owns the provisioned-concurrency (PC) configuration
-------------------------------------------------------
Lambda keeps one PC configuration per qualifier (here the alias). Two writers can touch it: the
``AWS::Lambda::Alias`` resource (``ProvisionedConcurrencyConfig``) and Application Auto Scaling (the
``AWS::ApplicationAutoScaling::ScalableTarget`` registered on ``function:<name>:<alias>``). The CDK L2's
``alias.add_auto_scaling()`` leaves the alias without ``ProvisionedConcurrencyConfig``, so Application Auto
Scaling is the only writer; this library instead puts the *floor* (``min_capacity``) on the alias as well
(:attr:`ProvisionedConcurrency.alias_executions`), the pattern of AWS's own SAM sample for PC autoscaling,
and forbids any capacity of 0 while PC is on. The eight lifecycle cases, reasoned out:

1. **First deploy.** CloudFormation creates the version, then the alias with PC = ``min_capacity`` and waits
   until Lambda reports the allocation READY; the function is warm when the alias completes. Only then is the
   scalable target registered (explicit ``DependsOn`` on the alias): Application Auto Scaling adopts the
   existing configuration instead of racing the alias for it. Target tracking and scheduled actions follow.
2. **Code change, PC allocated.** A new ``AWS::Lambda::Version`` appears and the alias's ``FunctionVersion``
   changes; its ``ProvisionedConcurrencyConfig`` and the scalable target stay byte-identical, so
   CloudFormation updates only the alias. Lambda moves the allocation to the new version (developer guide,
   https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html)
   and the alias update completes once the new version is warm; the target's resource ID names the
   alias, not a version, so it is not replaced and keeps scaling.
3. **Schedule holding capacity at 0 during a deploy (aws/aws-cdk#29992).** When Application Auto Scaling
   drives PC to 0, Lambda deletes the configuration; the next alias update then fails with
   ``ProvisionedConcurrencyConfigNotFoundException``. Here every capacity (target and scheduled, min and max)
   must be >= 1, so the configuration the alias carries always exists. The one 0 that is allowed is a *fixed*
   ``min_capacity=0`` (no ``max_capacity``): it means "no PC" and renders exactly the template of
   ``provisioned_concurrency=None`` (no alias config, no target) — safe, and handy to switch PC off per stage.
4. **Switching schedule -> utilization (aws/aws-cdk#30503).** A scheduled action rewrites the *registered*
   target's min/max and scales capacity into them; deleting the action restores neither, and target tracking
   only scales in when the low alarm sees data points (an idle alias emits none). The template after the
   switch keeps the same target (same logical ID, min, max) without ``ScheduledActions`` and adds the
   policy. What the library adds: a warning for schedules that raise the floor with no schedule that lowers it
   again (the #30503 configuration, which strands the raised floor even without a switch); the README gives
   the one-line ``register-scalable-target`` that resets a stranded floor.
5. **Removing autoscaling (aws/aws-cdk#31507).** Deregistering a scalable target does not delete the PC
   configuration it wrote. Because the alias itself carries ``ProvisionedConcurrencyConfig`` here, removing
   ``provisioned_concurrency`` also removes that property from the alias: CloudFormation updates the alias
   (same logical ID) and Lambda deletes the configuration, whatever amount autoscaling had set; the target,
   policy and alarm are deleted in the cleanup phase. (Going from autoscaled to a *fixed* amount equal to the
   old ``min_capacity`` leaves the alias unchanged, so the last autoscaled amount stays: see the README.)
6. **Weighted alias routing** — rejected: Lambda cannot manage PC on an alias while it has a routing
   configuration (provisioned-concurrency.html, above), and removing PC from such an alias fails and then
   fails its rollback (aws/serverless-application-model#1353).
7. **SnapStart** — rejected: "You cannot use both SnapStart and provisioned concurrency on the same function
   version" (provisioned-concurrency.html).
8. **PC above reserved concurrency** — rejected: "You can't allocate more provisioned concurrency than
   reserved concurrency for a function" (provisioned-concurrency.html). Every amount that can be reached
   (target max, scheduled min and max) is checked.

Why ``appscaling.ScalableTarget`` and not ``alias.add_auto_scaling()``: the L2 hard-wires its child IDs inside
aws-cdk-lib (``AliasScaling/Target``) and gives no hook for the dependency on the alias; building the target
directly lets the library pin its own construct IDs (public API, see the ``*_ID`` constants), pass the
service-linked role explicitly (no IAM role is synthesized; passing no role would make ``ScalableTarget``
create one) and add the ``DependsOn``. A later call to ``alias.add_auto_scaling()`` would register a second
target for the same alias, which fails at deploy; a validation turns that into a synth error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeGuard

from aws_cdk import Annotations, Duration, Stack, TimeZone
from aws_cdk import aws_applicationautoscaling as appscaling
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from ._errors import ValidationError
from ._limits import (
    COOLDOWN_MAX_SECONDS,
    PROVISIONED_CONCURRENCY_MIN_COUNT,
    SCHEDULED_ACTION_NAME_MAX_LENGTH,
    SCHEDULED_ACTIONS_MAX_COUNT,
    UTILIZATION_TARGET_MAX_FRACTION,
    UTILIZATION_TARGET_MIN_FRACTION,
)
from ._schedule import as_schedule, check_schedule, check_time_zone, schedule_expression
from ._template_limits import enforce_template_limits
from ._validation import (
    check_length,
    check_max_items,
    check_pattern,
    check_range,
    check_whole,
    check_whole_seconds,
    is_unresolved,
    jsii_ref,
)

if TYPE_CHECKING:
    from aws_cdk import aws_cloudwatch as cloudwatch

__all__ = ["ProvisionedConcurrency", "ScheduledCapacity"]

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

# --- Limits (the numbers themselves, with their sources, are in _limits) ------------------------------
# The library's opinion: provisioned-concurrency.html uses 0.7 as its example target.
DEFAULT_UTILIZATION_TARGET = 0.7
# ScheduledActionName characters (SOURCES["autoscaling-api-scheduled-action"]; length in _limits).
_SCHEDULED_ACTION_NAME_RE = re.compile(r"(?! )[^\x00-\x1f\x7f-\x9f:/|]*(?<! )")

# --- Construct IDs (public API: changing one replaces resources) -------------------------------------------
SCALING_ID = "ProvisionedConcurrency"  # under the alias; parent of everything below
SCALING_ROLE_ID = "ScalingRole"  # imported service-linked role (no resource)
SCALABLE_TARGET_ID = "Target"  # AWS::ApplicationAutoScaling::ScalableTarget
UTILIZATION_POLICY_ID = "Utilization"  # AWS::ApplicationAutoScaling::ScalingPolicy, under the target
SPILLOVER_ALARM_ID = "SpilloverAlarm"  # AWS::CloudWatch::Alarm
# Child id aws-cdk-lib's alias.add_auto_scaling() uses; its presence next to ours means two targets.
_TEMPLATES_CHECKED = "_constructs_lambda_templates_checked"

# Spillover alarm: any spillover invocation in a 5-minute window.
SPILLOVER_ALARM_PERIOD = Duration.minutes(5)
SPILLOVER_ALARM_THRESHOLD = 1


_WARN_ONE_WAY = "constructs-lambda:pc-one-way-schedule"
_WARN_AT_RESERVED = "constructs-lambda:pc-equals-reserved"
# Why no capacity may be 0 once autoscaling is on (case 3 above).
_NO_ZERO = "at 0 Lambda deletes the configuration and the next deploy fails, aws/aws-cdk#29992"


@dataclass(frozen=True, kw_only=True, slots=True)
class ScheduledCapacity:
    """A scheduled change of the provisioned-concurrency range, e.g. more capacity in business hours.

    At the scheduled time Application Auto Scaling sets the target's minimum and/or maximum to these values
    and moves the current capacity into the new range. ``id`` is the only positional argument.

    Args:
        id: Name of the scheduled action, unique within the function (1-256 characters, no ``:``, ``/``,
            ``|``).
        schedule: ``cron(min hour day-of-month month day-of-week year)``, ``rate(N unit)`` or
            ``at(yyyy-mm-ddThh:mm:ss)``, as written in the AWS docs, or an
            ``aws_applicationautoscaling.Schedule``.
        time_zone: IANA time zone the ``cron``/``at`` expression is read in. Default: - UTC.
        start_time: When the action starts to apply. Default: - immediately.
        end_time: When the action stops applying. Default: - never.
        min_capacity: New minimum provisioned concurrency (a whole number >= 1). Default: - minimum
            unchanged.
        max_capacity: New maximum provisioned concurrency (a whole number >= 1). Default: - maximum
            unchanged.

    Errors name the schedule by its id, e.g. ``ScheduledCapacity('Night').max_capacity``: it is checked
    when created, before its place in ``schedules`` is known.
    """

    id: str = field(kw_only=False)
    schedule: str | appscaling.Schedule
    time_zone: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    min_capacity: int | None = None
    max_capacity: int | None = None

    def __post_init__(self) -> None:
        self._validate()

    def _validate(self) -> None:
        check_length("", "id", self.id, 1, SCHEDULED_ACTION_NAME_MAX_LENGTH)
        check_pattern(
            "",
            "id",
            self.id,
            _SCHEDULED_ACTION_NAME_RE,
            "free of ':', '/', '|' and control characters, with no leading or trailing space",
        )
        where = f"ScheduledCapacity({self.id!r})."
        kind = check_schedule("", f"{where}schedule", schedule_expression(self.schedule))
        if self.time_zone is not None:
            check_time_zone("", f"{where}time_zone", self.time_zone)
            if kind == "rate":
                raise ValidationError(
                    "",
                    f"{where}time_zone",
                    self.time_zone,
                    "applies only to cron() and at() schedules, not rate()",
                )
        for prop, moment in (("start_time", self.start_time), ("end_time", self.end_time)):
            if moment is not None and moment.tzinfo is None:
                # jsii refuses naive datetimes; which zone was meant cannot be guessed.
                raise ValidationError(
                    "", f"{where}{prop}", moment.isoformat(), "must carry a time zone (tzinfo), e.g. UTC"
                )
        if self.start_time is not None and self.end_time is not None and self.end_time <= self.start_time:
            raise ValidationError(
                "",
                f"{where}end_time",
                self.end_time.isoformat(),
                f"must be after start_time ({self.start_time.isoformat()})",
            )
        if self.min_capacity is None and self.max_capacity is None:
            raise ValidationError(
                "",
                f"{where}min_capacity",
                None,
                "or max_capacity must be set (a schedule changes the range)",
            )
        _check_capacity(f"{where}min_capacity", self.min_capacity)
        _check_capacity(f"{where}max_capacity", self.max_capacity)
        _check_min_le_max(where, self.min_capacity, self.max_capacity)


@dataclass(frozen=True, kw_only=True, slots=True)
class ProvisionedConcurrency:
    """Provisioned concurrency for a function's alias: a fixed amount, or a range scaled automatically.

    With ``max_capacity`` unset, the alias holds ``min_capacity`` warm environments and nothing scales. With
    ``max_capacity`` set, Application Auto Scaling keeps utilization near ``utilization_target`` between
    ``min_capacity`` and ``max_capacity`` and applies ``schedules``.

    Args:
        min_capacity: Provisioned concurrency the alias always holds (a whole number >= 1; a fixed 0 means
            "none").
        max_capacity: Upper bound for autoscaling (a whole number >= 1 and >= min_capacity). Default: - fixed
            amount, no autoscaling.
        utilization_target: Target of ``LambdaProvisionedConcurrencyUtilization`` (0.1-0.9), or ``None`` for
            schedules only. Without ``max_capacity`` only the default or ``None`` is accepted. Default: 0.7
            (``DEFAULT_UTILIZATION_TARGET``).
        scale_in_cooldown: Wait after a scale-in before the next one (whole seconds). Default: - service
            default.
        scale_out_cooldown: Wait after a scale-out before the next one (whole seconds). Default: - service
            default.
        disable_scale_in: Never remove capacity through target tracking. Default: False.
        schedules: Scheduled changes of the range (at most 200); need ``max_capacity``. Default: - none.
        spillover_alarm: Create a CloudWatch alarm on ``ProvisionedConcurrencySpilloverInvocations`` of the
            alias (any spillover within 5 minutes; no actions attached). Default: True.
    """

    min_capacity: int
    max_capacity: int | None = None
    utilization_target: float | None = DEFAULT_UTILIZATION_TARGET
    scale_in_cooldown: Duration | None = None
    scale_out_cooldown: Duration | None = None
    disable_scale_in: bool = False
    schedules: Sequence[ScheduledCapacity] = ()
    spillover_alarm: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "schedules", tuple(self.schedules))
        self._validate()

    @property
    def autoscaled(self) -> bool:
        """True when Application Auto Scaling manages the amount (``max_capacity`` is set)."""
        return self.max_capacity is not None

    @property
    def alias_executions(self) -> int | None:
        """What the alias's ``provisioned_concurrent_executions`` is set to: the floor, or ``None`` for none.

        The alias carries ``min_capacity`` with and without autoscaling, so that removing the configuration
        removes the property from the alias and Lambda frees whatever was allocated (aws/aws-cdk#31507).
        """
        if is_unresolved(self.min_capacity) or self.min_capacity >= PROVISIONED_CONCURRENCY_MIN_COUNT:
            return self.min_capacity
        return None

    def check_for_function(
        self,
        path: str,
        *,
        reserved_concurrent_executions: int | None,
        snap_start: bool,
        has_weighted_routing: bool,
        publishes_versions: bool = True,
    ) -> None:
        """Raise ``ValidationError`` when the function cannot hold this configuration.

        Call before creating anything. ``path`` is the function's construct path.

        Args:
            path: Construct path of the function.
            reserved_concurrent_executions: The function's reserved concurrency. Default: - none.
            snap_start: Whether SnapStart is configured. Default: - required.
            has_weighted_routing: Whether the alias routes a weight to an additional version. Default: -
                required.
            publishes_versions: Whether the alias points at a published version. Default: True.
        """
        if self.alias_executions is None:
            return  # no provisioned concurrency at all: nothing can conflict
        prop = "provisioned_concurrency"
        if not publishes_versions:
            raise ValidationError(
                path,
                prop,
                self._summary(),
                "needs an alias on a published version ($LATEST cannot hold provisioned concurrency)",
            )
        if snap_start:
            raise ValidationError(
                path,
                prop,
                self._summary(),
                "cannot be combined with snap_start (Lambda does not support SnapStart with "
                "provisioned concurrency)",
            )
        if has_weighted_routing:
            raise ValidationError(
                path,
                prop,
                self._summary(),
                "cannot be combined with weighted alias routing (Lambda cannot manage provisioned "
                "concurrency on an alias that has a routing configuration)",
            )
        if reserved_concurrent_executions is None or is_unresolved(reserved_concurrent_executions):
            return
        for where, amount in self._reachable_amounts():
            if _known(amount) and amount > reserved_concurrent_executions:
                raise ValidationError(
                    path,
                    f"{prop}.{where}",
                    amount,
                    f"must not exceed reserved_concurrent_executions ({reserved_concurrent_executions}): "
                    "provisioned concurrency counts against it",
                )

    # -- internals ----------------------------------------------------------------------------------------

    def _summary(self) -> str:
        return f"min_capacity={self.min_capacity}, max_capacity={self.max_capacity}"

    def _reachable_amounts(self) -> list[tuple[str, int | None]]:
        amounts: list[tuple[str, int | None]] = [("min_capacity", self.min_capacity)]
        if self.max_capacity is not None:
            amounts.append(("max_capacity", self.max_capacity))
        for i, s in enumerate(self.schedules):
            amounts.append((f"schedules[{i}].min_capacity", s.min_capacity))
            amounts.append((f"schedules[{i}].max_capacity", s.max_capacity))
        return amounts

    def _validate(self) -> None:
        if not self.autoscaled:
            self._validate_fixed()
            return
        _check_capacity("min_capacity", self.min_capacity, why=f"with max_capacity set: {_NO_ZERO}")
        _check_capacity("max_capacity", self.max_capacity)
        _check_min_le_max("", self.min_capacity, self.max_capacity)
        if self.utilization_target is not None:
            check_range(
                "",
                "utilization_target",
                self.utilization_target,
                UTILIZATION_TARGET_MIN_FRACTION,
                UTILIZATION_TARGET_MAX_FRACTION,
            )
        elif not self.schedules:
            raise ValidationError(
                "",
                "utilization_target",
                None,
                "or schedules must be set with max_capacity (nothing would ever scale)",
            )
        check_whole_seconds("", "scale_in_cooldown", self.scale_in_cooldown, 0, COOLDOWN_MAX_SECONDS)
        check_whole_seconds("", "scale_out_cooldown", self.scale_out_cooldown, 0, COOLDOWN_MAX_SECONDS)
        check_max_items("", "schedules", self.schedules, SCHEDULED_ACTIONS_MAX_COUNT, "schedules")
        seen: set[str] = set()
        for i, schedule in enumerate(self.schedules):
            prefix = f"schedules[{i}]."
            if not isinstance(schedule, ScheduledCapacity):
                raise ValidationError("", f"schedules[{i}]", schedule, "must be a ScheduledCapacity")
            # Each ScheduledCapacity validated itself when created; what is left is how it fits this range.
            if schedule.id in seen:
                raise ValidationError("", f"{prefix}id", schedule.id, "must be unique among the schedules")
            seen.add(schedule.id)
            self._check_reachable(prefix, schedule)

    def _validate_fixed(self) -> None:
        _check_capacity("min_capacity", self.min_capacity, 0, "0 means no provisioned concurrency")
        needs_max = {
            "schedules": f"{len(self.schedules)} schedules" if self.schedules else None,
            "scale_in_cooldown": _human(self.scale_in_cooldown),
            "scale_out_cooldown": _human(self.scale_out_cooldown),
            "disable_scale_in": self.disable_scale_in or None,
            "utilization_target": (
                None if self.utilization_target == DEFAULT_UTILIZATION_TARGET else self.utilization_target
            ),
        }
        for prop, shown in needs_max.items():
            if shown is not None:
                raise ValidationError("", prop, shown, "needs max_capacity (autoscaling) to be set")

    def _check_reachable(self, prefix: str, s: ScheduledCapacity) -> None:
        """A scheduled bound must fit the range it lands in: its own other bound, or the target's."""
        if (
            _known(s.min_capacity)
            and s.max_capacity is None
            and _known(self.max_capacity)
            and s.min_capacity > self.max_capacity
        ):
            raise ValidationError(
                "",
                f"{prefix}min_capacity",
                s.min_capacity,
                f"must not exceed max_capacity ({self.max_capacity}) unless the schedule also raises "
                "max_capacity",
            )
        if (
            _known(s.max_capacity)
            and s.min_capacity is None
            and _known(self.min_capacity)
            and s.max_capacity < self.min_capacity
        ):
            raise ValidationError(
                "",
                f"{prefix}max_capacity",
                s.max_capacity,
                f"must be at least min_capacity ({self.min_capacity}) unless the schedule also lowers "
                "min_capacity",
            )


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
    reserved_concurrent_executions: Any = _READ_FROM_FUNCTION,
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
        reserved_concurrent_executions: The function's reserved concurrency (``None``: none), when the
            caller knows it. Default: - read from the function's ``CfnFunction``.

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
        stack = Stack.of(alias)
        role = iam.Role.from_role_arn(
            scope,
            SCALING_ROLE_ID,
            _service_linked_role_arn(stack),
            mutable=False,
        )
        target = appscaling.ScalableTarget(
            scope,
            SCALABLE_TARGET_ID,
            service_namespace=appscaling.ServiceNamespace.LAMBDA,
            scalable_dimension=SCALABLE_DIMENSION,
            resource_id=f"function:{function.function_name}:{alias_name or alias.alias_name}",
            min_capacity=config.min_capacity,
            max_capacity=config.max_capacity,
            role=role,
        )
        # Register only after the alias (and its PC floor) exists: Application Auto Scaling then adopts the
        # allocation the alias made instead of racing it.
        # (On the CfnAlias only: the alias construct's subtree includes this target.)
        alias_node = alias.node
        alias_resource = alias_node.default_child
        assert alias_resource is not None  # for mypy: an L2 Alias always has its CfnAlias
        target.node.add_dependency(alias_resource)
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
        # A second target for the alias (alias.add_auto_scaling()) fails synthesis in the template pass
        # (duplicate_scalable_targets): no callback per alias.
        _check_templates_once(stack)
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


# --- helpers ------------------------------------------------------------------------------------------------


def _known(value: int | None) -> TypeGuard[int]:
    return value is not None and not is_unresolved(value)


def _check_capacity(
    prop: str, value: int | None, low: int = PROVISIONED_CONCURRENCY_MIN_COUNT, why: str = _NO_ZERO
) -> None:
    """Raise unless ``value`` is a whole number of at least ``low``; ``why`` tells the user why that bound."""
    try:
        check_range("", prop, value, low)
    except ValidationError as error:
        raise ValidationError("", prop, value, f"{error.rule} ({why})") from None
    check_whole("", prop, value, low)  # within range but a fraction or a bool: ``why`` does not apply


def _check_min_le_max(prefix: str, min_capacity: int | None, max_capacity: int | None) -> None:
    if _known(min_capacity) and _known(max_capacity) and max_capacity < min_capacity:
        raise ValidationError(
            "", f"{prefix}max_capacity", max_capacity, f"must be at least min_capacity ({min_capacity})"
        )


def _human(duration: Duration | None) -> str | None:
    return None if duration is None else duration.to_human_string()


def _warn_one_way(scope: Construct, config: ProvisionedConcurrency) -> None:
    if not _known(config.min_capacity):
        return  # a floor known only at deploy time cannot be compared with the schedules
    raising = [
        s.id for s in config.schedules if _known(s.min_capacity) and s.min_capacity > config.min_capacity
    ]
    lowering = [
        s for s in config.schedules if _known(s.min_capacity) and s.min_capacity <= config.min_capacity
    ]
    if raising and not lowering:
        Annotations.of(scope).add_warning_v2(
            _WARN_ONE_WAY,
            f"Schedules {', '.join(raising)} raise min_capacity above {config.min_capacity} and no schedule "
            "lowers it again: Application Auto Scaling keeps the raised minimum on the scalable target even "
            "after the schedule is removed (aws/aws-cdk#30503). Add a schedule that sets min_capacity back.",
        )


# The service-linked role's ARN per stack (jsii reference): one format_arn per stack, not per function.
_SERVICE_LINKED_ROLE_ARNS: dict[str, str] = {}


def _service_linked_role_arn(stack: Stack) -> str:
    key = jsii_ref(stack)
    arn = _SERVICE_LINKED_ROLE_ARNS.get(key)
    if arn is None:
        arn = _SERVICE_LINKED_ROLE_ARNS[key] = stack.format_arn(
            service="iam",
            region="",
            resource=SERVICE_LINKED_ROLE_PATH,
            resource_name=SERVICE_LINKED_ROLE_NAME,
        )
    return arn


def _warn_at_reserved(scope: Construct, reserved: Any, config: ProvisionedConcurrency) -> None:
    if not _known(reserved):
        return
    peak = max((a for _, a in config._reachable_amounts() if _known(a)), default=0)
    if peak == reserved:
        Annotations.of(scope).add_warning_v2(
            _WARN_AT_RESERVED,
            f"Provisioned concurrency can reach reserved_concurrent_executions ({reserved}): then every "
            "invocation runs on provisioned concurrency and the unpublished version ($LATEST) is throttled "
            "(developer guide, 'Managing Lambda provisioned concurrency').",
        )


def _check_templates_once(stack: Stack) -> None:
    """Register the template pass (limits, duplicate scalable targets) of the stage, once per stack."""
    if not getattr(stack, _TEMPLATES_CHECKED, False):
        enforce_template_limits(stack)
        setattr(stack, _TEMPLATES_CHECKED, True)
