"""Benchmark: what ``import constructs_lambda`` costs beyond ``import aws_cdk.aws_lambda``.

Not a test. Run it with::

    python benchmarks/import_time.py            # 7 rounds
    python benchmarks/import_time.py -r 15 --detail

Each measurement is a fresh interpreter that imports ``aws_cdk.aws_lambda`` (what a user of the plain
L2 pays), makes one type-checked jsii call (``Duration.seconds(1)``: the first such call imports
``typeguard``, ~0.1 s, which every CDK app pays at its first ``App()``), and then imports
``constructs_lambda``; the steps are timed separately inside that process, so the last figure is the
overhead. Rounds alternate with interpreters that skip the first call, whose library figure therefore
includes it (reported too). Medians are reported. ``--detail`` prints the ``-X importtime`` entries
of the library's own import that cost most (cumulative), to find what to import lazily.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 0.15

_PROBE = """
import json, time
t0 = time.perf_counter()
import aws_cdk.aws_lambda
t1 = time.perf_counter()
if {warm}:
    aws_cdk.Duration.seconds(1)
t2 = time.perf_counter()
import constructs_lambda
t3 = time.perf_counter()
print(json.dumps({{"baseline": t1 - t0, "first_call": t2 - t1, "library": t3 - t2}}))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1"}


def probe(warm: bool) -> dict[str, float]:
    """One fresh interpreter: seconds for the baseline import, the first jsii call and the library."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(warm=warm)],
        capture_output=True,
        check=True,
        env=_env(),
        cwd=ROOT,
    ).stdout.decode()
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def detail(top: int) -> str:
    """The costliest modules of the library's import, from ``python -X importtime``."""
    code = (
        "import aws_cdk.aws_lambda, sys; aws_cdk.Duration.seconds(1); print('---', file=sys.stderr); "
        "import constructs_lambda"
    )
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        check=True,
        env=_env(),
        cwd=ROOT,
    ).stderr.decode()
    lines = err.split("---", 1)[-1].splitlines()
    rows = []
    for line in lines:
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if parts[0].isdigit():
            rows.append((int(parts[1]), parts[2]))
    rows.sort(reverse=True)
    return "\n".join(f"  {cum / 1e6:6.3f} s  {name}" for cum, name in rows[:top])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-r", "--rounds", type=int, default=7, help="fresh interpreters per variant")
    parser.add_argument("--detail", action="store_true", help="show -X importtime of the library's import")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    probe(True)  # warm the bytecode and jsii package caches; not counted
    warm: list[dict[str, float]] = []
    cold: list[dict[str, float]] = []
    for r in range(args.rounds):
        for first_call in (True, False) if r % 2 == 0 else (False, True):
            (warm if first_call else cold).append(probe(first_call))
    baseline = statistics.median(r["baseline"] for r in warm + cold)
    first = statistics.median(r["first_call"] for r in warm)
    overhead = statistics.median(r["library"] for r in warm)
    raw = statistics.median(r["library"] for r in cold)
    status = "meets" if overhead <= GOAL_S else "misses"
    print(f"Import, median of {args.rounds} fresh interpreters each:")
    print("")
    print("| step | seconds |")
    print("|---|---:|")
    print(f"| `import aws_cdk.aws_lambda` | {baseline:.3f} |")
    print(f"| first type-checked jsii call (`Duration.seconds(1)`; every CDK app pays it) | {first:.3f} |")
    print(f"| `import constructs_lambda` after both (overhead) | {overhead:.3f} |")
    print(f"| `import constructs_lambda` right after the import (includes the first call) | {raw:.3f} |")
    print("")
    print(f"Overhead {overhead:.3f} s {status} the goal of {GOAL_S:.2f} s.")
    if args.detail:
        print("\nCostliest imports under constructs_lambda (cumulative, one run):")
        print(detail(args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
