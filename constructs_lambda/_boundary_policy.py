"""The permissions-boundary policy document that ``PermissionsBoundary(scope, id)`` creates.

The allow statements follow the developer guide's boundary for Lambda applications (its own resources
only: https://docs.aws.amazon.com/lambda/latest/dg/permissions-boundary.html) plus what CDK's own
provider functions need; the deny statements stop a role from escaping the boundary (IAM permissions
boundaries: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html). At
synthesis it gains the statements of the roles this library granted (``role_grant_statements``); every
wildcard is acknowledged for cdk-nag (``nag_acknowledgments``).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from aws_cdk import Acknowledgment, Aws, Stack, Validations
from aws_cdk import aws_iam as iam

from ._boundary_registry import RoleGrant
from ._grant_check import as_list, template_text
from ._limits import VPC_ENI_ACTIONS
from ._validation import is_unresolved, jsii_ref

NAG_REASON = (
    "A permissions boundary is a ceiling, not a grant: its wildcards bound what the application's roles "
    "may ever be given (resources named with the application's prefix; CloudWatch Logs, X-Ray and VPC "
    "network-interface actions that cannot be scoped to a resource; for each Lambda Managed Instances "
    "capacity provider, its operator role's own statements: EC2 Describe actions, which have no "
    "resource-level permissions, and instances, volumes, network interfaces and Amazon-owned images that "
    "have no ID before launch, under the same conditions). Each role's own policies stay least-privilege."
)


def default_allow_statements(prefix: str) -> list[iam.PolicyStatement]:
    """The developer guide's application boundary, plus what CDK's own provider functions need."""
    partition, account = Aws.PARTITION, Aws.ACCOUNT_ID
    lower = prefix if is_unresolved(prefix) else prefix.lower()

    def arn(service: str, rest: str, region: str = "*", acct: str = account) -> str:
        return f"arn:{partition}:{service}:{region}:{acct}:{rest}"

    return [
        iam.PolicyStatement(
            sid="ApplicationResources",
            actions=["*"],
            resources=[
                arn("lambda", f"function:{prefix}*"),
                arn("logs", f"log-group:/aws/lambda/{prefix}*"),
                arn("sqs", f"{prefix}*"),
                arn("sns", f"{prefix}*"),
                arn("dynamodb", f"table/{prefix}*"),
                arn("states", f"stateMachine:{prefix}*"),
                arn("events", f"event-bus/{prefix}*"),
                arn("ssm", f"parameter/{prefix}*"),
                arn("secretsmanager", f"secret:{prefix}*"),
                arn("kinesis", f"stream/{prefix}*"),
                f"arn:{partition}:s3:::{lower}*",
            ],
        ),
        iam.PolicyStatement(
            sid="LogsAndTracing",
            actions=[
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:DescribeLogGroups",
                "logs:DescribeLogStreams",
                "logs:PutLogEvents",
                "xray:Put*",
                "xray:GetSampling*",
            ],
            resources=["*"],
        ),
        iam.PolicyStatement(
            sid="VpcNetworkInterfaces",
            actions=list(VPC_ENI_ACTIONS),
            resources=["*"],
        ),
        iam.PolicyStatement(
            sid="CdkProviders",
            actions=[
                "s3:GetObject*",
                "s3:GetBucket*",
                "s3:List*",
                "ssm:GetParameters",
                "ssm:PutParameter",
                "ssm:DeleteParameters",
                "ssm:AddTagsToResource",
                "ssm:RemoveTagsFromResource",
                "ssm:ListTagsForResource",
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress",
                "ec2:RevokeSecurityGroupEgress",
            ],
            resources=[
                f"arn:{partition}:s3:::cdk-*-assets-{account}-*",
                arn("ssm", "parameter/cdk/exports/*"),
                arn("ec2", "security-group/*"),
            ],
        ),
    ]


def deny_statements(self_arn: str) -> list[iam.PolicyStatement]:
    """Denials that keep every role in the boundary (always part of a library-made boundary)."""
    return [
        iam.PolicyStatement(
            sid="DenyRolesAndUsersWithoutThisBoundary",
            effect=iam.Effect.DENY,
            actions=[
                "iam:CreateRole",
                "iam:CreateUser",
                "iam:PutRolePermissionsBoundary",
                "iam:PutUserPermissionsBoundary",
                "iam:AttachRolePolicy",
                "iam:DetachRolePolicy",
                "iam:PutRolePolicy",
                "iam:DeleteRolePolicy",
                "iam:AttachUserPolicy",
                "iam:DetachUserPolicy",
                "iam:PutUserPolicy",
                "iam:DeleteUserPolicy",
            ],
            resources=["*"],
            conditions={"StringNotEquals": {"iam:PermissionsBoundary": self_arn}},
        ),
        iam.PolicyStatement(
            sid="DenyChangingThisBoundary",
            effect=iam.Effect.DENY,
            actions=[
                "iam:CreatePolicyVersion",
                "iam:DeletePolicy",
                "iam:DeletePolicyVersion",
                "iam:SetDefaultPolicyVersion",
            ],
            resources=[self_arn],
        ),
        iam.PolicyStatement(
            sid="DenyRemovingBoundaries",
            effect=iam.Effect.DENY,
            actions=["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"],
            resources=["*"],
        ),
    ]


def rendered(stack: Stack, statements: Iterable[iam.PolicyStatement]) -> list[dict[str, Any]]:
    """The statements' JSON resolved in ``stack``, in one jsii call for all of them."""
    jsons = [statement.to_statement_json() for statement in statements]
    return list(stack.resolve(jsons)) if jsons else []


