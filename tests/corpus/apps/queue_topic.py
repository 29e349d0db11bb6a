"""Messaging: an SQS worker with partial batch failures and an SNS subscriber with a filter policy."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from ._common import PYTHON_HANDLER, FunctionClass, python_code


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """Orders arrive on a queue (with a dead-letter queue); order events fan out on a topic."""
    dead_letters = sqs.Queue(stack, "DeadLetters", enforce_ssl=True)
    queue = sqs.Queue(
        stack,
        "Orders",
        enforce_ssl=True,
        visibility_timeout=Duration.seconds(60),
        dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=3, queue=dead_letters),
    )
    worker = function_cls(
        stack,
        "Worker",
        runtime=lambda_.Runtime.PYTHON_3_13,
        handler=PYTHON_HANDLER,
        code=python_code(),
        timeout=Duration.seconds(30),
    )
    worker.add_event_source(sources.SqsEventSource(queue, batch_size=10, report_batch_item_failures=True))

    topic = sns.Topic(stack, "OrderEvents", enforce_ssl=True)
    notifier = function_cls(
        stack, "Notifier", runtime=lambda_.Runtime.PYTHON_3_12, handler=PYTHON_HANDLER, code=python_code()
    )
    notifier.add_event_source(
        sources.SnsEventSource(
            topic,
            filter_policy={
                "status": sns.SubscriptionFilter.string_filter(allowlist=["SHIPPED", "CANCELLED"])
            },
        )
    )
