"""Plain keyword values that make aws-cdk-lib's ``Function`` throw, refused first as ``ValidationError``.

aws-cdk-lib raises its own errors from JavaScript: they reach Python as a jsii ``RuntimeError`` with a
JavaScript message and no property name. Each check here pre-empts one ``throw`` of aws-cdk-lib 2.275
(``aws-lambda/lib/function.ts`` unless named) that a user reaches with plain keyword values on
``cl.Function``, and says what to do instead.

Covered here (L2 error code, then the keywords):

- ``buildDeadLetterQueue`` (a bare ``Error``): ``dead_letter_queue`` with ``dead_letter_queue_enabled=False``;
- ``DeadLetterQueueDeadLetter``: ``dead_letter_topic`` with ``dead_letter_queue`` or with
  ``dead_letter_queue_enabled`` set;
- ``AllowAllOutboundRequiresVpc``, ``AllowAllIpv6OutboundRequiresVpc``: ``allow_all_outbound`` /
  ``allow_all_ipv6_outbound`` without ``vpc``;
- ``ConfigureAllowAllOutboundOnSecurityGroups``, ``ConfigureAllowAllIpv6OutboundOnSecurityGroups``: either
  of them with ``security_groups``;
- ``LambdaFunctionsPublicSubnet``: ``vpc_subnets`` selecting public subnets without ``allow_public_subnet``;
- aws-ec2 ``CannotReferenceSubnetSAvailability`` (thrown while the L2 selects subnets): ``vpc_subnets``
  holding a subnet imported without its availability zone (``ec2.Subnet.from_subnet_id``);
- ``CodeGuruProfilingSupportedRuntime``: ``profiling`` (or a ``profiling_group``) on a runtime CodeGuru
  Profiler does not support;
- ``LogFormatConflict``, ``ApplicationLogLevelConflict``, ``SystemLogLevelConflict``: a deprecated keyword
  together with its replacement (``log_format``/``logging_format`` and the ``*_log_level``/``*_v2`` pairs);
- ``LogRetentionLogGroupConflict``, ``ConflictingLogPolicyOptions``: ``log_retention`` or
  ``log_removal_policy`` with ``log_group`` (this library creates the log group itself and would
  otherwise ignore them silently);
- ``AdotLayerContainerImageIncompatible``, ``AdotPythonHandlerWrapperRequired``: ``adot_instrumentation``
  on a container image, or on Python without ``AdotLambdaExecWrapper.INSTRUMENT_HANDLER``;
- ``InlineSourceAllowed``, ``MustBeHandlerUsingImage``, ``MustBeRuntimeUsingImage`` (``verifyCodeConfig``):
  ``Code.from_inline`` on a runtime without inline code; image code without ``Runtime.FROM_IMAGE``, or
  ``Runtime.FROM_IMAGE`` with code that is no image.

Already refused by other checks of the library (``_function_checks.py``, ``_provisioned_concurrency.py``,
``_feature_checks.py``):
``FunctionNameTooLong``, ``InvalidFunctionNameFormat``, ``DescriptionTooLong``, ``InvalidMountPathFormat``,
``MountPathTooLong``, ``EphemeralStorageOutOfRange``, ``LayersNotSupportedForContainerImage``,
``FilesystemRequiresVpc``, ``ReservedEnvironmentVariable``, ``JsonLogFormatRequired``,
``JsonLoggingFormatRequired``, ``MaxLayersExceeded``, ``IncompatibleLayerRuntime``,
``SecurityGroupsRequireVpc``, ``VpcSubnetsRequiresVpc``, ``Ipv6DualStackRequiresVpc``,
``SnapStartCurrentlySupportedRuntime``, ``SnapStartCurrentlySupported`` (EFS),
``SnapStartCurrentlySupportedMi`` (ephemeral storage), ``SnapStartSupportedFunctionsTenant``,
``ExecutionTimeoutSeconds``, ``RetentionPeriodOutOfRange`` (and the non-whole durations that make
``Duration.toSeconds``/``toDays`` throw), alias.ts ``ProvisionedConcurrencySupportedFunctionsTenant``,
``AdditionalVersionWeight``, ``ProvisionedConcurrentExecutionsValueGreater``, lambda-version.ts
``ProvisionedConcurrencySupportedFunctionsTenant``, function-base.ts
``EventSourceNotSupportedForTenantIsolation``, function-url.ts ``FunctionUrlSupportedFunctionsTenant``
(``fn.add_function_url``, through ``check_url_allowed``; ``fn.alias.add_function_url`` is the L2's own).

Not reachable with ``cl.Function``'s keywords: ``ConflictingArchitectureOptions`` and
``MultipleArchitecturesSpecified`` (``architectures`` is not a keyword here),
``ConflictingSecurityGroupProps``, ``SecurityGroupRequiresVpc`` and the ``...OnSecurityGroup`` pair (the
deprecated ``security_group`` is not a keyword here), ``LogRemovalPolicyFeatureFlagConflict`` (the library
never passes ``log_removal_policy`` to the L2), ``AdotGoRuntimeNotSupported`` (go1.x is past its
block-create date and refused as a runtime), ``verifyCodeConfig``'s "exactly one of inlineCode, s3Location,
image" (every ``Code`` of aws-cdk-lib binds to exactly one). Reached only through methods, and left to the
L2: ``invalidateVersionBasedOn``'s token check, ``LambdaEdgeEnvironmentVariablesNotAllowed``,
``EventInvokeConfigAlreadyConfigured``, ``CannotModifyLambdaPermission``, the principal checks of
``grant_invoke``, ``AutoScalingAlreadyEnabledAlias``, ``FunctionUrlCannotVersion`` and the
event-source-mapping option ranges.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from aws_cdk import RemovalPolicy
from aws_cdk import aws_codeguruprofiler as codeguruprofiler
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from ._errors import ValidationError
from ._validation import read_once

__all__: list[str] = []

_FROM_IMAGE: Final = lambda_.Runtime.FROM_IMAGE.name
_DLQ_PAGE: Final = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"
_VPC_PAGE: Final = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html"


def check_l2_preconditions(
    path: str,
    *,
    runtime: lambda_.Runtime,
    code: lambda_.Code,
    dead_letter_queue: sqs.IQueue | None = None,
    dead_letter_queue_enabled: bool | None = None,
    dead_letter_topic: sns.ITopic | None = None,
    vpc: ec2.IVpc | None = None,
    vpc_subnets: ec2.SubnetSelection | None = None,
    security_groups: Sequence[ec2.ISecurityGroup] | None = None,
    allow_all_outbound: bool | None = None,
    allow_all_ipv6_outbound: bool | None = None,
    allow_public_subnet: bool | None = None,
    profiling: bool | None = None,
    profiling_group: codeguruprofiler.IProfilingGroup | None = None,
    log_group: logs.ILogGroup | None = None,
    log_retention: logs.RetentionDays | None = None,
    log_removal_policy: RemovalPolicy | None = None,
    log_format: str | None = None,
    logging_format: lambda_.LoggingFormat | None = None,
    application_log_level: str | None = None,
    application_log_level_v2: lambda_.ApplicationLogLevel | None = None,
    system_log_level: str | None = None,
    system_log_level_v2: lambda_.SystemLogLevel | None = None,
    adot_instrumentation: lambda_.AdotInstrumentationConfig | None = None,
    **_others: Any,
) -> None:
    """Raise ``ValidationError`` where aws-cdk-lib's ``Function`` would throw for these keyword values.

    Every keyword means what it means on ``aws_lambda.Function``; ``path`` is the function's construct path.
    The L2's other keywords are accepted and ignored, so a caller can pass all of its keywords at once.
    """
    image = read_once(runtime, "name", lambda: runtime.name) == _FROM_IMAGE
    _check_code(path, runtime, code, image)
    _check_dead_letter(path, dead_letter_queue, dead_letter_queue_enabled, dead_letter_topic)
    _check_outbound(path, vpc, security_groups, allow_all_outbound, allow_all_ipv6_outbound)
    if vpc is not None:
        _check_subnets(path, vpc, vpc_subnets, allow_public_subnet)
    if (profiling_group is not None and profiling is not False) or profiling:
        _check_profiling(path, runtime, "profiling" if profiling else "profiling_group")
    _check_log_pairs(
        path,
        {
            ("log_format", "logging_format"): (log_format, logging_format),
            ("application_log_level", "application_log_level_v2"): (
                application_log_level,
                application_log_level_v2,
            ),
            ("system_log_level", "system_log_level_v2"): (system_log_level, system_log_level_v2),
        },
    )
    if log_group is not None:
        for prop, given in (("log_retention", log_retention), ("log_removal_policy", log_removal_policy)):
            if given is not None:
                raise ValidationError(
                    path,
                    prop,
                    _shown(given),
                    "applies to the log group constructs_lambda creates and cannot be combined with "
                    "log_group; set it on the log group you pass",
                )
    if adot_instrumentation is not None:
        _check_adot(path, runtime, adot_instrumentation, image)


def _check_code(path: str, runtime: lambda_.Runtime, code: lambda_.Code, image: bool) -> None:
    image_code = isinstance(code, lambda_.EcrImageCode | lambda_.AssetImageCode)
    if image_code and not image:
        raise ValidationError(
            path,
            "runtime",
            runtime.name,
            "must be Runtime.FROM_IMAGE (with handler=Handler.FROM_IMAGE) for container image code",
        )
    if image and not image_code:
        raise ValidationError(
            path,
            "code",
            type(code).__name__,
            "must be container image code (Code.from_ecr_image or Code.from_asset_image) with "
            "Runtime.FROM_IMAGE",
        )
    if isinstance(code, lambda_.InlineCode) and not runtime.supports_inline_code:
        raise ValidationError(
            path,
            "code",
            "Code.from_inline(...)",
            f"cannot be inline for {runtime.name}; use Code.from_asset (inline code is for interpreted "
            "runtimes such as Python and Node.js)",
        )


def _check_dead_letter(
    path: str,
    queue: sqs.IQueue | None,
    queue_enabled: bool | None,
    topic: sns.ITopic | None,
) -> None:
    if queue is not None and queue_enabled is False:
        raise ValidationError(
            path,
            "dead_letter_queue_enabled",
            False,
            "must not be False when dead_letter_queue is given; leave it unset (or True) to use the queue, "
            "or drop dead_letter_queue",
        )
    if topic is None:
        return
    for prop, given in (("dead_letter_queue", queue), ("dead_letter_queue_enabled", queue_enabled)):
        if given is not None:
            raise ValidationError(
                path,
                prop,
                _shown(given),
                "cannot be combined with dead_letter_topic: a function has one dead-letter target "
                f"({_DLQ_PAGE})",
            )


def _check_outbound(
    path: str,
    vpc: ec2.IVpc | None,
    security_groups: Sequence[ec2.ISecurityGroup] | None,
    allow_all_outbound: bool | None,
    allow_all_ipv6_outbound: bool | None,
) -> None:
    for prop, given in (
        ("allow_all_outbound", allow_all_outbound),
        ("allow_all_ipv6_outbound", allow_all_ipv6_outbound),
    ):
        if given is None:
            continue
        if vpc is None:
            raise ValidationError(
                path, prop, given, "requires vpc (it configures the function's security group)"
            )
        if security_groups:
            raise ValidationError(
                path,
                prop,
                given,
                "cannot be combined with security_groups: it only configures the security group the L2 "
                "creates; set it on the security groups you pass",
            )


def _check_subnets(
    path: str, vpc: ec2.IVpc, selection: ec2.SubnetSelection | None, allow_public_subnet: bool | None
) -> None:
    for subnet in (selection.subnets if selection is not None else None) or ():
        try:
            subnet.availability_zone  # noqa: B018 - reading it is the check: imports without one raise
        except RuntimeError:
            raise ValidationError(
                path,
                "vpc_subnets",
                subnet.subnet_id,
                "must hold subnets with a known availability zone; import them with "
                "ec2.Subnet.from_subnet_attributes(..., availability_zone=...) instead of from_subnet_id",
            ) from None
    if allow_public_subnet:
        return
    public = {subnet.subnet_id: subnet.node.path for subnet in vpc.public_subnets}
    chosen = [public[subnet_id] for subnet_id in selected_subnet_ids(vpc, selection) if subnet_id in public]
    if chosen:
        raise ValidationError(
            path,
            "vpc_subnets",
            chosen,
            "must not select public subnets: a function there has no public IP and cannot reach the internet "
            f"({_VPC_PAGE}); select private subnets, or set allow_public_subnet=True if you mean it",
        )


def selected_subnet_ids(vpc: ec2.IVpc, selection: ec2.SubnetSelection | None) -> list[str]:
    """The subnets Lambda will get: the selection, or the L2's default (private subnets)."""
    if selection is None:
        return list(vpc.select_subnets().subnet_ids)
    return list(
        vpc.select_subnets(
            availability_zones=selection.availability_zones,
            one_per_az=selection.one_per_az,
            subnet_filters=selection.subnet_filters,
            subnet_group_name=selection.subnet_group_name,
            subnets=selection.subnets,
            subnet_type=selection.subnet_type,
        ).subnet_ids
    )


