"""The shared shape of the library's policy-validation plugins (checks on the synthesized templates)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import jsii
from aws_cdk import IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport

__all__ = ["TemplatePlugin"]

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
