"""Lambda@Edge: settings CloudFront refuses fail synthesis; EdgeFunction picks compatible defaults."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Duration, Environment, Size, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Match

import constructs_lambda as cl
from constructs_lambda import ValidationError
from constructs_lambda._edge import edge_findings
from tests.conftest import ACCOUNT, project_context
from tests.helpers import nag_findings, template_of
from tests.traffic_helpers import CODE, RUNTIME, function, traffic_findings

VIEWER = cloudfront.LambdaEdgeEventType.VIEWER_REQUEST
ORIGIN = cloudfront.LambdaEdgeEventType.ORIGIN_REQUEST


@pytest.fixture
def edge_stack(app: App) -> Stack:
    """A stack in us-east-1, where Lambda@Edge functions must live."""
    return Stack(app, "Edge", env=Environment(account=ACCOUNT, region="us-east-1"))


def distribute(stack: Stack, version: lambda_.IVersion, event_type: cloudfront.LambdaEdgeEventType) -> None:
    """A distribution that runs ``version`` at the edge for ``event_type``."""
    bucket = s3.Bucket(stack, "Site")
    cloudfront.Distribution(
        stack,
        "Cdn",
        default_behavior=cloudfront.BehaviorOptions(
            origin=origins.S3BucketOrigin.with_origin_access_control(bucket),
            edge_lambdas=[cloudfront.EdgeLambda(function_version=version, event_type=event_type)],
        ),
    )


def edge_function(stack: Stack, **kwargs: Any) -> cl.EdgeFunction:
    return cl.EdgeFunction(
        stack, "Auth", runtime=RUNTIME, handler="index.handler", code=lambda_.Code.from_inline(CODE), **kwargs
    )


# -- synth-time detection ---------------------------------------------------------------------------


def test_library_defaults_at_the_edge_fail_synth_per_setting(app: App, edge_stack: Stack) -> None:
    """A cl.Function with its defaults (arm64, 256 MiB, 10 s) used by a viewer trigger: one error each."""
    # GIVEN
    fn = function(edge_stack, "Api")
    distribute(edge_stack, fn.current_version, VIEWER)
    # WHEN / THEN
    with pytest.raises(Exception, match="Lambda@Edge") as err:
        app.synth()
    message = str(err.value)
    assert (
        "Edge/Api: architecture must be x86_64 for Lambda@Edge, got 'arm64' (used at the edge by Edge/Cdn)"
        in message
    )
    assert (
        "Edge/Api: memory_size must be at most 128 MiB for a Lambda@Edge viewer trigger, got 256" in message
    )
    assert "Edge/Api: timeout must be at most 5 seconds for a Lambda@Edge viewer trigger, got 10" in message
    assert "architecture=Architecture.X86_64" in message and "constructs_lambda.EdgeFunction" in message


@pytest.mark.parametrize(
    ("event_type", "memory", "seconds", "fails"),
    [
        (VIEWER, 128, 5, None),
        (VIEWER, 129, 5, "memory_size must be at most 128 MiB"),
        (VIEWER, 128, 6, "timeout must be at most 5 seconds"),
        (ORIGIN, 10240, 30, None),
        (ORIGIN, 128, 31, "timeout must be at most 30 seconds"),
    ],
    ids=[
        "viewer-inside",
        "viewer-memory-outside",
        "viewer-timeout-outside",
        "origin-inside",
        "origin-timeout-outside",
    ],
)
def test_memory_and_timeout_limits_by_event_type(
    app: App,
    edge_stack: Stack,
    event_type: cloudfront.LambdaEdgeEventType,
    memory: int,
    seconds: int,
    fails: str | None,
) -> None:
    """Viewer triggers: 128 MiB and 5 s; origin triggers: Lambda's memory range and 30 s."""
    # GIVEN
    fn = function(
        edge_stack,
        "Api",
        architecture=lambda_.Architecture.X86_64,
        memory_size=memory,
        timeout=Duration.seconds(seconds),
        alias_name=None,
    )
    distribute(edge_stack, fn.current_version, event_type)
    # WHEN / THEN
    if fails is None:
        assert traffic_findings(app) == []
    else:
        with pytest.raises(Exception, match=fails):
            app.synth()


def test_function_outside_us_east_1_fails(app: App, stack: Stack) -> None:
    """The function must be in us-east-1."""
    # GIVEN
    fn = function(
        stack, "Api", architecture=lambda_.Architecture.X86_64, memory_size=128, timeout=Duration.seconds(5)
    )
    distribute(stack, fn.current_version, VIEWER)
    # WHEN / THEN
    with pytest.raises(
        Exception, match="Test/Api: region must be us-east-1 for Lambda@Edge, got 'eu-west-1'"
    ):
        app.synth()


