"""``ManagedInstances``: a Lambda Managed Instances capacity provider, private and least-privilege by default.

Why a construct of its own, named ``ManagedInstances`` and not a ``CapacityProvider`` subclass: the secure
defaults (a security group with no ingress, an operator role with scoped statements instead of the
AWS-managed ``AWSLambdaManagedEC2ResourceOperator``) must exist *before* aws-cdk-lib's
``aws_lambda.CapacityProvider`` is constructed, because it requires ``security_groups`` and creates its own
role otherwise. A subclass cannot create children before its own constructor runs, so this construct
*composes* one (child ``Resource``, exposed as ``.capacity_provider``) instead of being one; a name of its own
says that it is not a drop-in ``IS-A`` of the L2. Its keywords are the L2's, plus ``vpc``/``vpc_subnets``.

Why ``fleet.add_function(fn, ...)`` is the one way to put a function on it (and not a ``Function`` keyword):
it is aws-cdk-lib's own API (``CapacityProvider.add_function`` with the same keywords), it works for any
function (``constructs_lambda.Function`` or a plain ``aws_lambda.Function``), one provider serves many
functions with per-function settings, and the checks that need both sides (architecture, memory, no
provisioned concurrency) run in one place, in Python, before jsii.

Limits, as the service documents them (each constant cites its page):

* ``MaxVCpuCount`` 2-15000 (Lambda API reference and CloudFormation reference). aws-cdk-lib 2.275 refuses
  values below 12; this construct follows the service and writes 2-11 to the L1 property directly.
* ``FunctionScalingConfig`` min/max execution environments 0-15000, min <= max.
* ``ExecutionEnvironmentMemoryGiBPerVCpu`` 2.0-8.0, ``PerExecutionEnvironmentMaxConcurrency`` 1-1600.
* A function on Managed Instances has at least 2 GB of memory (2048 MiB) and at most 32768 MiB.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, cast

import jsii
from aws_cdk import Acknowledgment, Annotations, RemovalPolicy, Stack, Token, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct, IConstruct, IValidation

from ._boundary_enforcement import RoleGrant, register_grant
from ._errors import ValidationError
from ._limits import (
    CAPACITY_PROVIDER_MAX_V_CPU_CDK_MIN_COUNT,
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
from ._validation import check_length, check_max_items, check_pattern, check_range, check_whole, child_path

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms

__all__ = ["ManagedInstances"]

DEFAULT_ARCHITECTURE: Final = lambda_.Architecture.ARM_64
"""Graviton, unless every allowed instance type is x86_64: AWS prices Graviton instances below comparable
x86_64 ones, and Managed Instances lists Graviton4 among its instance choices."""
DEFAULT_LOG_RETENTION: Final = logs.RetentionDays.ONE_YEAR
"""Retention of the capacity provider's system log group (the service's own default group never expires)."""
DEFAULT_LOG_REMOVAL_POLICY: Final = RemovalPolicy.RETAIN
"""The system logs outlive the stack, like a ``Function``'s logs."""

# Child construct IDs are public API: changing one replaces resources in users' stacks.
_RESOURCE_ID: Final = "Resource"
_SECURITY_GROUP_ID: Final = "SecurityGroup"
_OPERATOR_ROLE_ID: Final = "OperatorRole"
_LOG_GROUP_ID: Final = "LogGroup"

CREATE_ONLY_WARNING_ID: Final = "constructs-lambda:createOnlyCapacityProvider"
"""Annotation id of the warning that a capacity provider can only be chosen when a function is created."""
_NAME_PATTERN: Final = re.compile(r"[a-zA-Z0-9_-]+")
_SELECTION_FIELDS: Final = (
    "availability_zones",
    "one_per_az",
    "subnet_filters",
    "subnet_group_name",
    "subnets",
    "subnet_type",
)

