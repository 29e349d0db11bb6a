"""Integration test: ``constructs_lambda.Function`` with its defaults and with each default overridden.

A deploy should show:
- ``Default``: arm64, 256 MiB, 10 s timeout, X-Ray tracing Active, JSON logs into its own log group
  ``/aws/lambda/<name>`` with 731-day retention (the L2's, kept when the stack is deleted), a role with
  no AWS-managed policy whose log rights name only that log group, and an alias ``live`` on version 1.
- ``Tuned``: x86_64, 1024 MiB, 30 s, tracing PassThrough, text logs, 1-week retention deleted with the
  stack, alias ``prod``.
- The assertion stack invokes ``Default``'s alias and expects status 200.
"""

from pathlib import Path

from aws_cdk import App, Duration, RemovalPolicy, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk.integ_tests_alpha import ExpectedResult, IntegTest

import constructs_lambda as cl

HANDLER = str(Path(__file__).parent / "assets" / "handler")

app = App()
stack = Stack(app, "IntegFunction")

default = cl.Function(
    stack,
    "Default",
    runtime=lambda_.Runtime.PYTHON_3_13,
    handler="index.handler",
    code=lambda_.Code.from_asset(HANDLER),
)
cl.Function(
    stack,
    "Tuned",
    runtime=lambda_.Runtime.PYTHON_3_13,
    handler="index.handler",
    code=lambda_.Code.from_asset(HANDLER),
    architecture=lambda_.Architecture.X86_64,
    memory_size=1024,
    timeout=Duration.seconds(30),
    tracing=lambda_.Tracing.PASS_THROUGH,
    logging_format=lambda_.LoggingFormat.TEXT,
    log_retention=logs.RetentionDays.ONE_WEEK,
    log_removal_policy=RemovalPolicy.DESTROY,
    alias_name="prod",
)

assert default.alias is not None  # alias_name defaults to "live"
integ = IntegTest(app, "Function", test_cases=[stack])
integ.assertions.invoke_function(function_name=default.alias.function_arn).expect(
    ExpectedResult.object_like({"StatusCode": 200})
)

app.synth()
