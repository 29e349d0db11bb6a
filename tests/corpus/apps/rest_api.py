"""A REST API: ``LambdaRestApi`` with a proxy-less resource tree and a second ``LambdaIntegration``."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_lambda as lambda_

from ._common import PYTHON_HANDLER, FunctionClass, python_code


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """Orders API: GET /orders reads, POST /orders writes through its own function."""
    reader = function_cls(
        stack,
        "Reader",
        runtime=lambda_.Runtime.PYTHON_3_13,
        handler=PYTHON_HANDLER,
        code=python_code(),
        memory_size=512,
        timeout=Duration.seconds(10),
    )
    writer = function_cls(
        stack, "Writer", runtime=lambda_.Runtime.PYTHON_3_13, handler=PYTHON_HANDLER, code=python_code()
    )
    api = apigw.LambdaRestApi(stack, "Api", handler=reader, proxy=False)
    orders = api.root.add_resource("orders")
    orders.add_method("GET")
    orders.add_method("POST", apigw.LambdaIntegration(writer))
