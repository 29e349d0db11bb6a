"""``EdgeFunction``: a ``cl.Function`` with the defaults CloudFront accepts for Lambda@Edge.

Why a subclass, not ``Function(edge=True)`` or a ``Function.for_edge(...)`` classmethod: Lambda@Edge
changes six defaults and refuses a dozen keywords, which would thread an ``edge`` branch through every
step of ``Function``; a classmethod would repeat ``Function``'s whole signature anyway. A subclass keeps
``Function`` as it is, is what ``isinstance`` and type checkers see, and mirrors aws-cdk-lib's
``cloudfront.experimental.EdgeFunction``, which cannot wrap a ``cl.Function``: it always creates a plain
``aws_lambda.Function`` of its own (child ``Fn``, in a generated ``us-east-1`` stack when needed).

The limits are those of ``_edge`` (CloudFront's restrictions and quotas pages); ``EdgeFunction`` checks
them when it is constructed, and the synth-time check of ``_edge`` covers any function a distribution
uses, ``EdgeFunction`` or not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from aws_cdk import Acknowledgment, Duration, Size, SizeRoundingBehavior, Stack, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from ._edge import (
    EDGE_PRINCIPAL,
    EDGE_REGION,
    RUNTIME_FAMILIES,
    VIEWER_EVENTS,
    limits_for,
)
from ._errors import ValidationError
from ._function import Function
from ._limits import EDGE_EPHEMERAL_STORAGE_MAX_MIB
from ._validation import child_path, is_unresolved

if TYPE_CHECKING:
    from aws_cdk import aws_cloudfront as cloudfront

__all__ = ["EdgeFunction"]

DEFAULT_EDGE_MEMORY_SIZE: Final = 128
"""MiB: the most a viewer trigger may have, so the function fits every event type."""
DEFAULT_EDGE_TIMEOUT: Final = Duration.seconds(5)
"""The longest a viewer trigger may run, so the function fits every event type."""
_EDGE_LOGS_ID: Final = "EdgeLogs"
# Keywords Lambda@Edge refuses whatever their value (None and empty are fine).
_REFUSED_KEYWORDS: Final = (
    "provisioned_concurrency",
    "environment",
    "layers",
    "vpc",
    "filesystem",
    "insights_version",
    "adot_instrumentation",
    "params_and_secrets",
)


class EdgeFunction(Function):
    """A ``constructs_lambda.Function`` for Lambda@Edge: x86_64, 128 MiB, 5 s, no alias, edge-trusted role.

    Use its ``current_version`` in ``cloudfront.EdgeLambda(function_version=fn.current_version, ...)``.
    It must live in a stack in us-east-1 (CloudFront replicates it from there); a distribution in another
    region's stack reaches it with ``cross_region_references=True``.

    Differences from ``Function``: the defaults above; no alias unless ``alias_name`` is given (CloudFront
    runs numbered versions, never aliases); the execution role also trusts ``edgelambda.amazonaws.com``
    and may write the log groups ``/aws/lambda/us-east-1.<function name>`` that replicas create in the
    Region that serves each request. Its own log group (with retention, named in ``LoggingConfig``) stays:
    CloudFront's pages neither list ``LoggingConfig`` as refused nor say whether replicas honour it, so the
    role allows both destinations. Keywords Lambda@Edge refuses raise ``ValidationError``: environment,
    layers, vpc, filesystem, provisioned_concurrency, insights_version, adot_instrumentation,
    params_and_secrets, arm64, runtimes other than Node.js and Python, ephemeral storage above 512 MiB,
    and memory or timeout above the quota of ``event_types``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        code: lambda_.Code,
        handler: str,
        runtime: lambda_.Runtime,
        event_types: Sequence[cloudfront.LambdaEdgeEventType] | None = None,
        alias_name: str | None = None,
        architecture: lambda_.Architecture | None = None,
        memory_size: int | None = None,
        timeout: Duration | None = None,
        **kwargs: Any,
    ) -> None:
        """Create the function with Lambda@Edge-compatible defaults, checking what CloudFront refuses.

        Args:
            scope: The parent construct; its stack must be in us-east-1 (or environment-agnostic).
            id: The construct ID.
            code: The function's code (a .zip package; container images are refused).
            handler: The entry point, as for ``Function``.
            runtime: A Node.js or Python runtime.
            event_types: The CloudFront events the function will serve; memory and timeout are checked
                against the strictest of them. Default: - the viewer limits (128 MiB, 5 s), which fit all.
            alias_name: As for ``Function``. Default: ``None`` (no alias: CloudFront runs versions).
            architecture: Must be x86_64. Default: ``Architecture.X86_64``.
            memory_size: MiB. Default: 128 (``DEFAULT_EDGE_MEMORY_SIZE``).
            timeout: Default: 5 seconds (``DEFAULT_EDGE_TIMEOUT``).
            **kwargs: Every other keyword of ``constructs_lambda.Function``, passed on unchanged.
        """
        path = child_path(scope, id)
        architecture = architecture or lambda_.Architecture.X86_64
        memory_size = DEFAULT_EDGE_MEMORY_SIZE if memory_size is None else memory_size
        timeout = timeout or DEFAULT_EDGE_TIMEOUT
        # jsii enum values are the member names (VIEWER_REQUEST); CloudFront writes viewer-request.
        events = frozenset(str(e.value).lower().replace("_", "-") for e in event_types or ()) or VIEWER_EVENTS
        _check_edge(path, scope, runtime, architecture, memory_size, timeout, events, kwargs)
        super().__init__(
            scope,
            id,
            code=code,
            handler=handler,
            runtime=runtime,
            alias_name=alias_name,
            architecture=architecture,
            memory_size=memory_size,
            timeout=timeout,
            **kwargs,
        )
        self._trust_edge_lambda()
        self._allow_replica_logs()

    def _trust_edge_lambda(self) -> None:
        """CloudFront replicates the function only when its role trusts ``edgelambda.amazonaws.com``."""
        role = self.role
        if isinstance(role, iam.Role) and role.assume_role_policy is not None:
            role.assume_role_policy.add_statements(
                iam.PolicyStatement(
                    actions=["sts:AssumeRole"], principals=[iam.ServicePrincipal(EDGE_PRINCIPAL)]
                )
            )

    def _allow_replica_logs(self) -> None:
        """Replicas log to ``/aws/lambda/us-east-1.<name>`` in whichever Region serves the request.

        A separate policy, not the default one: it names the function, and the function waits for its
        default policy, so a reference from there would be a cycle.
        """
        role = self.role
        if not isinstance(role, iam.Role):
            return
        stack = Stack.of(self)
        log_groups = (
            f"arn:{stack.partition}:logs:*:{stack.account}:log-group:"
            f"/aws/lambda/{EDGE_REGION}.{self.function_name}:*"
        )
        policy = iam.Policy(
            self,
            _EDGE_LOGS_ID,
            roles=[role],
            statements=[
                iam.PolicyStatement(
                    actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                    resources=[log_groups],
                )
            ],
        )
        Validations.of(policy).acknowledge(
            Acknowledgment(
                id=f"AwsSolutions-IAM5[Resource::{_as_nag_shows(stack, log_groups)}]",
                reason=(
                    "Lambda@Edge replicas write to /aws/lambda/us-east-1.<function> in the Region of the "
                    "edge location that serves the request, which is not known in advance: the Region and "
                    "the log streams are wildcards, the log group name is this function's."
                ),
            )
        )


