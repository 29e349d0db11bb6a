"""Step Functions: a two-step order workflow of ``LambdaInvoke`` tasks."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks

from ._common import PYTHON_HANDLER, FunctionClass, python_code


def build(stack: Stack, function_cls: FunctionClass) -> None:
    """Validate, then charge; the state machine's role may invoke both functions."""
    validate = function_cls(
        stack, "Validate", runtime=lambda_.Runtime.PYTHON_3_13, handler=PYTHON_HANDLER, code=python_code()
    )
    charge = function_cls(
        stack, "Charge", runtime=lambda_.Runtime.PYTHON_3_13, handler=PYTHON_HANDLER, code=python_code()
    )
    definition = tasks.LambdaInvoke(
        stack, "ValidateOrder", lambda_function=validate, output_path="$.Payload"
    ).next(
        tasks.LambdaInvoke(
            stack,
            "ChargeCard",
            lambda_function=charge,
            payload_response_only=True,
            retry_on_service_exceptions=True,
        )
    )
    sfn.StateMachine(
        stack,
        "OrderWorkflow",
        definition_body=sfn.DefinitionBody.from_chainable(definition),
        timeout=Duration.minutes(5),
        tracing_enabled=True,
    )
