"""Migrating a deployed ``aws_lambda.Function`` to ``Function``: keep the L2's logical IDs where they matter.

The L2's ``fn.add_alias("live")`` creates its alias at ``<function>/Aliaslive``, while ``Function`` creates
its own at ``<function>/Alias`` (construct IDs are public API, so that default stays). A stack switched
from the L2 would therefore get a new alias logical ID with the same alias name: CloudFormation creates the
new alias before deleting the old one, Lambda refuses a second alias of that name, and the deploy fails
(aws/aws-cdk#27884). ``Function.add_alias(name)`` with the library alias's own name instead returns the
library alias and gives it, and every resource below it, the logical ID the L2 would have given it
(``adopt_l2_alias``), so the deployed alias is updated in place.

``make_unique_id`` is aws-cdk-lib's ``makeUniqueId`` (``packages/aws-cdk-lib/core/lib/private/uniqueid.ts``)
in pure Python; a test pins it against logical IDs the L2 really synthesizes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any, Final, cast

import jsii
from aws_cdk import (
    Acknowledgment,
    AspectPriority,
    Aspects,
    CfnElement,
    Duration,
    IAspect,
    Stack,
    Validations,
)
from aws_cdk import aws_applicationautoscaling as appscaling
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct

from ._errors import ValidationError
from ._validation import jsii_ref

# uniqueid.ts: HIDDEN_FROM_HUMAN_ID, HIDDEN_ID, PATH_SEP, HASH_LEN, MAX_HUMAN_LEN, MAX_ID_LEN.
_HIDDEN_FROM_HUMAN_ID: Final = "Resource"
_HIDDEN_ID: Final = "Default"
_PATH_SEP: Final = "/"
_HASH_LEN: Final = 8
_MAX_HUMAN_LEN: Final = 240
_MAX_ID_LEN: Final = 255
_NON_ALPHANUMERIC: Final = re.compile(r"[^A-Za-z0-9]")


def make_unique_id(components: Sequence[str]) -> str:
    """The logical ID CloudFormation gets for a resource at ``components`` (path below its stack).

    aws-cdk-lib's ``makeUniqueId``: ``Default`` components are dropped; a single component is the ID
    (alphanumerics only) when short enough; otherwise a human part (consecutive duplicates and
    ``Resource`` removed, alphanumerics only, at most 240 characters) plus the first 8 hex digits, upper
    case, of the MD5 of the components joined by ``/``.

    Args:
        components: Construct IDs from the stack's child down to the resource. Default: - required.

    Raises:
        ValueError: No component is left once ``Default`` is removed.
    """
    parts = [c for c in components if c != _HIDDEN_ID]
    if not parts:
        raise ValueError("Unable to calculate a unique id for an empty set of components")
    if len(parts) == 1:
        candidate = _NON_ALPHANUMERIC.sub("", parts[0])
        if len(candidate) <= _MAX_ID_LEN:
            return candidate
    digest = hashlib.md5(_PATH_SEP.join(parts).encode(), usedforsecurity=False).hexdigest()
    human = "".join(_NON_ALPHANUMERIC.sub("", c) for c in _remove_dupes(parts) if c != _HIDDEN_FROM_HUMAN_ID)
    return human[:_MAX_HUMAN_LEN] + digest[:_HASH_LEN].upper()


def _remove_dupes(parts: Sequence[str]) -> list[str]:
    """Drop a component when the one kept before it ends with it (``removeDupes``: ``endsWith``, not ==)."""
    kept: list[str] = []
    for part in parts:
        if not kept or not kept[-1].endswith(part):
            kept.append(part)
    return kept


def stack_components(construct: IConstruct) -> list[str]:
    """Construct IDs from ``construct``'s stack (exclusive) down to ``construct`` (inclusive)."""
    stack_path = Stack.of(construct).node.path
    path = construct.node.path
    below = path[len(stack_path) + 1 :] if stack_path else path
    return below.split(_PATH_SEP) if below else []


def l2_alias_id(alias_name: str) -> str:
    """The construct ID aws-cdk-lib's ``fn.add_alias(alias_name)`` gives its alias (``util.ts``)."""
    return f"Alias{alias_name}"


# -- the library alias, as the L2's fn.add_alias() would have made it -------------------------------------


