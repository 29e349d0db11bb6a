"""Reading references out of a synthesized template: pure functions on the template's dictionaries.

The traffic checks (``_alias_checks``, ``_edge``, ``_routing``) judge written templates, not constructs: a
template is final (aspects, overrides and escape hatches included) and reading it costs nothing per
construct. What they need is which resource a property points at, and whether the pointer is qualified.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

__all__: list[str] = []

FUNCTION: Final = "AWS::Lambda::Function"
VERSION: Final = "AWS::Lambda::Version"
ALIAS: Final = "AWS::Lambda::Alias"


def resources(template: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The template's resources by logical ID (non-dictionaries left out)."""
    found = template.get("Resources") or {}
    return {k: v for k, v in found.items() if isinstance(v, dict)}


def properties(resource: Mapping[str, Any]) -> dict[str, Any]:
    """A resource's ``Properties`` (empty when absent)."""
    props = resource.get("Properties")
    return props if isinstance(props, dict) else {}


def referenced(value: Any) -> str | None:
    """The logical ID ``value`` names when it is exactly ``{"Ref": id}`` or ``{"Fn::GetAtt": [id, _]}``."""
    if isinstance(value, dict) and len(value) == 1:
        if isinstance(value.get("Ref"), str):
            return str(value["Ref"])
        get_att = value.get("Fn::GetAtt")
        if isinstance(get_att, list) and get_att and isinstance(get_att[0], str):
            return get_att[0]
        if isinstance(get_att, str):  # the short form "Logical.Attribute"
            return get_att.split(".", 1)[0]
    return None


def unqualified_references(value: Any, targets: frozenset[str] | set[str]) -> Iterator[str]:
    """Each of ``targets`` (function logical IDs) that ``value`` names without a version or alias.

    A ``Ref`` (the name) or ``GetAtt Arn`` of a function, anywhere inside ``value``, counts, except inside an
    ``Fn::Join`` where the next part starts with ``":"`` (``<arn>:live``: a qualifier appended by hand).
    """
    if isinstance(value, dict):
        target = referenced(value)
        if target is not None and target in targets:
            yield target
            return
        join = value.get("Fn::Join")
        if isinstance(join, list) and len(join) == 2 and isinstance(join[1], list):
            yield from _join_references(join[0], join[1], targets)
            return
        for inner in value.values():
            yield from unqualified_references(inner, targets)
    elif isinstance(value, list):
        for inner in value:
            yield from unqualified_references(inner, targets)


def _join_references(delimiter: Any, parts: list[Any], targets: frozenset[str] | set[str]) -> Iterator[str]:
    for index, part in enumerate(parts):
        target = referenced(part)
        if target is not None and target in targets:
            following = parts[index + 1] if index + 1 < len(parts) else None
            qualifier_follows = delimiter == ":" and following is not None
            if qualifier_follows or (isinstance(following, str) and following.startswith(":")):
                continue
            yield target
        else:
            yield from unqualified_references(part, targets)


def function_of(resource: Mapping[str, Any], functions: Mapping[str, Any]) -> str | None:
    """The logical ID of the function a version or alias belongs to (``FunctionName``), if in the template."""
    target = referenced(properties(resource).get("FunctionName"))
    return target if target is not None and target in functions else None
