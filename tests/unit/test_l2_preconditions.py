"""Keyword values that make aws-cdk-lib's Function throw are refused first, as ValidationError.

Each case pairs the failing combination with the nearest one that passes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

import constructs_lambda as cl
from tests.helpers import make_function

RUNTIME = lambda_.Runtime.PYTHON_3_14
Props = Callable[[Stack], dict[str, Any]]


def queue(stack: Stack) -> sqs.Queue:
    return sqs.Queue(stack, "Dlq", enforce_ssl=True)


def topic(stack: Stack) -> sns.Topic:
    return sns.Topic(stack, "DlqTopic")


def vpc(stack: Stack) -> ec2.Vpc:
    return ec2.Vpc(stack, "Vpc", max_azs=2)


def in_vpc(stack: Stack, **more: Any) -> dict[str, Any]:
    network = vpc(stack)
    groups = more.pop("groups", False)
    props: dict[str, Any] = {"vpc": network, **more}
    if groups:
        props["security_groups"] = [ec2.SecurityGroup(stack, "Sg", vpc=network)]
    return props


def image(stack: Stack, **more: Any) -> dict[str, Any]:
    repository = ecr.Repository.from_repository_name(stack, "Repo", "orders")
    return {
        "runtime": lambda_.Runtime.FROM_IMAGE,
        "handler": lambda_.Handler.FROM_IMAGE,
        "code": lambda_.Code.from_ecr_image(repository),
        **more,
    }


def adot(wrapper: lambda_.AdotLambdaExecWrapper) -> lambda_.AdotInstrumentationConfig:
    layer = lambda_.AdotLayerVersion.from_python_sdk_layer_version(
        lambda_.AdotLambdaLayerPythonSdkVersion.LATEST
    )
    return lambda_.AdotInstrumentationConfig(layer_version=layer, exec_wrapper=wrapper)


def imported_subnet(stack: Stack, az: str | None) -> ec2.SubnetSelection:
    if az is None:
        subnet = ec2.Subnet.from_subnet_id(stack, "Imported", "subnet-0123456789abcdef0")
    else:
        subnet = ec2.Subnet.from_subnet_attributes(
            stack, "Imported", subnet_id="subnet-0123456789abcdef0", availability_zone=az
        )
    return ec2.SubnetSelection(subnets=[subnet])


def s3_code(stack: Stack) -> lambda_.Code:
    return lambda_.Code.from_bucket(s3.Bucket.from_bucket_name(stack, "Code", "orders-code"), "app.zip")


JSON = lambda_.LoggingFormat.JSON
INSTRUMENT = lambda_.AdotLambdaExecWrapper.INSTRUMENT_HANDLER
REGULAR = lambda_.AdotLambdaExecWrapper.REGULAR_HANDLER

# name: (failing props, nearest passing props, the start of the message after the construct path)
CASES: dict[str, tuple[Props, Props, str]] = {
    "dlq-enabled-false": (
        lambda s: {"dead_letter_queue": queue(s), "dead_letter_queue_enabled": False},
        lambda s: {"dead_letter_queue": queue(s), "dead_letter_queue_enabled": True},
        "dead_letter_queue_enabled must not be False when dead_letter_queue is given",
    ),
    "dlq-and-topic": (
        lambda s: {"dead_letter_queue": queue(s), "dead_letter_topic": topic(s)},
        lambda s: {"dead_letter_topic": topic(s)},
        "dead_letter_queue cannot be combined with dead_letter_topic",
    ),
    "dlq-enabled-and-topic": (
        lambda s: {"dead_letter_queue_enabled": False, "dead_letter_topic": topic(s)},
        lambda s: {"dead_letter_topic": topic(s)},
        "dead_letter_queue_enabled cannot be combined with dead_letter_topic",
    ),
    "subnet-without-az": (
        lambda s: in_vpc(s, vpc_subnets=imported_subnet(s, None)),
        lambda s: in_vpc(s, vpc_subnets=imported_subnet(s, "eu-west-1a")),
        "vpc_subnets must hold subnets with a known availability zone",
    ),
    "public-subnets": (
        lambda s: in_vpc(s, vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC)),
        lambda s: in_vpc(
            s, vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC), allow_public_subnet=True
        ),
        "vpc_subnets must not select public subnets",
    ),
    "allow-all-outbound-without-vpc": (
        lambda s: {"allow_all_outbound": False},
        lambda s: in_vpc(s, allow_all_outbound=False),
        "allow_all_outbound requires vpc",
    ),
    "allow-all-outbound-with-security-groups": (
        lambda s: in_vpc(s, groups=True, allow_all_outbound=True),
        lambda s: in_vpc(s, groups=True),
        "allow_all_outbound cannot be combined with security_groups",
    ),
    "allow-all-ipv6-outbound-without-vpc": (
        lambda s: {"allow_all_ipv6_outbound": True},
        lambda s: in_vpc(s, allow_all_ipv6_outbound=True),
        "allow_all_ipv6_outbound requires vpc",
    ),
    "allow-all-ipv6-outbound-with-security-groups": (
        lambda s: in_vpc(s, groups=True, allow_all_ipv6_outbound=False),
        lambda s: in_vpc(s, groups=True),
        "allow_all_ipv6_outbound cannot be combined with security_groups",
    ),
    "profiling-unsupported-runtime": (
        lambda s: {"runtime": lambda_.Runtime.NODEJS_24_X, "handler": "index.handler", "profiling": True},
        lambda s: {"profiling": True},
        "profiling requires a runtime CodeGuru Profiler supports",
    ),
    "log-format-and-logging-format": (
        lambda s: {"log_format": "JSON", "logging_format": JSON},
        lambda s: {"logging_format": JSON},
        "log_format cannot be combined with logging_format",
    ),
    "application-log-level-both": (
        lambda s: {
            "application_log_level": "INFO",
            "application_log_level_v2": lambda_.ApplicationLogLevel.INFO,
        },
        lambda s: {"application_log_level_v2": lambda_.ApplicationLogLevel.INFO},
        "application_log_level cannot be combined with application_log_level_v2",
    ),
    "system-log-level-both": (
        lambda s: {"system_log_level": "INFO", "system_log_level_v2": lambda_.SystemLogLevel.INFO},
        lambda s: {"system_log_level_v2": lambda_.SystemLogLevel.INFO},
        "system_log_level cannot be combined with system_log_level_v2",
    ),
    "log-retention-with-log-group": (
        lambda s: {"log_group": logs.LogGroup(s, "Logs"), "log_retention": logs.RetentionDays.ONE_WEEK},
        lambda s: {"log_group": logs.LogGroup(s, "Logs", retention=logs.RetentionDays.ONE_WEEK)},
        "log_retention applies to the log group constructs_lambda creates",
    ),
    "log-removal-policy-with-log-group": (
        lambda s: {"log_group": logs.LogGroup(s, "Logs"), "log_removal_policy": RemovalPolicy.DESTROY},
        lambda s: {"log_group": logs.LogGroup(s, "Logs", removal_policy=RemovalPolicy.DESTROY)},
        "log_removal_policy applies to the log group constructs_lambda creates",
    ),
    "adot-python-regular-handler": (
        lambda s: {"adot_instrumentation": adot(REGULAR)},
        lambda s: {"adot_instrumentation": adot(INSTRUMENT)},
        "adot_instrumentation must use exec_wrapper=AdotLambdaExecWrapper.INSTRUMENT_HANDLER",
    ),
    "adot-on-image": (
        lambda s: image(s, adot_instrumentation=adot(INSTRUMENT)),
        lambda s: image(s),
        "adot_instrumentation is a layer, and container images take no layers",
    ),
    "inline-code-on-java": (
        lambda s: {"runtime": lambda_.Runtime.JAVA_21, "handler": "orders.Handler::handle"},
        lambda s: {
            "runtime": lambda_.Runtime.JAVA_21,
            "handler": "orders.Handler::handle",
            "code": s3_code(s),
        },
        "code cannot be inline for java21",
    ),
    "image-code-without-from-image": (
        lambda s: {**image(s), "runtime": RUNTIME, "handler": "app.handler"},
        lambda s: image(s),
        "runtime must be Runtime.FROM_IMAGE",
    ),
    "from-image-without-image-code": (
        lambda s: {**image(s), "code": s3_code(s)},
        lambda s: image(s),
        "code must be container image code",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_fails_before_jsii(stack: Stack, case: str) -> None:
    """A combination aws-cdk-lib throws on: ValidationError naming path and prop."""
    # GIVEN
    failing, _, message = CASES[case]
    props = failing(stack)
    # WHEN / THEN
    with pytest.raises(cl.ValidationError, match="^Test/Fn: " + message.replace(".", r"\.")):
        make_function(stack, "Fn", **props)


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_nearest_combination_passes(stack: Stack, case: str) -> None:
    """The nearest combination aws-cdk-lib accepts: no error."""
    # GIVEN
    _, passing, _ = CASES[case]
    props = passing(stack)
    # WHEN
    fn = make_function(stack, "Fn", **props)
    # THEN
    assert fn.node.path == "Test/Fn"
