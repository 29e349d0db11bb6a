"""The checks of ``ManagedInstances``, in Python before jsii, and the refusal of provisioned concurrency.

Each limit comes from ``_limits``, beside the page that documents it; a message names the keyword the user
wrote. Managed Instances has no provisioned concurrency, so a function on a capacity provider has none:
``ManagedInstances.add_function`` refuses the pair at the call, ``forbid_provisioned_concurrency`` at synth.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import suppress
from typing import Final, cast

import jsii
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct, IValidation

from ._errors import ValidationError
from ._limits import (
    CAPACITY_PROVIDER_MAX_V_CPU_MAX_COUNT,
    CAPACITY_PROVIDER_MAX_V_CPU_MIN_COUNT,
    CAPACITY_PROVIDER_NAME_MAX_LENGTH,
    CAPACITY_PROVIDER_PROPAGATED_TAGS_MAX_COUNT,
    CAPACITY_PROVIDER_SCALING_POLICIES_MAX_COUNT,
    CAPACITY_PROVIDER_SECURITY_GROUPS_MAX_COUNT,
    CAPACITY_PROVIDER_SUBNETS_MAX_COUNT,
    CAPACITY_PROVIDER_TARGET_VALUE_MAX_PERCENT,
    ENVIRONMENT_CONCURRENCY_MAX_COUNT,
    ENVIRONMENT_CONCURRENCY_MIN_COUNT,
    EXECUTION_ENVIRONMENTS_MAX_COUNT,
    EXECUTION_ENVIRONMENTS_MIN_COUNT,
    MANAGED_INSTANCES_MEMORY_MAX_MIB,
    MANAGED_INSTANCES_MEMORY_MIN_MIB,
    MEMORY_PER_V_CPU_MAX_GIB,
    MEMORY_PER_V_CPU_MIN_GIB,
)
from ._validation import check_length, check_max_items, check_pattern, check_range, check_whole

DEFAULT_ARCHITECTURE: Final = lambda_.Architecture.ARM_64
"""Graviton, unless every allowed instance type is x86_64: AWS prices Graviton instances below comparable
x86_64 ones, and Managed Instances lists Graviton4 among its instance choices."""
_NAME_PATTERN: Final = re.compile(r"[a-zA-Z0-9_-]+")
_SELECTION_FIELDS: Final = (
    "availability_zones",
    "one_per_az",
    "subnet_filters",
    "subnet_group_name",
    "subnets",
    "subnet_type",
)


def check_provider(
    path: str,
    *,
    vpc: ec2.IVpc | None,
    vpc_subnets: ec2.SubnetSelection | None,
    subnets: Sequence[ec2.ISubnet] | None,
    security_groups: Sequence[ec2.ISecurityGroup] | None,
    architectures: Sequence[lambda_.Architecture] | None,
    capacity_provider_name: str | None,
    instance_type_filter: lambda_.InstanceTypeFilter | None,
    max_v_cpu_count: int | None,
    propagate_tags: lambda_.PropagateTags | None,
    scaling_options: lambda_.ScalingOptions | None,
) -> tuple[lambda_.Architecture, list[ec2.ISubnet]]:
    """Raise before jsii on what ``ManagedInstances`` refuses; return its architecture and subnets.

    The keywords are ``ManagedInstances``'s; the order of the checks decides which error a user sees first.
    """
    architecture = _check_architecture(path, architectures, instance_type_filter)
    chosen_subnets = _check_subnets(path, vpc, vpc_subnets, subnets)
    if security_groups is None and vpc is None:
        raise ValidationError(
            path,
            "security_groups",
            None,
            "are required when no vpc is given (a security group needs one)",
        )
    if (
        security_groups is not None
        and not 1 <= len(security_groups) <= CAPACITY_PROVIDER_SECURITY_GROUPS_MAX_COUNT
    ):
        raise ValidationError(
            path,
            "security_groups",
            f"{len(security_groups)} security groups",
            f"must hold 1 to {CAPACITY_PROVIDER_SECURITY_GROUPS_MAX_COUNT} security groups",
        )
    check_whole(
        path,
        "max_v_cpu_count",
        max_v_cpu_count,
        CAPACITY_PROVIDER_MAX_V_CPU_MIN_COUNT,
        CAPACITY_PROVIDER_MAX_V_CPU_MAX_COUNT,
    )
    check_length(path, "capacity_provider_name", capacity_provider_name, 1, CAPACITY_PROVIDER_NAME_MAX_LENGTH)
    check_pattern(
        path,
        "capacity_provider_name",
        capacity_provider_name,
        _NAME_PATTERN,
        "letters, digits, '-' and '_' only",
    )
    _check_scaling_options(path, scaling_options)
    if propagate_tags is not None:
        check_max_items(
            path,
            "propagate_tags",
            propagate_tags.explicit_tags,
            CAPACITY_PROVIDER_PROPAGATED_TAGS_MAX_COUNT,
            "tags",
        )
    return architecture, chosen_subnets


def check_function(
    path: str,
    func: lambda_.IFunction,
    cfn: lambda_.CfnFunction,
    *,
    provider: IConstruct,
    provider_architecture: lambda_.Architecture,
    execution_environment_memory_gib_per_v_cpu: float | None,
    per_execution_environment_max_concurrency: int | None,
    latest_published_scaling_config: lambda_.LatestPublishedScalingConfig | None,
) -> None:
    """Raise before jsii when ``func`` cannot run on ``provider`` (built for ``provider_architecture``)."""
    check_range(
        path,
        "execution_environment_memory_gib_per_v_cpu",
        execution_environment_memory_gib_per_v_cpu,
        MEMORY_PER_V_CPU_MIN_GIB,
        MEMORY_PER_V_CPU_MAX_GIB,
        "GiB",
    )
    check_whole(
        path,
        "per_execution_environment_max_concurrency",
        per_execution_environment_max_concurrency,
        ENVIRONMENT_CONCURRENCY_MIN_COUNT,
        ENVIRONMENT_CONCURRENCY_MAX_COUNT,
    )
    _check_function_scaling(path, latest_published_scaling_config)
    architecture = func.architecture.name
    if architecture != provider_architecture.name:
        where = provider.node.path
        raise ValidationError(
            path,
            "architecture",
            architecture,
            f"must be {provider_architecture.name}, the architecture of capacity provider {where}",
        )
    check_whole(
        path,
        "memory_size",
        cfn.memory_size,
        MANAGED_INSTANCES_MEMORY_MIN_MIB,
        MANAGED_INSTANCES_MEMORY_MAX_MIB,
        "MiB",
    )
    if cfn.memory_size is None:
        raise ValidationError(
            path,
            "memory_size",
            "Lambda's default of 128 MiB",
            f"must be between {MANAGED_INSTANCES_MEMORY_MIN_MIB} and "
            f"{MANAGED_INSTANCES_MEMORY_MAX_MIB} MiB on Managed Instances",
        )
    provisioned = _provisioned_concurrency_in(func)
    if provisioned:
        raise _with_provisioned_concurrency(path, provisioned)


def _check_architecture(
    path: str,
    architectures: Sequence[lambda_.Architecture] | None,
    instance_type_filter: lambda_.InstanceTypeFilter | None,
) -> lambda_.Architecture:
    allowed = list(instance_type_filter.allowed_instance_types or ()) if instance_type_filter else []
    kinds = {str(t.architecture.name).lower() for t in allowed}  # 'arm_64' or 'x86_64'
    if architectures is None:
        return lambda_.Architecture.X86_64 if kinds == {"x86_64"} else DEFAULT_ARCHITECTURE
    if isinstance(architectures, lambda_.Architecture) or len(architectures) != 1:
        raise ValidationError(
            path, "architectures", architectures, "must hold exactly one architecture (a list of one)"
        )
    architecture = architectures[0]
    wanted = "arm_64" if architecture.name == "arm64" else "x86_64"
    for instance_type in allowed:
        if str(instance_type.architecture.name).lower() != wanted:
            raise ValidationError(
                path,
                "instance_type_filter",
                str(instance_type),
                f"must allow only {architecture.name} instance types (architectures)",
            )
    return architecture


def _check_subnets(
    path: str,
    vpc: ec2.IVpc | None,
    vpc_subnets: ec2.SubnetSelection | None,
    subnets: Sequence[ec2.ISubnet] | None,
) -> list[ec2.ISubnet]:
    if subnets is not None and (vpc_subnets is not None):
        raise ValidationError(path, "vpc_subnets", "a SubnetSelection", "cannot be combined with subnets")
    prop = "subnets" if subnets is not None else "vpc_subnets"  # as the user chose them
    if subnets is None:
        if vpc is None:
            raise ValidationError(path, "vpc", None, "is required (or give subnets and security_groups)")
        selection = vpc_subnets or ec2.SubnetSelection()
        subnets = vpc.select_subnets(**{f: getattr(selection, f) for f in _SELECTION_FIELDS}).subnets
    chosen = list(subnets)
    if not 1 <= len(chosen) <= CAPACITY_PROVIDER_SUBNETS_MAX_COUNT:
        raise ValidationError(
            path,
            prop,
            f"{len(chosen)} subnets",
            f"must hold 1 to {CAPACITY_PROVIDER_SUBNETS_MAX_COUNT} subnets",
        )
    public_ids = {s.subnet_id for s in vpc.public_subnets} if vpc is not None else set()
    for subnet in chosen:
        if isinstance(subnet, ec2.PublicSubnet) or subnet.subnet_id in public_ids:
            raise ValidationError(
                path,
                prop,
                subnet.node.path,
                "must be private subnets: Managed Instances get no public IP, so they reach Lambda through "
                "NAT or VPC endpoints",
            )
    return chosen


def _check_scaling_options(path: str, options: lambda_.ScalingOptions | None) -> None:
    if options is None or options.scaling_policies is None:
        return
    policies = list(options.scaling_policies)
    if not 1 <= len(policies) <= CAPACITY_PROVIDER_SCALING_POLICIES_MAX_COUNT:
        raise ValidationError(
            path,
            "scaling_options",
            f"{len(policies)} scaling policies",
            f"must hold 1 to {CAPACITY_PROVIDER_SCALING_POLICIES_MAX_COUNT} scaling policies",
        )
    for policy in policies:
        check_range(
            path, "scaling_options", policy.target_value, 0.0, CAPACITY_PROVIDER_TARGET_VALUE_MAX_PERCENT, "%"
        )


def _check_function_scaling(path: str, config: lambda_.LatestPublishedScalingConfig | None) -> None:
    if config is None:
        return
    prop = "latest_published_scaling_config"
    low = check_whole(
        path,
        f"{prop}.min_execution_environments",
        config.min_execution_environments,
        EXECUTION_ENVIRONMENTS_MIN_COUNT,
        EXECUTION_ENVIRONMENTS_MAX_COUNT,
    )
    high = check_whole(
        path,
        f"{prop}.max_execution_environments",
        config.max_execution_environments,
        EXECUTION_ENVIRONMENTS_MIN_COUNT,
        EXECUTION_ENVIRONMENTS_MAX_COUNT,
    )
    if low is not None and high is not None and low > high:
        raise ValidationError(
            path,
            f"{prop}.min_execution_environments",
            low,
            f"must not exceed max_execution_environments ({high})",
        )


# -- no provisioned concurrency on Managed Instances -------------------------------------------------------


def _provisioned_concurrency_in(func: IConstruct) -> list[str]:
    """Paths of the aliases and versions under ``func`` that carry provisioned concurrency."""
    found = []
    for child in func.node.find_all():
        if isinstance(child, lambda_.CfnAlias | lambda_.CfnVersion) and child.provisioned_concurrency_config:
            found.append(child.node.path)
    return found


def _with_provisioned_concurrency(path: str, where: list[str]) -> ValidationError:
    return ValidationError(
        path,
        "provisioned_concurrency",
        ", ".join(where),
        "cannot be combined with a capacity provider (add_function): Lambda Managed Instances has no "
        "provisioned concurrency; keep environments warm with latest_published_scaling_config="
        "LatestPublishedScalingConfig(min_execution_environments=...) instead",
    )


def forbid_provisioned_concurrency(func: IConstruct) -> None:
    """Fail synthesis if ``func`` ends up both on a capacity provider and with provisioned concurrency.

    ``ManagedInstances.add_function`` calls it for every function it takes (and refuses the pair at the
    call), for an alias with provisioned concurrency added later; the check is the scope's one that
    ``Function`` registers with (``forbid_provisioned_concurrency_in``).

    Args:
        func: A function defined in this app. Default: - required.
    """
    scope = func.node.scope
    assert scope is not None  # a function is never the root of the tree
    cfn = cast(lambda_.CfnFunction, func.node.default_child)
    forbid_provisioned_concurrency_in(scope, func, cfn, func.node.path)


def forbid_provisioned_concurrency_in(
    scope: IConstruct, func: IConstruct, cfn: lambda_.CfnFunction, path: str
) -> None:
    """Fail synthesis if ``func``, which has provisioned concurrency, ends up on a capacity provider.

    ``Function`` calls it when it has ``provisioned_concurrency``, so aws-cdk-lib's own
    ``CapacityProvider.add_function`` cannot combine the two either. One validation on ``scope`` (the
    function's parent) serves every such function created in it: a function costs no jsii round trip at
    construction and one read (its ``CapacityProviderConfig``) at synthesis (issue 11). The error names the
    function. (``ManagedInstances.add_function`` refuses a function that already has provisioned
    concurrency, so no function is registered twice.)

    Args:
        scope: ``func``'s parent. Default: - required.
        func: The function, complete. Default: - required.
        cfn: ``func``'s ``CfnFunction``. Default: - required.
        path: ``func``'s construct path. Default: - required.
    """
    validation: _NoProvisionedConcurrencyIn | None = getattr(scope, _VALIDATION_ATTRIBUTE, None)
    if validation is None:
        validation = _NoProvisionedConcurrencyIn()
        with suppress(AttributeError):  # a scope that takes no attribute gets a validation per function
            setattr(scope, _VALIDATION_ATTRIBUTE, validation)
        scope.node.add_validation(validation)
    validation.functions.append((path, func, cfn))


_VALIDATION_ATTRIBUTE: Final = "_constructs_lambda_no_provisioned_concurrency"


@jsii.implements(IValidation)
class _NoProvisionedConcurrencyIn:
    """Synth errors for the functions of one scope with provisioned concurrency put on a capacity provider."""

    def __init__(self) -> None:
        self.functions: list[tuple[str, IConstruct, lambda_.CfnFunction]] = []

    def validate(self) -> list[str]:
        errors = []
        for path, func, cfn in self.functions:
            if cfn.capacity_provider_config is None:
                continue
            where = _provisioned_concurrency_in(func)
            if where:
                errors.append(str(_with_provisioned_concurrency(path, where)))
        return errors
