"""What cdk-nag and cfn-lint find in the resources the L2 creates for a ``Function``: fixed, or
acknowledged with a reason.

Fixed: the dead-letter queue the L2 creates is encrypted and requires TLS; the function waits for its
role's default policy only (cfn-lint W3005). Acknowledged, on the function (they apply to the resources
below it): no dead-letter target (the library cannot know how the function is invoked) and ``*`` for
actions without resource-level permissions; on the ``CfnFunction``, a runtime past its block-create date
that the user allowed on purpose.
"""

from __future__ import annotations

from typing import Any, Final, cast

from aws_cdk import Acknowledgment, Annotations, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct

from ._node import order_after_role_policy
from ._runtimes import past_block_create

#: aws-cdk-lib's validator finding for a runtime past its block-create date (cfn-lint's rule id).
_E2531: Final = "CloudFormation-Validate::E2531"

#: ``clear_lint_findings(default_policy=...)``: the caller does not know the role's DefaultPolicy.
LOOK_UP: Any = object()


def warn_deprecated_runtime(
    fn: lambda_.Function, warning: str | None, runtime_name: str, cfn_function: lambda_.CfnFunction
) -> None:
    """Warn when the runtime is deprecated (still created, but no longer patched)."""
    if not warning:
        return
    Annotations.of(fn).add_warning_v2("constructs-lambda:deprecatedRuntime", warning)
    if past_block_create(runtime_name):  # let through only by constructs-lambda:allowBlockedRuntimes
        # aws-cdk-lib's validator judges the same dates; the user overrode them on purpose.
        Validations.of(cfn_function).acknowledge(Acknowledgment(id=_E2531, reason=warning))


def clear_lint_findings(
    fn: lambda_.Function,
    cfn_function: lambda_.CfnFunction,
    execution_role: iam.IRole | None,
    *,
    l2_creates_queue: bool | None,
    has_dead_letter_target: Any,
    default_policy: Any = LOOK_UP,
) -> None:
    """Fix or acknowledge, with reasons, what cdk-nag and cfn-lint find in the L2's resources.

    ``default_policy`` is ``execution_role``'s ``DefaultPolicy`` (``None``: it has none) when
    ``scope_role_to_features`` found it in node, where it also made the function wait for that policy
    instead of the role; ``LOOK_UP``: the order is set here, in the same node step.
    """
    _secure_dead_letter_queue(fn, l2_creates_queue)
    if default_policy is LOOK_UP:
        default_policy = _order_after_role_policy(cfn_function, execution_role)
    acknowledgments = _acknowledgments(default_policy is not None, has_dead_letter_target)
    if acknowledgments:
        # Recorded once on the function: aws-cdk-lib's validation and cdk-nag apply an acknowledgment to
        # the resources below the construct that records it. Each ID names one kind of resource that
        # occurs once below the function (its CfnFunction; the '*' of its role's policy), so an
        # acknowledgment on the function covers what it would cover on the resource, in one jsii call
        # instead of two per resource.
        Validations.of(fn).acknowledge(*acknowledgments)


def _order_after_role_policy(resource: lambda_.CfnFunction, role: iam.IRole | None) -> IConstruct | None:
    """Wait for the role's default policy only, in node (``NodeSteps.orderAfterRolePolicy``, the step
    ``scope_role_to_features`` runs for the role the L2 creates). Returns that policy (``None``: none, or
    not a role of this app)."""
    if not isinstance(role, iam.Role):
        return None
    return order_after_role_policy(role, resource)


def _secure_dead_letter_queue(fn: lambda_.Function, created_by_l2: bool | None) -> None:
    """Encrypt the queue the L2 creates for ``dead_letter_queue_enabled`` and require TLS."""
    if not created_by_l2:
        return
    from aws_cdk import aws_sqs as sqs

    queue = fn.dead_letter_queue
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


def _acknowledgments(has_default_policy: bool, has_dead_letter_target: Any) -> list[Acknowledgment]:
    """What to acknowledge on the function, with the reasons."""
    acknowledgments: list[Acknowledgment] = []
    if not has_dead_letter_target:
        acknowledgments.append(_NO_DEAD_LETTER_TARGET)
    if has_default_policy:
        acknowledgments.append(_ACTIONS_WITHOUT_RESOURCES)
    return acknowledgments


_NO_DEAD_LETTER_TARGET: Final = Acknowledgment(
    id="Serverless-LambdaDLQ",
    reason=(
        "A dead-letter target only receives failed asynchronous invocations, and "
        "constructs_lambda cannot know how the function is invoked. Set "
        "dead_letter_queue_enabled=True or on_failure= for asynchronous sources."
    ),
)
# X-Ray and EC2 network-interface actions have no resource-level permissions
# (https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html; AWSLambdaVPCAccessExecutionRole
# uses "*" too), so "*" is the narrowest possible resource.
_ACTIONS_WITHOUT_RESOURCES: Final = Acknowledgment(
    id="AwsSolutions-IAM5[Resource::*]",
    reason=(
        "Only actions without resource-level permissions use '*': xray:PutTraceSegments, "
        "xray:PutTelemetryRecords and the EC2 network-interface actions Lambda needs in a VPC."
    ),
)
