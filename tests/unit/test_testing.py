"""constructs_lambda.testing.match_snapshot: compares with the committed file, rewrites only when asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from constructs_lambda.testing import UPDATE_ENV_VAR, match_snapshot, normalized_json

HASH = "a" * 64
TEMPLATE = {"Resources": {"Fn": {"Properties": {"Code": {"S3Key": f"{HASH}.zip"}}}}}


@pytest.fixture(autouse=True)
def no_update(monkeypatch: pytest.MonkeyPatch) -> None:
    """Comparisons, not rewrites, whatever the calling shell exports."""
    monkeypatch.delenv(UPDATE_ENV_VAR, raising=False)


def test_missing_snapshot_raises_and_is_not_created(tmp_path: Path) -> None:
    """A snapshot that does not exist fails the comparison and is not written behind the user's back."""
    # GIVEN / WHEN
    snapshot = tmp_path / "snapshots" / "missing.json"
    # THEN
    with pytest.raises(AssertionError, match=rf"snapshot {snapshot} does not exist; create it with"):
        match_snapshot(TEMPLATE, snapshot)
    assert not snapshot.exists()


def test_equal_template_passes_with_hashes_masked(tmp_path: Path) -> None:
    """The committed text (asset hash masked) matches; a different hash in the template still matches."""
    # GIVEN
    snapshot = tmp_path / "equal.json"
    snapshot.write_text(
        normalized_json({"Resources": {"Fn": {"Properties": {"Code": {"S3Key": "<asset-hash>.zip"}}}}})
    )
    # WHEN
    match_snapshot(TEMPLATE, snapshot)
    # THEN
    match_snapshot({"Resources": {"Fn": {"Properties": {"Code": {"S3Key": f"{'b' * 64}.zip"}}}}}, snapshot)


def test_different_template_raises_with_a_diff(tmp_path: Path) -> None:
    """A change fails with a unified diff naming the old and the new line; the file is left as it was."""
    # GIVEN
    snapshot = tmp_path / "differs.json"
    committed = normalized_json({"Resources": {"Fn": {"Type": "AWS::Lambda::Function"}}})
    # WHEN
    snapshot.write_text(committed)
    # THEN
    with pytest.raises(AssertionError, match=rf"snapshot {snapshot} differs") as raised:
        match_snapshot({"Resources": {"Fn": {"Type": "AWS::Lambda::Url"}}}, snapshot)
    assert '-      "Type": "AWS::Lambda::Function"' in str(raised.value)
    assert '+      "Type": "AWS::Lambda::Url"' in str(raised.value)
    assert snapshot.read_text() == committed


def test_update_env_var_rewrites_the_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With UPDATE_SNAPSHOTS=1 the snapshot (and its folder) is written from the template, masked."""
    # GIVEN
    snapshot = tmp_path / "new" / "rewritten.json"
    monkeypatch.setenv(UPDATE_ENV_VAR, "1")
    # WHEN
    match_snapshot(TEMPLATE, snapshot)
    # THEN
    assert snapshot.read_text() == normalized_json(
        {"Resources": {"Fn": {"Properties": {"Code": {"S3Key": "<asset-hash>.zip"}}}}}
    )
    monkeypatch.delenv(UPDATE_ENV_VAR)
    match_snapshot(TEMPLATE, snapshot)
