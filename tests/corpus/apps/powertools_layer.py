"""An imported layer: the public Powertools for AWS Lambda (Python) v3 layer for python3.13 on arm64."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_

from ._common import PYTHON_HANDLER, FunctionClass, python_code

# The layer AWS publishes in every commercial region from account 017000801446
# (https://docs.aws.amazon.com/powertools/python/latest/#lambda-layer).
POWERTOOLS_LAYER_ARN = (
    "arn:aws:lambda:{region}:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-arm64:27"
)


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """A Graviton function that logs, traces and records metrics with Powertools from the layer."""
    powertools = lambda_.LayerVersion.from_layer_version_arn(
        stack, "Powertools", POWERTOOLS_LAYER_ARN.format(region=stack.region)
    )
    function_cls(
        stack,
        "Payments",
        runtime=lambda_.Runtime.PYTHON_3_13,
        handler=PYTHON_HANDLER,
        code=python_code(),
        architecture=lambda_.Architecture.ARM_64,
        layers=[powertools],
        tracing=lambda_.Tracing.ACTIVE,
        environment={
            "POWERTOOLS_SERVICE_NAME": "payments",
            "POWERTOOLS_METRICS_NAMESPACE": "Shop",
            "POWERTOOLS_LOG_LEVEL": "INFO",
        },
    )
