"""A durable function (``durable_config``), invoked through its published version as Lambda requires."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_

from ._common import PYTHON_HANDLER, FunctionClass, python_code


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """A nightly reconciliation that checkpoints for up to a day and keeps its history a week."""
    fn = function_cls(
        stack,
        "Reconcile",
        runtime=lambda_.Runtime.PYTHON_3_14,
        handler=PYTHON_HANDLER,
        code=python_code(),
        timeout=Duration.minutes(15),
        durable_config=lambda_.DurableConfig(
            execution_timeout=Duration.hours(24), retention_period=Duration.days(7)
        ),
    )
    events.Rule(
        stack,
        "Nightly",
        schedule=events.Schedule.cron(minute="0", hour="2"),
        targets=[targets.LambdaFunction(fn.current_version)],
    )
