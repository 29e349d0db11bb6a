"""Durable functions: DurableConfig ranges, least-privilege durable rights, the create-only warning."""

from __future__ import annotations

import pytest
from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Annotations, Match

import constructs_lambda as cl
from constructs_lambda import _limits as limits
from tests.helpers import assert_nag_clean, make_function, template_of

HOUR = Duration.hours(1)


def durable(timeout: Duration = HOUR, retention: Duration | None = None) -> lambda_.DurableConfig:
    """A DurableConfig with an execution timeout and an optional retention."""
    return lambda_.DurableConfig(execution_timeout=timeout, retention_period=retention)


@pytest.mark.parametrize(
    ("timeout", "seconds"),
    [
        (Duration.seconds(limits.DURABLE_EXECUTION_TIMEOUT_MIN_SECONDS), 1),
        (Duration.seconds(limits.DURABLE_EXECUTION_TIMEOUT_MAX_SECONDS), 31_622_400),
        (Duration.days(366), 31_622_400),
    ],
    ids=["min-1s", "max-31622400s", "366-days"],
)
def test_execution_timeout_just_inside(stack: Stack, timeout: Duration, seconds: int) -> None:
    """An execution timeout at either end of 1-31,622,400 s: it is kept."""
    # GIVEN / WHEN
    make_function(stack, "Durable", durable_config=durable(timeout))
    # THEN
    template_of(stack, lint=False).has_resource_properties(
        "AWS::Lambda::Function", {"DurableConfig": Match.object_like({"ExecutionTimeout": seconds})}
    )


@pytest.mark.parametrize(
    "timeout",
    [
        Duration.seconds(0),
        Duration.seconds(limits.DURABLE_EXECUTION_TIMEOUT_MAX_SECONDS + 1),
        Duration.millis(1500),
    ],
    ids=["0s", "31622401s", "1.5s"],
)
def test_fails_when_execution_timeout_just_outside(stack: Stack, timeout: Duration) -> None:
    """An execution timeout outside 1-31,622,400 whole seconds: ValidationError."""
    # GIVEN / WHEN / THEN
    with pytest.raises(
        cl.ValidationError, match=r"Test/Durable: durable_config.execution_timeout must be whole"
    ):
        make_function(stack, "Durable", durable_config=durable(timeout))


@pytest.mark.parametrize(
    ("retention", "days"),
    [(Duration.days(1), 1), (Duration.days(90), 90), (Duration.hours(48), 2)],
    ids=["1-day", "90-days", "48-hours"],
)
def test_retention_just_inside(stack: Stack, retention: Duration, days: int) -> None:
    """A retention of whole days within 1-90: RetentionPeriodInDays is set."""
    # GIVEN / WHEN
    make_function(stack, "Durable", durable_config=durable(retention=retention))
    # THEN
    template_of(stack, lint=False).has_resource_properties(
        "AWS::Lambda::Function", {"DurableConfig": {"ExecutionTimeout": 3600, "RetentionPeriodInDays": days}}
    )


@pytest.mark.parametrize(
    "retention",
    [Duration.days(0), Duration.days(91), Duration.days(365), Duration.hours(36)],
    ids=["0-days", "91-days", "365-days", "36-hours"],
)
def test_fails_when_retention_just_outside(stack: Stack, retention: Duration) -> None:
    """A retention outside 1-90 whole days: ValidationError, not a jsii error."""
    # GIVEN / WHEN / THEN
    with pytest.raises(
        cl.ValidationError, match=r"durable_config.retention_period must be whole days between 1"
    ):
        make_function(stack, "Durable", durable_config=durable(retention=retention))


def test_default_durable_function_is_lint_and_nag_clean(stack: Stack) -> None:
    """A durable function with defaults: cfn-lint and cdk-nag find nothing."""
    # GIVEN / WHEN
    make_function(stack, "Durable", durable_config=durable())
    # THEN
    template_of(stack)
    assert_nag_clean(stack)


def test_durable_rights_are_scoped_to_the_functions_versions(stack: Stack) -> None:
    """A durable function: no managed policy, and the durable actions name only this function's qualified ARNs."""
    # GIVEN / WHEN
    fn = make_function(stack, "Durable", durable_config=durable())
    template = template_of(stack)
    # THEN
    logical_id = stack.get_logical_id(fn.node.default_child)  # type: ignore[arg-type]
    roles = template.find_resources("AWS::IAM::Role")
    assert all("ManagedPolicyArns" not in role["Properties"] for role in roles.values())
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": [
                    {
                        "Action": list(limits.DURABLE_EXECUTION_ACTIONS),
                        "Effect": "Allow",
                        "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [logical_id, "Arn"]}, ":*"]]},
                    }
                ],
                "Version": "2012-10-17",
            }
        },
    )
    text = str(template.to_json())
    assert (
        "lambda:CheckpointDurableExecution" in text and "AWSLambdaBasicDurableExecutionRolePolicy" not in text
    )


def test_durable_rights_left_to_a_given_role(stack: Stack) -> None:
    """A durable function with its own role: no durable policy is added to it, as the L2 adds none to a given role."""
    # GIVEN
    role = iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    # WHEN
    fn = make_function(stack, "Durable", durable_config=durable(), role=role)
    # THEN
    assert fn.node.try_find_child("DurableExecutionPolicy") is None


def test_warns_that_durability_is_chosen_at_creation(stack: Stack) -> None:
    """A durable function: a warning says durability is set only at creation."""
    # GIVEN / WHEN
    make_function(stack, "Durable", durable_config=durable())
    # THEN
    Annotations.from_stack(stack).has_warning(
        "/Test/Durable",
        Match.string_like_regexp("only when a function is created.*constructs-lambda:durableCreateOnly"),
    )


def test_no_durable_warning_without_durable_config(stack: Stack) -> None:
    """A plain function: there is no durable warning and no durable policy."""
    # GIVEN / WHEN
    fn = make_function(stack, "Durable")
    # THEN
    Annotations.from_stack(stack).has_no_warning("*", Match.string_like_regexp("durableCreateOnly"))
    assert fn.node.try_find_child("DurableExecutionPolicy") is None
