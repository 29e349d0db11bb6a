"""The library's error tree: one base class and one error for bad input."""

from __future__ import annotations

from typing import Any

__all__ = ["ConstructsLambdaError", "ValidationError"]


class ConstructsLambdaError(Exception):
    """Base class of every error this library raises on purpose."""


class ValidationError(ConstructsLambdaError, ValueError):
    """Bad input, caught in Python before anything reaches jsii or CloudFormation.

    The message reads ``"<construct path>: <prop> <what is allowed>, got <value>"`` and the parts are
    kept as attributes so tools can react to them without parsing the text.

    Attributes:
        construct_path: Path of the construct that received the value (``""`` outside any construct).
        prop: The property as the user typed it (snake_case).
        value: The value that was rejected.
        rule: What is allowed, in words.
    """

    def __init__(self, construct_path: str, prop: str, value: Any, rule: str) -> None:
        self.construct_path = construct_path
        self.prop = prop
        self.value = value
        self.rule = rule
        where = f"{construct_path}: " if construct_path else ""
        super().__init__(f"{where}{prop} {rule}, got {value!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Keeps the error picklable (pytest-xdist ships errors between processes).
        return (type(self), (self.construct_path, self.prop, self.value, self.rule))
