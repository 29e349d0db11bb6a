"""Snapshot helpers for tests of apps built with constructs_lambda.

Templates are compared byte for byte after masking only what legitimately varies between machines:
asset hashes of local code (they change with every edit of a fixture) and the asset bucket's key names.
Set ``UPDATE_SNAPSHOTS=1`` to rewrite snapshots deliberately, then review the diff.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path
from typing import Any

__all__ = ["UPDATE_ENV_VAR", "mask_asset_hashes", "match_snapshot", "normalized_json"]

UPDATE_ENV_VAR = "UPDATE_SNAPSHOTS"
"""Environment variable that turns comparisons into deliberate rewrites."""

_ASSET_HASH = re.compile(r"\b[0-9a-f]{64}\b")


def mask_asset_hashes(template: Any) -> Any:
    """Return ``template`` with every 64-hex-digit asset hash replaced by ``<asset-hash>``."""
    return json.loads(_ASSET_HASH.sub("<asset-hash>", json.dumps(template)))


def normalized_json(template: Any) -> str:
    """The canonical text of a template: sorted keys, two-space indent, trailing newline."""
    return json.dumps(template, indent=2, sort_keys=True) + "\n"


def match_snapshot(actual: Any, snapshot: Path, *, mask: bool = True) -> None:
    """Compare ``actual`` with the committed ``snapshot`` file; rewrite it when ``UPDATE_SNAPSHOTS=1``.

    Args:
        actual: A JSON-serialisable template (or any JSON document).
        snapshot: The committed snapshot file.
        mask: Mask asset hashes before comparing. Default: True.

    Raises:
        AssertionError: The snapshot is missing or differs; the message carries a unified diff.
    """
    text = normalized_json(mask_asset_hashes(actual) if mask else actual)
    if os.environ.get(UPDATE_ENV_VAR) == "1":
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(text)
        return
    if not snapshot.exists():
        raise AssertionError(
            f"snapshot {snapshot} does not exist; create it with {UPDATE_ENV_VAR}=1 (make snapshots)"
        )
    expected = snapshot.read_text()
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True), text.splitlines(keepends=True), str(snapshot), "actual"
            )
        )
        raise AssertionError(
            f"snapshot {snapshot} differs (update deliberately with make snapshots):\n{diff}"
        )
