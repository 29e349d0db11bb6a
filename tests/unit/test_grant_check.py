"""Tests of the grant check: pure functions on hand-written template dicts, no synthesis."""

from __future__ import annotations

from typing import Any

import pytest

from constructs_lambda._grant_check import (
    AllowPatterns,
    BlockedGrant,
    allow_patterns,
    arn_matches,
    blocked_grants,
)

ACCOUNT = "123456789012"
EU = {"partition": "aws", "region": "eu-west-1", "account": ACCOUNT}
AGNOSTIC = {"partition": "*", "region": "*", "account": "*"}  # tokens: known only at deploy time
QUEUE_ARN = {"Fn::GetAtt": ["Queue", "Arn"]}


def allow(actions: Any, resources: Any = "*") -> dict[str, Any]:
    """A rendered allow statement, as ``PolicyStatement.to_statement_json`` resolves it."""
    return {"Effect": "Allow", "Action": actions, "Resource": resources}


def role(*statements: dict[str, Any], managed: list[Any] | None = None) -> dict[str, Any]:
    """An ``AWS::IAM::Role`` with one inline policy holding ``statements``."""
    properties: dict[str, Any] = {
        "Policies": [{"PolicyName": "inline", "PolicyDocument": {"Statement": list(statements)}}]
    }
    if managed is not None:
        properties["ManagedPolicyArns"] = managed
    return {"Type": "AWS::IAM::Role", "Properties": properties}


def template(**resources: dict[str, Any]) -> dict[str, Any]:
    """A parsed template holding ``resources`` by logical ID."""
    return {"Resources": resources}


def queue(name: str) -> dict[str, Any]:
    """An ``AWS::SQS::Queue`` named ``name`` (its ARN can be written from the name)."""
    return {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": name}}


def ceiling(*statements: dict[str, Any]) -> AllowPatterns:
    """A boundary of rendered ``statements``, as the check reads it."""
    return allow_patterns(statements)


@pytest.mark.parametrize(
    ("granted", "boundary", "blocked"),
    [
        (
            allow("sqs:SendMessage", "arn:aws:sqs:eu-west-1:1:app-q"),
            allow("sqs:*", "arn:aws:sqs:*:*:app-*"),
            False,
        ),
        (allow("SQS:SendMessage", "arn:aws:sqs:eu-west-1:1:app-q"), allow("sqs:sendmessage", "*"), False),
        (allow("sqs:SendMessage", "arn:aws:sqs:eu-west-1:1:app-q"), allow("s3:GetObject", "*"), True),
        (
            allow("sqs:SendMessage", "arn:aws:sqs:eu-west-1:1:other-q"),
            allow("sqs:*", "arn:aws:sqs:*:*:app-*"),
            True,
        ),
        (
            allow("sqs:SendMessage", "arn:aws:sqs:eu-west-1:1:app-q"),
            {"Effect": "Allow", "NotAction": "iam:*"},
            False,
        ),
        (
            allow("sqs:SendMessage", "arn:aws:sqs:eu-west-1:1:app-q"),
            {"Effect": "Deny", "Action": "*", "Resource": "*"},
            True,
        ),
        ({"Effect": "Deny", "Action": "sqs:SendMessage", "Resource": "*"}, allow("s3:GetObject"), False),
    ],
    ids=[
        "allowed-by-action-and-resource-glob",
        "allowed-action-case-insensitive",
        "denied-action",
        "denied-resource-outside-prefix",
        "allowed-by-not-action",
        "denied-deny-is-no-allow",
        "deny-grant-is-no-grant",
    ],
)
def test_blocked_grants_judges_action_and_resource(
    granted: dict[str, Any], boundary: dict[str, Any], blocked: bool
) -> None:
    """An inline grant is reported exactly when no allow statement of the boundary covers it."""
    # GIVEN a role with one inline grant and its boundary
    tpl = template(Role=role(granted))
    # WHEN
    findings = blocked_grants(tpl, {"Role": ceiling(boundary)}, EU)
    # THEN
    assert bool(findings) == blocked, findings


def test_blocked_grants_names_role_action_and_resource() -> None:
    """A finding carries the role's logical ID, the action, the resource as written and as text."""
    # GIVEN a role granted SendMessage on a named queue outside its boundary
    tpl = template(Queue=queue("shared-dlq"), Role=role(allow("sqs:SendMessage", QUEUE_ARN)))
    # WHEN
    findings = blocked_grants(tpl, {"Role": ceiling(allow("s3:GetObject"))}, EU)
    # THEN
    assert findings == [
        BlockedGrant(
            role="Role",
            action="sqs:SendMessage",
            resource=QUEUE_ARN,
            granted=f"arn:aws:sqs:eu-west-1:{ACCOUNT}:shared-dlq",
        )
    ]


@pytest.mark.parametrize(
    ("environment", "blocked"),
    [
        (EU, False),
        ({**EU, "region": "us-east-1"}, True),
        ({**EU, "account": "210987654321"}, True),
        ({**EU, "partition": "aws-cn"}, True),
        (AGNOSTIC, False),
    ],
    ids=["same-region-and-account", "other-region", "other-account", "other-partition", "tokens"],
)
def test_full_arn_in_boundary_covers_a_named_resource_only_in_its_environment(
    environment: dict[str, str], blocked: bool
) -> None:
    """A boundary naming a queue by its full ARN covers it in that region and account only.

    Region, account or partition only known at deploy time (a token, "*") is accepted.
    """
    # GIVEN a boundary that allows the queue by its eu-west-1 ARN
    boundary = ceiling(allow("sqs:SendMessage", f"arn:aws:sqs:eu-west-1:{ACCOUNT}:shared-dlq"))
    tpl = template(Queue=queue("shared-dlq"), Role=role(allow("sqs:SendMessage", QUEUE_ARN)))
    # WHEN the template belongs to a stack in ``environment``
    findings = blocked_grants(tpl, {"Role": boundary}, environment)
    # THEN
    assert bool(findings) == blocked, findings


@pytest.mark.parametrize(
    ("environment", "granted_text"),
    [
        (EU, f"arn:aws:sqs:eu-west-1:{ACCOUNT}:app-q"),
        (AGNOSTIC, "arn:*:sqs:*:*:app-q"),
    ],
    ids=["known-environment", "environment-agnostic"],
)
def test_pseudo_parameters_in_a_granted_arn_are_filled_in(
    environment: dict[str, str], granted_text: str
) -> None:
    """``Fn::Join`` with ``AWS::Partition``/``Region``/``AccountId`` refs becomes text from the environment."""
    # GIVEN a grant on a joined ARN and a boundary that allows nothing on queues
    joined = {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":sqs:",
                {"Ref": "AWS::Region"},
                ":",
                {"Ref": "AWS::AccountId"},
                ":app-q",
            ],
        ]
    }
    tpl = template(Role=role(allow("sqs:SendMessage", joined)))
    # WHEN
    findings = blocked_grants(tpl, {"Role": ceiling(allow("s3:GetObject"))}, environment)
    # THEN
    assert [f.granted for f in findings] == [granted_text]


