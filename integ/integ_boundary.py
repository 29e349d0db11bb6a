"""Integration test: ``constructs_lambda.PermissionsBoundary`` on every role of a stack.

A deploy should show:
- ``Boundary``: a customer-managed policy ``IntegBoundary-Boundary`` (the safe template: the stack's own
  resources, logs, X-Ray; denials of privilege escalation and of changing the policy itself).
- ``Api``'s execution role and the stand-alone ``Worker`` role, both with ``PermissionsBoundary`` set to
  that policy (``aws iam get-role`` shows it; the assertion stack checks ``Worker``); synthesis would
  have failed had either escaped it.
"""

from pathlib import Path

from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk.integ_tests_alpha import ExpectedResult, IntegTest

import constructs_lambda as cl

app = App()
stack = Stack(app, "IntegBoundary")

boundary = cl.PermissionsBoundary(stack, "Boundary")
boundary.apply_to(stack)

cl.Function(
    stack,
    "Api",
    runtime=lambda_.Runtime.PYTHON_3_13,
    handler="index.handler",
    code=lambda_.Code.from_asset(str(Path(__file__).parent / "assets" / "handler")),
)
worker = iam.Role(stack, "Worker", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))

integ = IntegTest(app, "Boundary", test_cases=[stack])
integ.assertions.aws_api_call("IAM", "getRole", {"RoleName": worker.role_name}).expect(
    ExpectedResult.object_like(
        {"Role": {"PermissionsBoundary": {"PermissionsBoundaryArn": boundary.arn_for(stack)}}}
    )
)

app.synth()
