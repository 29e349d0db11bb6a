"""One function per runtime an app still creates today, from python3.8-3.14 and nodejs18.x-24.x.

"Still creates" is judged by cfn-lint's runtime lifecycle table (``LmbdRuntimeLifecycle.json``, taken from
https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html and refreshed with every cfn-lint
release): a runtime past its block-create date is one AWS itself refuses, so the app drops it instead of
asking the library to accept it.
"""

from __future__ import annotations

import datetime
from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_lambda as lambda_
from cfnlint.data import AdditionalSpecs
from cfnlint.helpers import load_resource

from ._common import NODE_HANDLER, PYTHON_HANDLER, FunctionClass, node_code, python_code

PYTHON_RUNTIMES = (
    lambda_.Runtime.PYTHON_3_8,
    lambda_.Runtime.PYTHON_3_9,
    lambda_.Runtime.PYTHON_3_10,
    lambda_.Runtime.PYTHON_3_11,
    lambda_.Runtime.PYTHON_3_12,
    lambda_.Runtime.PYTHON_3_13,
    lambda_.Runtime.PYTHON_3_14,
)
NODE_RUNTIMES = (
    lambda_.Runtime.NODEJS_18_X,
    lambda_.Runtime.NODEJS_20_X,
    lambda_.Runtime.NODEJS_22_X,
    lambda_.Runtime.NODEJS_24_X,
)


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """A fleet of small functions, one per runtime, as a long-lived account accumulates them."""
    for runtime in creatable(PYTHON_RUNTIMES):
        function_cls(
            stack,
            _construct_id(runtime),
            runtime=runtime,
            handler=PYTHON_HANDLER,
            code=python_code(),
        )
    for runtime in creatable(NODE_RUNTIMES):
        function_cls(stack, _construct_id(runtime), runtime=runtime, handler=NODE_HANDLER, code=node_code())


def _construct_id(runtime: lambda_.Runtime) -> str:
    """``python3.13`` -> ``Python313``, ``nodejs22.x`` -> ``Nodejs22x``."""
    return "".join(ch for ch in runtime.name.capitalize() if ch.isalnum())


def creatable(
    runtimes: tuple[lambda_.Runtime, ...], *, today: datetime.date | None = None
) -> list[lambda_.Runtime]:
    """The runtimes whose block-create date (in cfn-lint's table) has not come; unknown ones count as new."""
    lifecycle: dict[str, dict[str, Any]] = load_resource(AdditionalSpecs, "LmbdRuntimeLifecycle.json")
    day = (today or datetime.date.today()).isoformat()
    return [
        runtime
        for runtime in runtimes
        if (lifecycle.get(runtime.name) or {}).get("create-block") is None
        or day < lifecycle[runtime.name]["create-block"]
    ]
