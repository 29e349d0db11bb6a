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

How the options are wired into the alias (scalable target, policy, alarm): ``_scaling``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeGuard

from aws_cdk import Duration
from aws_cdk import aws_applicationautoscaling as appscaling

from ._errors import ValidationError
from ._limits import (
    COOLDOWN_MAX_SECONDS,
    PROVISIONED_CONCURRENCY_MIN_COUNT,
    SCHEDULED_ACTION_NAME_MAX_LENGTH,
    SCHEDULED_ACTIONS_MAX_COUNT,
    UTILIZATION_TARGET_MAX_FRACTION,
    UTILIZATION_TARGET_MIN_FRACTION,
)
from ._schedule import check_schedule, check_time_zone, schedule_expression
from ._validation import (
    check_length,
    check_max_items,
    check_pattern,
    check_range,
    check_whole,
    check_whole_seconds,
    is_unresolved,
)

__all__ = ["ProvisionedConcurrency", "ScheduledCapacity"]

# --- Limits (the numbers themselves, with their sources, are in _limits) ------------------------------
# The library's opinion: provisioned-concurrency.html uses 0.7 as its example target.
DEFAULT_UTILIZATION_TARGET = 0.7
# ScheduledActionName characters (SOURCES["autoscaling-api-scheduled-action"]; length in _limits).
_SCHEDULED_ACTION_NAME_RE = re.compile(r"(?! )[^\x00-\x1f\x7f-\x9f:/|]*(?<! )")

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
            if is_known(amount) and amount > reserved_concurrent_executions:
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
            is_known(s.min_capacity)
            and s.max_capacity is None
            and is_known(self.max_capacity)
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
            is_known(s.max_capacity)
            and s.min_capacity is None
            and is_known(self.min_capacity)
            and s.max_capacity < self.min_capacity
        ):
            raise ValidationError(
                "",
                f"{prefix}max_capacity",
                s.max_capacity,
                f"must be at least min_capacity ({self.min_capacity}) unless the schedule also lowers "
                "min_capacity",
            )


# --- helpers ------------------------------------------------------------------------------------------------


def is_known(value: int | None) -> TypeGuard[int]:
    """True for a number known at synth time: ``None`` and tokens cannot be compared."""
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
    if is_known(min_capacity) and is_known(max_capacity) and max_capacity < min_capacity:
        raise ValidationError(
            "", f"{prefix}max_capacity", max_capacity, f"must be at least min_capacity ({min_capacity})"
        )


def _human(duration: Duration | None) -> str | None:
    return None if duration is None else duration.to_human_string()
