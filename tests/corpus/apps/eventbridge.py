"""EventBridge: a rule on EC2 state changes and a five-minute schedule, each targeting a function."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs

from ._common import PYTHON_HANDLER, FunctionClass, python_code


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """An auditor of instance state changes (retries, dead letters) and a periodic sweeper."""
    auditor = function_cls(
        stack, "Auditor", runtime=lambda_.Runtime.PYTHON_3_13, handler=PYTHON_HANDLER, code=python_code()
    )
    dead_letters = sqs.Queue(stack, "TargetDeadLetters", enforce_ssl=True)
    events.Rule(
        stack,
        "InstanceStateChanges",
        event_pattern=events.EventPattern(
            source=["aws.ec2"], detail_type=["EC2 Instance State-change Notification"]
        ),
        targets=[
            targets.LambdaFunction(
                auditor, retry_attempts=2, max_event_age=Duration.hours(1), dead_letter_queue=dead_letters
            )
        ],
    )
    sweeper = function_cls(
        stack, "Sweeper", runtime=lambda_.Runtime.PYTHON_3_12, handler=PYTHON_HANDLER, code=python_code()
    )
    events.Rule(
        stack,
        "Every5Minutes",
        schedule=events.Schedule.rate(Duration.minutes(5)),
        targets=[targets.LambdaFunction(sweeper)],
    )
