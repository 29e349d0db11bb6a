"""The operator role of ``ManagedInstances``: scoped statements instead of the AWS-managed policy.

Why not ``AWSLambdaManagedEC2ResourceOperator``: it allows its EC2 actions in every Region and account, on
every subnet and security group. The same statements limited to the stack's Region and account and to the
provider's own subnets and security groups let Lambda do what it needs for this provider and no more. A
boundary this library created learns them through ``register_grant``; each wildcard left gets its reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from aws_cdk import Acknowledgment, Stack, Token, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from ._boundary_enforcement import RoleGrant, register_grant

# The operator role, scoped: the statements of AWSLambdaManagedEC2ResourceOperator as
# https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-operator-role.html prints them, with
# '*' regions and accounts replaced by the stack's and subnets and security groups by the provider's own.
_SCALER_PRINCIPAL: Final = "scaler.lambda.amazonaws.com"
_LAUNCHED_RESOURCE_ACTIONS: Final = ("ec2:AttachNetworkInterface", "ec2:CreateTags", "ec2:RunInstances")
_LAUNCHED_RESOURCE_TYPES: Final = ("instance", "network-interface", "volume")
_NETWORK_ACTIONS: Final = ("ec2:CreateNetworkInterface", "ec2:RunInstances")
# EC2 Describe* actions have no resource-level permissions, so '*' is the narrowest resource.
_DESCRIBE_ACTIONS: Final = (
    "ec2:DescribeAvailabilityZones",
    "ec2:DescribeCapacityReservations",
    "ec2:DescribeInstanceStatus",
    "ec2:DescribeInstanceTypeOfferings",
    "ec2:DescribeInstanceTypes",
    "ec2:DescribeInstances",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
)


def grant_operator(
    provider: Construct,
    role: iam.Role,
    subnets: Sequence[ec2.ISubnet],
    security_groups: Sequence[ec2.ISecurityGroup],
    cfn: lambda_.CfnCapacityProvider,
) -> tuple[iam.PolicyStatement, ...]:
    """Grant ``role`` the scoped operator statements of ``provider`` and return them.

    Args:
        provider: The ``ManagedInstances`` construct (its stack and path name the grant). Default: - required.
        role: The operator role the construct created. Default: - required.
        subnets: The provider's subnets. Default: - required.
        security_groups: The provider's security groups. Default: - required.
        cfn: The provider's ``CfnCapacityProvider``, created after the role's policy. Default: - required.
    """
    stack = Stack.of(provider)
    subnet_ids = [s.subnet_id for s in subnets]
    group_ids = [g.security_group_id for g in security_groups]
    statements = _operator_statements(stack, subnet_ids, group_ids)
    granted = tuple(statement for _, statement in statements)
    for statement in granted:
        role.add_to_principal_policy(statement)
    # A boundary this library created allows exactly these statements when it covers the role.
    register_grant(
        RoleGrant(
            role=role,
            role_path=role.node.path,
            sid=_grant_sid(provider.node.path),
            statements=statements,
            portable=lambda: _operator_statements(stack, subnet_ids, group_ids, portable=True),
        )
    )
    policy = role.node.find_child("DefaultPolicy")
    cfn.node.add_dependency(policy)  # Lambda checks the role's rights when the provider is created
    region = "<AWS::Region>" if Token.is_unresolved(stack.region) else stack.region
    account = "<AWS::AccountId>" if Token.is_unresolved(stack.account) else stack.account
    arn = f"arn:<AWS::Partition>:ec2:{region}"
    launched_reason = (
        "Instances, network interfaces and volumes that Lambda launches have no ID before they exist; "
        "the statement is limited to this account and Region and to ec2:ManagedResourceOperator = "
        "scaler.lambda.amazonaws.com, as in AWSLambdaManagedEC2ResourceOperator."
    )
    reasons = {
        "*": "EC2 Describe* actions have no resource-level permissions; nothing else uses '*'.",
        f"{arn}::image/*": (
            "Lambda picks the Amazon-owned image itself; the statement requires ec2:Owner = amazon, as "
            "in AWSLambdaManagedEC2ResourceOperator."
        ),
        **{f"{arn}:{account}:{kind}/*": launched_reason for kind in _LAUNCHED_RESOURCE_TYPES},
    }
    Validations.of(policy).acknowledge(
        *(
            Acknowledgment(id=f"AwsSolutions-IAM5[Resource::{resource}]", reason=reason)
            for resource, reason in reasons.items()
        )
    )
    return granted


def _operator_statements(
    stack: Stack, subnet_ids: Sequence[str], group_ids: Sequence[str], *, portable: bool = False
) -> tuple[tuple[str, iam.PolicyStatement], ...]:
    """The operator role's statements, each with the Sid suffix a boundary gives its copy.

    Args:
        stack: The provider's stack (its partition, Region and account). Default: - required.
        subnet_ids: The provider's subnets. Default: - required.
        group_ids: The provider's security groups. Default: - required.
        portable: Usable in another stack: an ID or a Region or account known only at deploy time
            becomes ``*``. Default: ``False``.
    """

    def arn(kind: str, name: str, *, account: str | None = None) -> str:
        if not portable:
            return stack.format_arn(service="ec2", account=account, resource=kind, resource_name=name)
        region, acct = (v if not Token.is_unresolved(v) else "*" for v in (stack.region, stack.account))
        return stack.format_arn(
            service="ec2",
            region=region,
            account=acct if account is None else account,
            resource=kind,
            resource_name="*" if Token.is_unresolved(name) else name,
        )

    launched = [arn(kind, "*") for kind in _LAUNCHED_RESOURCE_TYPES]
    network = [arn("subnet", i) for i in subnet_ids] + [arn("security-group", i) for i in group_ids]
    return (
        (
            "Launched",
            iam.PolicyStatement(
                actions=list(_LAUNCHED_RESOURCE_ACTIONS),
                resources=launched,
                conditions={"StringEquals": {"ec2:ManagedResourceOperator": _SCALER_PRINCIPAL}},
            ),
        ),
        ("Describe", iam.PolicyStatement(actions=list(_DESCRIBE_ACTIONS), resources=["*"])),
        # Deduplicated: a portable list repeats subnet/* and security-group/* per ID.
        (
            "Network",
            iam.PolicyStatement(actions=list(_NETWORK_ACTIONS), resources=list(dict.fromkeys(network))),
        ),
        (
            "AmazonImages",
            iam.PolicyStatement(
                actions=["ec2:RunInstances"],
                resources=[arn("image", "*", account="")],
                conditions={"StringEquals": {"ec2:Owner": "amazon"}},
            ),
        ),
    )


def _grant_sid(path: str) -> str:
    """A Sid prefix naming the provider: IAM Sids are letters and digits only."""
    return "ManagedInstances" + re.sub(r"[^A-Za-z0-9]", "", path)
