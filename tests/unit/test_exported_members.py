"""The public surface is derived from the package: private modules, __init__ and the docs agree."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

import constructs_lambda as cl

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "constructs_lambda"
PRIVATE_MODULES = sorted(
    path.stem for path in PACKAGE.glob("_*.py") if path.stem not in {"__init__", "__main__"}
)
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# Exported classes and functions; the DEFAULT_* constants carry their docstring in the module source.
CALLABLES = [name for name in cl.__all__ if not name.startswith("DEFAULT_")]


def _private(name: str) -> ModuleType:
    return importlib.import_module(f"constructs_lambda.{name}")


def _names_documents_use() -> dict[str, set[str]]:
    """Package names README.md and docs/*.md use: ``cl.X``, ``constructs_lambda.X``, ``from constructs_lambda
    import X``. Submodules (``constructs_lambda.testing``) are not names of the package's ``__all__``."""
    used: dict[str, set[str]] = {}
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        names = set(re.findall(r"\b(?:cl|constructs_lambda)\.([A-Za-z_]\w*)", text))
        for wrapped, line in re.findall(r"from constructs_lambda import (?:\(([^)]*)\)|([^\n]+))", text):
            parts = (wrapped or line).split("#")[0].split(",")
            names.update(part.split(" as ")[0].strip() for part in parts if part.strip())
        used[path.name] = {name for name in names if not (PACKAGE / f"{name}.py").is_file()}
    return used


def test_all_has_no_duplicates() -> None:
    """__all__ names each public member once."""
    # GIVEN the package's __all__
    # WHEN it is compared with its set
    # THEN nothing repeats
    assert len(cl.__all__) == len(set(cl.__all__))


@pytest.mark.parametrize("name", cl.__all__, ids=cl.__all__)
def test_exported_name_comes_from_a_private_module_that_lists_it(name: str) -> None:
    """Each exported name resolves and is defined by a private module whose __all__ contains it."""
    # GIVEN an exported name
    member = getattr(cl, name)

    # WHEN the private modules listing it are found
    owners = [module for module in PRIVATE_MODULES if name in getattr(_private(module), "__all__", ())]

    # THEN exactly one lists it, and the package's member is that module's
    assert len(owners) == 1, owners
    assert getattr(_private(owners[0]), name) is member


@pytest.mark.parametrize("module", PRIVATE_MODULES, ids=PRIVATE_MODULES)
def test_private_all_lists_only_exported_names(module: str) -> None:
    """A private module's __all__ (when it has one) lists only names the package exports."""
    # GIVEN a private module
    private = _private(module)

    # WHEN its __all__ is compared with the package's
    extra = set(getattr(private, "__all__", ())) - set(cl.__all__)

    # THEN it adds nothing the package does not export
    assert extra == set()


@pytest.mark.parametrize("document", [path.name for path in DOCUMENTS], ids=[path.name for path in DOCUMENTS])
def test_documented_names_are_exported(document: str) -> None:
    """Every package name README.md or docs/*.md uses is in __all__."""
    # GIVEN the names a document imports or uses from the package
    used = _names_documents_use()[document]

    # WHEN they are compared with __all__
    missing = used - set(cl.__all__)

    # THEN all of them are exported
    assert missing == set()


def test_documents_use_the_package() -> None:
    """The scan above sees the names the README uses (so an empty result is not a silent pass)."""
    # GIVEN the names README.md uses
    used = _names_documents_use()["README.md"]

    # WHEN / THEN the main constructs are among them
    assert {"Function", "PermissionsBoundary"} <= used


@pytest.mark.parametrize("name", CALLABLES, ids=CALLABLES)
def test_every_exported_class_and_function_is_documented(name: str) -> None:
    """Each exported class or function carries its own docstring."""
    # GIVEN an exported class or function
    member = getattr(cl, name)

    # WHEN / THEN it is callable and documented
    assert callable(member)
    assert member.__doc__


def test_validation_error_is_a_value_error() -> None:
    """ValidationError is catchable as ValueError and as the library's base error."""
    # GIVEN / WHEN / THEN the error hierarchy
    assert issubclass(cl.ValidationError, ValueError)
    assert issubclass(cl.ValidationError, cl.ConstructsLambdaError)


def test_py_typed_ships() -> None:
    """The package is marked as typed (PEP 561)."""
    # GIVEN the installed package
    from importlib.resources import files

    # WHEN / THEN it ships py.typed
    assert files("constructs_lambda").joinpath("py.typed").is_file()
