"""Benchmark: cold and warm PythonLayer builds of a realistic layer (requests + pydantic), both architectures.

Not a test: it uses the network (PyPI) for the cold builds. Run it with::

    python benchmarks/bundling.py

It resolves ``requests`` and ``pydantic`` once for Python 3.12 (``pip install --dry-run --report``), writes
the pins as a ``Pipfile.lock``, then times, per architecture, a cold build (empty cache), a warm build
(same inputs, new app) and a build after the lock changed (one pin moved). Every build runs in a fresh
``App`` so only bundling and one ``Stack`` are measured.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aws_cdk import App, Stack
from aws_cdk import aws_lambda as lambda_

import constructs_lambda as cl
from constructs_lambda._bundling import pip_environment

RUNTIME = lambda_.Runtime.PYTHON_3_12
TOP_LEVEL = ["requests", "pydantic"]


def resolve(work: Path) -> dict[str, str]:
    """Exact versions of the closure of TOP_LEVEL for manylinux2014 x86_64 / CPython 3.12."""
    report = work / "report.json"
    args = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet"]
    args += ["--report", str(report), "--target", str(work / "dry"), "--platform", "manylinux2014_x86_64"]
    args += ["--python-version", "3.12", "--implementation", "cp", "--only-binary=:all:", *TOP_LEVEL]
    subprocess.run(args, env=pip_environment(), check=True)
    data = json.loads(report.read_text())
    return {i["metadata"]["name"].lower(): i["metadata"]["version"] for i in data["install"]}


def write_lock(entry: Path, pins: dict[str, str]) -> None:
    entry.mkdir(parents=True, exist_ok=True)
    default = {name: {"hashes": [], "version": f"=={version}"} for name, version in sorted(pins.items())}
    (entry / "Pipfile.lock").write_text(
        json.dumps({"_meta": {}, "default": default, "develop": {}}, indent=2)
    )


def build(entry: Path, cache: Path, arch: lambda_.Architecture) -> tuple[float, cl.PythonLayer]:
    stack = Stack(App(), "Bench")
    start = time.perf_counter()
    layer = cl.PythonLayer(
        stack,
        "Deps",
        entry=entry,
        runtime=RUNTIME,
        architecture=arch,
        bundling=cl.PythonBundling(cache_dir=str(cache)),
    )
    return time.perf_counter() - start, layer


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="cl-bench-") as tmp:
        work = Path(tmp)
        pins = resolve(work)
        print(f"layer: {', '.join(f'{k}=={v}' for k, v in sorted(pins.items()))}")
        Stack(App(), "Warmup")  # load jsii before timing anything
        for arch in (lambda_.Architecture.X86_64, lambda_.Architecture.ARM_64):
            entry = work / f"entry-{arch.name}"
            cache = work / f"cache-{arch.name}"
            write_lock(entry, pins)
            cold, layer = build(entry, cache, arch)
            warm, again = build(entry, cache, arch)
            assert again.asset_hash == layer.asset_hash
            changed_pins = dict(pins, requests="2.31.0")
            write_lock(entry, changed_pins)
            changed, moved = build(entry, cache, arch)
            assert moved.asset_hash != layer.asset_hash
            size_mb = (layer.unzipped_size_bytes or 0) / 1e6
            print(
                f"{arch.name:7s} cold {cold:6.2f} s   warm {warm * 1000:7.1f} ms   "
                f"changed lock {changed:6.2f} s   unzipped {size_mb:.1f} MB"
            )


if __name__ == "__main__":
    main()
