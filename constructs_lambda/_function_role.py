"""A ``Function``'s execution role: least privilege instead of the AWS-managed policies the L2 attaches.

The L2 gives the role it creates ``AWSLambdaBasicExecutionRole`` (every log group),
``AWSLambdaVPCAccessExecutionRole`` in a VPC and the durable-execution policy. ``Function`` filters them
out of the role's template and grants the same rights as statements scoped to this function; managed
policies a user attaches later are kept.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, cast

import jsii
from aws_cdk import IStableListProducer, Lazy, Stack, Token
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs

from . import _limits as limits
from ._function_findings import LOOK_UP
from ._function_logging import grant_logs
from ._validation import stack_of

if TYPE_CHECKING:
    from aws_cdk.interfaces.aws_kms import IKeyRef

    from ._boundary import PermissionsBoundary

# The AWS-managed policies the L2 attaches to the role it creates; we grant the same rights scoped.
_L2_MANAGED_POLICY_SUFFIXES: Final = (
    ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
    ":iam::aws:policy/service-role/AWSLambdaBasicDurableExecutionRolePolicy",
)


def least_privilege_role(
    fn: lambda_.Function,
    own_role: iam.IRole | None,
    execution_role: iam.IRole | None,
    *,
    in_vpc: bool,
    decrypt_key: IKeyRef | None,
    own_log_group: logs.LogGroup | None,
    given_log_group: logs.ILogGroup | None,
    l2_named_log_group: bool,
) -> None:
    """Give the execution role exactly the rights the configured features need, scoped where possible.

    ``own_role`` is the role the L2 created for ``fn`` (``None`` when ``role`` was given), whose managed
    policies ``scope_role_to_features`` filters out; ``execution_role`` is the role ``fn`` runs with,
    either way.
    """
    if in_vpc and isinstance(own_role, iam.Role):  # the L2's AWSLambdaVPCAccessExecutionRole, scoped
        eni_statement = iam.PolicyStatement(actions=sorted(limits.VPC_ENI_ACTIONS), resources=["*"])
        fn.add_to_role_policy(eni_statement)
    grant_logs(fn, execution_role, own_log_group, given_log_group, l2_named=l2_named_log_group)
    if decrypt_key is not None:
        # Reading variables encrypted with a customer managed key needs kms:Decrypt:
        # https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
        fn.add_to_role_policy(
            iam.PolicyStatement(actions=["kms:Decrypt"], resources=[decrypt_key.key_ref.key_arn])
        )


def scope_role_to_features(fn: lambda_.Function, role: iam.IRole | None) -> Any:
    """Filter the AWS-managed policies the L2 attaches to ``role`` (the role it created for ``fn``) out
    of its template; return the role's ``DefaultPolicy`` (``None``: none), or ``LOOK_UP`` if not known.

    Called once the constructor has added its statements (``least_privilege_role``, durable execution),
    so the default policy, if any, exists: one ``find_all`` of the role yields it and the ``CfnRole``.
    """
    if not isinstance(role, iam.Role):
        return LOOK_UP
    cfn_role, default_policy = _role_parts(role)
    if cfn_role is None:
        # iam.Role.customize_roles(): the role is precreated by an administrator, nothing is synthesized
        # for it, and CDK's policy report lists what it needs instead.
        return default_policy
    # Cached, as the L2 Role's own Lazy is: first resolved in app.synth(), after every user addition.
    cfn_role.managed_policy_arns = Lazy.list(
        _WithoutL2ManagedPolicies(stack_of(fn), cfn_role.managed_policy_arns), omit_empty=True
    )
    return default_policy


def _role_parts(role: iam.Role) -> tuple[iam.CfnRole | None, Any]:
    """The L2-created ``role``'s ``CfnRole`` and ``DefaultPolicy`` (or ``LOOK_UP``), in two round trips.

    The role the L2 creates has, while ``Function``'s constructor runs, only children aws-cdk-lib gives
    it: ``Resource`` (the ``CfnRole``) and, after a first statement, ``DefaultPolicy`` (an ``iam.Policy``
    whose only child is its ``CfnPolicy``). When the subtree has exactly that shape, the pieces are
    read from it; any other shape falls back to the exact reads by name.
    """
    node = role.node
    found = node.find_all()  # pre-order: the role, then its children's subtrees in creation order
    if len(found) >= 2 and isinstance(found[1], iam.CfnRole):
        if len(found) == 2:
            return found[1], None
        if len(found) == 4 and isinstance(found[2], iam.Policy) and isinstance(found[3], iam.CfnPolicy):
            return found[1], found[2]
    return cast(iam.CfnRole | None, node.default_child), LOOK_UP


def apply_boundary(fn: lambda_.Function, boundary: PermissionsBoundary | iam.IManagedPolicy | None) -> None:
    """Put ``boundary`` on ``fn``'s execution role, over any applied to an enclosing scope."""
    if boundary is not None:
        from ._boundary import apply_function_boundary

        apply_function_boundary(fn, boundary)


@jsii.implements(IStableListProducer)
class _WithoutL2ManagedPolicies:
    """Resolves the role's managed policy ARNs minus the AWS-managed ones the L2 added itself.

    Managed policies a user attaches later (``fn.role.add_managed_policy``) are kept. Node calls a
    stable (cached) producer once, instead of once per resolution of the template.
    """

    def __init__(self, stack: Stack, original: Sequence[str] | None) -> None:
        self._stack = stack  # the role's
        self._original = original

    def produce(self) -> list[str]:
        resolved = self._stack.resolve(self._original) or []
        return [
            arn if isinstance(arn, str) else Token.as_string(arn)
            for arn in resolved
            if not _is_l2_managed_policy(arn)
        ]  # not None: node caches only a defined value (omit_empty drops an empty list)


def _is_l2_managed_policy(arn: Any) -> bool:
    text = json.dumps(arn)
    return any(suffix in text for suffix in _L2_MANAGED_POLICY_SUFFIXES)
