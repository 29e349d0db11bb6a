"""How a permissions-boundary policy is named and addressed: name and ARN rules, the context value, the
ARN in each stack.

``PermissionsBoundary`` validates what users pass (``managed_policy_name``, ``from_name``, ``from_arn``,
``from_context``) with these rules before any jsii call, and builds the ARN each consuming stack writes
with these helpers. IAM identifiers: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html.
"""

from __future__ import annotations

import re
from typing import Any

from aws_cdk import Fn, Stack, Stage
from constructs import IConstruct

from ._errors import ValidationError
from ._limits import POLICY_NAME_MAX_LENGTH, POLICY_PATH_MAX_LENGTH
from ._validation import check_pattern, is_unresolved, parse_json_context

CONTEXT_KEY = "@aws-cdk/core:permissionsBoundary"
"""The context key CDK reads for a boundary (``cdk.json`` or ``cdk synth -c``); see ``from_context``."""

# ManagedPolicyName characters: [\w+=,.@-], ASCII only (SOURCES["cfn-iam-managed-policy"]; lengths in
# _limits).
POLICY_NAME_PATTERN = re.compile(r"[\w+=,.@-]+", re.ASCII)
# A name with its path, "org/team/name" (no leading or trailing "/").
POLICY_NAME_WITH_PATH_PATTERN = re.compile(r"(?:[\w+=,.@-]+/)*[\w+=,.@-]+", re.ASCII)
# A policy ARN: arn:<partition>:iam::<account>:policy/<path><name> (IAM identifiers,
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns), account
# "aws" for AWS managed policies; the placeholders from_arn resolves may stand in the name.
_PLACEHOLDER = r"\$\{(?:AWS::Partition|AWS::AccountId|AWS::Region|Qualifier)\}"
_ARN_SEGMENT = rf"(?:[\w+=,.@-]|{_PLACEHOLDER})+"
POLICY_ARN_PATTERN = re.compile(
    r"arn:(?:[a-z][a-z-]*|\$\{AWS::Partition\}):iam::(?:\d{12}|aws|\$\{AWS::AccountId\}):policy/"
    rf"(?:{_ARN_SEGMENT}/)*{_ARN_SEGMENT}",
    re.ASCII,
)

NAME_RULE = "letters, digits and +=,.@_-"
DEFAULT_BOOTSTRAP_QUALIFIER = "hnb659fds"


def check_policy_arn(path: str, arn: str) -> None:
    """Fail unless ``arn`` is a policy ARN ``from_arn`` can resolve (see ``POLICY_ARN_PATTERN``)."""
    rule = (
        "an IAM policy ARN (arn:<partition>:iam::<12-digit account or aws>:policy/<path/name>; "
        "placeholders ${AWS::Partition}, ${AWS::AccountId}, ${AWS::Region}, ${Qualifier})"
    )
    check_pattern(path, "arn", arn, POLICY_ARN_PATTERN, rule)


def check_policy_name(path: str, name: str) -> None:
    """Fail unless ``name`` is a policy name with an optional path, each within IAM's lengths."""
    check_pattern(
        path,
        "name",
        name,
        POLICY_NAME_WITH_PATH_PATTERN,
        f"{NAME_RULE}, with an optional path before a '/' (no leading '/')",
    )
    if is_unresolved(name):
        return
    policy_path, _, policy_name = name.rpartition("/")
    if len(policy_name) > POLICY_NAME_MAX_LENGTH:
        raise ValidationError(
            path,
            "name",
            name,
            f"must end in a name of at most {POLICY_NAME_MAX_LENGTH} characters (has {len(policy_name)})",
        )
    if policy_path and len(policy_path) + 2 > POLICY_PATH_MAX_LENGTH:  # "/" + path + "/"
        raise ValidationError(
            path,
            "name",
            name,
            f"must have a path of at most {POLICY_PATH_MAX_LENGTH - 2} characters (has {len(policy_path)})",
        )


def boundary_in_context(scope: IConstruct) -> tuple[str, str] | None:
    """``("arn" | "name", value)`` of the boundary the ``CONTEXT_KEY`` context names at ``scope``.

    Accepts ``{"name": ...}``, ``{"arn": ...}`` (also as JSON text) and a plain name or ARN; ``None``
    when the context is unset, empty or blank.
    """
    value: Any = scope.node.try_get_context(CONTEXT_KEY)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    where = scope.node.path
    forms = 'a policy name, a policy ARN, {"name": ...} or {"arn": ...}'
    if isinstance(value, str) and value.lstrip().startswith("{"):
        value = parse_json_context(where, CONTEXT_KEY, value, forms)
    if isinstance(value, str):
        value = value.strip()
        return ("arn" if value.startswith("arn:") else "name"), value
    if isinstance(value, dict) and isinstance(value.get("arn"), str):
        return "arn", value["arn"]
    if isinstance(value, dict) and isinstance(value.get("name"), str):
        return "name", value["name"]
    raise ValidationError(where, CONTEXT_KEY, value, f"must be {forms}")


def default_policy_name(stack: Stack, id: str) -> str:
    """``<stack name>-<id>[-<region>]``, cut to IAM's limit: names are global per account."""
    parts = [stack.stack_name, id]
    if not is_unresolved(stack.region):
        parts.append(stack.region)
    return "-".join(parts)[:POLICY_NAME_MAX_LENGTH]


def policy_arn_by_name(stack: Stack, name: str) -> str:
    """The ARN of the policy ``name`` in ``stack``'s partition and account."""
    return stack.format_arn(service="iam", region="", resource="policy", resource_name=name)


def specialize(stack: Stack, arn: str) -> str:
    """``arn`` with ``${Qualifier}`` and the ``${AWS::...}`` placeholders resolved for ``stack``."""
    if "${Qualifier}" in arn:
        qualifier = (
            stack.synthesizer.bootstrap_qualifier
            or stack.node.try_get_context("@aws-cdk/core:bootstrapQualifier")
            or DEFAULT_BOOTSTRAP_QUALIFIER
        )
        arn = arn.replace("${Qualifier}", str(qualifier))
    if "${AWS::" in arn:
        return Fn.sub(arn)
    return arn


def same_stage(a: IConstruct, b: IConstruct) -> bool:
    """Whether ``a`` and ``b`` belong to one stage (only then can one stack depend on the other)."""
    stage_a, stage_b = Stage.of(a), Stage.of(b)
    return stage_a is not None and stage_b is not None and stage_a.node.path == stage_b.node.path


def nested_in(consumer: Stack, parent_path: str) -> bool:
    """Whether ``consumer`` is a nested stack (at any depth) of the stack at ``parent_path``."""
    stack: Stack | None = consumer.nested_stack_parent
    while stack is not None:
        if stack.node.path == parent_path:
            return True
        stack = stack.nested_stack_parent
    return False
