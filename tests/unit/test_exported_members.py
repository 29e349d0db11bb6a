"""The public surface is pinned: adding or removing a name is a deliberate change."""

from __future__ import annotations

import constructs_lambda as cl

EXPECTED = [
    "ConstructsLambdaError",
    "EdgeFunction",
    "Fleet",
    "Function",
    "Layer",
    "ManagedInstances",
    "PermissionsBoundary",
    "ProvisionedConcurrency",
    "PythonBundling",
    "PythonLayer",
    "RuntimeInfo",
    "ScheduledCapacity",
    "ValidationError",
    "enforce_template_limits",
    "function_url_origin_with_oac",
    "runtime_info",
]


def test_all_is_pinned_and_sorted() -> None:
    """__all__ lists exactly the public names, sorted."""
    # GIVEN / WHEN / THEN
    assert cl.__all__ == EXPECTED
    assert sorted(cl.__all__) == cl.__all__


def test_every_exported_name_exists_and_is_documented() -> None:
    """Each exported name resolves and carries a docstring."""
    # GIVEN / WHEN / THEN
    for name in cl.__all__:
        member = getattr(cl, name)
        assert member.__doc__, name


def test_validation_error_is_a_value_error() -> None:
    """ValidationError is catchable as ValueError and as the library's base error."""
    # GIVEN / WHEN / THEN
    assert issubclass(cl.ValidationError, ValueError)
    assert issubclass(cl.ValidationError, cl.ConstructsLambdaError)


def test_py_typed_ships() -> None:
    """The package is marked as typed (PEP 561)."""
    # GIVEN / WHEN
    from importlib.resources import files

    # THEN
    assert files("constructs_lambda").joinpath("py.typed").is_file()
