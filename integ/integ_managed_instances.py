"""Integration test: ``constructs_lambda.ManagedInstances`` with its defaults and one function on it.

A deploy should show:
- ``Fleet``: an ``AWS::Lambda::CapacityProvider`` on arm64 in the VPC's two private subnets, with a new
  security group that has no inbound rules, a system log group with 1-year retention (kept when the stack
  is deleted), a vCPU cap of 8 (below aws-cdk-lib's minimum of 12, allowed by the service), and an operator
  role with no AWS-managed policy whose EC2 statements name only this account and Region, the provider's
  subnets and security group, and Amazon-owned images.
- ``Api``: a 2048 MiB arm64 function on ``Fleet`` (2 GiB per vCPU, 16 concurrent invocations per execution
  environment, 1-3 execution environments), with alias ``live`` and no provisioned concurrency or
  spillover alarm.
- The assertion stack invokes ``Api``'s alias and expects status 200.
"""

from pathlib import Path

from aws_cdk import App, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_lambda as lambda_
from aws_cdk.integ_tests_alpha import ExpectedResult, IntegTest

import constructs_lambda as cl

HANDLER = str(Path(__file__).parent / "assets" / "handler")

app = App()
stack = Stack(app, "IntegManagedInstances")

vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=1, restrict_default_security_group=False)
fleet = cl.ManagedInstances(stack, "Fleet", vpc=vpc, max_v_cpu_count=8)
api = cl.Function(
    stack,
    "Api",
    runtime=lambda_.Runtime.PYTHON_3_13,
    handler="index.handler",
    code=lambda_.Code.from_asset(HANDLER),
    memory_size=2048,
)
fleet.add_function(
    api,
    execution_environment_memory_gib_per_v_cpu=2.0,
    per_execution_environment_max_concurrency=16,
    latest_published_scaling_config=lambda_.LatestPublishedScalingConfig(
        min_execution_environments=1, max_execution_environments=3
    ),
)

integ = IntegTest(app, "ManagedInstances", test_cases=[stack])
assert api.alias is not None  # the default alias "live"
integ.assertions.invoke_function(function_name=api.alias.function_arn).expect(
    ExpectedResult.object_like({"StatusCode": 200})
)

app.synth()
