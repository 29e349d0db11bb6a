"""A ``Function``'s own alias (``fn.alias``, named ``live`` by default) on its current version.

Callers invoke the alias, never ``$LATEST``: it carries the provisioned concurrency and the same
asynchronous settings as the function. Its settings are kept (``AliasSettings``) so that
``fn.add_alias(<its name>)`` can return it instead of creating a second alias (``_migration``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from aws_cdk import Duration
from aws_cdk import aws_lambda as lambda_

if TYPE_CHECKING:
    from collections.abc import Sequence

    from aws_cdk.aws_applicationautoscaling import ScalableTarget
    from constructs import IConstruct

    from ._migration import AliasSettings
    from ._scaling import ProvisionedConcurrency

# Child construct IDs are public API: changing one replaces resources in users' stacks.
_ALIAS_ID: Final = "Alias"


def create_alias(
    fn: lambda_.Function,
    alias_name: str | None,
    description: str | None,
    additional_versions: list[lambda_.VersionWeight],
    provisioned_concurrency: ProvisionedConcurrency | None,
    *,
    function_name: str | None,
    reserved_concurrent_executions: int | None,
    max_event_age: Duration | None,
    on_failure: lambda_.IDestination | None,
    on_success: lambda_.IDestination | None,
    retry_attempts: int | None,
) -> tuple[lambda_.Alias | None, AliasSettings | None, ScalableTarget | None]:
    """Create the alias on ``fn``'s current version, with its provisioned concurrency; return it, its
    settings and its scalable target, which ``order_scaling_after_alias`` must then order (``None``
    where there is none; ``None, None, None`` for ``alias_name=None``: no alias).
    ``function_name``: ``fn.function_name`` if the caller has read it (``None``: read here if needed)."""
    if alias_name is None:
        return None, None, None
    from ._migration import AliasSettings

    settings = AliasSettings(
        description=description,
        additional_versions=additional_versions,
        provisioned_concurrent_executions=(
            provisioned_concurrency.alias_executions if provisioned_concurrency else None
        ),
        max_event_age=max_event_age,
        on_failure=on_failure,
        on_success=on_success,
        retry_attempts=retry_attempts,
    )
    alias = lambda_.Alias(
        fn,
        _ALIAS_ID,
        alias_name=alias_name,
        version=fn.current_version,
        description=description,
        additional_versions=additional_versions or None,
        provisioned_concurrent_executions=settings.provisioned_concurrent_executions,
        # Callers invoke the alias, so its asynchronous settings must match the function's.
        **settings.async_options(),
    )
    if provisioned_concurrency is None:
        return alias, settings, None
    from ._scaling import configure_provisioned_concurrency
    from ._validation import stack_of

    scaling = configure_provisioned_concurrency(
        fn,
        alias,
        provisioned_concurrency,
        alias_name=alias_name,
        function_name=function_name,
        reserved_concurrent_executions=reserved_concurrent_executions,
        stack=stack_of(fn),  # the alias's too: kept on the function (remember_enclosing)
        order_after_alias=False,  # by order_scaling_after_alias, once the function's subtree is read
    )
    return alias, settings, scaling.scalable_target


def order_scaling_after_alias(
    alias: lambda_.Alias | None, target: ScalableTarget | None, subtree: Sequence[IConstruct]
) -> None:
    """Make ``target`` wait for ``alias``'s ``CfnAlias``, taken from ``subtree`` (the function's, read
    anyway for its template budget) when it holds exactly one: the function's alias is the only one
    its constructor creates. Otherwise it is read from the alias."""
    if alias is None or target is None:
        return
    from ._scaling import order_after_alias_resource

    resources = [c for c in subtree if isinstance(c, lambda_.CfnAlias)]
    order_after_alias_resource(target, alias, resources[0] if len(resources) == 1 else None)
