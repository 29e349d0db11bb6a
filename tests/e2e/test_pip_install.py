"""``pip install``: the built wheel installs into a fresh virtualenv and a consumer app outside the repo uses it.

This is the one test that uses the network: ``python -m build`` fetches the build backend and pip fetches
the wheel's dependencies (aws-cdk-lib, constructs, jsii) from the package index, as a user's install does.
"""

from __future__ import annotations

import email.parser
import json
import os
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "constructs_lambda"

CONSUMER_APP = textwrap.dedent(
    '''
    """A team's own CDK app that depends on constructs-lambda (installed from the wheel)."""

    import aws_cdk as cdk
    from aws_cdk import aws_lambda as lambda_

    import constructs_lambda as cl

    app = cdk.App()
    stack = cdk.Stack(app, "Consumer")
    cl.PermissionsBoundary(stack, "Boundary").apply_to(stack)
    fn = cl.Function(
        stack,
        "Handler",
        runtime=lambda_.Runtime.PYTHON_3_13,
        handler="index.handler",
        code=lambda_.Code.from_inline("def handler(event, context):\\n    return 'ok'\\n"),
    )
    assert fn.alias.alias_name == "live"
    try:
        cl.Function(stack, "Bad", runtime=lambda_.Runtime.PYTHON_3_13, handler="index.handler",
                    code=lambda_.Code.from_inline("x = 1"), memory_size=64)
    except cl.ValidationError as error:
        print("validation:", error)
    app.synth()
    print("installed from:", cl.__file__)
    '''
)


def run(args: list[str], *, cwd: Path, env: dict[str, str] | None = None, timeout: float = 600) -> str:
    """Run a command; return stdout, fail the test with the output when it exits non-zero."""
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=timeout
    )
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist built from the repository and the wheel built from that sdist (``python -m build``)."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], cwd=out)
    return out


def only(directory: Path, pattern: str) -> Path:
    """The single file matching ``pattern`` in ``directory``."""
    (found,) = directory.glob(pattern)
    return found


def test_wheel_holds_the_package_only_with_py_typed(dist: Path) -> None:
    """The wheel: it holds the package, py.typed and dist-info, and no tests or integ."""
    # GIVEN the wheel
    # WHEN listed
    names = zipfile.ZipFile(only(dist, "*.whl")).namelist()
    # THEN it holds the package, py.typed and dist-info, and no tests or integ
    assert f"{PACKAGE}/py.typed" in names
    assert f"{PACKAGE}/__init__.py" in names
    assert f"{PACKAGE}/__main__.py" in names
    top_level = {name.split("/")[0] for name in names}
    assert {t for t in top_level if not t.endswith(".dist-info")} == {PACKAGE}
    assert not [n for n in names if "/tests/" in n or n.startswith(("tests/", "integ/", "scripts/"))]


def test_wheel_metadata_is_complete(dist: Path) -> None:
    """The wheel: license, URLs, classifiers and Python floor are set."""
    # GIVEN the wheel
    archive = zipfile.ZipFile(only(dist, "*.whl"))
    (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    # WHEN its METADATA is read
    metadata = email.parser.Parser().parsestr(archive.read(metadata_name).decode())
    # THEN license, URLs, classifiers and Python floor are set
    assert metadata["Name"] == "constructs-lambda"
    assert metadata["License-Expression"] == "Apache-2.0" or metadata["License"]
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata["Summary"]
    urls = dict(u.split(", ", 1) for u in metadata.get_all("Project-URL", []))
    assert {"Homepage", "Source", "Issues"} <= set(urls)
    classifiers = metadata.get_all("Classifier", [])
    assert "Typing :: Typed" in classifiers
    assert any(c.startswith("Programming Language :: Python :: 3.") for c in classifiers)
    requires = metadata.get_all("Requires-Dist", [])
    assert any(r.startswith("aws-cdk-lib") for r in requires)
    assert not [r for r in requires if "cdk-nag" in r and "extra ==" not in r]  # dev tools stay extras


def test_sdist_builds_with_sources(dist: Path) -> None:
    """The sdist: it carries pyproject.toml, the README and the package sources."""
    # GIVEN the sdist
    # WHEN listed
    with tarfile.open(only(dist, "*.tar.gz")) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    # THEN it carries pyproject.toml, the README and the package sources
    assert {"pyproject.toml", "README.md", f"{PACKAGE}/__init__.py", f"{PACKAGE}/py.typed"} <= names


def test_consumer_app_outside_the_repo_synthesizes_with_the_installed_wheel(
    dist: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A fresh virtualenv with the wheel: it gets the library's stack."""
    # GIVEN a fresh virtualenv with the wheel
    work = tmp_path_factory.mktemp("consumer")
    venv = work / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=work)
    python = venv / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--quiet", str(only(dist, "*.whl"))], cwd=work, timeout=900)

    app_dir = work / "app"
    app_dir.mkdir()
    (app_dir / "app.py").write_text(CONSUMER_APP)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTHON", "VIRTUAL_ENV"))}
    # The fresh venv's python first; Node.js (for jsii) from the project's toolchain after it.
    env["PATH"] = os.pathsep.join([str(venv / "bin"), str(ROOT / ".venv" / "bin"), env.get("PATH", "")])
    env["CDK_OUTDIR"] = str(work / "cdk.out")
    env["JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION"] = "1"
    # WHEN a consumer app synthesizes
    output = run([str(python), "app.py"], cwd=app_dir, env=env)

    # THEN it gets the library's stack
    assert f"installed from: {venv}" in output
    assert "validation: Consumer/Bad: memory_size" in output
    template = json.loads((work / "cdk.out" / "Consumer.template.json").read_text())
    kinds = sorted({r["Type"] for r in template["Resources"].values()})
    assert {
        "AWS::Lambda::Function",
        "AWS::Lambda::Alias",
        "AWS::Logs::LogGroup",
        "AWS::IAM::ManagedPolicy",
    } <= set(kinds)
    typed = run(
        [
            str(python),
            "-c",
            "import importlib.resources as r; print(r.files('constructs_lambda') / 'py.typed')",
        ],
        cwd=app_dir,
        env=env,
    )
    assert Path(typed.strip()).is_file()
