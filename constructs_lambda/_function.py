"""``Function``: a drop-in ``aws_lambda.Function`` that validates first and is secure by default."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

import jsii
from aws_cdk import (
    Acknowledgment,
    Annotations,
    Duration,
    IStableListProducer,
    Lazy,
    RemovalPolicy,
    Size,
    Stack,
    Token,
    Validations,
)
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct, IConstruct, Node

from . import _limits as limits
from ._errors import ValidationError
from ._feature_checks import (
    check_event_source_allowed,
    check_event_source_mapping_allowed,
    check_feature_props,
    check_url_allowed,
    configure_features,
    struct_fields,
)
from ._function_checks import (
    FROM_IMAGE_NAME,
    check_alias,
    check_async,
    check_environment,
    check_layers,
    check_logging,
    check_names,
    check_network,
    check_runtime_and_handler,
    check_sizes,
    check_snap_start,
    is_json,
    unzipped_total,
)
from ._function_url import check_function_url, complete_url_permissions
from ._layer import code_unzipped_size
from ._routing import mapping_target
from ._runtimes import past_block_create
from ._template_limits import track_function_resources
from ._traffic import enforce_traffic_checks
from ._validation import (
    check_whole,
    child_path,
    read_once,
)

if TYPE_CHECKING:
    from aws_cdk import aws_codeguruprofiler as codeguruprofiler
    from aws_cdk import aws_sns as sns
    from aws_cdk import aws_sqs as sqs
    from aws_cdk.interfaces.aws_kms import IKeyRef
    from aws_cdk.interfaces.aws_lambda import ICodeSigningConfigRef

    from ._boundary import PermissionsBoundary
    from ._migration import AliasSettings
    from ._scaling import ProvisionedConcurrency

__all__ = [
    "DEFAULT_ALIAS_NAME",
    "DEFAULT_ARCHITECTURE",
    "DEFAULT_LOG_REMOVAL_POLICY",
    "DEFAULT_LOG_RETENTION",
    "DEFAULT_MEMORY_SIZE",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TRACING",
    "Function",
]

DEFAULT_ALIAS_NAME: Final = "live"
"""The alias every ``Function`` gets on its current version; callers invoke it, never ``$LATEST``."""
DEFAULT_ARCHITECTURE: Final = lambda_.Architecture.ARM_64
"""Graviton: AWS prices arm64 about 20% below x86_64 per GB-second at comparable speed."""
DEFAULT_MEMORY_SIZE: Final = 256
"""MiB. CPU scales with memory; 128 MiB makes Python cold starts with the AWS SDK noticeably slower."""
DEFAULT_TIMEOUT: Final = Duration.seconds(10)
"""Lambda's own 3 s default cuts off first cold starts in a VPC; 10 s still fails fast behind APIs."""
DEFAULT_TRACING: Final = lambda_.Tracing.ACTIVE
"""X-Ray tracing on: observable by default (and cdk-nag's Serverless pack asks for it)."""
DEFAULT_LOG_RETENTION: Final = logs.RetentionDays.ONE_YEAR
"""Long enough for audits and incident reviews; logs never pile up forever."""
DEFAULT_LOG_REMOVAL_POLICY: Final = RemovalPolicy.RETAIN
"""Logs outlive the stack: deleting a stack must not delete the evidence of what it did."""

# Child construct IDs are public API: changing one replaces resources in users' stacks.
_ALIAS_ID: Final = "Alias"
_LOG_GROUP_ID: Final = "LogGroup"
_LOG_POLICY_ID: Final = "LogPolicy"
#: aws-cdk-lib's default for the group the L2 names /aws/lambda/<function> (logs.LogGroup's default).
_L2_LOG_GROUP_RETENTION: Final = logs.RetentionDays.TWO_YEARS
#: aws-cdk-lib's validator finding for a runtime past its block-create date (cfn-lint's rule id).
_E2531: Final = "CloudFormation-Validate::E2531"

# The AWS-managed policies the L2 attaches to the role it creates; we grant the same rights scoped.
_L2_MANAGED_POLICY_SUFFIXES: Final = (
    ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
    ":iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy",
)


