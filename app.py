#!/usr/bin/env python3
"""The reference app: an orders API on constructs_lambda, as a team would write it."""

from aws_cdk import App, Duration, Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

import constructs_lambda as cl


def orders_stack(scope: Construct, id: str = "Orders") -> Stack:
    """The Orders stack: a boundary on every role, a dependency layer, an autoscaled API function."""
    stack = Stack(scope, id)
    # The organisation's boundary when given at synth time
    # (cdk synth -c '@aws-cdk/core:permissionsBoundary=NAME', a name, an ARN or JSON), else one built from
    # the library's safe template. Either way synthesis fails if a role escapes it.
    if cl.PermissionsBoundary.from_context(stack, "OrgBoundary") is None:
        cl.PermissionsBoundary(stack, "Boundary").apply_to(stack)
    deps = cl.PythonLayer(
        stack,
        "Deps",
        entry="layers/deps",
        runtime=lambda_.Runtime.PYTHON_3_14,
        architecture=lambda_.Architecture.ARM_64,
    )
    cl.Function(
        stack,
        "Api",
        runtime=lambda_.Runtime.PYTHON_3_14,
        handler="app.handler",
        code=lambda_.Code.from_asset("src/api"),
        layers=[deps],
        memory_size=512,
        timeout=Duration.seconds(10),
        environment={"STAGE": "prod"},
        provisioned_concurrency=cl.ProvisionedConcurrency(
            min_capacity=1,
            max_capacity=10,
            utilization_target=0.7,
            schedules=[
                cl.ScheduledCapacity(
                    "BusinessHours",
                    schedule="cron(0 8 ? * MON-FRI *)",
                    time_zone="Europe/Berlin",
                    min_capacity=2,
                ),
                cl.ScheduledCapacity(
                    "Evenings", schedule="cron(0 19 ? * MON-FRI *)", time_zone="Europe/Berlin", min_capacity=1
                ),
            ],
        ),
    )
    return stack


if __name__ == "__main__":
    app = App()
    orders_stack(app)
    app.synth()
