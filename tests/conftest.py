"""Fixtures: an app with fixed context and a stack with a fixed environment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Environment, Stack

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT = "123456789012"
REGION = "eu-west-1"


def project_context() -> dict[str, Any]:
    """The feature flags of cdk.json, so tests synthesize exactly as users' apps do."""
    context: dict[str, Any] = json.loads((ROOT / "cdk.json").read_text())["context"]
    return context


@pytest.fixture
def app() -> App:
    """An app with the project's feature flags."""
    return App(context=project_context())


@pytest.fixture
def stack(app: App) -> Stack:
    """A stack with a fixed account and region, so ARNs and AZs are stable."""
    return Stack(app, "Test", env=Environment(account=ACCOUNT, region=REGION))
