"""README examples run and type-check: the documentation cannot drift from the API.

Every ```python block that is complete (no ``...`` placeholders, no ``<!-- not run -->`` line before it) is
executed in the repository root with
a small preamble (an app with bundling skipped, a stack named ``Orders``) and checked with mypy --strict.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PREAMBLE = """\
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_lambda as lambda_
import constructs_lambda as cl

app = App(context={"constructs-lambda:skipBundling": True})
stack = Stack(app, "Orders")
"""


def complete_blocks() -> list[tuple[int, str]]:
    """(line number, code) of every runnable python block in README.md."""
    text = (ROOT / "README.md").read_text()
    blocks = []
    for match in re.finditer(r"^([^\n]*)\n```python\n(.*?)^```", text, flags=re.S | re.M):
        marker, code = match.group(1), match.group(2)
        if "..." not in code and "<!-- not run" not in marker:
            blocks.append((text[: match.start()].count("\n") + 1, code))
    return blocks


BLOCKS = complete_blocks()
#: The README had 12 runnable blocks when this was written; far fewer means the block pattern broke.
MIN_BLOCKS = 10


def test_readme_blocks_are_found() -> None:
    """The pattern finds the runnable examples, so the tests below check something."""
    assert len(BLOCKS) >= MIN_BLOCKS, f"found {len(BLOCKS)} runnable python blocks in README.md"


RUNNER = """\
import json, sys, traceback
blocks = json.loads(sys.stdin.read())
failures = []
for line, code in blocks:
    try:
        exec(compile(code, f"README.md:{line}", "exec"), {"__name__": f"readme_{line}"})
    except Exception:
        failures.append(f"README.md:{line}\\n" + traceback.format_exc(limit=3))
print(json.dumps(failures))
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project directory with the folders the examples name."""
    shutil.copytree(ROOT / "src", tmp_path / "src")
    shutil.copytree(ROOT / "layers", tmp_path / "layers")
    (tmp_path / "layers" / "tools" / "python").mkdir(parents=True)
    (tmp_path / "layers" / "tools" / "python" / "tools.py").write_text("VERSION = 1\n")
    (tmp_path / "wheelhouse").mkdir()
    (tmp_path / "src" / "handler").mkdir()
    (tmp_path / "src" / "handler" / "index.py").write_text("def handler(event, context):\n    return event\n")
    return tmp_path


def test_readme_blocks_run(project: Path) -> None:
    """Every block executes after the preamble, in a project directory (one process: jsii starts once)."""
    payload = json.dumps([(line, PREAMBLE + code) for line, code in BLOCKS])
    result = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=payload,
        capture_output=True,
        text=True,
        cwd=project,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    failures = json.loads(result.stdout.strip().splitlines()[-1])
    assert failures == [], "\n".join(failures)


def test_readme_blocks_type_check(tmp_path: Path) -> None:
    """mypy --strict accepts every block (with the preamble)."""
    files = []
    for line, code in BLOCKS:
        path = tmp_path / f"readme_{line}.py"
        path.write_text(PREAMBLE + code)
        files.append(str(path))
    result = subprocess.run(
        # The same flags as `make lint`, so mypy reuses its cache of aws_cdk's stubs.
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", *files],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_starts_with_the_two_commands() -> None:
    """The first section shows exactly two commands: make synth and make test."""
    text = (ROOT / "README.md").read_text()
    first_block = re.search(r"```bash\n(.*?)```", text, flags=re.S)
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines() if line.strip()]
    assert commands == ["make synth", "make test"]
