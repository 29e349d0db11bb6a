"""Documentation examples run and type-check: the documentation cannot drift from the API.

Every ```python block of README.md, docs/*.md and CONTRIBUTING.md that is complete (no ``...``
placeholders, no ``<!-- not run -->`` line before it) is executed in a copy of the project with a small
preamble (an app with bundling skipped, a stack named ``Orders``) and checked with mypy --strict. All blocks
run in one process and mypy runs once (jsii and mypy start once); each block is then reported by its own
test, named after its file and its index among that file's python blocks.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [
    "README.md",
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md")),
    "CONTRIBUTING.md",
]
PREAMBLE = """\
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_lambda as lambda_
import constructs_lambda as cl

app = App(context={"constructs-lambda:skipBundling": True})
stack = Stack(app, "Orders")
"""
PREAMBLE_LINES = PREAMBLE.count("\n")
#: Languages a fence may name. Only python blocks run; shell is ```bash, program output is ```text.
FENCE_LANGUAGES = frozenset({"python", "bash", "text", "json", "yaml"})


@dataclass(frozen=True)
class Block:
    """One runnable python block of a document."""

    document: str  # path relative to the repository root
    index: int  # position among the document's python blocks, runnable or not
    line: int  # line number of the block's first line of code in the document
    code: str

    @property
    def id(self) -> str:
        return f"{self.document}:{self.index}"

    @property
    def module(self) -> str:
        """A file name mypy accepts as a module name."""
        return re.sub(r"\W", "_", self.id) + ".py"


def runnable_blocks(document: str) -> list[Block]:
    """Every runnable python block of ``document``."""
    text = (ROOT / document).read_text()
    blocks = []
    pattern = r"^([^\n]*)\n```python\n(.*?)^```"
    for index, match in enumerate(re.finditer(pattern, text, flags=re.S | re.M)):
        marker, code = match.group(1), match.group(2)
        if "..." not in code and "<!-- not run" not in marker:
            first_code_line = text[: match.start(2)].count("\n") + 1
            blocks.append(Block(document, index, first_code_line, code))
    return blocks


BLOCKS = [block for document in DOCUMENTS for block in runnable_blocks(document)]
#: When this was written the README had 8 runnable blocks and all documents 24; far fewer means the
#: block pattern broke or examples were turned into sketches.
MIN_README_BLOCKS = 7
MIN_BLOCKS = 20


def test_documents_have_runnable_blocks() -> None:
    """The pattern finds the runnable examples, so the tests below check something."""
    # GIVEN the documents
    # WHEN their runnable python blocks are collected
    readme = [block for block in BLOCKS if block.document == "README.md"]
    # THEN there are about as many as there were examples when this was written
    assert len(readme) >= MIN_README_BLOCKS, f"found {len(readme)} runnable python blocks in README.md"
    assert len(BLOCKS) >= MIN_BLOCKS, f"found {len(BLOCKS)} runnable python blocks in {DOCUMENTS}"


RUNNER = """\
import json, sys, traceback
preamble, blocks = json.loads(sys.stdin.read())
failures = {}
for number, (block_id, document, line, code) in enumerate(blocks):
    namespace = {"__name__": f"block_{number}"}
    try:
        exec(compile(preamble, "<preamble>", "exec"), namespace)
        # Padded so that tracebacks give the document's own line numbers.
        exec(compile("\\n" * (line - 1) + code, document, "exec"), namespace)
    except Exception:
        failures[block_id] = traceback.format_exc()
