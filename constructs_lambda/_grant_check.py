"""Which grants a permissions boundary would deny: pure functions on template and policy JSON.

A role's effective permissions are the intersection of its identity-based policies and its permissions
boundary (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html), so an action
granted to a role that its boundary does not allow is denied at run time. These functions read a parsed
CloudFormation template (``dict``) and a boundary's rendered statements (``dict``) and return what would
be denied. They take no construct and make no jsii call, so they are tested without synthesis; the
enforcement plugin (``_boundary_plugin``) feeds them each synthesized template.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ._limits import VPC_ENI_ACTIONS

AllowPatterns = list[tuple[list[str], list[str]]]
"""A boundary's allow statements as ``(lower-case action globs, resource globs)`` pairs."""

# Actions of the AWS managed policies CDK attaches to Lambda roles (AWS Managed Policy Reference:
# https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html,
# https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html).
AWS_MANAGED_POLICY_ACTIONS: dict[str, tuple[str, ...]] = {
    "service-role/AWSLambdaBasicExecutionRole": (
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
    ),
    "service-role/AWSLambdaVPCAccessExecutionRole": (
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        *VPC_ENI_ACTIONS,
    ),
}

# ARN segments arn:<partition>:<service>:<region>:<account>:<resource>
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html) whose "*" on the granted side
# stands for a value only known at deploy time (see ``environment`` below), not for a wildcard.
_PLACEHOLDER_SEGMENTS = (1, 3, 4)

# Resources whose ARN can be written from a literal name property: type -> (name property, ARN format
# filled in from the environment and the name; ARN formats of the Service Authorization Reference,
# https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
# The attribute the grant refers to is Arn (GetAtt), or Ref for SNS topics (whose Ref is the ARN).
NAMED_ARNS: dict[str, tuple[str, str]] = {
    "AWS::SQS::Queue": ("QueueName", "arn:{partition}:sqs:{region}:{account}:{name}"),
    "AWS::SNS::Topic": ("TopicName", "arn:{partition}:sns:{region}:{account}:{name}"),
    "AWS::Logs::LogGroup": ("LogGroupName", "arn:{partition}:logs:{region}:{account}:log-group:{name}:*"),
    "AWS::DynamoDB::Table": ("TableName", "arn:{partition}:dynamodb:{region}:{account}:table/{name}"),
    "AWS::S3::Bucket": ("BucketName", "arn:{partition}:s3:::{name}"),
    "AWS::Lambda::Function": ("FunctionName", "arn:{partition}:lambda:{region}:{account}:function:{name}"),
}
_PSEUDO_PARAMETERS = {"AWS::Partition": "partition", "AWS::Region": "region", "AWS::AccountId": "account"}


@dataclass(frozen=True, kw_only=True, slots=True)
class BlockedGrant:
    """An action granted to a role that the role's permissions boundary does not allow.

    Attributes:
        role: Logical ID of the role in the template.
        action: The action as granted (``"sqs:SendMessage"``).
        resource: The granted resource as the template writes it (a string or an intrinsic).
        granted: ``resource`` as text, pseudo parameters filled in; ``None`` when it cannot be known.
    """

    role: str
    action: str
    resource: Any
    granted: str | None


def blocked_grants(
    template: Mapping[str, Any], boundaries: Mapping[str, AllowPatterns], environment: Mapping[str, str]
) -> list[BlockedGrant]:
    """Each action granted to a role of ``template`` that the role's boundary does not allow.

    Grants are read from the role's inline policies, its AWS managed policies (those CDK attaches to
    Lambda roles) and the ``AWS::IAM::Policy``/``AWS::IAM::ManagedPolicy`` resources that name it by
    ``Ref``. A granted resource that cannot be written as text is assumed covered. Each (action,
    resource) is reported once per role, in template order.

    Args:
        template: A parsed CloudFormation template.
        boundaries: ``allow_patterns`` of each role's boundary, by the role's logical ID; roles not in
            it are not checked.
        environment: ``{"partition": ..., "region": ..., "account": ...}`` of the template's stack,
            ``"*"`` for a value only known at deploy time.
    """
    resources: dict[str, Any] = template.get("Resources") or {}
    roles = [
        logical_id
        for logical_id, resource in resources.items()
        if logical_id in boundaries
        and isinstance(resource, dict)
        and resource.get("Type") == "AWS::IAM::Role"
    ]
    if not roles:
        return []
    grants, named = _grants_and_names(resources, roles, environment)
    findings: list[BlockedGrant] = []
    for logical_id in roles:
        allows = boundaries[logical_id]
        reported: set[tuple[str, str | None]] = set()
        for action, resource in grants[logical_id]:
            granted = resource_text(resource, named, environment)
            if (action, granted) in reported or boundary_allows(allows, action, granted):
                continue
            reported.add((action, granted))
            findings.append(BlockedGrant(role=logical_id, action=action, resource=resource, granted=granted))
    return findings


