"""S3 notifications: objects created under ``uploads/`` invoke a thumbnailer."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n

from ._common import PYTHON_HANDLER, FunctionClass, private_bucket, python_code


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """A private bucket whose uploads are processed by a function; the function reads the bucket."""
    bucket = private_bucket(stack, "Uploads")
    thumbnailer = function_cls(
        stack,
        "Thumbnailer",
        runtime=lambda_.Runtime.PYTHON_3_13,
        handler=PYTHON_HANDLER,
        code=python_code(),
        memory_size=1024,
        environment={"BUCKET": bucket.bucket_name},
    )
    bucket.grant_read(thumbnailer)
    bucket.add_event_notification(
        s3.EventType.OBJECT_CREATED,
        s3n.LambdaDestination(thumbnailer),
        s3.NotificationKeyFilter(prefix="uploads/", suffix=".jpg"),
    )
