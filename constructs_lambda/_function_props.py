"""``Function``'s keyword values, checked in one pass before anything reaches jsii.

Each check lives with its concern (``_function_checks``, ``_feature_checks`` with ``_l2_preconditions``,
``ProvisionedConcurrency.check_for_function``); this module runs them in a fixed order, so that of several
bad values the same one is always named first, and hands back what the constructor keeps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aws_cdk import RemovalPolicy
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from . import _limits as limits
from ._feature_checks import check_feature_props
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
from ._layer import code_unzipped_size
from ._validation import check_whole

if TYPE_CHECKING:
    from ._scaling import ProvisionedConcurrency


@dataclass(frozen=True, slots=True)
class CheckedProps:
    """What the checks learn that the constructor keeps."""

    runtime_warning: str | None
    """The deprecation warning for the runtime, if any."""
    layer_count: int
    """Layers the function has, the L2's own (Insights, ADOT) included."""
    known_unzipped: int
    """Bytes of code and layers unzipped, where their sizes are known."""


def check_function_props(
    path: str,
    scope: Construct,
    props: Mapping[str, Any],
    *,
    runtime_name: str,
    layers: list[lambda_.ILayerVersion],
    events: Sequence[lambda_.IEventSource] | None,
    log_retention: logs.RetentionDays | None,
    log_removal_policy: RemovalPolicy | None,
    alias_name: str | None,
    alias_description: str | None,
    alias_versions: list[lambda_.VersionWeight],
    provisioned_concurrency: ProvisionedConcurrency | None,
) -> CheckedProps:
    """Raise ``ValidationError`` on the first keyword value Lambda or aws-cdk-lib would refuse.

    Args:
        path: The construct path the function will have.
        scope: The function's parent (its context allows blocked runtimes).
        props: The keywords ``Function`` passes to ``aws_lambda.Function``, its defaults applied.
        runtime_name: ``props["runtime"].name``, read once.
        layers: The layers given, as a list.
        events: The ``events`` keyword (added after construction).
        log_retention: The ``log_retention`` keyword (the library's log group, not the L2's).
        log_removal_policy: The ``log_removal_policy`` keyword (likewise).
        alias_name: The library's ``alias_name``; the other ``alias_*`` keywords and
            ``provisioned_concurrency`` as well.
    """
    image = runtime_name == FROM_IMAGE_NAME
    snap_start = props["snap_start"]
    runtime_warning = check_runtime_and_handler(path, runtime_name, props["handler"], image, scope)
    check_feature_props(
        path,
        provisioned_concurrency=provisioned_concurrency,
        events=events,
        log_retention=log_retention,
        log_removal_policy=log_removal_policy,
        **props,
    )
    ephemeral_mib = check_sizes(path, props["memory_size"], props["timeout"], props["ephemeral_storage_size"])
    check_names(path, props["function_name"], props["description"])
    check_environment(path, props["environment"])
    check_logging(
        path,
        is_json(props["logging_format"], props["log_format"]),
        props["application_log_level"],
        props["application_log_level_v2"],
        props["system_log_level"],
        props["system_log_level_v2"],
    )
    reserved = props["reserved_concurrent_executions"]
    check_whole(path, "reserved_concurrent_executions", reserved, limits.RESERVED_CONCURRENCY_MIN_COUNT)
    check_async(path, props["retry_attempts"], props["max_event_age"])
    filesystem = props["filesystem"]
    check_network(
        path,
        props["vpc"],
        props["vpc_subnets"],
        props["security_groups"],
        filesystem,
        props["ipv6_allowed_for_dual_stack"],
    )
    layer_count = check_layers(
        path,
        props["runtime"],
        runtime_name,
        props["architecture"],
        layers,
        existing=int(props["insights_version"] is not None) + int(props["adot_instrumentation"] is not None),
    )
    known_unzipped = unzipped_total(path, code_unzipped_size(props["code"]) or 0, layers)
    check_snap_start(path, runtime_name, snap_start, filesystem, ephemeral_mib, image)
    check_alias(path, alias_name, alias_description, alias_versions, props["current_version_options"])
    if provisioned_concurrency is not None:
        provisioned_concurrency.check_for_function(
            path,
            reserved_concurrent_executions=reserved,
            snap_start=snap_start is not None,
            has_weighted_routing=bool(alias_versions),
            publishes_versions=alias_name is not None,
        )
    return CheckedProps(runtime_warning, layer_count, known_unzipped)
