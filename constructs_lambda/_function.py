"""``Function``: a drop-in ``aws_lambda.Function`` that validates first and is secure by default.

The constructor's steps live with their concerns: the checks before jsii (``_function_props``), logging
(``_function_logging``), the execution role (``_function_role``), lint findings (``_function_findings``)
and the alias (``_function_alias``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

from aws_cdk import Duration, RemovalPolicy, Size
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from ._errors import ValidationError
from ._feature_checks import (
    check_event_source_allowed,
    check_event_source_mapping_allowed,
    check_url_allowed,
    configure_features,
    struct_fields,
)
from ._function_alias import create_alias, order_scaling_after_alias
from ._function_checks import check_environment, check_layers, unzipped_total
from ._function_findings import clear_lint_findings, warn_deprecated_runtime
from ._function_logging import (
    DEFAULT_LOG_REMOVAL_POLICY,
    DEFAULT_LOG_RETENTION,
    warn_ignored_log_retention,
    wire_logging,
)
from ._function_props import check_function_props
from ._function_role import apply_boundary, least_privilege_role, scope_role_to_features
from ._function_url import check_function_url, complete_url_permissions
from ._routing import mapping_target
from ._template_limits import track_function_resources
from ._traffic import enforce_traffic_checks
from ._validation import child_path, read_once, remember_enclosing

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
    alias: lambda_.Alias | None
    """The alias on the current version (``alias_name``), or ``None`` for ``alias_name=None``."""

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
        if logging_format is None and log_format is None:
            logging_format = lambda_.LoggingFormat.JSON
        runtime_name = read_once(runtime, "name", lambda: runtime.name)
        layer_list = list(layers or ())
        alias_versions = list(alias_additional_versions or ())
        # What aws_lambda.Function gets, with this library's defaults: checked first, then passed on.
        l2_props: dict[str, Any] = {
            "code": code,
            "handler": handler,
            "runtime": runtime,
            "adot_instrumentation": adot_instrumentation,
            "allow_all_ipv6_outbound": allow_all_ipv6_outbound,
            "allow_all_outbound": allow_all_outbound,
            "allow_public_subnet": allow_public_subnet,
            "application_log_level": application_log_level,
            "application_log_level_v2": application_log_level_v2,
            "architecture": architecture or DEFAULT_ARCHITECTURE,
            "code_signing_config": code_signing_config,
            "current_version_options": current_version_options,
            "dead_letter_queue": dead_letter_queue,
            "dead_letter_queue_enabled": dead_letter_queue_enabled,
            "dead_letter_topic": dead_letter_topic,
            "description": description,
            "durable_config": durable_config,
            "environment": environment,
            "environment_encryption": environment_encryption,
            "ephemeral_storage_size": ephemeral_storage_size,
            "filesystem": filesystem,
            "function_name": function_name,
            "initial_policy": initial_policy,
            "insights_version": insights_version,
            "ipv6_allowed_for_dual_stack": ipv6_allowed_for_dual_stack,
            "layers": layer_list or None,
            "log_format": log_format,
            "logging_format": logging_format,
            "log_group": log_group,
            "memory_size": DEFAULT_MEMORY_SIZE if memory_size is None else memory_size,
            "params_and_secrets": params_and_secrets,
            "profiling": profiling,
            "profiling_group": profiling_group,
            "recursive_loop": recursive_loop,
            "reserved_concurrent_executions": reserved_concurrent_executions,
            "role": role,
            "runtime_management_mode": runtime_management_mode,
            "security_groups": security_groups,
            "snap_start": snap_start,
            "system_log_level": system_log_level,
            "system_log_level_v2": system_log_level_v2,
            "tenancy_config": tenancy_config,
            "timeout": timeout or DEFAULT_TIMEOUT,
            "tracing": tracing or DEFAULT_TRACING,
            "vpc": vpc,
            "vpc_subnets": vpc_subnets,
            "max_event_age": max_event_age,
            "on_failure": on_failure,
            "on_success": on_success,
            "retry_attempts": retry_attempts,
        }
        checked = check_function_props(
            path,
            scope,
            l2_props,
            runtime_name=runtime_name,
            layers=layer_list,
            events=events,
            log_retention=log_retention,
            log_removal_policy=log_removal_policy,
            alias_name=alias_name,
            alias_description=alias_description,
            alias_versions=alias_versions,
            provisioned_concurrency=provisioned_concurrency,
        )
        # events are added below, once the alias exists: their mappings invoke it (_routing).
        super().__init__(scope, id, events=None, **l2_props)
        remember_enclosing(self, scope)  # its stack and stage, read once per scope
        self._environment = dict(environment or {})
        self._known_unzipped = checked.known_unzipped
        self._layer_count = checked.layer_count
        warn_ignored_log_retention(self, log_retention_retry_options, log_retention_role)

        # Each jsii property is read once here and handed to the steps (a read is a round trip).
        node = self.node
        cfn_function = cast(lambda_.CfnFunction, node.default_child)
        own_role = self.role if role is None else None  # the role the L2 created for this function
        execution_role = own_role if role is None else self.role
        name_token: str | None = None  # the L2's function_name (a token), where a step has read it
        if log_group is None:
            self._own_log_group, self._l2_named_log_group, name_token = wire_logging(
                self, scope, node, cfn_function, log_retention, log_removal_policy
            )
        least_privilege_role(
            self,
            own_role,
            execution_role,
            in_vpc=vpc is not None,
            decrypt_key=environment_encryption if role is None else None,
            own_log_group=self._own_log_group,
            given_log_group=log_group,
            l2_named_log_group=self._l2_named_log_group,
        )
        configure_features(self, cfn_function, own_role, durable_config, tenancy_config)
        default_policy = scope_role_to_features(own_role, cfn_function)  # after its last statement
        warn_deprecated_runtime(self, checked.runtime_warning, runtime_name, cfn_function)
        clear_lint_findings(
            self,
            cfn_function,
            execution_role,
            l2_creates_queue=dead_letter_queue_enabled and dead_letter_queue is None,
            has_dead_letter_target=dead_letter_queue or dead_letter_topic or dead_letter_queue_enabled,
            default_policy=default_policy,
        )
        self.alias, self._alias_settings, scaling_target = create_alias(
            self,
            alias_name,
            alias_description,
            alias_versions,
            provisioned_concurrency,
            function_name=name_token,
            reserved_concurrent_executions=reserved_concurrent_executions,
            max_event_age=max_event_age,
            on_failure=on_failure,
            on_success=on_success,
            retry_attempts=retry_attempts,
        )
        for event in events or ():
            self.add_event_source(event)
        apply_boundary(self, permissions_boundary)
        try:  # fails here, with the counts, before synthesis would; the template check covers the rest
            subtree = track_function_resources(self, path, node)
        except ValidationError:
            scope.node.try_remove_child(id)  # nothing half-done: the rejected function leaves the tree
            raise
        order_scaling_after_alias(self.alias, scaling_target, subtree)
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
