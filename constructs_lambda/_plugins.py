"""The shared shape of the library's policy-validation plugins (checks on the synthesized templates)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
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

from ._validation import self_and_parents

try:
    _VERSION = version("constructs-lambda")
except PackageNotFoundError:  # running from a source tree that was never installed
    _VERSION = "0.0.0"


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

    def read(self) -> tuple[dict[str, Any], int]:
        """The template as a dictionary, and its size in bytes as written."""
        with open(self.template_path, "rb") as handle:
            text = handle.read()
        template: dict[str, Any] = json.loads(text)
        return template, len(text)


def written_templates(context: IPolicyValidationContext, stage: Stage) -> list[WrittenTemplate]:
    """Every template of ``stage``'s stacks, nested stacks included, each named by its construct path.

    CDK hands plugins only the top-level templates; a nested stack's template lies next to the template of
    the top-level stack that contains it.
    """
    stacks = {stack.node.path: stack for stack in stage.node.find_all() if isinstance(stack, Stack)}
    found: list[WrittenTemplate] = []
    top_level: dict[str, str] = {}  # construct path -> template path
    for entry in context.stack_templates:
        stack = stacks.get(entry.stack_construct_path)
        if stack is not None:
            top_level[entry.stack_construct_path] = entry.template_path
            found.append(WrittenTemplate(entry.stack_construct_path, entry.template_path, stack))
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
