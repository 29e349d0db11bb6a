"""Integration test: ``constructs_lambda.Layer`` and ``PythonLayer`` used by one function.

A deploy should show:
- ``Shared``: a layer version whose archive holds ``python/orders_common/__init__.py``, compatible with
  python3.13 on arm64, kept (DeletionPolicy Retain) when the stack is deleted.
- ``Deps``: a layer version whose archive holds ``python/six.py`` installed on the host for
  manylinux2014_aarch64 / Python 3.13 (no Docker), kept when the stack is deleted.
- ``Consumer``: an arm64 function with both layers; invoking its alias lists ``orders_common`` and
  ``six.py`` under ``/opt/python`` (the assertion stack checks the invocation succeeds).
"""

from pathlib import Path

from aws_cdk import App, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk.integ_tests_alpha import ExpectedResult, IntegTest

import constructs_lambda as cl

ASSETS = Path(__file__).parent / "assets"

app = App()
stack = Stack(app, "IntegLayers")

shared = cl.Layer(
    stack,
    "Shared",
    code=lambda_.Code.from_asset(str(ASSETS / "layer")),
    compatible_runtimes=[lambda_.Runtime.PYTHON_3_13],
    compatible_architectures=[lambda_.Architecture.ARM_64],
    description="Shared orders code",
)
deps = cl.PythonLayer(
    stack,
    "Deps",
    entry=str(ASSETS / "deps"),
    runtime=lambda_.Runtime.PYTHON_3_13,
    architecture=lambda_.Architecture.ARM_64,
)
consumer = cl.Function(
    stack,
    "Consumer",
    runtime=lambda_.Runtime.PYTHON_3_13,
    handler="index.handler",
    code=lambda_.Code.from_asset(str(ASSETS / "handler")),
    layers=[shared, deps],
)

assert consumer.alias is not None  # alias_name defaults to "live"
integ = IntegTest(app, "Layers", test_cases=[stack])
integ.assertions.invoke_function(function_name=consumer.alias.function_arn).expect(
    ExpectedResult.object_like({"StatusCode": 200})
)

app.synth()
