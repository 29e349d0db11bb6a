#!/usr/bin/env python3
"""The reference app: an orders API on constructs_lambda, as a team would write it."""

from aws_cdk import App, Duration, Stack
from aws_cdk import aws_lambda as lambda_

import constructs_lambda as cl

app = App()
stack = Stack(app, "Orders")

api = cl.Function(
    stack,
    "Api",
    runtime=lambda_.Runtime.PYTHON_3_13,
    handler="app.handler",
    code=lambda_.Code.from_asset("src/api"),
    memory_size=512,
    timeout=Duration.seconds(10),
    environment={"STAGE": "prod"},
)

app.synth()
