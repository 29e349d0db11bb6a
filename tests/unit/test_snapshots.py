"""Full-template snapshots of representative configurations: a tripwire for unintended changes.

Update deliberately with ``make snapshots`` and review the diff line by line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_sqs as sqs

import constructs_lambda as cl
from constructs_lambda.testing import match_snapshot
from tests.helpers import assert_cfn_lint_clean, template_of

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots"
RUNTIME = lambda_.Runtime.PYTHON_3_14
CODE = lambda_.Code.from_inline("def handler(event, context):\n    return event\n")

pytestmark = pytest.mark.snapshot


def test_default_function(stack: Stack) -> None:
    """The smallest Function: defaults only."""
    # GIVEN / WHEN
    cl.Function(stack, "Api", runtime=RUNTIME, handler="app.handler", code=CODE)
    # THEN
    match_snapshot(template_of(stack).to_json(), SNAPSHOTS / "function_default.json")


def test_production_function(app: App) -> None:
    """A VPC function with encrypted environment, async destinations, a DLQ and autoscaled PC."""
    # Environment-agnostic, so the VPC's zones come from Fn::GetAZs rather than lookups (cfn-lint W3010).
    # GIVEN
    stack = Stack(app, "Production")
    vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=1, restrict_default_security_group=False)
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    failures = sqs.Queue(stack, "Failures", enforce_ssl=True, encryption=sqs.QueueEncryption.SQS_MANAGED)
    cl.Function(
        stack,
        "Orders",
        runtime=RUNTIME,
        handler="app.handler",
        code=CODE,
        memory_size=1024,
        timeout=Duration.seconds(30),
        environment={"STAGE": "prod"},
        environment_encryption=key,
        vpc=vpc,
        dead_letter_queue_enabled=True,
        retry_attempts=1,
        on_failure=destinations.SqsDestination(failures),
        reserved_concurrent_executions=100,
        provisioned_concurrency=cl.ProvisionedConcurrency(
            min_capacity=2,
            max_capacity=50,
            utilization_target=0.7,
            schedules=[
                cl.ScheduledCapacity(
                    "BusinessHours",
                    schedule="cron(0 8 ? * MON-FRI *)",
                    time_zone="Europe/Berlin",
                    min_capacity=10,
                ),
                cl.ScheduledCapacity(
                    "AfterHours",
                    schedule="cron(0 19 ? * MON-FRI *)",
                    time_zone="Europe/Berlin",
                    min_capacity=2,
                ),
            ],
        ),
    )
    # WHEN
    match_snapshot(template_of(stack).to_json(), SNAPSHOTS / "function_production.json")
    # THEN
    assert_cfn_lint_clean(stack)
