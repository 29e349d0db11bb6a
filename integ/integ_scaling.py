"""Integration test: ``constructs_lambda.ProvisionedConcurrency``, fixed and autoscaled.

A deploy should show:
- ``Fixed``: alias ``live`` with 1 provisioned concurrent execution, no scalable target.
- ``Scaled``: alias ``live`` with provisioned concurrency 1, an Application Auto Scaling target
  (``lambda:function:ProvisionedConcurrency``, 1-5) tracking ``LambdaProvisionedConcurrencyUtilization``
  at 0.7, two scheduled actions (Europe/Berlin: 2 from 08:00 on weekdays, 1 from 19:00) and a
  CloudWatch alarm on ``ProvisionedConcurrencySpilloverInvocations``; the assertion stack reads
  ``Scaled``'s provisioned-concurrency config (1 requested outside the scheduled hours).
"""

from pathlib import Path

from aws_cdk import App, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk.integ_tests_alpha import ExpectedResult, IntegTest

import constructs_lambda as cl

HANDLER = str(Path(__file__).parent / "assets" / "handler")

app = App()
stack = Stack(app, "IntegScaling")

cl.Function(
    stack,
    "Fixed",
    runtime=lambda_.Runtime.PYTHON_3_13,
    handler="index.handler",
    code=lambda_.Code.from_asset(HANDLER),
    provisioned_concurrency=cl.ProvisionedConcurrency(min_capacity=1),
)
scaled = cl.Function(
    stack,
    "Scaled",
    runtime=lambda_.Runtime.PYTHON_3_13,
    handler="index.handler",
    code=lambda_.Code.from_asset(HANDLER),
    provisioned_concurrency=cl.ProvisionedConcurrency(
        min_capacity=1,
        max_capacity=5,
        utilization_target=0.7,
        schedules=[
            cl.ScheduledCapacity(
                "BusinessHours", schedule="cron(0 8 ? * MON-FRI *)", time_zone="Europe/Berlin", min_capacity=2
            ),
            cl.ScheduledCapacity(
                "Evenings", schedule="cron(0 19 ? * MON-FRI *)", time_zone="Europe/Berlin", min_capacity=1
            ),
        ],
    ),
)

integ = IntegTest(app, "Scaling", test_cases=[stack])
integ.assertions.aws_api_call(
    "Lambda", "getProvisionedConcurrencyConfig", {"FunctionName": scaled.function_name, "Qualifier": "live"}
).expect(ExpectedResult.object_like({"RequestedProvisionedConcurrentExecutions": 1}))

app.synth()
