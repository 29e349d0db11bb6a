"""A ``Function``'s execution role: least privilege instead of the AWS-managed policies the L2 attaches.

The L2 gives the role it creates ``AWSLambdaBasicExecutionRole`` (every log group),
``AWSLambdaVPCAccessExecutionRole`` in a VPC and the durable-execution policy. ``Function`` filters them
out of the role's template and grants the same rights as statements scoped to this function; managed
policies a user attaches later are kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs

from . import _limits as limits
from ._function_findings import LOOK_UP
from ._function_logging import grant_logs
from ._node import scope_l2_role

if TYPE_CHECKING:
    from aws_cdk.interfaces.aws_kms import IKeyRef

    from ._boundary import PermissionsBoundary


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


def scope_role_to_features(role: iam.IRole | None, cfn_function: lambda_.CfnFunction) -> Any:
    """Filter the AWS-managed policies the L2 attaches to ``role`` (the role it created for the function)
    out of its template and order ``cfn_function`` after the role's ``DefaultPolicy``, not the role;
    return that policy (``None``: none), or ``LOOK_UP`` when ``role`` is not such a role (nothing done).

    Called once the constructor has added its statements (``least_privilege_role``, durable execution),
    so the default policy, if any, exists. Node does it in one call (constructs_lambda/_node_js): a cached
    Lazy, as the L2 Role's own is, first resolved in app.synth() after every user addition
    (``fn.role.add_managed_policy`` is kept). Under ``iam.Role.customize_roles()`` the role is precreated
    by an administrator, nothing is synthesized for it and there is nothing to filter.
    """
    if not isinstance(role, iam.Role):
        return LOOK_UP
    return scope_l2_role(role, cfn_function)


def apply_boundary(fn: lambda_.Function, boundary: PermissionsBoundary | iam.IManagedPolicy | None) -> None:
    """Put ``boundary`` on ``fn``'s execution role, over any applied to an enclosing scope."""
    if boundary is not None:
        from ._boundary import apply_function_boundary

        apply_function_boundary(fn, boundary)