class AliasSettings:
    """What the library alias was created with, to compare a later ``add_alias`` call against.

    Args:
        description: ``alias_description``. Default: - required.
        additional_versions: ``alias_additional_versions``. Default: - required.
        provisioned_concurrent_executions: The PC the alias carries (``None``: none). Default: - required.
        max_event_age: The function's (and so the alias's) ``max_event_age``. Default: - required.
        on_failure: As ``max_event_age``. Default: - required.
        on_success: As ``max_event_age``. Default: - required.
        retry_attempts: As ``max_event_age``. Default: - required.
    """

    __slots__ = (
        "additional_versions",
        "description",
        "max_event_age",
        "on_failure",
        "on_success",
        "provisioned_concurrent_executions",
        "retry_attempts",
    )

    def __init__(
        self,
        *,
        description: str | None,
        additional_versions: Sequence[lambda_.VersionWeight],
        provisioned_concurrent_executions: int | float | None,
        max_event_age: Duration | None,
        on_failure: lambda_.IDestination | None,
        on_success: lambda_.IDestination | None,
        retry_attempts: int | float | None,
    ) -> None:
        self.description = description
        self.additional_versions = list(additional_versions)
        self.provisioned_concurrent_executions = provisioned_concurrent_executions
        self.max_event_age = max_event_age
        self.on_failure = on_failure
        self.on_success = on_success
        self.retry_attempts = retry_attempts

    def async_options(self) -> dict[str, Any]:
        """The asynchronous settings as ``aws_lambda.Alias`` keywords."""
        return {
            "max_event_age": self.max_event_age,
            "on_failure": self.on_failure,
            "on_success": self.on_success,
            "retry_attempts": self.retry_attempts,
        }

    @property
    def has_async(self) -> bool:
        """True when the alias already has an ``EventInvokeConfig`` (the function's async settings)."""
        return any(v is not None for v in self.async_options().values())


def adopt_l2_alias(
    function: lambda_.Function,
    alias: lambda_.Alias,
    settings: AliasSettings,
    *,
    alias_name: str,
    additional_versions: Sequence[lambda_.VersionWeight | dict[str, Any]] | None,
    description: str | None,
    provisioned_concurrent_executions: int | float | None,
    max_event_age: Duration | None,
    on_failure: lambda_.IDestination | None,
    on_success: lambda_.IDestination | None,
    retry_attempts: int | float | None,
) -> lambda_.Alias:
    """Make the library alias stand in for the L2's ``fn.add_alias(alias_name, ...)``; return it.

    The options must agree with what the alias already has; an option the alias lacks is applied to it
    (a description, a fixed provisioned concurrency, asynchronous settings), one that differs raises
    ``ValidationError`` naming the keyword. Then the alias and every resource below it, including those
    added later (``alias.add_auto_scaling()``, ``alias.grant_invoke()``), get the logical ID the L2 gives
    them under ``<function>/Alias<alias_name>``, so a stack deployed with the L2 updates them in place.
    """
    path = function.node.path
    cfn_alias = cast(lambda_.CfnAlias, alias.node.default_child)
    _check_versions(
        path,
        settings,
        [
            v if isinstance(v, lambda_.VersionWeight) else lambda_.VersionWeight(**v)
            for v in additional_versions or ()
        ],
    )
    if description is not None and description != settings.description:
        if settings.description is not None:
            raise _conflict(path, "description", description, f"alias_description={settings.description!r}")
        cfn_alias.description = settings.description = description
    if provisioned_concurrent_executions is not None:
        _apply_provisioned_concurrency(path, cfn_alias, settings, provisioned_concurrent_executions)
    _apply_async(path, alias, settings, max_event_age, on_failure, on_success, retry_attempts)
    if not getattr(alias, _ADOPTED_ATTRIBUTE, False):
        Aspects.of(alias).add(
            _L2AliasLogicalIds(depth=len(stack_components(alias)), l2_id=l2_alias_id(alias_name)),
            priority=AspectPriority.MUTATING,
        )
        setattr(alias, _ADOPTED_ATTRIBUTE, True)
    # At once as well, so fn.alias.node.default_child.logical_id reads the final ID before synthesis too.
    components = stack_components(cfn_alias)
    components[len(stack_components(alias)) - 1] = l2_alias_id(alias_name)
    cfn_alias.override_logical_id(make_unique_id(components))
    return alias


_ADOPTED_ATTRIBUTE: Final = "_constructs_lambda_l2_ids"


def _conflict(path: str, prop: str, value: Any, existing: str) -> ValidationError:
    return ValidationError(
        path,
        prop,
        value,
        f"conflicts with the function's alias, which has {existing}; add_alias() with the alias's own name "
        "returns that alias, so give the setting once, to constructs_lambda.Function",
    )


def _check_versions(path: str, settings: AliasSettings, given: list[lambda_.VersionWeight]) -> None:
    """Weighted routing is validated by ``alias_additional_versions``; here it must only agree."""
    if not given:
        return
    same = len(given) == len(settings.additional_versions) and all(
        jsii_ref(a.version) == jsii_ref(b.version) and a.weight == b.weight
        for a, b in zip(given, settings.additional_versions, strict=True)
    )
    if not same:
        raise _conflict(
            path,
            "additional_versions",
            f"{len(given)} additional versions",
            f"{len(settings.additional_versions)} alias_additional_versions",
        )


def _apply_provisioned_concurrency(
    path: str, cfn_alias: lambda_.CfnAlias, settings: AliasSettings, executions: int | float
) -> None:
    current = settings.provisioned_concurrent_executions
    if current == executions:
        return
    if current is not None:
        raise _conflict(
            path,
            "provisioned_concurrent_executions",
            executions,
            f"provisioned concurrency {current} from provisioned_concurrency=",
        )
    if settings.additional_versions:
        # Lambda cannot manage PC on an alias with a routing configuration:
        # https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
        raise _conflict(path, "provisioned_concurrent_executions", executions, "weighted routing")
    cfn_alias.provisioned_concurrency_config = lambda_.CfnAlias.ProvisionedConcurrencyConfigurationProperty(
        provisioned_concurrent_executions=executions
    )
    settings.provisioned_concurrent_executions = executions