def _as_nag_shows(stack: Stack, value: str) -> str:
    """``value`` as cdk-nag writes it in a finding ID: references as ``<LogicalId>``, joined."""
    resolved = stack.resolve(value)
    if isinstance(resolved, str):
        return resolved
    parts = resolved["Fn::Join"][1]
    return "".join(p if isinstance(p, str) else f"<{p['Ref']}>" for p in parts)


def _check_edge(
    path: str,
    scope: Construct,
    runtime: lambda_.Runtime,
    architecture: lambda_.Architecture,
    memory_size: int,
    timeout: Duration,
    events: frozenset[str],
    kwargs: Mapping[str, Any],
) -> None:
    """Raise ``ValidationError`` for anything CloudFront refuses for Lambda@Edge."""
    region = Stack.of(scope).region
    if not is_unresolved(region) and region != EDGE_REGION:
        raise ValidationError(path, "region", region, f"must be {EDGE_REGION} for Lambda@Edge")
    if architecture.name != lambda_.Architecture.X86_64.name:
        raise ValidationError(path, "architecture", architecture.name, "must be x86_64 for Lambda@Edge")
    if not runtime.name.startswith(RUNTIME_FAMILIES):
        rule = "must be a Node.js or Python runtime for Lambda@Edge"
        raise ValidationError(path, "runtime", runtime.name, rule)
    max_memory, max_timeout = limits_for(events)
    trigger = f"a Lambda@Edge {'viewer' if events & VIEWER_EVENTS else 'origin'} trigger"
    if not is_unresolved(memory_size) and memory_size > max_memory:
        rule = f"must be at most {max_memory} MiB for {trigger}"
        raise ValidationError(path, "memory_size", memory_size, rule)
    seconds = timeout.to_seconds(integral=False)
    if not is_unresolved(seconds) and seconds > max_timeout:
        raise ValidationError(
            path, "timeout", timeout.to_human_string(), f"must be at most {max_timeout} seconds for {trigger}"
        )
    for keyword in _REFUSED_KEYWORDS:
        if kwargs.get(keyword):
            given = type(kwargs[keyword]).__name__
            raise ValidationError(path, keyword, given, "is not supported by Lambda@Edge")
    storage: Size | None = kwargs.get("ephemeral_storage_size")
    mebibytes = storage.to_mebibytes(rounding=SizeRoundingBehavior.NONE) if storage is not None else None
    if mebibytes is not None and not is_unresolved(mebibytes) and mebibytes > EDGE_EPHEMERAL_STORAGE_MAX_MIB:
        raise ValidationError(
            path,
            "ephemeral_storage_size",
            f"{mebibytes:g} MiB",
            f"must be at most {EDGE_EPHEMERAL_STORAGE_MAX_MIB} MiB for Lambda@Edge",
        )
