"""Shared by the traffic tests: a minimal function, and the findings of the traffic validation plugin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aws_cdk import App
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

import constructs_lambda as cl

RUNTIME = lambda_.Runtime.PYTHON_3_14
CODE = "def handler(event, context):\n    return event\n"


def function(scope: Construct, id: str, **kwargs: Any) -> cl.Function:
    """A ``cl.Function`` with inline code and the given keywords."""
    return cl.Function(
        scope, id, runtime=RUNTIME, handler="index.handler", code=lambda_.Code.from_inline(CODE), **kwargs
    )


def plain_function(scope: Construct, id: str) -> lambda_.Function:
    """An ``aws_lambda.Function`` (not the library's) with inline code."""
    return lambda_.Function(
        scope, id, runtime=RUNTIME, handler="index.handler", code=lambda_.Code.from_inline(CODE)
    )


def traffic_findings(app: App, rule: str | None = None) -> list[dict[str, Any]]:
    """The traffic plugin's findings in ``app``'s validation report (only ``rule``'s when given).

    Synthesis must succeed (no error findings); each finding has ``ruleName``, ``severity`` and
    ``description``.
    """
    report = json.loads((Path(app.synth().directory) / "validation-report.json").read_text())
    return [
        violation
        for plugin in report["pluginReports"]
        if plugin["pluginName"] == "constructs-lambda-traffic"
        for violation in plugin["violations"]
        if rule is None or violation["ruleName"] == rule
    ]
