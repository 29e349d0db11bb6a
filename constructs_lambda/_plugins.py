"""The shared shape of the library's policy-validation plugins (checks on the synthesized templates)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import jsii
from aws_cdk import (
    IPolicyValidationContext,
    IPolicyValidationPlugin,
    PolicyValidationPluginReport,
    Stack,
    Stage,
)
from constructs import IConstruct

from ._validation import self_and_parents

try:
    _VERSION = version("constructs-lambda")
except PackageNotFoundError:  # running from a source tree that was never installed
    _VERSION = "0.0.0"

# Cloud-assembly metadata entry types (aws-cdk-lib cx-api CDK_TEMPLATE_FILE_KEY, cloud-assembly-schema
# ArtifactMetadataEntryType.LOGICAL_ID).
_TEMPLATE_FILE = "aws:cdk:templateFile"
_LOGICAL_ID = "aws:cdk:logicalId"
_SHARED_ATTRIBUTE = "_constructs_lambda_written_templates"


@jsii.implements(IPolicyValidationPlugin)
class TemplatePlugin:
    """A plugin CDK calls with the written templates; subclasses implement ``validate``."""

    def __init__(self, name: str, rule_id: str) -> None:
        self._name = name
        self._rule_ids = [rule_id]

    @property
    def name(self) -> str:
        return self._name

    @property
    def rule_ids(self) -> list[str]:
        return self._rule_ids

    @property
    def version(self) -> str:
        return _VERSION

    def validate(self, context: IPolicyValidationContext) -> PolicyValidationPluginReport:
        raise NotImplementedError  # pragma: no cover - every subclass defines it


@dataclass(frozen=True, slots=True)
class WrittenTemplate:
    """One stack's template file as CDK wrote it."""

    construct_path: str
    template_path: str
    stack: Stack
    # Construct path of each of this template's CloudFormation elements by logical ID, as the cloud
    # assembly records them (``aws:cdk:logicalId`` metadata); empty when CDK did not record them.
    recorded_paths: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def read(self) -> tuple[dict[str, Any], int]:
        """The template as a dictionary, and its size in bytes as written."""
        with open(self.template_path, "rb") as handle:
            text = handle.read()
        template: dict[str, Any] = json.loads(text)
        return template, len(text)


def written_templates(context: IPolicyValidationContext, stage: Stage) -> list[WrittenTemplate]:
    """Every template of ``stage``'s stacks, nested stacks included, each named by its construct path.

    CDK hands plugins only the top-level templates; a nested stack's template lies next to the template of
    the top-level stack that contains it. Top-level templates come first, in CDK's order, then nested ones
    in construct-tree order. The stacks are found from the cloud assembly CDK has just written (each stack
    artifact's metadata names its nested stacks' templates, by construct path) and reached by their path,
    a few jsii calls per stack; without that metadata, by listing the stage's constructs.
    """
    shared: _Shared | None = getattr(stage, _SHARED_ATTRIBUTE, None)
    if shared is not None and shared.is_current():
        return list(shared.templates)
    entries = [(entry.stack_construct_path, entry.template_path) for entry in context.stack_templates]
    sources: dict[str, bytes] = {}
    found = _from_assembly(stage, entries, sources)
    # The plugins of one synthesis share the result: it depends only on the files it was read from (CDK
    # rewrites them on each synthesis) and on the stacks, which stay.
    setattr(stage, _SHARED_ATTRIBUTE, _Shared(list(found), sources) if found and sources else None)
    return found if found is not None else _from_construct_tree(stage, entries)


@dataclass(frozen=True, slots=True)
class _Shared:
    """``written_templates`` of a stage, with the content of the cloud-assembly files it came from."""

    templates: list[WrittenTemplate]
    sources: dict[str, bytes]  # file path -> content as read

    def is_current(self) -> bool:
        """Whether every source file still holds what was read: same assembly, so same templates."""
        try:
            return all(_read(path) == content for path, content in self.sources.items())
        except OSError:
            return False


def _from_assembly(
    stage: Stage, entries: list[tuple[str, str]], sources: dict[str, bytes]
) -> list[WrittenTemplate] | None:
    """``written_templates`` from the stack artifacts' metadata; ``None`` when it cannot tell.

    It cannot when an artifact or its metadata is missing, or when the order of the nested stacks in the
    construct tree is not evident from it: nested stacks in two top-level stacks, or at different depths.
    The files read are added to ``sources``.
    """
    stage_path = stage.node.path
    prefix = f"{stage_path}/" if stage_path else ""
    top_level: list[WrittenTemplate] = []
    nested: list[WrittenTemplate] = []
    for path, template_path in entries:
        if not path.startswith(prefix):
            continue
        stack = _child_at(stage, path[len(prefix) :])
        if not isinstance(stack, Stack):
            continue
        recorded = _recorded_stacks(template_path, sources)
        if recorded is None or recorded.template_files.get(path) != os.path.basename(template_path):
            return None
        top_level.append(WrittenTemplate(path, template_path, stack, recorded.logical_ids.get(path, {})))
        inner = [p for p in recorded.template_files if p != path]
        # The metadata lists a stack's constructs breadth first, which is construct-tree (depth-first)
        # order only among nested stacks of one depth.
        if inner and (nested or len({p.count("/") for p in inner}) > 1):
            return None
        for inner_path in inner:
            nested_stack = _child_at(stack, inner_path[len(path) + 1 :])
            nested_template = os.path.join(
                os.path.dirname(template_path), recorded.template_files[inner_path]
            )
            if isinstance(nested_stack, Stack) and os.path.exists(nested_template):
                paths = recorded.logical_ids.get(inner_path, {})
                nested.append(WrittenTemplate(inner_path, nested_template, nested_stack, paths))
    return top_level + nested