def test_token_segments_in_the_boundary_match_any_value() -> None:
    """Intrinsics in the boundary's resources (partition, account) stand for any value."""
    # GIVEN a boundary resource written with tokens, as a stack renders Aws.PARTITION and Aws.ACCOUNT_ID
    resource = {
        "Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":sqs:*:", {"Ref": "AWS::AccountId"}, ":app-*"]]
    }
    boundary = ceiling(allow("sqs:*", resource))
    tpl = template(Role=role(allow("sqs:SendMessage", f"arn:aws:sqs:eu-west-1:{ACCOUNT}:app-q")))
    # WHEN
    findings = blocked_grants(tpl, {"Role": boundary}, EU)
    # THEN
    assert findings == []


@pytest.mark.parametrize(
    ("granted", "pattern", "matches"),
    [
        ("arn:*:sqs:*:*:app-q", "arn:aws:sqs:eu-west-1:123456789012:app-*", True),
        ("arn:aws:sqs:eu-west-1:123456789012:*", "arn:aws:sqs:*:*:app-*", False),
        ("arn:aws:sqs:*:123456789012:app-q", "arn:aws:sqs:eu-west-1:210987654321:app-q", False),
        ("arn:aws:s3:::app-bucket/key", "arn:aws:s3:::app-*", True),
        ("*", "arn:aws:sqs:*:*:*", False),
        ("*", "*", True),
    ],
    ids=[
        "token-partition-region-account",
        "resource-wildcard-is-not-a-token",
        "token-region-known-account-mismatch",
        "s3-arn-without-region-and-account",
        "any-resource-needs-a-star-boundary",
        "star-covers-star",
    ],
)
def test_arn_matches_reads_star_segments_as_tokens_only_where_they_can_be(
    granted: str, pattern: str, matches: bool
) -> None:
    """A granted "*" in partition, region or account is a deploy-time value; elsewhere it is a wildcard."""
    # GIVEN / WHEN
    result = arn_matches(granted, pattern)
    # THEN
    assert result == matches


def test_grants_from_aws_managed_and_attached_policies_are_checked() -> None:
    """AWS managed Lambda policies and AWS::IAM::Policy resources that Ref the role add grants."""
    # GIVEN a role with the basic execution managed policy and a separate policy resource
    managed = [
        {
            "Fn::Join": [
                "",
                [
                    "arn:",
                    {"Ref": "AWS::Partition"},
                    ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                ],
            ]
        }
    ]
    tpl = template(
        Role=role(managed=managed),
        Policy={
            "Type": "AWS::IAM::Policy",
            "Properties": {
                "PolicyDocument": {"Statement": [allow(["xray:PutTraceSegments"])]},
                "Roles": [{"Ref": "Role"}],
            },
        },
    )
    # WHEN
    findings = blocked_grants(tpl, {"Role": ceiling(allow("logs:PutLogEvents"))}, EU)
    # THEN
    assert [(f.action, f.granted) for f in findings] == [
        ("logs:CreateLogGroup", "*"),
        ("logs:CreateLogStream", "*"),
        ("xray:PutTraceSegments", "*"),
    ]


def test_each_blocked_grant_is_reported_once_per_role() -> None:
    """The same action on the same resource, granted twice, is one finding."""
    # GIVEN
    tpl = template(
        Role=role(
            allow("sqs:SendMessage", "arn:aws:sqs:eu-west-1:1:q"),
            allow(["sqs:SendMessage"], ["arn:aws:sqs:eu-west-1:1:q"]),
        )
    )
    # WHEN
    findings = blocked_grants(tpl, {"Role": ceiling(allow("s3:GetObject"))}, EU)
    # THEN
    assert len(findings) == 1


def test_unknown_resources_and_unchecked_roles_are_not_reported() -> None:
    """An allowed action on a resource that cannot be written as text passes; roles without a boundary are skipped."""
    # GIVEN a grant on an unnamed queue's ARN, and a second role not handed a boundary
    tpl = template(
        Queue={"Type": "AWS::SQS::Queue", "Properties": {}},
        Role=role(allow("sqs:SendMessage", QUEUE_ARN)),
        Other=role(allow("sqs:DeleteQueue", "*")),
    )
    # WHEN the boundary allows the action, on other queues only
    findings = blocked_grants(tpl, {"Role": ceiling(allow("sqs:SendMessage", "arn:aws:sqs:*:*:app-*"))}, EU)
    # THEN
    assert findings == []