def _apply_async(
    path: str,
    alias: lambda_.Alias,
    settings: AliasSettings,
    max_event_age: Duration | None,
    on_failure: lambda_.IDestination | None,
    on_success: lambda_.IDestination | None,
    retry_attempts: int | float | None,
) -> None:
    """Async options: applied to an alias without any, else each must equal the function's."""
    given = {
        "max_event_age": max_event_age,
        "on_failure": on_failure,
        "on_success": on_success,
        "retry_attempts": retry_attempts,
    }
    if all(v is None for v in given.values()):
        return
    if not settings.has_async:
        alias.configure_async_invoke(
            max_event_age=max_event_age,
            on_failure=on_failure,
            on_success=on_success,
            retry_attempts=retry_attempts,
        )
        settings.max_event_age, settings.on_failure = max_event_age, on_failure
        settings.on_success, settings.retry_attempts = on_success, retry_attempts
        return
    existing = settings.async_options()
    for prop, value in given.items():
        if value is not None and not _same(value, existing[prop]):
            shown = value.to_seconds() if isinstance(value, Duration) else value
            raise _conflict(path, prop, shown, f"the function's {prop}={_shown(existing[prop])}")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Duration) and isinstance(b, Duration):
        return bool(a.to_seconds() == b.to_seconds())
    if isinstance(a, int | float) or a is None or b is None:
        return bool(a == b)
    return jsii_ref(a) == jsii_ref(b)


def _shown(value: Any) -> Any:
    return f"{value.to_seconds()} s" if isinstance(value, Duration) else value


@jsii.implements(IAspect)
class _L2AliasLogicalIds:
    """Give every CloudFormation element below the alias the logical ID it would have under ``l2_id``.

    A logical ID someone else already overrode is left alone.
    """

    def __init__(self, *, depth: int, l2_id: str) -> None:
        self._depth = depth  # index + 1 of the alias's own component below the stack
        self._l2_id = l2_id

    def visit(self, node: IConstruct) -> None:
        if not CfnElement.is_cfn_element(node):
            return
        element = cast(CfnElement, node)
        components = stack_components(element)
        library_id = make_unique_id(components)
        components[self._depth - 1] = self._l2_id
        l2_logical_id = make_unique_id(components)
        stack = element.stack
        if stack.resolve(element.logical_id) == library_id:
            element.override_logical_id(l2_logical_id)
        if isinstance(element, appscaling.CfnScalingPolicy):
            self._keep_policy_name(element, stack)

    def _keep_policy_name(self, policy: appscaling.CfnScalingPolicy, stack: Stack) -> None:
        """A scaling policy's default name is ``Names.uniqueId`` of its construct, a path that includes the
        alias; a new name replaces the policy, so it gets the L2's name too."""
        owner = policy.node.scope
        if owner is None:
            return
        components = owner.node.path.split(_PATH_SEP)
        if policy.policy_name != make_unique_id(components):
            return
        stack_depth = len(stack.node.path.split(_PATH_SEP)) if stack.node.path else 0
        components[stack_depth + self._depth - 1] = self._l2_id
        policy.policy_name = make_unique_id(components)


# -- an existing log group given as log_group= --------------------------------------------------------------


def acknowledge_log_stream_wildcard(role: iam.Role, arn: str) -> None:
    """Acknowledge cdk-nag's ``AwsSolutions-IAM5`` for the ``:*`` of an imported log group's ARN.

    ``logs.LogGroup.from_log_group_name`` gives ``arn:...:log-group:<name>:*``; the suffix stands for the
    group's log streams, which ``logs:PutLogEvents`` writes to and whose names Lambda chooses
    (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html). Nothing is acknowledged
    when the ARN is not a literal nag can name (a group defined in the stack has no finding to begin with).
    """
    policy = role.node.try_find_child("DefaultPolicy")
    shown = _nag_rendering(Stack.of(role).resolve(arn))
    if policy is None or shown is None or not shown.endswith(":*") or "*" in shown[:-2]:
        return
    Validations.of(policy).acknowledge(
        Acknowledgment(
            id=f"AwsSolutions-IAM5[Resource::{shown}]",
            reason=(
                "The ':*' of the log group's ARN covers only that group's log streams, which Lambda "
                "names itself; the group is the function's own log_group."
            ),
        )
    )


def _nag_rendering(value: Any) -> str | None:
    """How cdk-nag names a resolved ARN: a literal, or a join of literals and ``<Ref>`` pseudo-parameters."""
    if isinstance(value, str):
        return value
    join = value.get("Fn::Join") if isinstance(value, dict) else None
    if not isinstance(join, list) or len(join) != 2 or join[0] != "":
        return None
    parts: list[str] = []
    for part in join[1]:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("Ref"), str):
            parts.append(f"<{part['Ref']}>")
        else:
            return None
    return "".join(parts)
