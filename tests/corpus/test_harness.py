"""The corpus checks on hand-written template dicts: each finds what it claims, without synthesis."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from aws_cdk import aws_lambda as lambda_

from .apps import runtimes
from .harness import bypassed_aliases, duplicate_aliases, edge_violations, new_findings


def _alias(name: str, function: str, *, provisioned: bool = False) -> dict[str, Any]:
    props: dict[str, Any] = {"Name": name, "FunctionName": {"Ref": function}, "FunctionVersion": "1"}
    if provisioned:
        props["ProvisionedConcurrencyConfig"] = {"ProvisionedConcurrentExecutions": 1}
    return {"Type": "AWS::Lambda::Alias", "Properties": props}


def _permission(target: dict[str, Any]) -> dict[str, Any]:
    return {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": target}}


@pytest.mark.parametrize(
    ("aliases", "expected"),
    [
        ({"A": _alias("live", "Fn"), "B": _alias("live", "Other")}, 0),
        ({"A": _alias("live", "Fn"), "B": _alias("canary", "Fn")}, 0),
        ({"A": _alias("live", "Fn"), "B": _alias("live", "Fn")}, 1),
    ],
    ids=["same-name-other-function", "other-name-same-function", "same-name-same-function"],
)
def test_duplicate_aliases(aliases: dict[str, Any], expected: int) -> None:
    """Only two aliases with one name on one function are duplicates."""
    # GIVEN a template with the aliases
    template = {"Resources": aliases}
    # WHEN duplicates are looked for
    found = duplicate_aliases(template)
    # THEN exactly the duplicate pair is reported
    assert len(found) == expected


@pytest.mark.parametrize(
    ("target", "provisioned", "expected"),
    [
        ({"Fn::GetAtt": ["Fn", "Arn"]}, True, 1),
        ({"Ref": "Fn"}, True, 1),
        ({"Ref": "Alias"}, True, 0),
        ({"Fn::GetAtt": ["Fn", "Arn"]}, False, 0),
    ],
    ids=["getatt-function", "ref-function", "ref-alias", "no-provisioned-concurrency"],
)
def test_bypassed_aliases(target: dict[str, Any], provisioned: bool, expected: int) -> None:
    """An invoker of the unqualified function is a bypass only when the alias carries provisioned concurrency."""
    # GIVEN a function, its alias and a permission naming target
    template = {
        "Resources": {
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {}},
            "Alias": _alias("live", "Fn", provisioned=provisioned),
            "Invoke": _permission(target),
        }
    }
    # WHEN bypasses are looked for
    found = bypassed_aliases(template)
    # THEN only a direct call of a provisioned function counts
    assert len(found) == expected


def test_bypassed_aliases_inside_joined_uri() -> None:
    """A function ARN inside an API Gateway integration URI (Fn::Join) is found."""
    # GIVEN a method whose integration URI joins the function's ARN
    uri = {"Fn::Join": ["", ["arn:aws:apigateway:eu-west-1:lambda:path/", {"Fn::GetAtt": ["Fn", "Arn"]}]]}
    template = {
        "Resources": {
            "Alias": _alias("live", "Fn", provisioned=True),
            "Method": {"Type": "AWS::ApiGateway::Method", "Properties": {"Integration": {"Uri": uri}}},
        }
    }
    # WHEN bypasses are looked for
    found = bypassed_aliases(template)
    # THEN the method is reported
    assert [line.split()[1] for line in found] == ["Method.Integration"]


def test_edge_violations() -> None:
    """Architecture, tracing and the unsupported properties of an associated function are reported."""
    # GIVEN a distribution that associates a version of an arm64, traced function with a layer
    template = {
        "Resources": {
            "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Architectures": ["arm64"],
                    "TracingConfig": {"Mode": "Active"},
                    "Layers": ["arn:aws:lambda:us-east-1:123456789012:layer:x:1"],
                },
            },
            "Other": {"Type": "AWS::Lambda::Function", "Properties": {"Architectures": ["arm64"]}},
            "Version": {"Type": "AWS::Lambda::Version", "Properties": {"FunctionName": {"Ref": "Fn"}}},
            "Cdn": {
                "Type": "AWS::CloudFront::Distribution",
                "Properties": {
                    "DistributionConfig": {
                        "DefaultCacheBehavior": {
                            "LambdaFunctionAssociations": [
                                {"EventType": "viewer-request", "LambdaFunctionARN": {"Ref": "Version"}}
                            ]
                        }
                    }
                },
            },
        }
    }
    # WHEN the edge functions are inspected
    found = edge_violations(template)
    # THEN the associated function's three settings are reported, the other function's none
    assert [line.split(":")[1].split()[0] for line in found] == ["Architectures", "TracingConfig", "Layers"]


def test_new_findings() -> None:
    """Findings the L2 run also has are not the library's."""
    # GIVEN findings of both runs
    library, l2 = ["W1 a", "W2 b"], ["W1 a"]
    # WHEN the L2's are subtracted
    found = new_findings(library, l2)
    # THEN only the library's remain
    assert found == ["W2 b"]


def test_runtimes_app_covers_the_range_while_aws_creates_it() -> None:
    """Before 2027-02-01 the runtimes app has python3.8-3.14 and nodejs18.x-24.x; after, AWS refuses 3.8."""
    # GIVEN the runtimes the app asks for
    wanted = runtimes.PYTHON_RUNTIMES + runtimes.NODE_RUNTIMES
    # WHEN they are filtered by cfn-lint's lifecycle table on two days
    before = runtimes.creatable(wanted, today=datetime.date(2026, 12, 3))
    after = runtimes.creatable(wanted, today=datetime.date(2027, 2, 1))
    # THEN all eleven are created before the block date and python3.8 is not after it
    assert [r.name for r in before] == [r.name for r in wanted]
    assert lambda_.Runtime.PYTHON_3_8.name not in [r.name for r in after]