class Function(lambda_.Function):
    """An ``aws_lambda.Function`` that validates its input in Python and is production-ready by default.

    It accepts every keyword argument of ``aws_lambda.Function`` with the same name and meaning, and adds:
    an explicit log group with retention (never the ``LogRetention`` custom resource), a least-privilege
    execution role (no AWS-managed policies; log rights scoped to the function's own log group), an alias
    (``fn.alias``, named ``live``) on the current version, JSON logs and X-Ray tracing. Each default can be
    overridden with the L2's own keyword.

    Bad input raises ``constructs_lambda.ValidationError`` before anything reaches jsii, naming the
    construct path, the property, the value and what is allowed. Values that are unresolved tokens are
    only known at deploy time and are not checked.
    """

    # Set right after super().__init__(); until then the overrides below defer to the L2. (The L2's
    # constructor calls addLayers and addEnvironment, but jsii attaches Python overrides only once the
    # JavaScript constructor has returned, so today only a subclass calling them early gets here.)
    _layer_count: int | None = None
    _known_unzipped: int = 0
    _environment: dict[str, str] | None = None
    _own_log_group: logs.LogGroup | None = None
    _alias_settings: AliasSettings | None = None
    _l2_named_log_group: bool = False

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        code: lambda_.Code,
        handler: str,
        runtime: lambda_.Runtime,
        alias_name: str | None = DEFAULT_ALIAS_NAME,
        alias_description: str | None = None,
        alias_additional_versions: Sequence[lambda_.VersionWeight] | None = None,
        provisioned_concurrency: ProvisionedConcurrency | None = None,
        permissions_boundary: PermissionsBoundary | iam.IManagedPolicy | None = None,
        adot_instrumentation: lambda_.AdotInstrumentationConfig | None = None,
        allow_all_ipv6_outbound: bool | None = None,
        allow_all_outbound: bool | None = None,
        allow_public_subnet: bool | None = None,
        application_log_level: str | None = None,
        application_log_level_v2: lambda_.ApplicationLogLevel | None = None,
        architecture: lambda_.Architecture | None = None,
        code_signing_config: ICodeSigningConfigRef | None = None,
        current_version_options: lambda_.VersionOptions | None = None,
        dead_letter_queue: sqs.IQueue | None = None,
        dead_letter_queue_enabled: bool | None = None,
        dead_letter_topic: sns.ITopic | None = None,
        description: str | None = None,
        durable_config: lambda_.DurableConfig | None = None,
        environment: Mapping[str, str] | None = None,
        environment_encryption: IKeyRef | None = None,
        ephemeral_storage_size: Size | None = None,
        events: Sequence[lambda_.IEventSource] | None = None,
        filesystem: lambda_.FileSystem | None = None,
        function_name: str | None = None,
        initial_policy: Sequence[iam.PolicyStatement] | None = None,
        insights_version: lambda_.LambdaInsightsVersion | None = None,
        ipv6_allowed_for_dual_stack: bool | None = None,
        layers: Sequence[lambda_.ILayerVersion] | None = None,
        log_format: str | None = None,
        logging_format: lambda_.LoggingFormat | None = None,
        log_group: logs.ILogGroup | None = None,
        log_removal_policy: RemovalPolicy | None = None,
        log_retention: logs.RetentionDays | None = None,
        log_retention_retry_options: lambda_.LogRetentionRetryOptions | None = None,
        log_retention_role: iam.IRole | None = None,
        memory_size: int | None = None,
        params_and_secrets: lambda_.ParamsAndSecretsLayerVersion | None = None,
        profiling: bool | None = None,
        profiling_group: codeguruprofiler.IProfilingGroup | None = None,
        recursive_loop: lambda_.RecursiveLoop | None = None,
        reserved_concurrent_executions: int | None = None,
        role: iam.IRole | None = None,
        runtime_management_mode: lambda_.RuntimeManagementMode | None = None,
        security_groups: Sequence[ec2.ISecurityGroup] | None = None,
        snap_start: lambda_.SnapStartConf | None = None,
        system_log_level: str | None = None,
        system_log_level_v2: lambda_.SystemLogLevel | None = None,
        tenancy_config: lambda_.TenancyConfig | None = None,
        timeout: Duration | None = None,
        tracing: lambda_.Tracing | None = None,
        vpc: ec2.IVpc | None = None,
        vpc_subnets: ec2.SubnetSelection | None = None,
        max_event_age: Duration | None = None,
        on_failure: lambda_.IDestination | None = None,
        on_success: lambda_.IDestination | None = None,
        retry_attempts: int | None = None,
    ) -> None:
        """Create the function, its log group, role and alias.

        Args:
            scope: The parent construct.
            id: The construct ID; the function's path is ``<scope path>/<id>``.
            code: The function's code, as for ``aws_lambda.Function``.
            handler: The entry point: ``file.function`` for Python and Node.js, ``pkg.Class::method`` for
                Java, ``Assembly::Ns.Class::Method`` for .NET; ``Handler.FROM_IMAGE`` for images.
            runtime: The runtime; ``Runtime.FROM_IMAGE`` for images. Runtimes past their block-create date
                are rejected unless the context key ``constructs-lambda:allowBlockedRuntimes`` allows
                them (docs/runtimes.md); deprecated ones warn.
            alias_name: Name of the alias on the current version, exposed as ``fn.alias``; ``None``
                creates no alias (then no ``provisioned_concurrency`` and no other ``alias_*`` keyword).
                Default: ``"live"``.
            alias_description: Description of the alias. Default: - none.
            alias_additional_versions: Weighted routing: one more published version and the share of
                traffic (0.0-1.0) it receives. Default: - all traffic to the current version.
            provisioned_concurrency: Provisioned concurrency on the alias, fixed or autoscaled.
                Default: - none.
            permissions_boundary: A boundary for this function's execution role; wins over a boundary
                applied to an enclosing scope. Default: - whatever the scope applies.
            architecture: Instruction set. Default: ``Architecture.ARM_64`` (see ``DEFAULT_ARCHITECTURE``).
            memory_size: MiB, 128-10240. Default: 256 (see ``DEFAULT_MEMORY_SIZE``).
            timeout: Whole seconds, 1-900. Default: 10 seconds.
            tracing: X-Ray tracing mode. Default: ``Tracing.ACTIVE``.
            logging_format: Log format. Default: ``LoggingFormat.JSON``.
            log_group: Use this log group instead of creating one; the created role may write to it only.
                Default: - a new ``logs.LogGroup`` (child ``LogGroup``) with ``log_retention`` and
                ``log_removal_policy``; named ``/aws/lambda/<function>`` (the L2's group, kept) when
                ``@aws-cdk/aws-lambda:useCdkManagedLogGroup`` is on, else with a generated name.
            log_retention: Retention of the created log group (never the ``LogRetention`` custom
                resource). Default: ``RetentionDays.ONE_YEAR``; ``RetentionDays.TWO_YEARS`` (the L2's) for
                the group ``/aws/lambda/<function>`` kept under ``useCdkManagedLogGroup``, so a migrated
                group's retention never drops.
            log_removal_policy: Removal policy of the created log group. Default: ``RemovalPolicy.RETAIN``.
            log_retention_retry_options: Accepted for compatibility; it configures the ``LogRetention``
                custom resource, which this library never creates, so it has no effect (a warning says so).
                Default: - none.
            log_retention_role: As ``log_retention_retry_options``. Default: - none.
            role: Use this execution role instead of creating a least-privilege one. Default: - a role
                with only the statements the configured features need.

            Every other argument is passed to ``aws_lambda.Function`` unchanged and means what it means
            there (validated first where Lambda has a limit).
        """
        path = child_path(scope, id)
        architecture = architecture or DEFAULT_ARCHITECTURE
        memory_size = DEFAULT_MEMORY_SIZE if memory_size is None else memory_size
        timeout = timeout or DEFAULT_TIMEOUT
        tracing = tracing or DEFAULT_TRACING
        if logging_format is None and log_format is None:
            logging_format = lambda_.LoggingFormat.JSON
        json_logs = is_json(logging_format, log_format)
        runtime_name = read_once(runtime, "name", lambda: runtime.name)
        image = runtime_name == FROM_IMAGE_NAME
        layer_list = list(layers or ())
        alias_versions = list(alias_additional_versions or ())

        runtime_warning = check_runtime_and_handler(path, runtime_name, handler, image, scope)
        check_feature_props(
            path,
            durable_config=durable_config,
            tenancy_config=tenancy_config,
            snap_start=snap_start,
            provisioned_concurrency=provisioned_concurrency,
            current_version_options=current_version_options,
            events=events,
            runtime=runtime,
            code=code,
            dead_letter_queue=dead_letter_queue,
            dead_letter_queue_enabled=dead_letter_queue_enabled,
            dead_letter_topic=dead_letter_topic,
            vpc=vpc,
            vpc_subnets=vpc_subnets,
            security_groups=security_groups,
            allow_all_outbound=allow_all_outbound,
            allow_all_ipv6_outbound=allow_all_ipv6_outbound,
            allow_public_subnet=allow_public_subnet,
            profiling=profiling,
            profiling_group=profiling_group,
            log_group=log_group,
            log_retention=log_retention,
            log_removal_policy=log_removal_policy,
            log_format=log_format,
            logging_format=logging_format,
            application_log_level=application_log_level,
            application_log_level_v2=application_log_level_v2,
            system_log_level=system_log_level,
            system_log_level_v2=system_log_level_v2,
            adot_instrumentation=adot_instrumentation,
        )
        ephemeral_mib = check_sizes(path, memory_size, timeout, ephemeral_storage_size)
        check_names(path, function_name, description)
        check_environment(path, environment)
        check_logging(
            path,
            json_logs,
            application_log_level,
            application_log_level_v2,
            system_log_level,
            system_log_level_v2,
        )
        check_whole(
            path,
            "reserved_concurrent_executions",
            reserved_concurrent_executions,
            limits.RESERVED_CONCURRENCY_MIN_COUNT,
        )
        check_async(path, retry_attempts, max_event_age)
        check_network(path, vpc, vpc_subnets, security_groups, filesystem, ipv6_allowed_for_dual_stack)
        layer_count = check_layers(
            path,
            runtime,
            runtime_name,
            architecture,
            layer_list,
            existing=int(insights_version is not None) + int(adot_instrumentation is not None),
        )
        known_unzipped = unzipped_total(path, code_unzipped_size(code) or 0, layer_list)
        check_snap_start(path, runtime_name, snap_start, filesystem, ephemeral_mib, image)
        check_alias(path, alias_name, alias_description, alias_versions, current_version_options)
        if provisioned_concurrency is not None:
            provisioned_concurrency.check_for_function(
                path,
                reserved_concurrent_executions=reserved_concurrent_executions,
                snap_start=snap_start is not None,
                has_weighted_routing=bool(alias_versions),
                publishes_versions=alias_name is not None,
            )

        created_log_group = log_group is None
        super().__init__(
            scope,
            id,
            code=code,
            handler=handler,
            runtime=runtime,
            adot_instrumentation=adot_instrumentation,
            allow_all_ipv6_outbound=allow_all_ipv6_outbound,
            allow_all_outbound=allow_all_outbound,
            allow_public_subnet=allow_public_subnet,
            application_log_level=application_log_level,
            application_log_level_v2=application_log_level_v2,
            architecture=architecture,
            code_signing_config=code_signing_config,
            current_version_options=current_version_options,
            dead_letter_queue=dead_letter_queue,
            dead_letter_queue_enabled=dead_letter_queue_enabled,
            dead_letter_topic=dead_letter_topic,
            description=description,
            durable_config=durable_config,
            environment=environment,
            environment_encryption=environment_encryption,
            ephemeral_storage_size=ephemeral_storage_size,
            events=None,  # added below, once the alias exists: their mappings invoke it (_routing)
            filesystem=filesystem,
            function_name=function_name,
            initial_policy=initial_policy,
            insights_version=insights_version,
            ipv6_allowed_for_dual_stack=ipv6_allowed_for_dual_stack,
            layers=layer_list or None,
            log_format=log_format,
            logging_format=logging_format,
            log_group=log_group,
            memory_size=memory_size,
            params_and_secrets=params_and_secrets,
            profiling=profiling,
            profiling_group=profiling_group,
            recursive_loop=recursive_loop,
            reserved_concurrent_executions=reserved_concurrent_executions,
            role=role,
            runtime_management_mode=runtime_management_mode,
            security_groups=security_groups,
            snap_start=snap_start,
            system_log_level=system_log_level,
            system_log_level_v2=system_log_level_v2,
            tenancy_config=tenancy_config,
            timeout=timeout,
            tracing=tracing,
            vpc=vpc,
            vpc_subnets=vpc_subnets,
            max_event_age=max_event_age,
            on_failure=on_failure,
            on_success=on_success,
            retry_attempts=retry_attempts,
        )
        self._environment = dict(environment or {})
        self._known_unzipped = known_unzipped
        self._layer_count = layer_count
        self._warn_ignored_log_retention(log_retention_retry_options, log_retention_role)

        # Each jsii property is read once here and handed to the steps (a read is a round trip).
        node = self.node
        cfn_function = cast(lambda_.CfnFunction, node.default_child)
        own_role = self.role if role is None else None  # the role the L2 created for this function
        execution_role = own_role if role is None else self.role
        if created_log_group:
            self._own_log_group = self._wire_logging(node, cfn_function, log_retention, log_removal_policy)
        self._least_privilege_role(
            own_role,
            execution_role,
            in_vpc=vpc is not None,
            tracing=tracing,
            decrypt_key=environment_encryption if role is None else None,
            given_log_group=log_group,
        )
        configure_features(self, cfn_function, own_role, durable_config, tenancy_config)
        self._warn_deprecated_runtime(runtime_warning, runtime_name, cfn_function)
        self._clear_lint_findings(
            cfn_function,
            execution_role,
            l2_creates_queue=dead_letter_queue_enabled and dead_letter_queue is None,
            has_dead_letter_target=dead_letter_queue or dead_letter_topic or dead_letter_queue_enabled,
        )
        self.alias: lambda_.Alias | None = self._create_alias(
            alias_name,
            alias_description,
            alias_versions,
            provisioned_concurrency,
            reserved_concurrent_executions=reserved_concurrent_executions,
            max_event_age=max_event_age,
            on_failure=on_failure,
            on_success=on_success,
            retry_attempts=retry_attempts,
        )
        for event in events or ():
            self.add_event_source(event)
        self._apply_boundary(permissions_boundary)
        self._track_template_budget(scope, id, path)
        # URL permissions added in any way get both actions Lambda requires since October 2025.
        complete_url_permissions(self, cfn_function, scope, path)
        if provisioned_concurrency is not None:  # Managed Instances has no provisioned concurrency
            from ._managed_instances_checks import forbid_provisioned_concurrency_in

            forbid_provisioned_concurrency_in(scope, self, cfn_function, path)
        enforce_traffic_checks(self)

    # -- public API beyond the L2 -------------------------------------------------------------------

    @property
    def own_log_group(self) -> logs.LogGroup | None:
        """The log group this construct created, or ``None`` when ``log_group`` was given."""
        return self._own_log_group

    @property
    def log_group(self) -> logs.ILogGroup:
        """The function's log group: the one created here, or the ``log_group`` given."""
        own = self._own_log_group
        return own if own is not None else super().log_group

    def add_layers(self, *layers: lambda_.ILayerVersion) -> None:
        """Add layers: at most five in all, compatible with the runtime and architecture, none on a container
        image, and within 250 MB unzipped together with the code where sizes are known."""
        existing = self._layer_count
        if existing is None:  # called by the L2 itself during construction
            super().add_layers(*layers)
            return
        path, runtime, added = self.node.path, self.runtime, list(layers)
        count = check_layers(path, runtime, runtime.name, self.architecture, added, existing=existing)
        known_unzipped = unzipped_total(path, self._known_unzipped, added)
        super().add_layers(*layers)
        self._layer_count, self._known_unzipped = count, known_unzipped

    def add_environment(
        self, key: str, value: str, *, remove_in_edge: bool | None = None
    ) -> lambda_.Function:
        """Add an environment variable, checking its key and the 4 KB total at the call."""
        environment = self._environment
        if environment is None:  # called by the L2 itself during construction
            return super().add_environment(key, value, remove_in_edge=remove_in_edge)
        check_environment(self.node.path, {**environment, key: value})
        result = super().add_environment(key, value, remove_in_edge=remove_in_edge)
        environment[key] = value
        return result

    def add_event_source(self, source: lambda_.IEventSource) -> None:
        """Add an event source; a tenant-isolated function takes API Gateway (``ApiEventSource``) only."""
        check_event_source_allowed(self.node.path, self.tenancy_config, source)
        super().add_event_source(source)

    def add_event_source_mapping(
        self, id: str, options: lambda_.EventSourceMappingOptions | None = None, **kwargs: Any
    ) -> lambda_.EventSourceMapping:
        """Add an event source mapping as the L2 does, invoking the alias (``fn.alias``) when there is one.

        A tenant-isolated function takes none. The mapping stays where the L2 puts it (same logical ID);
        only its ``FunctionName`` is the alias, so provisioned concurrency serves it (see ``_routing``).
        """
        check_event_source_mapping_allowed(self.node.path, self.tenancy_config)
        target = mapping_target(self, getattr(self, "alias", None))
        # Event sources call this from JavaScript with the options as one struct, not as keywords.
        return lambda_.EventSourceMapping(self, id, target=target, **struct_fields(options), **kwargs)

    def add_function_url(
        self,
        *,
        auth_type: lambda_.FunctionUrlAuthType | None = None,
        cors: lambda_.FunctionUrlCorsOptions | dict[str, Any] | None = None,
        invoke_mode: lambda_.InvokeMode | None = None,
    ) -> lambda_.FunctionUrl:
        """Add a function URL, as ``aws_lambda.Function.add_function_url``, checking it first.

        A second URL and a CORS ``max_age`` outside 0-86400 seconds raise ``ValidationError``. Every
        URL permission (the L2's for ``auth_type=NONE``, ``grant_invoke_url``'s, or your own
        ``add_permission``) carries both ``lambda:InvokeFunctionUrl`` and ``lambda:InvokeFunction``.

        Args:
            auth_type: ``AWS_IAM`` or ``NONE`` (public). Default: ``FunctionUrlAuthType.AWS_IAM``.
            cors: Cross-origin resource sharing. Default: - no CORS configuration.
            invoke_mode: ``BUFFERED`` or ``RESPONSE_STREAM``. Default: ``InvokeMode.BUFFERED``.
        """
        check_url_allowed(self.node.path, self.tenancy_config)
        check_function_url(self, cors)
        return super().add_function_url(auth_type=auth_type, cors=cors, invoke_mode=invoke_mode)

    def add_alias(
        self,
        alias_name: str,
        *,
        additional_versions: Sequence[lambda_.VersionWeight | dict[str, Any]] | None = None,
        description: str | None = None,
        provisioned_concurrent_executions: int | float | None = None,
        max_event_age: Duration | None = None,
        on_failure: lambda_.IDestination | None = None,
        on_success: lambda_.IDestination | None = None,
        retry_attempts: int | float | None = None,
    ) -> lambda_.Alias:
        """Add an alias on the current version, as ``aws_lambda.Function.add_alias`` does.

        With the name of the function's own alias (``alias_name``, default ``"live"``) no second alias is
        created: the function's alias is returned, with the options applied where it lacks them (a
        ``ValidationError`` names an option that contradicts its settings), and it keeps the logical ID
        the L2's ``add_alias`` gives (``<function>Alias<name><hash>``), so a stack that deployed the L2
        updates its alias instead of failing to create a second one with the same name (docs/migration.md).
        Any other name creates another alias, as in the L2.

        Args:
            alias_name: The alias's name. Default: - required.
            additional_versions: Weighted routing. Default: - none.
            description: The alias's description. Default: - none.
            provisioned_concurrent_executions: Fixed provisioned concurrency on the alias. Default: - none.
            max_event_age: Asynchronous settings of the alias. Default: - none.
            on_failure: As ``max_event_age``. Default: - none.
            on_success: As ``max_event_age``. Default: - none.
            retry_attempts: As ``max_event_age``. Default: - none.
        """
        options: dict[str, Any] = {
            "additional_versions": additional_versions,
            "description": description,
            "provisioned_concurrent_executions": provisioned_concurrent_executions,
            "max_event_age": max_event_age,
            "on_failure": on_failure,
            "on_success": on_success,
            "retry_attempts": retry_attempts,
        }
        settings = self._alias_settings  # None: no alias of our own (alias_name=None)
        own = self.alias if settings is not None else None
        if own is None or settings is None or alias_name != own.alias_name:
            return super().add_alias(alias_name, **options)
        from ._migration import adopt_l2_alias

        return adopt_l2_alias(self, own, settings, alias_name=alias_name, **options)

    # -- the steps of __init__, in order ------------------------------------------------------------

    def _warn_ignored_log_retention(
        self, retry_options: lambda_.LogRetentionRetryOptions | None, role: iam.IRole | None
    ) -> None:
        """Warn that the ``LogRetention`` custom resource's options do nothing here."""
        if retry_options is not None or role is not None:
            Annotations.of(self).add_warning_v2(
                "constructs-lambda:logRetentionCustomResource",
                "log_retention_retry_options and log_retention_role configure the LogRetention custom "
                "resource, which constructs_lambda never creates (it uses an explicit log group); "
                "they have no effect.",
            )

    def _wire_logging(
        self,
        node: Node,
        cfn: lambda_.CfnFunction,
        retention: logs.RetentionDays | None,
        removal_policy: RemovalPolicy | None,
    ) -> logs.LogGroup:
        """Create the function's own log group, with retention, and make sure Lambda writes to it."""
        removal_policy = removal_policy or DEFAULT_LOG_REMOVAL_POLICY
        # With '@aws-cdk/aws-lambda:useCdkManagedLogGroup' the L2 has just created a group named
        # /aws/lambda/<function>. A stack deployed with the L2 holds that group and its logs, so it is kept:
        # same construct ID (logical ID), same name, hence no replacement; Lambda writes there by default.
        # Its retention never drops below the L2's default (older events would be deleted), and it is
        # re-created here only to apply our retention and removal policy.
        if node.try_remove_child(_LOG_GROUP_ID):
            self._l2_named_log_group = True
            return logs.LogGroup(
                self,
                _LOG_GROUP_ID,
                log_group_name=f"/aws/lambda/{self.function_name}",
                retention=retention or _L2_LOG_GROUP_RETENTION,
                removal_policy=removal_policy,
            )
        # No fixed name: CloudFormation generates one, so a retained group never blocks re-creating the
        # stack ("already exists"), and the logging config tells Lambda (and the console) where it is.
        log_group = logs.LogGroup(
            self, _LOG_GROUP_ID, retention=retention or DEFAULT_LOG_RETENTION, removal_policy=removal_policy
        )
        # An override merges into the L2's logging config: one jsii call instead of reading its fields.
        cfn.add_property_override("LoggingConfig.LogGroup", log_group.log_group_name)
        return log_group

    def _least_privilege_role(
        self,
        own_role: iam.IRole | None,
        execution_role: iam.IRole | None,
        *,
        in_vpc: bool,
        tracing: lambda_.Tracing,
        decrypt_key: IKeyRef | None,
        given_log_group: logs.ILogGroup | None,
    ) -> None:
        """Give the execution role exactly the rights the configured features need, scoped where possible."""
        if own_role is not None:
            self._scope_role_to_features(own_role, in_vpc, tracing)
        self._grant_logs(execution_role, given_log_group)
        if decrypt_key is not None:
            # Reading variables encrypted with a customer managed key needs kms:Decrypt:
            # https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
            self.add_to_role_policy(
                iam.PolicyStatement(actions=["kms:Decrypt"], resources=[decrypt_key.key_ref.key_arn])
            )

    def _warn_deprecated_runtime(
        self, warning: str | None, runtime_name: str, cfn_function: lambda_.CfnFunction
    ) -> None:
        """Warn when the runtime is deprecated (still created, but no longer patched)."""
        if not warning:
            return
        Annotations.of(self).add_warning_v2("constructs-lambda:deprecatedRuntime", warning)
        if past_block_create(runtime_name):  # let through only by constructs-lambda:allowBlockedRuntimes
            # aws-cdk-lib's validator judges the same dates; the user overrode them on purpose.
            Validations.of(cfn_function).acknowledge(Acknowledgment(id=_E2531, reason=warning))

    def _clear_lint_findings(
        self,
        cfn_function: lambda_.CfnFunction,
        execution_role: iam.IRole | None,
        *,
        l2_creates_queue: bool | None,
        has_dead_letter_target: Any,
    ) -> None:
        """Fix or acknowledge, with reasons, what cdk-nag and cfn-lint find in the L2's resources."""
        self._secure_dead_letter_queue(l2_creates_queue)
        default_policy = (
            execution_role.node.try_find_child("DefaultPolicy")
            if isinstance(execution_role, iam.Role)
            else None
        )
        self._acknowledge_findings(cfn_function, default_policy, has_dead_letter_target)
        self._order_after_role_policy(cfn_function, execution_role, default_policy)

    def _create_alias(
        self,
        alias_name: str | None,
        description: str | None,
        additional_versions: list[lambda_.VersionWeight],
        provisioned_concurrency: ProvisionedConcurrency | None,
        *,
        reserved_concurrent_executions: int | None,
        max_event_age: Duration | None,
        on_failure: lambda_.IDestination | None,
        on_success: lambda_.IDestination | None,
        retry_attempts: int | None,
    ) -> lambda_.Alias | None:
        """Create the alias on the current version, with its provisioned concurrency (``None``: no alias)."""
        if alias_name is None:
            return None
        from ._migration import AliasSettings

        self._alias_settings = settings = AliasSettings(
            description=description,
            additional_versions=additional_versions,
            provisioned_concurrent_executions=(
                provisioned_concurrency.alias_executions if provisioned_concurrency else None
            ),
            max_event_age=max_event_age,
            on_failure=on_failure,
            on_success=on_success,
            retry_attempts=retry_attempts,
        )
        alias = lambda_.Alias(
            self,
            _ALIAS_ID,
            alias_name=alias_name,
            version=self.current_version,
            description=description,
            additional_versions=additional_versions or None,
            provisioned_concurrent_executions=settings.provisioned_concurrent_executions,
            # Callers invoke the alias, so its asynchronous settings must match the function's.
            **settings.async_options(),
        )
        if provisioned_concurrency is not None:
            from ._scaling import configure_provisioned_concurrency

            configure_provisioned_concurrency(
                self,
                alias,
                provisioned_concurrency,
                alias_name=alias_name,
                reserved_concurrent_executions=reserved_concurrent_executions,
            )
        return alias

    def _apply_boundary(self, boundary: PermissionsBoundary | iam.IManagedPolicy | None) -> None:
        """Put ``boundary`` on this function's execution role, over any applied to an enclosing scope."""
        if boundary is not None:
            from ._boundary import apply_function_boundary

            apply_function_boundary(self, boundary)

    def _track_template_budget(self, scope: Construct, id: str, path: str) -> None:
        """Count this function against its stack's 500-resource limit; register the synth-time check."""
        # Fails here, with the counts, before synthesis would; then the template check covers the rest.
        try:
            track_function_resources(self, path)
        except ValidationError:
            scope.node.try_remove_child(id)  # nothing half-done: the rejected function leaves the tree
            raise

    # -- helpers of the steps -----------------------------------------------------------------------

    def _scope_role_to_features(self, role: iam.IRole, in_vpc: bool, tracing: lambda_.Tracing) -> None:
        """Replace the AWS-managed policies the L2 attaches with statements scoped to this function."""
        if not isinstance(role, iam.Role):
            return
        cfn_role = cast(iam.CfnRole, role.node.default_child)
        # Cached, as the L2 Role's own Lazy is: first resolved in app.synth(), after every user addition.
        cfn_role.managed_policy_arns = Lazy.list(
            _WithoutL2ManagedPolicies(cfn_role, cfn_role.managed_policy_arns), omit_empty=True
        )
        if in_vpc:
            eni_statement = iam.PolicyStatement(actions=sorted(limits.VPC_ENI_ACTIONS), resources=["*"])
            self.add_to_role_policy(eni_statement)

    def _grant_logs(self, role: iam.IRole | None, given: logs.ILogGroup | None) -> None:
        """Allow writing to this function's log group (its own or ``log_group``), and nothing else in
        CloudWatch Logs: the AWS-managed policy the L2 relies on, which allowed every group, is gone."""
        log_group = self._own_log_group or given
        if log_group is None or not isinstance(role, iam.Role):
            return
        statement = iam.PolicyStatement(
            actions=["logs:CreateLogStream", "logs:PutLogEvents"], resources=[log_group.log_group_arn]
        )
        if not self._l2_named_log_group:
            self.add_to_role_policy(statement)
            if given is not None and self._own_log_group is None:
                from ._migration import acknowledge_log_stream_wildcard

                acknowledge_log_stream_wildcard(role, log_group.log_group_arn)
            return
        # The group's name refers to the function, and the function waits for its role's default policy:
        # that policy naming the group would be a cycle. Lambda writes logs only when invoked, so these
        # rights go into a policy of their own that the function does not wait for.
        iam.Policy(self, _LOG_POLICY_ID, roles=[role], statements=[statement])

    @staticmethod
    def _order_after_role_policy(
        resource: lambda_.CfnFunction, role: iam.IRole | None, policy: IConstruct | None
    ) -> None:
        """Wait for the role's default policy only: GetAtt already orders the role (cfn-lint W3005)."""
        if not isinstance(role, iam.Role):
            return
        resource_node = resource.node
        resource_node.remove_dependency(role)
        if policy is not None:
            resource_node.add_dependency(policy)

    def _secure_dead_letter_queue(self, created_by_l2: bool | None) -> None:
        """Encrypt the queue the L2 creates for ``dead_letter_queue_enabled`` and require TLS."""
        if not created_by_l2:
            return
        from aws_cdk import aws_sqs as sqs

        queue = self.dead_letter_queue
        if not isinstance(queue, sqs.Queue):
            return
        cast(sqs.CfnQueue, queue.node.default_child).sqs_managed_sse_enabled = True
        queue.add_to_resource_policy(
            iam.PolicyStatement(
                effect=iam.Effect.DENY,
                principals=[iam.AnyPrincipal()],
                actions=["sqs:*"],
                resources=[queue.queue_arn],
                conditions={"Bool": {"aws:SecureTransport": "false"}},
            )
        )
        reason = "This queue is the Lambda function's dead-letter queue; a DLQ needs no DLQ of its own."
        Validations.of(queue).acknowledge(
            Acknowledgment(id="AwsSolutions-SQS3", reason=reason),
            Acknowledgment(id="Serverless-SQSRedrivePolicy", reason=reason),
        )

    @staticmethod
    def _acknowledge_findings(
        resource: lambda_.CfnFunction, policy: IConstruct | None, has_dead_letter_target: Any
    ) -> None:
        if not has_dead_letter_target:
            Validations.of(resource).acknowledge(
                Acknowledgment(
                    id="Serverless-LambdaDLQ",
                    reason=(
                        "A dead-letter target only receives failed asynchronous invocations, and "
                        "constructs_lambda cannot know how the function is invoked. Set "
                        "dead_letter_queue_enabled=True or on_failure= for asynchronous sources."
                    ),
                )
            )
        if policy is None:
            return
        # X-Ray and EC2 network-interface actions have no resource-level permissions
        # (https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html; AWSLambdaVPCAccessExecutionRole
        # uses "*" too), so "*" is the narrowest possible resource.
        Validations.of(policy).acknowledge(
            Acknowledgment(
                id="AwsSolutions-IAM5[Resource::*]",
                reason=(
                    "Only actions without resource-level permissions use '*': xray:PutTraceSegments, "
                    "xray:PutTelemetryRecords and the EC2 network-interface actions Lambda needs in a VPC."
                ),
            )
        )


@jsii.implements(IStableListProducer)
class _WithoutL2ManagedPolicies:
    """Resolves the role's managed policy ARNs minus the AWS-managed ones the L2 added itself.

    Managed policies a user attaches later (``fn.role.add_managed_policy``) are kept. Node calls a
    stable (cached) producer once, instead of once per resolution of the template.
    """

    def __init__(self, role: IConstruct, original: Sequence[str] | None) -> None:
        self._role = role
        self._original = original

    def produce(self) -> list[str]:
        resolved = Stack.of(self._role).resolve(self._original) or []
        return [
            arn if isinstance(arn, str) else Token.as_string(arn)
            for arn in resolved
            if not _is_l2_managed_policy(arn)
        ]  # not None: node caches only a defined value (omit_empty drops an empty list)


def _is_l2_managed_policy(arn: Any) -> bool:
    text = json.dumps(arn)
    return any(suffix in text for suffix in _L2_MANAGED_POLICY_SUFFIXES)


# -- checks -------------------------------------------------------------------------------------------