def test_provisioned_concurrency_on_an_edge_function_fails(app: App, edge_stack: Stack) -> None:
    """Lambda@Edge has no provisioned concurrency; the alias carrying it is named."""
    # GIVEN
    fn = function(
        edge_stack,
        "Api",
        architecture=lambda_.Architecture.X86_64,
        memory_size=128,
        timeout=Duration.seconds(5),
        provisioned_concurrency=cl.ProvisionedConcurrency(min_capacity=1, max_capacity=2),
    )
    distribute(edge_stack, fn.current_version, VIEWER)
    # WHEN / THEN
    with pytest.raises(Exception, match="Edge/Api: provisioned_concurrency is not supported by Lambda@Edge"):
        app.synth()


def test_functions_not_used_at_the_edge_are_not_judged(app: App, edge_stack: Stack) -> None:
    """The library's defaults are fine for a function no distribution runs."""
    # GIVEN
    function(edge_stack, "Api")
    # WHEN
    findings = traffic_findings(app)
    # THEN
    assert findings == []


@pytest.mark.parametrize(
    ("properties", "prop"),
    [
        ({"Environment": {"Variables": {"STAGE": "prod"}}}, "environment"),
        ({"Layers": ["arn:aws:lambda:us-east-1:123456789012:layer:deps:1"]}, "layers"),
        ({"VpcConfig": {"SubnetIds": ["subnet-1"]}}, "vpc"),
        ({"PackageType": "Image"}, "code"),
        ({"Runtime": "java21"}, "runtime"),
        ({"RuntimeManagementConfig": {"UpdateRuntimeOn": "Manual"}}, "runtime_management_mode"),
        ({"EphemeralStorage": {"Size": 513}}, "ephemeral_storage_size"),
        ({"Architectures": ["arm64"]}, "architecture"),
    ],
    ids=["environment", "layers", "vpc", "image", "runtime", "runtime-management", "storage-513", "arm64"],
)
def test_pure_check_refuses_each_unsupported_feature(properties: dict[str, Any], prop: str) -> None:
    """Each feature CloudFront refuses is one finding on the function, whatever built it (CfnDistribution too)."""
    # GIVEN
    template = _template({"Runtime": "python3.14", **properties})
    # WHEN
    found = edge_findings(template, "us-east-1")
    # THEN
    assert [f.prop for f in found] == [prop]


def test_pure_check_accepts_512_mib_of_storage_and_tracing() -> None:
    """Ephemeral storage of 512 MiB and X-Ray tracing are allowed (not on CloudFront's list any more)."""
    # GIVEN
    template = _template(
        {"Runtime": "nodejs24.x", "EphemeralStorage": {"Size": 512}, "TracingConfig": {"Mode": "Active"}}
    )
    # WHEN
    found = edge_findings(template, "us-east-1")
    # THEN
    assert found == []


@pytest.mark.parametrize(
    ("target", "expected"),
    [({"Ref": "FnAlias"}, "FnAlias"), ({"Fn::GetAtt": ["Fn", "Arn"]}, "$LATEST")],
    ids=["alias", "unqualified"],
)
def test_pure_check_refuses_aliases_and_latest(target: dict[str, Any], expected: str) -> None:
    """CloudFront runs numbered versions only, never an alias or $LATEST."""
    # GIVEN
    template = _template({"Runtime": "python3.14"}, target=target)
    # WHEN
    found = edge_findings(template, "us-east-1")
    # THEN
    assert [(f.prop, f.value) for f in found] == [("edge_lambdas", expected)]


def _template(function: dict[str, Any], target: dict[str, Any] | None = None) -> dict[str, Any]:
    association = {"EventType": "origin-request", "LambdaFunctionARN": target or {"Ref": "FnVersion"}}
    return {
        "Resources": {
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": function},
            "FnVersion": {"Type": "AWS::Lambda::Version", "Properties": {"FunctionName": {"Ref": "Fn"}}},
            "FnAlias": {
                "Type": "AWS::Lambda::Alias",
                "Properties": {"FunctionName": {"Ref": "Fn"}, "Name": "live"},
            },
            "Cdn": {
                "Type": "AWS::CloudFront::Distribution",
                "Properties": {
                    "DistributionConfig": {
                        "DefaultCacheBehavior": {"LambdaFunctionAssociations": [association]}
                    }
                },
            },
        }
    }


# -- EdgeFunction ---------------------------------------------------------------------------------------


