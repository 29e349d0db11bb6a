"""Integration test: a durable function and a tenant-isolated function, each with the library's defaults.

A deploy should show:
- ``Durable``: ``DurableConfig`` with a 1-hour execution timeout and 30-day retention; its role carries no
  AWS-managed policy (not ``AWSLambdaBasicDurableExecutionRolePolicy``); its own policy
  ``DurableExecutionPolicy`` allows ``lambda:CheckpointDurableExecution`` and
  ``lambda:GetDurableExecutionState`` on ``<function ARN>:*`` only; an alias ``live`` to invoke it through
  (Lambda refuses unqualified invocations of a durable function).
- ``Tenant``: ``TenancyConfig.TenantIsolationMode`` ``PER_TENANT``, no provisioned concurrency, no URL, no
  event source mapping.
- The synth warns ``constructs-lambda:durableCreateOnly`` and ``constructs-lambda:tenancyReplaces``.
- The assertion stack invokes ``Durable``'s alias and expects status 200.
"""

from pathlib import Path

from aws_cdk import App, Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk.integ_tests_alpha import ExpectedResult, IntegTest

import constructs_lambda as cl

HANDLER = str(Path(__file__).parent / "assets" / "handler")

app = App()
stack = Stack(app, "IntegDurableTenancy")

durable = cl.Function(
    stack,
    "Durable",
    runtime=lambda_.Runtime.PYTHON_3_14,
    handler="index.handler",
    code=lambda_.Code.from_asset(HANDLER),
    durable_config=lambda_.DurableConfig(
        execution_timeout=Duration.hours(1), retention_period=Duration.days(30)
    ),
)
cl.Function(
    stack,
    "Tenant",
    runtime=lambda_.Runtime.PYTHON_3_14,
    handler="index.handler",
    code=lambda_.Code.from_asset(HANDLER),
    tenancy_config=lambda_.TenancyConfig.PER_TENANT,
)

integ = IntegTest(app, "DurableTenancy", test_cases=[stack])
assert durable.alias is not None
integ.assertions.invoke_function(function_name=durable.alias.function_arn).expect(
    ExpectedResult.object_like({"StatusCode": 200})
)

app.synth()
