"""Checks of ``Function``'s keyword values, run before anything reaches jsii.

Each raises ``ValidationError`` naming the construct path, the property, the value and what is allowed;
the limits and their public sources are in ``_limits``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Final

from aws_cdk import (
    Duration,
    Size,
    SizeRoundingBehavior,
    Token,
)
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from . import _limits as limits
from ._errors import ValidationError
from ._l2_preconditions import selected_subnet_ids
from ._layer import layer_unzipped_size
from ._runtimes import check_runtime, runtime_info
from ._validation import (
    check_choice,
    check_length,
    check_max_items,
    check_pattern,
    check_range,
    check_unzipped_size,
    check_whole,
    check_whole_seconds,
    is_unresolved,
    jsii_ref,
    read_once,
)

FROM_IMAGE_NAME: Final = lambda_.Runtime.FROM_IMAGE.name
"""The runtime name of a container image function (``Runtime.FROM_IMAGE``)."""


def is_json(logging_format: lambda_.LoggingFormat | None, log_format: str | None) -> bool:
    if logging_format is not None:
        return bool(logging_format == lambda_.LoggingFormat.JSON)
    return log_format == "JSON"


def check_runtime_and_handler(
    path: str, runtime_name: str, handler: str, image: bool, scope: Construct
) -> str | None:
    """Raise on a bad runtime or handler; return a deprecation warning for the runtime, if any. ``scope``
    gives the CDK context that may allow a runtime past its block-create date."""
    if image:
        if handler != lambda_.Handler.FROM_IMAGE:
            raise ValidationError(path, "handler", handler, "must be Handler.FROM_IMAGE for container images")
        return None
    warning = check_runtime(path, "runtime", runtime_name, scope=scope)
    check_length(path, "handler", handler, 1, limits.HANDLER_MAX_LENGTH)
    check_pattern(path, "handler", handler, limits.HANDLER_NO_WHITESPACE, "free of whitespace")
    info = runtime_info(runtime_name)
    # provided* runtimes run the executable named 'bootstrap', so their handler is free text.
    known = limits.HANDLER_PATTERNS.get(info.handler_style) if info else None
    if info is None or known is None or is_unresolved(handler):
        return warning
    pattern, allowed = known
    check_pattern(path, "handler", handler, pattern, f"{allowed} for {runtime_name}")
    if info.family in ("python", "nodejs") and handler.rsplit(".", 1)[-1] in {"py", "js", "mjs", "cjs"}:
        raise ValidationError(
            path,
            "handler",
            handler,
            f"names a file, not a function: {handler!r} reads as file {handler.rsplit('.', 1)[0]!r} "
            f"and function {handler.rsplit('.', 1)[-1]!r}; use '<file>.<function>' such as 'app.handler'",
        )
    return warning


def check_sizes(path: str, memory_size: int, timeout: Duration, ephemeral: Size | None) -> int | None:
    """Check memory, timeout and /tmp; return the /tmp size in MiB (``None`` when unset or a token)."""
    check_whole(path, "memory_size", memory_size, limits.MEMORY_MIN_MIB, limits.MEMORY_MAX_MIB, "MiB")
    check_whole_seconds(path, "timeout", timeout, limits.TIMEOUT_MIN_SECONDS, limits.TIMEOUT_MAX_SECONDS)
    if ephemeral is None:
        return None
    # Read unrounded: jsii's default rounding raises a bare RuntimeError for sizes that are not whole MiB.
    return check_whole(
        path,
        "ephemeral_storage_size",
        ephemeral.to_mebibytes(rounding=SizeRoundingBehavior.NONE),
        limits.EPHEMERAL_STORAGE_MIN_MIB,
        limits.EPHEMERAL_STORAGE_MAX_MIB,
        "MiB",
    )


def check_names(path: str, function_name: str | None, description: str | None) -> None:
    check_length(path, "function_name", function_name, 1, limits.FUNCTION_NAME_MAX_LENGTH)
    check_pattern(
        path,
        "function_name",
        function_name,
        limits.FUNCTION_NAME_PATTERN,
        "letters, digits, hyphens and underscores only",
    )
    check_length(path, "description", description, 0, limits.DESCRIPTION_MAX_LENGTH)


def check_environment(path: str, environment: Mapping[str, str] | None) -> None:
    if not environment:
        return
    for key in environment:
        if is_unresolved(key):
            continue
        check_pattern(
            path,
            "environment",
            key,
            limits.ENVIRONMENT_KEY_PATTERN,
            "keys of a letter followed by at least one letter, digit or underscore",
        )
        if key in limits.RESERVED_ENVIRONMENT_KEYS:
            raise ValidationError(
                path, "environment", key, "must not set a key reserved by the Lambda runtime"
            )
    _check_environment_size(path, environment)


def _check_environment_size(path: str, variables: Mapping[str, str]) -> None:
    """Lambda counts the variables object as stored: compact JSON in UTF-8.

    https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-deployment.html (4 KB, "key names,
    values, quotes, commas, and brackets"); the quota itself:
    https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html

    Tokens count as empty strings, so with tokens the size is a lower bound that can still be too big.
    """
    tokens = False
    entries = []
    for key, value in variables.items():
        pair = []
        for part in (key, value):
            if is_unresolved(part):
                tokens, part = True, ""
            pair.append(json.dumps(part, ensure_ascii=False))
        entries.append(":".join(pair))
    size = len(("{" + ",".join(entries) + "}").encode())
    if size > limits.ENVIRONMENT_MAX_BYTES:
        raise ValidationError(
            path,
            "environment",
            f"at least {size} bytes" if tokens else f"{size} bytes",
            f"must total at most {limits.ENVIRONMENT_MAX_BYTES} bytes as Lambda stores it "
            "(compact JSON, UTF-8)",
        )


def check_logging(
    path: str,
    json_logs: bool,
    application_log_level: str | None,
    application_log_level_v2: lambda_.ApplicationLogLevel | None,
    system_log_level: str | None,
    system_log_level_v2: lambda_.SystemLogLevel | None,
) -> None:
    levels = {
        "application_log_level": application_log_level,
        "application_log_level_v2": application_log_level_v2,
        "system_log_level": system_log_level,
        "system_log_level_v2": system_log_level_v2,
    }
    for prop, level in levels.items():
        if level is not None and not json_logs:
            raise ValidationError(
                path,
                prop,
                str(level.value if hasattr(level, "value") else level),
                "requires logging_format=LoggingFormat.JSON",
            )
    check_choice(path, "application_log_level", application_log_level, limits.APPLICATION_LOG_LEVELS)
    check_choice(path, "system_log_level", system_log_level, limits.SYSTEM_LOG_LEVELS)


def check_async(path: str, retry_attempts: int | None, max_event_age: Duration | None) -> None:
    check_whole(
        path,
        "retry_attempts",
        retry_attempts,
        limits.RETRY_ATTEMPTS_MIN_COUNT,
        limits.RETRY_ATTEMPTS_MAX_COUNT,
    )
    check_whole_seconds(
        path,
        "max_event_age",
        max_event_age,
        limits.EVENT_AGE_MIN_SECONDS,
        limits.EVENT_AGE_MAX_SECONDS,
    )


def check_network(
    path: str,
    vpc: ec2.IVpc | None,
    vpc_subnets: ec2.SubnetSelection | None,
    security_groups: Sequence[ec2.ISecurityGroup] | None,
    filesystem: lambda_.FileSystem | None,
    ipv6_allowed_for_dual_stack: bool | None,
) -> None:
    check_max_items(
        path, "security_groups", security_groups, limits.VPC_SECURITY_GROUPS_MAX_COUNT, "security groups"
    )
    if vpc is None:
        for prop, given, shown in (
            ("vpc_subnets", vpc_subnets, "a SubnetSelection"),
            ("security_groups", security_groups, f"{len(security_groups or ())} security groups"),
            ("ipv6_allowed_for_dual_stack", ipv6_allowed_for_dual_stack, True),
        ):
            if given:
                raise ValidationError(path, prop, shown, "requires vpc")
    else:
        check_max_items(
            path,
            "vpc_subnets",
            selected_subnet_ids(vpc, vpc_subnets),
            limits.VPC_SUBNETS_MAX_COUNT,
            "subnets",
        )
    if filesystem is None:
        return
    mount_path = filesystem.config.local_mount_path
    if vpc is None:
        raise ValidationError(path, "filesystem", mount_path, "requires vpc (EFS is reached inside a VPC)")
    check_length(path, "filesystem", mount_path, 1, limits.EFS_MOUNT_PATH_MAX_LENGTH)
    check_pattern(
        path,
        "filesystem",
        mount_path,
        limits.EFS_MOUNT_PATH_PATTERN,
        "a mount path '/mnt/<name>' of letters, digits, '-', '_' and '.'",
    )


def check_layers(
    path: str,
    runtime: lambda_.Runtime,
    runtime_name: str,
    architecture: lambda_.Architecture,
    layers: list[lambda_.ILayerVersion],
    *,
    existing: int,
) -> int:
    """Check ``layers`` added to ``existing`` ones (counting insights and ADOT); return the new count."""
    total = len(layers) + existing
    if not layers:
        return total
    if runtime_name == FROM_IMAGE_NAME:
        raise ValidationError(
            path, "layers", f"{len(layers)} layers", "are not supported by container images"
        )
    if total > limits.LAYERS_MAX_COUNT:
        raise _too_many_layers(path, total)
    architecture_name = read_once(architecture, "name", lambda: architecture.name)
    for layer in layers:
        # A layer shared by many functions is examined once per runtime and architecture.
        key = (jsii_ref(layer), jsii_ref(runtime), architecture_name)
        if key in _COMPATIBLE_LAYERS:
            continue
        runtimes = layer.compatible_runtimes
        if runtimes and not any(r.runtime_equals(runtime) for r in runtimes):
            raise ValidationError(
                path,
                "layers",
                layer.node.path,
                f"must be compatible with {runtime_name}; the layer supports "
                f"{', '.join(r.name for r in runtimes)}",
            )
        architectures = _layer_architectures(layer)
        if architectures and architecture_name not in architectures:
            raise ValidationError(
                path,
                "layers",
                layer.node.path,
                f"must be built for {architecture_name}; the layer supports {', '.join(architectures)}",
            )
        _COMPATIBLE_LAYERS.add(key)
    return total


# (layer, runtime, architecture name) found compatible; jsii references are unique for the process.
_COMPATIBLE_LAYERS: set[tuple[str, str, str]] = set()


def unzipped_total(path: str, known: int, layers: list[lambda_.ILayerVersion]) -> int:
    """Add the layers' sizes that synthesis knows to ``known`` bytes; raise past the 250 MB quota."""
    check_unzipped_size(path, "code", known)  # the code alone is over: name it, not the layers
    total = known + sum(layer_unzipped_size(layer) or 0 for layer in layers)
    check_unzipped_size(path, "layers", total)
    return total


def _layer_architectures(layer: lambda_.ILayerVersion) -> list[str]:
    """The layer's declared architectures when it was defined in this app; empty when unknown."""
    child = layer.node.default_child
    if not isinstance(child, lambda_.CfnLayerVersion):
        return []
    declared = child.compatible_architectures
    if not declared or Token.is_unresolved(declared):
        return []
    return [a for a in declared if isinstance(a, str)]


def _too_many_layers(path: str, count: int) -> ValidationError:
    return ValidationError(
        path,
        "layers",
        f"{count} layers",
        f"allows at most {limits.LAYERS_MAX_COUNT} layers, counting insights_version, adot_instrumentation "
        "and add_layers",
    )


def check_snap_start(
    path: str,
    runtime_name: str,
    snap_start: lambda_.SnapStartConf | None,
    filesystem: lambda_.FileSystem | None,
    ephemeral_mib: int | None,
    image: bool,
) -> None:
    """SnapStart's own limits; its conflict with provisioned concurrency is ProvisionedConcurrency's check."""
    if snap_start is None:
        return
    info = runtime_info(runtime_name)
    max_mib = limits.SNAP_START_EPHEMERAL_STORAGE_MAX_MIB
    conflicts = {
        "container images": image,
        "EFS (filesystem)": filesystem is not None,
        f"ephemeral_storage_size above {max_mib} MiB": ephemeral_mib is not None and ephemeral_mib > max_mib,
    }
    for what, present in conflicts.items():
        if present:
            raise ValidationError(
                path, "snap_start", "SnapStartConf.ON_PUBLISHED_VERSIONS", f"cannot be combined with {what}"
            )
    if info is not None and not info.snap_start:
        raise ValidationError(
            path,
            "snap_start",
            runtime_name,
            "requires a runtime with SnapStart: Java 11+, Python 3.12+ or .NET 8+",
        )


def check_alias(
    path: str,
    alias_name: str | None,
    alias_description: str | None,
    alias_versions: list[lambda_.VersionWeight],
    current_version_options: lambda_.VersionOptions | None,
) -> None:
    if current_version_options is not None and current_version_options.provisioned_concurrent_executions:
        # aws/aws-cdk#27136: the L2 accepts it and provisions nothing, because no alias points at it.
        raise ValidationError(
            path,
            "current_version_options.provisioned_concurrent_executions",
            current_version_options.provisioned_concurrent_executions,
            "is not supported; use provisioned_concurrency=ProvisionedConcurrency(...), which provisions "
            "on the alias",
        )
    if alias_name is None:
        for prop, given, shown in (
            ("alias_additional_versions", alias_versions, f"{len(alias_versions)} additional versions"),
            ("alias_description", alias_description is not None, alias_description),
        ):
            if given:
                raise ValidationError(path, prop, shown, "requires an alias (alias_name must not be None)")
        return
    check_length(path, "alias_name", alias_name, 1, limits.ALIAS_NAME_MAX_LENGTH)
    check_pattern(
        path,
        "alias_name",
        alias_name,
        limits.ALIAS_NAME_PATTERN,
        "letters, digits, '-' and '_', and not all digits",
    )
    check_length(path, "alias_description", alias_description, 0, limits.DESCRIPTION_MAX_LENGTH)
    check_max_items(
        path,
        "alias_additional_versions",
        alias_versions,
        limits.ALIAS_ADDITIONAL_VERSIONS_MAX_COUNT,
        "additional versions",
    )
    for weighted in alias_versions:
        check_range(
            path,
            "alias_additional_versions",
            weighted.weight,
            limits.ALIAS_WEIGHT_MIN_FRACTION,
            limits.ALIAS_WEIGHT_MAX_FRACTION,
        )
        if weighted.version.version == "$LATEST":
            raise ValidationError(
                path, "alias_additional_versions", "$LATEST", "must name a published version, not $LATEST"
            )
