"""Each integration test app, synthesized through the CDK CLI, matches its committed snapshot.

integ-runner 2.197.10 (the newest) bundles a toolkit that reads cloud-assembly schema <= 53, while
aws-cdk-lib 2.275 writes schema 55, so it cannot verify these snapshots; the suite does it instead with
the pinned CLI. ``make snapshots`` (``UPDATE_SNAPSHOTS=1``) rewrites them deliberately.

Compared: every stack template, every asset manifest, ``manifest.json``, ``integ.json`` and ``cdk.out``,
with asset hashes, assertion salts and asset destination IDs masked. Not compared (and not committed): asset directories (their content is the
fixtures, and their names are hashes), ``tree.json`` (it records library versions), ``*.metadata.json``
(construct analytics and creation stacks) and ``validation-report.json``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from constructs_lambda.testing import UPDATE_ENV_VAR, match_snapshot
from scripts.local_endpoint import ROOT, cdk, offline_env

INTEG = ROOT / "integ"
INTEG_APPS = sorted(p.name for p in INTEG.glob("integ_*.py"))
COMPARED_GLOBS = ("*.template.json", "*.assets.json", "manifest.json", "integ.json", "cdk.out")
# Besides asset hashes (masked by match_snapshot), two values change on every synth by design: the
# "salt" of integ-tests-alpha assertions (a timestamp, so assertions re-run on each deploy) and the
# destination IDs of asset manifests, which hash the (salted) template. A third is not ours: the
# "minimumCliVersion" of manifest.json and integ.json comes from whichever aws-cdk.cloud-assembly-schema
# pip resolves under aws-cdk-lib's range (55.7.0 moved it from 2.1148.0 to 2.1149.0 with no change here).
_VOLATILE = (
    (re.compile(r'"salt": "\d+"'), '"salt": "<timestamp>"'),
    (re.compile(r"current_account-current_region-[0-9a-f]{8}"), "current_account-current_region-<hash>"),
    (re.compile(r'"minimumCliVersion": "[^"]*"'), '"minimumCliVersion": "<cloud-assembly-schema>"'),
)


def stable(document: object) -> object:
    """``document`` with the values that change on every synth replaced by placeholders."""
    text = json.dumps(document)
    for pattern, placeholder in _VOLATILE:
        text = pattern.sub(placeholder, text)
    return json.loads(text)


def cdk_synth_integ(app_file: str, out: Path) -> None:
    """``cdk synth --app "python integ/<app_file>" -o out``, dependencies not installed.

    An empty bundling cache makes every ``PythonLayer`` a placeholder whatever the machine has built
    before: a cached real build would change the layer's hash and with it the functions' version IDs.
    """
    cache = out.parent / "bundling-cache"
    cdk(
        [
            "synth",
            "--app",
            f"python integ/{app_file}",
            "--output",
            str(out),
            "--quiet",
            "--context",
            "constructs-lambda:skipBundling=true",
        ],
        cwd=ROOT,
        env=dict(offline_env(), CONSTRUCTS_LAMBDA_CACHE=str(cache)),
    )


def compared_files(directory: Path) -> list[str]:
    """Names of the files a snapshot holds (sorted)."""
    return sorted({p.name for pattern in COMPARED_GLOBS for p in directory.glob(pattern)})


def test_every_integ_app_has_a_deploy_comment_and_ends_in_integ_test() -> None:
    """The integ apps: each says what a deploy shows and declares an IntegTest."""
    # GIVEN the integ apps
    # WHEN read
    # THEN each says what a deploy shows and declares an IntegTest
    assert {
        "integ_function.py",
        "integ_layers.py",
        "integ_boundary.py",
        "integ_scaling.py",
        "integ_app.py",
    } <= set(INTEG_APPS)
    for name in INTEG_APPS:
        source = (INTEG / name).read_text()
        assert "A deploy should show" in source, name
        assert "IntegTest(app, " in source, name
        assert source.rstrip().endswith("app.synth()"), name


@pytest.mark.slow
@pytest.mark.snapshot
@pytest.mark.parametrize("app_file", INTEG_APPS, ids=INTEG_APPS)
def test_integ_app_matches_committed_snapshot(app_file: str, tmp_path: Path) -> None:
    """An integ app: the assembly matches the committed snapshot."""
    # GIVEN an integ app
    out = tmp_path / "cdk.out"
    cdk_synth_integ(app_file, out)
    snapshot = INTEG / f"{app_file}.snapshot"
    # WHEN the CDK CLI synthesizes it
    produced = compared_files(out)
    # THEN the assembly matches the committed snapshot
    assert any(name.endswith(".template.json") for name in produced)
    if os.environ.get(UPDATE_ENV_VAR) == "1" and snapshot.exists():
        shutil.rmtree(snapshot)  # a deliberate rewrite also drops files of stacks that no longer exist
    committed = compared_files(snapshot) if snapshot.exists() else []
    if os.environ.get(UPDATE_ENV_VAR) != "1":
        assert committed == produced, f"{snapshot}: files differ (make snapshots rewrites them)"
    for name in produced:
        match_snapshot(stable(json.loads((out / name).read_text())), snapshot / name)
