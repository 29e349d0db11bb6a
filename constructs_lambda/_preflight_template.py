"""Reading CloudFormation templates for the deploy preflight: JSON or YAML files (CloudFormation's
short-form tags such as ``!Ref`` included), cloud assemblies, and the reference graph between resources.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import yaml

from ._errors import ConstructsLambdaError

FUNCTION_TYPE: Final = "AWS::Lambda::Function"


class PreflightError(ConstructsLambdaError):
    """A template cannot be read, or the deployed and new stacks cannot be matched."""


# -- reading templates -----------------------------------------------------------------------------------


class _CfnLoader(yaml.SafeLoader):
    """A safe YAML loader that turns CloudFormation short forms into the JSON long forms."""


def _short_form(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = tag_suffix if tag_suffix in ("Ref", "Condition") else f"Fn::{tag_suffix}"
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        # "!GetAtt Res.Attr" is the short form of ["Res", "Attr"].
        if tag_suffix == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    elif isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    else:
        raise yaml.constructor.ConstructorError(
            None, None, f"unexpected node for !{tag_suffix}", node.start_mark
        )
    return {name: value}


_CfnLoader.add_multi_constructor("!", _short_form)


def load_template(path: Path) -> dict[str, Any]:
    """Read a CloudFormation template in JSON or YAML.

    Also accepts the output of ``aws cloudformation get-template`` (``{"TemplateBody": ...}``, with the
    body a dict or a string), and the body alone as ``--query TemplateBody`` prints it.

    Raises:
        PreflightError: The file is missing, unreadable or not a template.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PreflightError(f"cannot read template {path}: {error.strerror or error}") from error
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = yaml.load(text, Loader=_CfnLoader)
        except yaml.YAMLError as error:
            raise PreflightError(f"{path} is neither JSON nor YAML: {error}") from error
    if isinstance(data, dict) and "TemplateBody" in data:
        data = data["TemplateBody"]
    if isinstance(data, str):  # a YAML stack's body as get-template returns it: a JSON string
        try:
            data = yaml.load(data, Loader=_CfnLoader)
        except yaml.YAMLError as error:
            raise PreflightError(f"the template body in {path} is not YAML: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
        raise PreflightError(f"{path} is not a CloudFormation template (no Resources mapping)")
    return data


def templates_in(path: Path) -> dict[str, Path]:
    """The templates under ``path`` by stack name: one file (named after its stem) or a directory.

    In a cloud assembly the stack names come from ``manifest.json``; otherwise each ``*.template.json``
    (or ``.yaml``/``.yml``/``.json``) file is a stack named after the file.
    """
    if path.is_file():
        return {stack_name_of(path): path}
    if not path.is_dir():
        raise PreflightError(f"{path} does not exist")
    found: dict[str, Path] = {}
    manifest = path / "manifest.json"
    if manifest.is_file():
        artifacts = json.loads(manifest.read_text(encoding="utf-8")).get("artifacts", {})
        for artifact_id, artifact in artifacts.items():
            if artifact.get("type") != "aws:cloudformation:stack":
                continue
            props = artifact.get("properties", {})
            file = path / props.get("templateFile", "")
            if file.is_file():
                # The cloud-assembly schema: stackName defaults to the artifact ID.
                found[str(props.get("stackName") or artifact_id)] = file
    if not found:
        for file in sorted(path.iterdir()):
            if file.suffix in {".json", ".yaml", ".yml"} and file.name not in {"manifest.json", "tree.json"}:
                if file.name.endswith((".assets.json", ".nested.template.json")):
                    continue
                found[stack_name_of(file)] = file
    return found


def stack_name_of(file: Path) -> str:
    name = file.name
    for suffix in (".template.json", ".template.yaml", ".template.yml", ".json", ".yaml", ".yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


# -- walking a template ----------------------------------------------------------------------------------

_SUB_REFERENCE: Final = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")


def references(node: Any) -> Iterator[str]:
    """The logical IDs ``node`` refers to through Ref, Fn::GetAtt and Fn::Sub."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Ref" and isinstance(value, str):
                yield value
            elif key == "Fn::GetAtt":
                target = value[0] if isinstance(value, list) and value else value
                if isinstance(target, str):
                    yield target.split(".", 1)[0]
            elif key == "Fn::Sub":
                text = value[0] if isinstance(value, list) and value else value
                if isinstance(text, str):
                    yield from _SUB_REFERENCE.findall(text)
                if isinstance(value, list):
                    yield from references(value[1:])
            else:
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


class TemplateGraph:
    """One template's resources with the reference graph the rules need."""

    def __init__(self, template: Mapping[str, Any]) -> None:
        self.resources: dict[str, dict[str, Any]] = {
            logical_id: resource
            for logical_id, resource in (template.get("Resources") or {}).items()
            if isinstance(resource, dict)
        }
        self.refs = {
            logical_id: {ref for ref in references(resource.get("Properties", {})) if ref in self.resources}
            for logical_id, resource in self.resources.items()
        }

    def type_of(self, logical_id: str) -> str:
        return str(self.resources[logical_id].get("Type", ""))

    def props(self, logical_id: str | None) -> dict[str, Any]:
        if logical_id is None or logical_id not in self.resources:
            return {}
        props = self.resources[logical_id].get("Properties") or {}
        return props if isinstance(props, dict) else {}

    def of_type(self, resource_type: str) -> list[str]:
        return [lid for lid in self.resources if self.type_of(lid) == resource_type]

    def related(self, function_id: str) -> set[str]:
        """Resources that refer to the function (directly or through an alias, target...) and those it
        refers to (its role, its log group)."""
        owned = set(self.refs[function_id])
        frontier = {function_id}
        for _ in range(4):  # function <- version <- alias <- scalable target <- scaling policy
            frontier = {
                lid
                for lid, refs in self.refs.items()
                if refs & frontier and lid not in owned and self.type_of(lid) != FUNCTION_TYPE
            }
            owned |= frontier
        owned.discard(function_id)
        return owned


def show_value(value: Any) -> str:
    """A template value for a message: strings quoted, ``Ref``/``Fn::Join`` spelled out, else JSON."""
    if value is None:
        return "unset"
    if isinstance(value, str):
        return json.dumps(value)
    text = _joined(value)
    return json.dumps(text) if text is not None else json.dumps(value, sort_keys=True, separators=(",", ":"))


def _joined(value: Any) -> str | None:
    """``{"Fn::Join": ["", ["/aws/lambda/", {"Ref": "Fn"}]]}`` as ``/aws/lambda/${Fn}``, else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("Ref"), str):
        return "${" + str(value["Ref"]) + "}"
    join = value.get("Fn::Join") if isinstance(value, dict) else None
    if isinstance(join, list) and len(join) == 2 and isinstance(join[0], str) and isinstance(join[1], list):
        parts = [_joined(part) for part in join[1]]
        if all(part is not None for part in parts):
            return join[0].join(part for part in parts if part is not None)
    return None


def changed_keys(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The top-level keys whose values differ between ``old`` and ``new``."""
    return sorted(key for key in set(old) | set(new) if old.get(key) != new.get(key))
