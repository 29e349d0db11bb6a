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

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, cast

from aws_cdk import Annotations, RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from ._errors import ValidationError
from ._limits import CAPACITY_PROVIDER_MAX_V_CPU_CDK_MIN_COUNT
from ._managed_instances_checks import check_function, check_provider, forbid_provisioned_concurrency
from ._managed_instances_operator import grant_operator
from ._validation import child_path

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms

__all__ = ["ManagedInstances"]

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

_CREATE_ONLY_MESSAGE: Final = (
    "A capacity provider can only be chosen when the function is created: it cannot be added to or removed "
    "from an existing function later, only modified. To move a deployed function onto (or off) Managed "
    "Instances, define a new function (a new construct ID) and remove the old one."
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
        architecture, chosen_subnets = check_provider(
            path,
            vpc=vpc,
            vpc_subnets=vpc_subnets,
            subnets=subnets,
            security_groups=security_groups,
            architectures=architectures,
            capacity_provider_name=capacity_provider_name,
            instance_type_filter=instance_type_filter,
            max_v_cpu_count=max_v_cpu_count,
            propagate_tags=propagate_tags,
            scaling_options=scaling_options,
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
                self.operator_statements = grant_operator(
                    self, cast(iam.Role, self.operator_role), chosen_subnets, security_groups, cfn
                )
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
        check_function(
            path,
            func,
            cfn,
            provider=self,
            provider_architecture=self.architecture,
            execution_environment_memory_gib_per_v_cpu=execution_environment_memory_gib_per_v_cpu,
            per_execution_environment_max_concurrency=per_execution_environment_max_concurrency,
            latest_published_scaling_config=latest_published_scaling_config,
        )
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
