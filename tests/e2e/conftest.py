"""Fixtures of the end-to-end tests: a local endpoint, a copy of the reference app, a local wheelhouse."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from scripts.local_endpoint import REGION, ROOT, endpoint_env, local_endpoint
from tests.fixtures.layers.wheels import make_wheel

#: The files of the reference app a user has in their repository.
APP_FILES = ("app.py", "cdk.json", "src", "layers")
#: What the copied app's layer installs instead of its PyPI pins: tests never download.
LOCAL_DEPENDENCY = "orders-deps-fixture"


class Endpoint:
    """A running local endpoint: its port, the environment for the CLI, and SDK clients."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.env = endpoint_env(port)

    def client(self, service: str) -> Any:
        """A boto3 client of ``service`` on the endpoint."""
        return boto3.client(
            service,
            endpoint_url=self.env["AWS_ENDPOINT_URL"],
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    """A patched moto server on 127.0.0.1 and a free port, stopped after the module."""
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with local_endpoint(log=log) as port:
        yield Endpoint(port)


def copy_reference_app(target: Path, wheelhouse: Path) -> Path:
    """Copy the reference app to ``target``; its layer installs a local wheel instead of PyPI pins."""
    for name in APP_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    wheel = make_wheel(
        wheelhouse,
        LOCAL_DEPENDENCY,
        "1.0",
        "py3-none-any",
        {"orders_deps_fixture/__init__.py": b"VERSION = '1.0'\n"},
    )
    requirements = target / "layers" / "deps" / "requirements.txt"
    requirements.write_text(f"{LOCAL_DEPENDENCY} @ {wheel.resolve().as_uri()}\n")
    return target