def wildcard_findings(stack: Stack, statements: Iterable[iam.PolicyStatement]) -> list[str]:
    """The AwsSolutions-IAM5 finding IDs (``Action::x*``, ``Resource::arn:<AWS::Partition>...``)."""
    findings: list[str] = []
    for statement in rendered(stack, statements):
        if statement.get("Effect") != "Allow":
            continue
        for action in as_list(statement.get("Action", [])):
            if isinstance(action, str) and "*" in action:
                findings.append(f"Action::{action}")
        for resource in as_list(statement.get("Resource", [])):
            text = template_text(resource, _nag_leaf) or ""
            if "*" in text:
                findings.append(f"Resource::{text}")
    return sorted(set(findings))


def nag_acknowledgments(
    stack: Stack, statements: Iterable[iam.PolicyStatement], *, known: Collection[str] = ()
) -> list[Acknowledgment]:
    """cdk-nag acknowledgments of each wildcard finding of ``statements`` not in ``known``, by exact text."""
    return [
        Acknowledgment(id=f"AwsSolutions-IAM5[{finding}]", reason=NAG_REASON)
        for finding in wildcard_findings(stack, statements)
        if finding not in known
    ]


def add_role_grants(
    policy: iam.ManagedPolicy,
    stack: Stack,
    statements: Sequence[iam.PolicyStatement],
    grants: Sequence[RoleGrant],
) -> tuple[iam.PolicyStatement, ...]:
    """Add to ``policy`` (in ``stack``, holding ``statements``) the statements of each of ``grants``.

    Their Sids name the granting construct. A role in ``stack`` gives its own statements (same
    resources); one in another stack gives them without that stack's subnet and security-group IDs,
    which would make the two stacks depend on each other (``RoleGrant.portable``). The new wildcards are
    acknowledged for cdk-nag. Returns all of the policy's statements.
    """
    stack_key = jsii_ref(stack)
    added: list[iam.PolicyStatement] = []
    sids: set[str] = set()
    for grant in grants:
        sid = grant.sid
        for n in range(2, len(grants) + 2):  # two providers whose paths differ only in '/' or '-'
            if sid not in sids:
                break
            sid = f"{grant.sid}{n}"
        sids.add(sid)
        same_stack = jsii_ref(Stack.of(grant.role)) == stack_key
        for suffix, statement in grant.statements if same_stack else grant.portable():
            added.append(statement.copy(sid=f"{sid}{suffix}"))
    policy.add_statements(*added)
    known = set(wildcard_findings(stack, statements if added else ()))
    Validations.of(policy).acknowledge(*nag_acknowledgments(stack, added, known=known))
    return (*statements, *added)


def _nag_leaf(value: Any) -> str:
    """An intrinsic written the way cdk-nag names it in findings (``<AWS::Partition>``)."""
    if isinstance(value, dict) and "Ref" in value:
        return f"<{value['Ref']}>"
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return f"<{'.'.join(str(v) for v in value['Fn::GetAtt'])}>"
    return json.dumps(value)