# The operator role, scoped: the statements of AWSLambdaManagedEC2ResourceOperator as
# https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-operator-role.html prints them, with
# '*' regions and accounts replaced by the stack's and subnets and security groups by the provider's own.
_SCALER_PRINCIPAL: Final = "scaler.lambda.amazonaws.com"
_LAUNCHED_RESOURCE_ACTIONS: Final = ("ec2:AttachNetworkInterface", "ec2:CreateTags", "ec2:RunInstances")
_LAUNCHED_RESOURCE_TYPES: Final = ("instance", "network-interface", "volume")
_NETWORK_ACTIONS: Final = ("ec2:CreateNetworkInterface", "ec2:RunInstances")
# EC2 Describe* actions have no resource-level permissions, so '*' is the narrowest resource.
_DESCRIBE_ACTIONS: Final = (
    "ec2:DescribeAvailabilityZones",
    "ec2:DescribeCapacityReservations",
    "ec2:DescribeInstanceStatus",
    "ec2:DescribeInstanceTypeOfferings",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeInstances",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
)


class ManagedInstances(Construct):
    """A Lambda Managed Instances capacity provider with production defaults.

    Defaults: the VPC's private subnets (public subnets are refused), a new security group with no
    ingress, Graviton (arm64) instances, an operator role with scoped statements instead of the AWS-managed
    ``AWSLambdaManagedEC2ResourceOperator``, and a system log group with one-year retention. Put functions
    on it with :meth:`add_function`.

    Attributes:
        capacity_provider: The ``aws_lambda.CapacityProvider`` (child ``Resource``).
        security_group: The security group created, or ``None`` when ``security_groups`` was given.
        operator_role: The operator role created, or the one given.
        log_group: The system log group created, or ``None`` when ``log_group`` was given.
        operator_statements: The statements granted to the operator role created (empty when
            ``operator_role`` was given). A ``PermissionsBoundary`` this library created allows them when
            it covers the role; an existing boundary (``from_arn``, ``from_name``, ``from_context``) must
            allow them itself.
        architecture: The instruction set of the provider's instances (and of its functions).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        vpc: ec2.IVpc | None = None,
        vpc_subnets: ec2.SubnetSelection | None = None,
        subnets: Sequence[ec2.ISubnet] | None = None,
        security_groups: Sequence[ec2.ISecurityGroup] | None = None,
        architectures: Sequence[lambda_.Architecture] | None = None,
        capacity_provider_name: str | None = None,
        instance_type_filter: lambda_.InstanceTypeFilter | None = None,
        kms_key: kms.IKey | None = None,
        log_group: logs.ILogGroup | None = None,
        log_retention: logs.RetentionDays | None = None,
        log_removal_policy: RemovalPolicy | None = None,
        max_v_cpu_count: int | None = None,
        operator_role: iam.IRole | None = None,
        propagate_tags: lambda_.PropagateTags | None = None,
        scaling_options: lambda_.ScalingOptions | None = None,
        system_log_level: lambda_.SystemLogLevel | None = None,
    ) -> None:
        """Create the capacity provider, its security group, operator role and log group.

        Args:
            scope: The parent construct.
            id: The construct ID.
            vpc: The VPC the instances run in. Default: - ``subnets`` and ``security_groups`` are required.
            vpc_subnets: Which subnets of ``vpc``; public subnets are refused. Default: - the VPC's private
                subnets (``vpc.select_subnets()``).
            subnets: The subnets themselves, as the L2 takes them (1-16, none public).
                Default: - from ``vpc``.
            security_groups: 1-5 security groups. Default: - a new one in ``vpc`` with no ingress and all
                egress (instances reach Lambda through NAT or VPC endpoints).
            architectures: Exactly one instruction set. Default: ``[Architecture.ARM_64]``, or
                ``[Architecture.X86_64]`` when every allowed instance type is x86_64.
            capacity_provider_name: 1-140 letters, digits, '-' and '_'. Default: - generated.
            instance_type_filter: Allowed or excluded instance types; allowed ones must match the
                architecture. Default: - Lambda chooses.
            kms_key: Key for the provider's data. Default: - an AWS-managed key.
            log_group: System log group. Default: - a new ``logs.LogGroup`` (child ``LogGroup``).
            log_retention: Retention of the created log group. Default: ``RetentionDays.ONE_YEAR``.
            log_removal_policy: Removal policy of the created log group. Default: ``RemovalPolicy.RETAIN``.
            max_v_cpu_count: vCPUs the provider may run in all, 2-15000 as the service documents it.
                Default: - the service default.
            operator_role: Role Lambda assumes to manage the instances. Default: - a new role with scoped
                statements (child ``OperatorRole``).
            propagate_tags: Tags propagated to instances, ENIs and volumes (at most 40). Default: - none.
            scaling_options: ``ScalingOptions.auto()`` or ``manual([...])`` with 1-10 policies targeting
                0-100 %. Default: - automatic scaling.
            system_log_level: Level of the system logs. Default: - the service default (INFO).
        """
        path = child_path(scope, id)
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
        check_length(
            path, "capacity_provider_name", capacity_provider_name, 1, CAPACITY_PROVIDER_NAME_MAX_LENGTH
        )
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

        super().__init__(scope, id)
        try:
            self.architecture: lambda_.Architecture = architecture
            self.security_group: ec2.SecurityGroup | None = None
            if security_groups is None:
                assert vpc is not None  # checked above
                self.security_group = ec2.SecurityGroup(
                    self,
                    _SECURITY_GROUP_ID,
                    vpc=vpc,
                    description="Lambda Managed Instances: no ingress; egress to reach Lambda and AWS APIs",
                    allow_all_outbound=True,
                )
                security_groups = [self.security_group]
            self.log_group: logs.LogGroup | None = None
            if log_group is None:
                self.log_group = logs.LogGroup(
                    self,
                    _LOG_GROUP_ID,
                    retention=log_retention or DEFAULT_LOG_RETENTION,
                    removal_policy=log_removal_policy or DEFAULT_LOG_REMOVAL_POLICY,
                )
            own_role = operator_role is None
            self.operator_statements: tuple[iam.PolicyStatement, ...] = ()
            self.operator_role: iam.IRole = operator_role or iam.Role(
                self,
                _OPERATOR_ROLE_ID,
                assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                description="Lambda Managed Instances operator: instances in this provider's subnets only",
            )
            # aws-cdk-lib refuses max_v_cpu_count below 12 while the service accepts 2: those go to the L1.
            below_cdk = (
                max_v_cpu_count is not None and max_v_cpu_count < CAPACITY_PROVIDER_MAX_V_CPU_CDK_MIN_COUNT
            )
            self.capacity_provider = lambda_.CapacityProvider(
                self,
                _RESOURCE_ID,
                subnets=chosen_subnets,
                security_groups=list(security_groups),
                architectures=[architecture],
                capacity_provider_name=capacity_provider_name,
                instance_type_filter=instance_type_filter,
                kms_key=kms_key,
                log_group=log_group or self.log_group,
                max_v_cpu_count=None if below_cdk else max_v_cpu_count,
                operator_role=self.operator_role,
                propagate_tags=propagate_tags,
                scaling_options=scaling_options,
                system_log_level=system_log_level,
            )
            cfn = cast(lambda_.CfnCapacityProvider, self.capacity_provider.node.default_child)
            if below_cdk:
                cfn.add_property_override("CapacityProviderScalingConfig.MaxVCpuCount", max_v_cpu_count)
            if own_role:
                self._grant_operator(cast(iam.Role, self.operator_role), chosen_subnets, security_groups, cfn)
        except Exception:  # jsii's error for what Python did not check: nothing half-done stays behind
            scope.node.try_remove_child(id)
            raise
        self._functions: set[str] = set()

    # -- public API -------------------------------------------------------------------------------------

    @property
    def capacity_provider_arn(self) -> str:
        """The ARN of the capacity provider."""
        return self.capacity_provider.capacity_provider_arn

    @property
    def capacity_provider_name(self) -> str:
        """The name of the capacity provider."""
        return self.capacity_provider.capacity_provider_name

    def add_function(
        self,
        func: lambda_.IFunction,
        *,
        execution_environment_memory_gib_per_v_cpu: float | None = None,
        per_execution_environment_max_concurrency: int | None = None,
        publish_to_latest_published: bool | None = None,
        latest_published_scaling_config: lambda_.LatestPublishedScalingConfig | None = None,
    ) -> None:
        """Run ``func`` on this provider: ``aws_lambda.CapacityProvider.add_function``, checked first.

        The function must be defined in this app, built for this provider's architecture, have 2048-32768
        MiB of memory and no provisioned concurrency (Managed Instances has none: scale with
        ``latest_published_scaling_config`` instead). A capacity provider can only be chosen when a function
        is created; a warning says so.

        Args:
            func: The function. Default: - required.
            execution_environment_memory_gib_per_v_cpu: GiB of memory per vCPU, 2.0-8.0. Default: - 2.0.
            per_execution_environment_max_concurrency: Concurrent invocations per execution environment,
                1-1600. Default: - the runtime's service default.
            publish_to_latest_published: Publish ``$LATEST.PUBLISHED`` automatically. Default: - True.
            latest_published_scaling_config: ``FunctionScalingConfig``: min and max execution environments,
                each 0-15000, min <= max. Default: - the service's (3 environments minimum).
        """
        fn_node = func.node
        path = fn_node.path
        cfn = fn_node.default_child
        if not isinstance(cfn, lambda_.CfnFunction):
            raise ValidationError(path, "func", path, "must be a function defined in this app (not imported)")
        if path in self._functions or cfn.capacity_provider_config is not None:
            raise ValidationError(path, "func", path, "is already on a capacity provider")
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
        if architecture != self.architecture.name:
            raise ValidationError(
                path,
                "architecture",
                architecture,
                f"must be {self.architecture.name}, the architecture of capacity provider {self.node.path}",
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
        self.capacity_provider.add_function(
            func,
            execution_environment_memory_gib_per_v_cpu=execution_environment_memory_gib_per_v_cpu,
            per_execution_environment_max_concurrency=per_execution_environment_max_concurrency,
            publish_to_latest_published=publish_to_latest_published,
            latest_published_scaling_config=latest_published_scaling_config,
        )
        self._functions.add(path)
        Annotations.of(func).add_warning_v2(CREATE_ONLY_WARNING_ID, _CREATE_ONLY_MESSAGE)
        forbid_provisioned_concurrency(func)  # an alias with provisioned concurrency added later

    # -- private ----------------------------------------------------------------------------------------

    def _grant_operator(
        self,
        role: iam.Role,
        subnets: Sequence[ec2.ISubnet],
        security_groups: Sequence[ec2.ISecurityGroup],
        cfn: lambda_.CfnCapacityProvider,
    ) -> None:
        stack = Stack.of(self)
        subnet_ids = [s.subnet_id for s in subnets]
        group_ids = [g.security_group_id for g in security_groups]
        statements = _operator_statements(stack, subnet_ids, group_ids)
        self.operator_statements = tuple(statement for _, statement in statements)
        for statement in self.operator_statements:
            role.add_to_principal_policy(statement)
        # A boundary this library created allows exactly these statements when it covers the role.
        register_grant(
            RoleGrant(
                role=role,
                role_path=role.node.path,
                sid=_grant_sid(self.node.path),
                statements=statements,
                portable=lambda: _operator_statements(stack, subnet_ids, group_ids, portable=True),
            )
        )
        policy = role.node.find_child("DefaultPolicy")
        cfn.node.add_dependency(policy)  # Lambda checks the role's rights when the provider is created
        region = "<AWS::Region>" if Token.is_unresolved(stack.region) else stack.region
        account = "<AWS::AccountId>" if Token.is_unresolved(stack.account) else stack.account
        arn = f"arn:<AWS::Partition>:ec2:{region}"
        launched_reason = (
            "Instances, network interfaces and volumes that Lambda launches have no ID before they exist; "
            "the statement is limited to this account and Region and to ec2:ManagedResourceOperator = "
            "scaler.lambda.amazonaws.com, as in AWSLambdaManagedEC2ResourceOperator."
        )
        reasons = {
            "*": "EC2 Describe* actions have no resource-level permissions; nothing else uses '*'.",
            f"{arn}::image/*": (
                "Lambda picks the Amazon-owned image itself; the statement requires ec2:Owner = amazon, as "
                "in AWSLambdaManagedEC2ResourceOperator."
            ),
            **{f"{arn}:{account}:{kind}/*": launched_reason for kind in _LAUNCHED_RESOURCE_TYPES},
        }
        Validations.of(policy).acknowledge(
            *(
                Acknowledgment(id=f"AwsSolutions-IAM5[Resource::{resource}]", reason=reason)
                for resource, reason in reasons.items()
            )
        )


def _operator_statements(
    stack: Stack, subnet_ids: Sequence[str], group_ids: Sequence[str], *, portable: bool = False
) -> tuple[tuple[str, iam.PolicyStatement], ...]:
    """The operator role's statements, each with the Sid suffix a boundary gives its copy.

    Args:
        stack: The provider's stack (its partition, Region and account). Default: - required.
        subnet_ids: The provider's subnets. Default: - required.
        group_ids: The provider's security groups. Default: - required.
        portable: Usable in another stack: an ID or a Region or account known only at deploy time
            becomes ``*``. Default: ``False``.
    """

    def arn(kind: str, name: str, *, account: str | None = None) -> str:
        if not portable:
            return stack.format_arn(service="ec2", account=account, resource=kind, resource_name=name)
        region, acct = (v if not Token.is_unresolved(v) else "*" for v in (stack.region, stack.account))
        return stack.format_arn(
            service="ec2",
            region=region,
            account=acct if account is None else account,
            resource=kind,
            resource_name="*" if Token.is_unresolved(name) else name,
        )

    launched = [arn(kind, "*") for kind in _LAUNCHED_RESOURCE_TYPES]
    network = [arn("subnet", i) for i in subnet_ids] + [arn("security-group", i) for i in group_ids]
    return (
        (
            "Launched",
            iam.PolicyStatement(
                actions=list(_LAUNCHED_RESOURCE_ACTIONS),
                resources=launched,
                conditions={"StringEquals": {"ec2:ManagedResourceOperator": _SCALER_PRINCIPAL}},
            ),
        ),
        ("Describe", iam.PolicyStatement(actions=list(_DESCRIBE_ACTIONS), resources=["*"])),
        # Deduplicated: a portable list repeats subnet/* and security-group/* per ID.
        (
            "Network",
            iam.PolicyStatement(actions=list(_NETWORK_ACTIONS), resources=list(dict.fromkeys(network))),
        ),
        (
            "AmazonImages",
            iam.PolicyStatement(
                actions=["ec2:RunInstances"],
                resources=[arn("image", "*", account="")],
                conditions={"StringEquals": {"ec2:Owner": "amazon"}},
            ),
        ),
    )


def _grant_sid(path: str) -> str:
    """A Sid prefix naming the provider: IAM Sids are letters and digits only."""
    return "ManagedInstances" + re.sub(r"[^A-Za-z0-9]", "", path)


_CREATE_ONLY_MESSAGE: Final = (
    "A capacity provider can only be chosen when the function is created: it cannot be added to or removed "
    "from an existing function later, only modified. To move a deployed function onto (or off) Managed "
    "Instances, define a new function (a new construct ID) and remove the old one."
)


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


@jsii.implements(IValidation)
class _NoProvisionedConcurrency:
    """Synth error when a function with provisioned concurrency was put on a capacity provider."""

    def __init__(self, func: IConstruct) -> None:
        self._func = func

    def validate(self) -> list[str]:
        cfn: Any = self._func.node.default_child
        if getattr(cfn, "capacity_provider_config", None) is None:
            return []
        where = _provisioned_concurrency_in(self._func)
        return [str(_with_provisioned_concurrency(self._func.node.path, where))] if where else []


def forbid_provisioned_concurrency(func: IConstruct) -> None:
    """Fail synthesis if ``func`` ends up both on a capacity provider and with provisioned concurrency.

    ``Function`` calls it when it has ``provisioned_concurrency``, so aws-cdk-lib's own
    ``CapacityProvider.add_function`` cannot combine the two either; ``ManagedInstances.add_function``
    refuses the pair at the call.

    Args:
        func: A function defined in this app. Default: - required.
    """
    func.node.add_validation(_NoProvisionedConcurrency(func))
