"""A function URL with IAM auth and CORS, the way a webhook receiver is exposed."""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_lambda as lambda_

from ._common import PYTHON_HANDLER, FunctionClass, python_code


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """A webhook endpoint whose URL the stack outputs."""
    fn = function_cls(
        stack, "Webhook", runtime=lambda_.Runtime.PYTHON_3_13, handler=PYTHON_HANDLER, code=python_code()
    )
    url = fn.add_function_url(
        auth_type=lambda_.FunctionUrlAuthType.AWS_IAM,
        cors=lambda_.FunctionUrlCorsOptions(
            allowed_origins=["https://example.com"], allowed_methods=[lambda_.HttpMethod.POST]
        ),
    )
    CfnOutput(stack, "WebhookUrl", value=url.url)