def test_edge_function_is_accepted_by_the_distribution_and_clean(app: App, edge_stack: Stack) -> None:
    """EdgeFunction's defaults pass the edge check, cfn-lint and cdk-nag; its role trusts edgelambda."""
    # GIVEN
    fn = edge_function(edge_stack)
    distribute(edge_stack, fn.current_version, VIEWER)
    # WHEN
    template = template_of(edge_stack)
    # THEN
    assert traffic_findings(app) == []
    template.has_resource_properties(
        "AWS::Lambda::Function", {"Architectures": ["x86_64"], "MemorySize": 128, "Timeout": 5}
    )
    template.resource_count_is("AWS::Lambda::Alias", 0)
    template.has_resource_properties(
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {"Principal": {"Service": ["edgelambda.amazonaws.com", "lambda.amazonaws.com"]}}
                        )
                    ]
                )
            }
        },
    )
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": [Match.object_like({"Action": Match.array_with(["logs:CreateLogGroup"])})]
            }
        },
    )
    assert [f for f in nag_findings(edge_stack) if "/Auth/" in f] == []  # the bucket and CDN are not ours


@pytest.mark.parametrize(
    ("event_types", "kwargs", "fails"),
    [
        (None, {"memory_size": 128, "timeout": Duration.seconds(5)}, None),
        (
            None,
            {"memory_size": 129},
            "memory_size must be at most 128 MiB for a Lambda@Edge viewer trigger, got 129",
        ),
        (
            None,
            {"timeout": Duration.seconds(6)},
            "timeout must be at most 5 seconds for a Lambda@Edge viewer",
        ),
        ([ORIGIN], {"memory_size": 10240, "timeout": Duration.seconds(30)}, None),
        (
            [ORIGIN],
            {"timeout": Duration.seconds(31)},
            "timeout must be at most 30 seconds for a Lambda@Edge origin",
        ),
        (
            [ORIGIN, VIEWER],
            {"timeout": Duration.seconds(6)},
            "timeout must be at most 5 seconds for a Lambda@Edge viewer",
        ),
    ],
    ids=[
        "viewer-inside",
        "viewer-memory-129",
        "viewer-timeout-6",
        "origin-inside",
        "origin-timeout-31",
        "mixed",
    ],
)
def test_edge_function_checks_limits_at_construction(
    edge_stack: Stack,
    event_types: list[cloudfront.LambdaEdgeEventType] | None,
    kwargs: dict[str, Any],
    fails: str | None,
) -> None:
    """Memory and timeout are checked against the strictest event type given, before jsii."""
    # GIVEN / WHEN / THEN
    if fails is None:
        edge_function(edge_stack, event_types=event_types, **kwargs)
    else:
        with pytest.raises(ValidationError, match=f"^Edge/Auth: {fails}"):
            edge_function(edge_stack, event_types=event_types, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        (
            {"architecture": lambda_.Architecture.ARM_64},
            "architecture must be x86_64 for Lambda@Edge, got 'arm64'",
        ),
        ({"environment": {"STAGE": "prod"}}, "environment is not supported by Lambda@Edge"),
        (
            {"provisioned_concurrency": cl.ProvisionedConcurrency(min_capacity=1, max_capacity=2)},
            "provisioned_concurrency is not supported",
        ),
        ({"ephemeral_storage_size": Size.mebibytes(513)}, "ephemeral_storage_size must be at most 512 MiB"),
    ],
    ids=["arm64", "environment", "provisioned-concurrency", "storage-513"],
)
def test_edge_function_refuses_what_cloudfront_refuses(
    edge_stack: Stack, kwargs: dict[str, Any], match: str
) -> None:
    """Each refused keyword raises ValidationError naming path and property."""
    # GIVEN / WHEN / THEN
    with pytest.raises(ValidationError, match=f"^Edge/Auth: {match}"):
        edge_function(edge_stack, **kwargs)


def test_edge_function_accepts_512_mib_of_storage(edge_stack: Stack) -> None:
    """512 MiB of ephemeral storage is just inside the Lambda@Edge limit."""
    # GIVEN / WHEN
    fn = edge_function(edge_stack, ephemeral_storage_size=Size.mebibytes(512))
    # THEN
    assert fn.alias is None


def test_edge_function_outside_us_east_1_is_refused() -> None:
    """An EdgeFunction in a stack of another region raises at construction."""
    # GIVEN
    stack = Stack(App(context=project_context()), "Eu", env=Environment(account=ACCOUNT, region="eu-west-1"))
    # WHEN / THEN
    with pytest.raises(
        ValidationError, match="^Eu/Auth: region must be us-east-1 for Lambda@Edge, got 'eu-west-1'"
    ):
        edge_function(stack)