def _check_profiling(path: str, runtime: lambda_.Runtime, prop: str) -> None:
    if runtime.name != _FROM_IMAGE and not runtime.supports_code_guru_profiling:
        raise ValidationError(
            path,
            prop,
            runtime.name,
            "requires a runtime CodeGuru Profiler supports (Java and Python runtimes, per aws-cdk-lib's "
            "Runtime.supports_code_guru_profiling)",
        )


def _check_log_pairs(path: str, pairs: dict[tuple[str, str], tuple[Any, Any]]) -> None:
    for (old, new), (old_value, new_value) in pairs.items():
        if old_value is not None and new_value is not None:
            raise ValidationError(
                path,
                old,
                _shown(old_value),
                f"cannot be combined with {new}; {old} is deprecated, use {new} only",
            )


def _check_adot(
    path: str, runtime: lambda_.Runtime, config: lambda_.AdotInstrumentationConfig, image: bool
) -> None:
    if image:
        raise ValidationError(
            path,
            "adot_instrumentation",
            "AdotInstrumentationConfig",
            "is a layer, and container images take no layers; build the ADOT collector into the image",
        )
    wrapper = config.exec_wrapper
    if (
        runtime.family == lambda_.RuntimeFamily.PYTHON
        and wrapper != lambda_.AdotLambdaExecWrapper.INSTRUMENT_HANDLER
    ):
        raise ValidationError(
            path,
            "adot_instrumentation",
            f"exec_wrapper={_shown(wrapper)}",
            "must use exec_wrapper=AdotLambdaExecWrapper.INSTRUMENT_HANDLER on Python runtimes",
        )


def _shown(value: Any) -> Any:
    """An enum member as its name, a construct as its path, anything else as it is."""
    name = getattr(value, "name", None)
    if isinstance(name, str):
        return name
    node = getattr(value, "node", None)
    return node.path if node is not None else value