def _grants_and_names(
    resources: dict[str, Any], roles: Collection[str], environment: Mapping[str, str]
) -> tuple[dict[str, list[tuple[str, Any]]], dict[str, str]]:
    """``(allowed (action, resource) pairs by role, ARN by logical ID of each named resource)``."""
    grants: dict[str, list[tuple[str, Any]]] = {logical_id: [] for logical_id in roles}
    named: dict[str, str] = {}
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict):
            continue
        kind = resource.get("Type")
        properties = resource.get("Properties") or {}
        if kind == "AWS::IAM::Role" and logical_id in grants:
            for inline in as_list(properties.get("Policies") or []):
                if isinstance(inline, dict):
                    grants[logical_id].extend(allowed_pairs(inline.get("PolicyDocument")))
            for arn in as_list(properties.get("ManagedPolicyArns") or []):
                text = json.dumps(arn)
                for suffix, actions in AWS_MANAGED_POLICY_ACTIONS.items():
                    if f"policy/{suffix}" in text:
                        grants[logical_id].extend((a, "*") for a in actions)
        elif kind in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            targets = [
                t["Ref"]
                for t in as_list(properties.get("Roles") or [])
                if isinstance(t, dict) and t.get("Ref") in grants
            ]
            if targets:
                pairs = allowed_pairs(properties.get("PolicyDocument"))
                for target in targets:
                    grants[target].extend(pairs)
        named_arn = NAMED_ARNS.get(str(kind))
        if named_arn is not None:
            name = properties.get(named_arn[0])
            if isinstance(name, str) and name:
                named[logical_id] = named_arn[1].format(name=name, **environment)
    return grants, named


def allowed_pairs(document: Any) -> list[tuple[str, Any]]:
    """The ``(action, resource)`` pairs a policy document's ``Allow`` statements grant."""
    pairs: list[tuple[str, Any]] = []
    if not isinstance(document, dict):
        return pairs
    statements = document.get("Statement") or []
    for statement in statements if isinstance(statements, list) else [statements]:
        if statement.get("Effect") != "Allow" or "Action" not in statement:
            continue
        resources = statement.get("Resource", "*")
        for action in as_list(statement["Action"]):
            for resource in as_list(resources):
                pairs.append((str(action), resource))
    return pairs


def allow_patterns(statements: Iterable[Mapping[str, Any]]) -> AllowPatterns:
    """A boundary's rendered statements (``PolicyStatement.to_statement_json``, resolved) as patterns.

    ``NotAction`` or ``NotResource`` in an allow statement is read as allowing everything.
    """
    patterns: AllowPatterns = []
    for rendered in statements:
        if rendered.get("Effect") != "Allow":
            continue
        if "NotAction" in rendered or "NotResource" in rendered:
            patterns.append((["*"], ["*"]))
            continue
        actions = [str(a).lower() for a in as_list(rendered.get("Action", []))]
        # Intrinsics (partition, account, ...) in the boundary's resources become "*".
        resources = [template_text(r, lambda _: "*") or "*" for r in as_list(rendered.get("Resource", "*"))]
        patterns.append((actions, resources))
    return patterns


def boundary_allows(patterns: AllowPatterns, action: str, resource: str | None) -> bool:
    """Whether an allow statement covers ``action`` on ``resource`` (``None``: unknown, assumed covered)."""
    wanted = action.lower()
    for actions, resources in patterns:
        if not any(fnmatch.fnmatchcase(wanted, a) for a in actions):
            continue
        if resource is None or any(arn_matches(resource, r) for r in resources):
            return True
    return False


def arn_matches(granted: str, pattern: str) -> bool:
    """Whether the boundary's resource glob ``pattern`` covers the ``granted`` resource."""
    got, want = granted.split(":", 5), pattern.split(":", 5)
    if len(got) != 6 or len(want) != 6:
        return fnmatch.fnmatchcase(granted, pattern)
    return all(
        (index in _PLACEHOLDER_SEGMENTS and part == "*") or fnmatch.fnmatchcase(part, glob)
        for index, (part, glob) in enumerate(zip(got, want, strict=True))
    )


def template_text(value: Any, leaf: Callable[[Any], str | None]) -> str | None:
    """A template value as text: strings as they are, ``Fn::Join`` joined, anything else by ``leaf``.

    ``None`` when ``leaf`` cannot render a part.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        texts = [template_text(part, leaf) for part in parts]
        known = [text for text in texts if text is not None]
        return str(separator).join(known) if len(known) == len(texts) else None
    return leaf(value)


def resource_text(value: Any, named: Mapping[str, str], environment: Mapping[str, str]) -> str | None:
    """A granted resource as text, pseudo parameters from ``environment``; ``None`` if it cannot be known."""

    def leaf(part: Any) -> str | None:
        if isinstance(part, dict) and "Ref" in part:
            ref = str(part["Ref"])
            if ref.startswith("AWS::"):
                return environment.get(_PSEUDO_PARAMETERS.get(ref, ""), "*")
            return named.get(ref)
        if isinstance(part, dict) and "Fn::GetAtt" in part:
            logical_id, attribute = part["Fn::GetAtt"][0], part["Fn::GetAtt"][1]
            return named.get(str(logical_id)) if attribute in ("Arn", "TopicArn") else None
        return None

    return template_text(value, leaf)


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else ``[value]`` (IAM accepts a string or a list in most places)."""
    return list(value) if isinstance(value, list) else [value]
