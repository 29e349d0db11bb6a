"""An HTTP API (API Gateway v2) with ``HttpLambdaIntegration`` as default and on one route."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_lambda as lambda_
from aws_cdk.aws_apigatewayv2_integrations import HttpLambdaIntegration

from ._common import NODE_HANDLER, PYTHON_HANDLER, FunctionClass, node_code, python_code


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """Catalog API: everything to a Python function, GET /items to a Node.js one."""
    default = function_cls(
        stack, "Default", runtime=lambda_.Runtime.PYTHON_3_12, handler=PYTHON_HANDLER, code=python_code()
    )
    items = function_cls(
        stack, "Items", runtime=lambda_.Runtime.NODEJS_22_X, handler=NODE_HANDLER, code=node_code()
    )
    api = apigwv2.HttpApi(
        stack, "Api", default_integration=HttpLambdaIntegration("DefaultIntegration", default)
    )
    api.add_routes(
        path="/items",
        methods=[apigwv2.HttpMethod.GET],
        integration=HttpLambdaIntegration("ItemsIntegration", items),
    )
