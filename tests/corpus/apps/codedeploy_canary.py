"""A CodeDeploy canary on the app's OWN alias ``live``, with provisioned concurrency, which a schedule invokes."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_

from ._common import PYTHON_HANDLER, FunctionClass, python_code


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """New versions take 10% of traffic for five minutes and roll back when the alias errors."""
    fn = function_cls(
        stack, "Checkout", runtime=lambda_.Runtime.PYTHON_3_13, handler=PYTHON_HANDLER, code=python_code()
    )
    alias = lambda_.Alias(
        stack, "Live", alias_name="live", version=fn.current_version, provisioned_concurrent_executions=2
    )
    errors = cloudwatch.Alarm(
        stack,
        "AliasErrors",
        metric=alias.metric_errors(period=Duration.minutes(1)),
        threshold=1,
        evaluation_periods=1,
    )
    codedeploy.LambdaDeploymentGroup(
        stack,
        "Deployment",
        alias=alias,
        deployment_config=codedeploy.LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES,
        alarms=[errors],
    )
    events.Rule(
        stack,
        "Every5Minutes",
        schedule=events.Schedule.rate(Duration.minutes(5)),
        targets=[targets.LambdaFunction(alias)],
    )
