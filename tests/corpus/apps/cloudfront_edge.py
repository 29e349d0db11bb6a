"""CloudFront with Lambda@Edge: a viewer-request function on the distribution's default behavior.

``experimental.EdgeFunction`` creates its ``aws_lambda.Function`` itself and takes no class to use
instead, so an app that wants a custom function class hands ``fn.current_version`` to ``EdgeLambda``
in a us-east-1 stack, as here.
"""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_lambda as lambda_

from ._common import NODE_HANDLER, FunctionClass, node_code, private_bucket


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """A static site whose viewer requests pass a header-normalizing edge function."""
    site = private_bucket(stack, "Site")
    rewrite = function_cls(
        stack, "Rewrite", runtime=lambda_.Runtime.NODEJS_22_X, handler=NODE_HANDLER, code=node_code()
    )
    cloudfront.Distribution(
        stack,
        "Cdn",
        default_root_object="index.html",
        default_behavior=cloudfront.BehaviorOptions(
            origin=origins.S3BucketOrigin.with_origin_access_control(site),
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            edge_lambdas=[
                cloudfront.EdgeLambda(
                    function_version=rewrite.current_version,
                    event_type=cloudfront.LambdaEdgeEventType.VIEWER_REQUEST,
                )
            ],
        ),
    )
