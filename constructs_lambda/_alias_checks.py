"""Two aliases with one name on one function: found in the written template, before CloudFormation fails.

Lambda keeps one alias per name and function; ``CreateAlias`` answers a second one with
``ResourceConflictException`` (https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html), so a
template with two ``AWS::Lambda::Alias`` of one ``Name`` on one function fails to deploy, after every
resource before it was created. ``cl.Function`` makes an alias named ``live`` by default, and the natural
ways to add one more (``lambda_.Alias(..., alias_name="live", version=fn.current_version)`` or
``fn.current_version.add_alias("live")``) collide with it at deploy time, twenty minutes later.

The check reads templates, so it costs one pass over resources the validation plugin reads anyway: no
aspect visits constructs. It judges every function in the template, the plain L2's too, because the
collision fails the deploy whoever made the function and a template scan pays nothing extra for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._template_refs import ALIAS, FUNCTION, function_of, properties, resources

__all__: list[str] = []


@dataclass(frozen=True, slots=True)
class DuplicateAlias:
    """Aliases (logical IDs, in template order) that share ``name`` on the function ``function``."""

    function: str
    name: str
    aliases: tuple[str, ...]


def duplicate_aliases(template: Mapping[str, Any]) -> list[DuplicateAlias]:
    """Every alias name used more than once on one function of ``template``.

    Names or functions given as tokens (parameters, imports) are not compared: they are only known at
    deploy time.
    """
    found = resources(template)
    functions = {k: v for k, v in found.items() if v.get("Type") == FUNCTION}
    by_key: dict[tuple[str, str], list[str]] = {}
    for logical_id, resource in found.items():
        if resource.get("Type") != ALIAS:
            continue
        name = properties(resource).get("Name")
        function = function_of(resource, functions)
        if isinstance(name, str) and function is not None:
            by_key.setdefault((function, name), []).append(logical_id)
    return [
        DuplicateAlias(function=function, name=name, aliases=tuple(aliases))
        for (function, name), aliases in by_key.items()
        if len(aliases) > 1
    ]