def _child_at(scope: IConstruct, relative_path: str) -> IConstruct | None:
    """The construct at ``relative_path`` (IDs joined by ``/``) below ``scope``, one jsii call per ID."""
    found: IConstruct | None = scope
    for id in relative_path.split("/") if relative_path else ():
        if found is None:
            return None
        found = found.node.try_find_child(id)
    return found


@dataclass(frozen=True, slots=True)
class _RecordedStacks:
    """What one stack artifact's metadata says about the stacks it holds (itself and its nested stacks)."""

    template_files: dict[str, str]  # construct path -> template file name, breadth first
    logical_ids: dict[str, dict[str, str]]  # stack's construct path -> {logical ID: construct path}


def _recorded_stacks(template_path: str, sources: dict[str, bytes]) -> _RecordedStacks | None:
    """The metadata of the stack artifact whose template is ``template_path``, from the cloud assembly.

    Every stack, nested or not, records its template file (``aws:cdk:templateFile``) when it is written;
    every CloudFormation element records its logical ID (``aws:cdk:logicalId``) unless the app disables it
    (``aws:cdk:disable-logicalId-metadata``). Entries are keyed by absolute construct path. The files
    read are added to ``sources``.
    """
    directory, file_name = os.path.split(template_path)
    try:
        manifest = json.loads(_source(os.path.join(directory, "manifest.json"), sources))
        artifact = next(
            artifact
            for artifact in (manifest.get("artifacts") or {}).values()
            if artifact.get("type") == "aws:cloudformation:stack"
            and (artifact.get("properties") or {}).get("templateFile") == file_name
        )
        metadata = artifact.get("metadata")
        if metadata is None and artifact.get("additionalMetadataFile"):
            metadata = json.loads(
                _source(os.path.join(directory, artifact["additionalMetadataFile"]), sources)
            )
    except (OSError, ValueError, StopIteration):
        return None
    template_files: dict[str, str] = {}
    elements: list[tuple[str, str]] = []  # (construct path, logical ID)
    for key, entries in (metadata or {}).items():
        path = key.removeprefix("/")
        for entry in entries:
            data = entry.get("data")
            if entry.get("type") == _TEMPLATE_FILE and isinstance(data, str):
                template_files[path] = data
            elif entry.get("type") == _LOGICAL_ID and isinstance(data, str):
                elements.append((path, data))
    # An element belongs to the innermost stack whose path contains it.
    by_depth = sorted(template_files, key=len, reverse=True)
    logical_ids: dict[str, dict[str, str]] = {}
    for path, logical_id in elements:
        owner = next((p for p in by_depth if path.startswith(f"{p}/")), None)
        if owner is not None:
            logical_ids.setdefault(owner, {})[logical_id] = path
    return _RecordedStacks(template_files, logical_ids)


def _source(path: str, sources: dict[str, bytes]) -> bytes:
    """The content of ``path``, read once and kept in ``sources``."""
    if path not in sources:
        sources[path] = _read(path)
    return sources[path]


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _from_construct_tree(stage: Stage, entries: list[tuple[str, str]]) -> list[WrittenTemplate]:
    """``written_templates`` by listing every construct of ``stage`` (a jsii proxy each)."""
    stacks = {stack.node.path: stack for stack in stage.node.find_all() if isinstance(stack, Stack)}
    found: list[WrittenTemplate] = []
    top_level: dict[str, str] = {}  # construct path -> template path
    for path, template_path in entries:
        stack = stacks.get(path)
        if stack is not None:
            top_level[path] = template_path
            found.append(WrittenTemplate(path, template_path, stack))
    for path, stack in stacks.items():
        if path in top_level or not stack.nested:
            continue
        parent = next((top_level[p] for p in self_and_parents(path)[1:] if p in top_level), None)
        if parent is None:  # pragma: no cover - a nested stack always lies inside a top-level stack
            continue
        template_path = os.path.join(os.path.dirname(parent), stack.template_file)
        if os.path.exists(template_path):
            found.append(WrittenTemplate(path, template_path, stack))
    return found
