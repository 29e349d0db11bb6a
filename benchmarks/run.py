"""All benchmarks, one after the other, as the table ``make bench`` prints.

Not a test. Run it with::

    python benchmarks/run.py                         # synth N = 1 10 50 200 1000 (Fleet at 1000),
                                                     # validation on and off; import; bundling
    python benchmarks/run.py -n 1 10 50 200 -r 3     # quicker: without the 1000 row, three rounds
    python benchmarks/run.py --validation on         # only with CDK's template validation
    python benchmarks/run.py --skip-bundling         # no network needed

Sections: synthesis against the plain L2 (``synth.py``), import overhead (``import_time.py``), and layer
bundling cold / warm / changed lock (``bundling.py``, which resolves from PyPI). Each runs as its own
process, one at a time, so they never compete for the CPU.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _run(script: str, *args: str) -> int:
    print(f"\n## {script} {' '.join(args)}\n", flush=True)
    return subprocess.run([sys.executable, str(HERE / script), *args], check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "-n", nargs="+", default=["1", "10", "50", "200", "1000"], help="function counts for synth.py"
    )
    parser.add_argument(
        "--validation", nargs="+", default=["on", "off"], help="CDK template validation modes for synth.py"
    )
    parser.add_argument(
        "--fleet-at", nargs="*", default=["1000"], help="N at which synth.py also runs cl.Fleet"
    )
    parser.add_argument("-r", "--rounds", default="1", help="rounds per N for synth.py")
    parser.add_argument("--import-rounds", default="7", help="fresh interpreters for import_time.py")
    parser.add_argument("--skip-bundling", action="store_true", help="skip bundling.py (needs PyPI)")
    args = parser.parse_args(argv)
    failures = 0
    synth_args = ["-n", *args.n, "-r", args.rounds, "--validation", *args.validation]
    failures += _run("synth.py", *synth_args, "--fleet-at", *args.fleet_at) != 0
    failures += _run("import_time.py", "-r", args.import_rounds) != 0
    if not args.skip_bundling:
        failures += _run("bundling.py") != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
