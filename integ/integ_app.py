"""Integration test: the reference app (``app.py``'s Orders stack), exactly as ``cdk deploy`` ships it.

A deploy should show everything ``app.py`` declares: the ``Orders-Boundary`` policy on every role, the
``Deps`` layer (``python/`` holding the pinned dependencies for arm64 / Python 3.13, retained), the
``Api`` function (arm64, 512 MiB, 10 s, JSON logs into its retained group ``/aws/lambda/<name>``, kept
731 days) with the ``live`` alias holding provisioned concurrency autoscaled 1-10 with its business-hours
schedules; the assertion stack invokes the alias and expects status 200.
"""

import sys
from pathlib import Path

from aws_cdk import App
from aws_cdk.integ_tests_alpha import ExpectedResult, IntegTest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root, where app.py is

from app import orders_stack

app = App()
stack = orders_stack(app, "Orders")

integ = IntegTest(app, "ReferenceApp", test_cases=[stack])
api = stack.node.find_child("Api")
integ.assertions.invoke_function(function_name=api.alias.function_arn).expect(  # type: ignore[attr-defined]
    ExpectedResult.object_like({"StatusCode": 200})
)

app.synth()
