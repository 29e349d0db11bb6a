"""The 2026 capabilities in one stack, for ``tests/e2e/test_deploy_2026.py``: run as the CDK app.

``Lambda2026``: a permissions boundary on every role; a VPC with private subnets and one NAT gateway;
``Fleet``, a ``constructs_lambda.ManagedInstances`` capacity provider with ``OnFleet`` (2048 MiB) on it;
``Durable``, a durable function; ``Tenants``, a tenant-isolated function.
"""

from pathlib import Path
from typing import Any

from aws_cdk import App, Duration, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

import constructs_lambda as cl

#: The integration tests' handler: a directory asset, nothing to bundle.
HANDLER = str(Path(__file__).resolve().parents[3] / "integ" / "assets" / "handler")
STACK = "Lambda2026"


def python_function(scope: Construct, id: str, **options: Any) -> cl.Function:
    """A ``constructs_lambda.Function`` running the integration tests' handler, with ``options``."""
    return cl.Function(
        scope,
        id,
        runtime=lambda_.Runtime.PYTHON_3_13,
        handler="index.handler",
        code=lambda_.Code.from_asset(HANDLER),
        **options,
    )


def lambda_2026_stack(scope: Construct, id: str = STACK) -> Stack:
    """The stack: boundary, VPC, capacity provider with one function, a durable and a tenant-isolated one."""
    stack = Stack(scope, id)
    # The default boundary: it allows the capacity provider's operator role its own statements itself.
    cl.PermissionsBoundary(stack, "Boundary").apply_to(stack)
    vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=1, restrict_default_security_group=False)
    fleet = cl.ManagedInstances(stack, "Fleet", vpc=vpc)
    on_fleet = python_function(stack, "OnFleet", memory_size=2048)
    fleet.add_function(
        on_fleet,
        per_execution_environment_max_concurrency=16,
        latest_published_scaling_config=lambda_.LatestPublishedScalingConfig(
            min_execution_environments=1, max_execution_environments=3
        ),
    )
    python_function(
        stack,
        "Durable",
        durable_config=lambda_.DurableConfig(
            execution_timeout=Duration.hours(1), retention_period=Duration.days(30)
        ),
    )
    python_function(stack, "Tenants", tenancy_config=lambda_.TenancyConfig.PER_TENANT)
    return stack


if __name__ == "__main__":
    app = App()
    lambda_2026_stack(app)
    app.synth()
