"""What every corpus app shares: the app signature and tiny inline handlers (no asset bundling)."""

from __future__ import annotations

from collections.abc import Callable

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3

FunctionClass = type[lambda_.Function]
"""The class an app instantiates wherever it would write ``lambda_.Function``."""

Build = Callable[[Stack, FunctionClass], None]
"""An app: builds its resources into ``stack``, creating every function with the given class."""

PYTHON_HANDLER = "index.handler"
NODE_HANDLER = "index.handler"


def python_code() -> lambda_.Code:
    """A one-line Python handler, inlined into the template."""
    return lambda_.Code.from_inline("def handler(event, context):\n    return {'statusCode': 200}\n")


def node_code() -> lambda_.Code:
    """A one-line Node.js handler, inlined into the template."""
    return lambda_.Code.from_inline("exports.handler = async () => ({ statusCode: 200 });\n")


def private_bucket(stack: Stack, id: str) -> s3.Bucket:
    """A bucket as security reviews ask for it: no public access, encrypted, TLS only, kept on delete."""
    return s3.Bucket(
        stack,
        id,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        encryption=s3.BucketEncryption.S3_MANAGED,
        enforce_ssl=True,
        removal_policy=RemovalPolicy.RETAIN,
    )
