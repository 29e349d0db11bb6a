"""Profile: count jsii round trips (Python -> node requests) per function, and where they come from.

Not a test. Run it with::

    python benchmarks/roundtrips.py -n 50            # both variants, top call sites of the library
    python benchmarks/roundtrips.py -n 50 --top 40

Every request Python sends to the jsii kernel (create, get, set, invoke, static calls, callback
completions) is one round trip through the node process's stdin/stdout. Each is attributed to the
innermost stack frame in ``constructs_lambda/`` (or ``<aws_cdk>`` when the caller is user code calling the
L2 directly), separately for building the constructs and for ``app.synth()``. The workload is the one of
``benchmarks/synth.py``.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth

PACKAGE_DIR = str(Path(__file__).resolve().parent.parent / "constructs_lambda")


def _site() -> str:
    for frame in reversed(traceback.extract_stack(limit=40)):
        if frame.filename.startswith(PACKAGE_DIR):
            return (
                f"{Path(frame.filename).name}:{frame.lineno} {frame.name}: {(frame.line or '').strip()[:70]}"
            )
    return "<aws_cdk L2 / user code>"


def run(variant: str, n: int) -> dict[str, Any]:
    """Build and synthesize in this process, counting requests per phase and call site."""
    from jsii._kernel.providers import process

    counts: dict[str, collections.Counter[str]] = {
        "build": collections.Counter(),
        "synth": collections.Counter(),
    }
    kinds: dict[str, collections.Counter[str]] = {
        "build": collections.Counter(),
        "synth": collections.Counter(),
    }
    phase = ["import"]
    original = process._NodeProcess.send

    def counting_send(self: Any, request: Any, response_type: Any) -> Any:
        if phase[0] in counts:
            counts[phase[0]][_site()] += 1
            kinds[phase[0]][type(request).__name__] += 1
        return original(self, request, response_type)

    process._NodeProcess.send = counting_send  # type: ignore[method-assign]
    from aws_cdk import App

    import constructs_lambda  # noqa: F401

    with tempfile.TemporaryDirectory(prefix="bench-rt-") as outdir:
        app = App(outdir=outdir, context=synth._context())
        phase[0] = "build"
        t0 = time.perf_counter()
        (synth.build_lib if variant == "lib" else synth.build_l2)(app, n, synth.STACK_SIZE)
        t1 = time.perf_counter()
        phase[0] = "synth"
        app.synth()
        t2 = time.perf_counter()
        phase[0] = "done"
    return {"counts": counts, "kinds": kinds, "build_s": t1 - t0, "synth_s": t2 - t1}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=50, help="number of functions")
    parser.add_argument("--top", type=int, default=25, help="call sites to list")
    parser.add_argument("--child", choices=synth.VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        result = run(args.child, args.n)
        print(
            f"== {args.child}, N={args.n}: build {result['build_s']:.2f} s, synth {result['synth_s']:.2f} s"
        )
        for phase in ("build", "synth"):
            total = sum(result["counts"][phase].values())
            kinds = ", ".join(
                f"{k.replace('Request', '')} {v}" for k, v in result["kinds"][phase].most_common()
            )
            print(f"  {phase}: {total} round trips ({total / args.n:.1f} per function): {kinds}")
            if args.child == "lib":
                for site, count in result["counts"][phase].most_common(args.top):
                    print(f"    {count:6d}  {count / args.n:6.1f}/fn  {site}")
        return 0
    for variant in synth.VARIANTS:
        subprocess.run(
            [sys.executable, __file__, "--child", variant, "-n", str(args.n), "--top", str(args.top)],
            check=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
