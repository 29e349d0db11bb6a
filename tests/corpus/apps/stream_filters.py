"""Stream consumers with event filtering: Kinesis and DynamoDB Streams mappings with ``FilterCriteria``."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_sqs as sqs

from ._common import PYTHON_HANDLER, FunctionClass, python_code


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """Click events from Kinesis (only purchases) and new rows of an orders table (only inserts)."""
    stream = kinesis.Stream(stack, "Clicks", shard_count=1, encryption=kinesis.StreamEncryption.MANAGED)
    purchases = function_cls(
        stack, "Purchases", runtime=lambda_.Runtime.PYTHON_3_13, handler=PYTHON_HANDLER, code=python_code()
    )
    purchases.add_event_source(
        sources.KinesisEventSource(
            stream,
            starting_position=lambda_.StartingPosition.LATEST,
            batch_size=100,
            max_batching_window=Duration.seconds(5),
            bisect_batch_on_error=True,
            retry_attempts=3,
            filters=[
                lambda_.FilterCriteria.filter({"data": {"type": lambda_.FilterRule.is_equal("purchase")}})
            ],
        )
    )

    table = dynamodb.TableV2(
        stack,
        "Orders",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        dynamo_stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
        removal_policy=RemovalPolicy.RETAIN,
    )
    failures = sqs.Queue(stack, "StreamFailures", enforce_ssl=True)
    new_orders = function_cls(
        stack, "NewOrders", runtime=lambda_.Runtime.PYTHON_3_13, handler=PYTHON_HANDLER, code=python_code()
    )
    new_orders.add_event_source(
        sources.DynamoEventSource(
            table,
            starting_position=lambda_.StartingPosition.TRIM_HORIZON,
            filters=[lambda_.FilterCriteria.filter({"eventName": lambda_.FilterRule.is_equal("INSERT")})],
            on_failure=sources.SqsDlq(failures),
            report_batch_item_failures=True,
        )
    )