print(json.dumps(failures))
"""


@pytest.fixture(scope="module")
def run_failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Run every block after the preamble, in a project directory with the folders the examples name."""
    project = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "src", project / "src")
    shutil.copytree(ROOT / "layers", project / "layers")
    (project / "layers" / "tools" / "python").mkdir(parents=True)
    (project / "layers" / "tools" / "python" / "tools.py").write_text("VERSION = 1\n")
    (project / "wheelhouse").mkdir()
    (project / "src" / "handler").mkdir()
    (project / "src" / "handler" / "index.py").write_text("def handler(event, context):\n    return event\n")
    payload = json.dumps([PREAMBLE, [(block.id, block.document, block.line, block.code) for block in BLOCKS]])
    result = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=payload,
        capture_output=True,
        text=True,
        cwd=project,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    failures: dict[str, str] = json.loads(result.stdout.strip().splitlines()[-1])
    return failures


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """mypy --strict on every block (with the preamble): its messages by block id, at the document's lines."""
    folder = tmp_path_factory.mktemp("mypy")
    by_module = {block.module: block for block in BLOCKS}
    for module, block in by_module.items():
        (folder / module).write_text(PREAMBLE + block.code)
    result = subprocess.run(
        # The same flags as `make lint`, so mypy reuses its cache of aws_cdk's stubs.
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            *(str(folder / m) for m in by_module),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    errors: dict[str, list[str]] = {}
    for message in result.stdout.splitlines():
        match = re.match(r"(?:.*[/\\])?([^/\\:]+\.py):(\d+): (.*)", message)
        owner = by_module.get(match.group(1)) if match else None
        if match is None or owner is None:
            errors.setdefault("", []).append(message)
            continue
        line = owner.line + int(match.group(2)) - PREAMBLE_LINES - 1
        errors.setdefault(owner.id, []).append(f"{owner.document}:{line}: {match.group(3)}")
    if result.returncode != 0 and not errors:
        errors[""] = [result.stderr[-3000:]]
    return errors


@pytest.mark.parametrize("block", BLOCKS, ids=[block.id for block in BLOCKS])
def test_block_runs(block: Block, run_failures: dict[str, str]) -> None:
    """The block executes after the preamble (all blocks ran in one process: jsii starts once)."""
    # GIVEN a runnable python block of the documentation
    # WHEN it ran after the preamble in a project directory
    failure = run_failures.get(block.id)
    # THEN it raised nothing
    assert failure is None, failure


@pytest.mark.parametrize("block", BLOCKS, ids=[block.id for block in BLOCKS])
def test_block_type_checks(block: Block, mypy_errors: dict[str, list[str]]) -> None:
    """mypy --strict accepts the block (with the preamble)."""
    # GIVEN a runnable python block of the documentation
    # WHEN mypy --strict checked it
    errors = mypy_errors.get(block.id, []) + mypy_errors.get("", [])
    # THEN it found nothing
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("document", DOCUMENTS, ids=DOCUMENTS)
def test_fences_name_their_language(document: str) -> None:
    """Every code fence names its language, so shell and output are never mistaken for python."""
    # GIVEN a document
    lines = (ROOT / document).read_text().splitlines()
    # WHEN its opening fences are read
    unnamed, inside = [], False
    for number, line in enumerate(lines, start=1):
        if line.startswith("```"):
            if not inside and line[3:].strip() not in FENCE_LANGUAGES:
                unnamed.append(f"{document}:{number}: {line!r}")
            inside = not inside
    # THEN each names one of the known languages, and every fence is closed
    assert unnamed == [], f"fences must name one of {sorted(FENCE_LANGUAGES)}"
    assert not inside, f"{document} ends inside a code block"


@pytest.mark.parametrize("document", DOCUMENTS, ids=DOCUMENTS)
def test_sources_are_public_pages(document: str) -> None:
    """Limits cite public AWS pages, never a local copy of the docs or its line numbers."""
    # GIVEN a document
    text = (ROOT / document).read_text()
    # WHEN it is searched for references to local copies ("seed 003", "L4512")
    local = re.findall(r"\bseeds?\b[ /]*\d+|\bL\d{3,5}\b", text)
    # THEN there are none
    assert local == []


def test_readme_starts_with_the_two_commands() -> None:
    """The first section shows exactly two commands: make synth and make test."""
    # GIVEN the README
    text = (ROOT / "README.md").read_text()
    # WHEN its first code block is read
    first_block = re.search(r"```bash\n(.*?)```", text, flags=re.S)
    # THEN it holds exactly make synth and make test
    assert first_block is not None
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines() if line.strip()]
    assert commands == ["make synth", "make test"]
