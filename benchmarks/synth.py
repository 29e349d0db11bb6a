"""Benchmark: synthesis with constructs_lambda against the same resources written with the plain L2.

Not a test. Run it with::

    python benchmarks/synth.py                 # N = 1, 10, 50, 200, one round
    python benchmarks/synth.py -n 50 200 -r 3  # three rounds, median reported
    python benchmarks/synth.py -n 1 10 50 200 1000 --validation on off --fleet-at 1000   # make bench's table

``--validation on off`` measures each N with CDK's built-in template validation on (the default) and off
(``CDK_VALIDATION=false`` in the child); ``--fleet-at 1000`` adds the ``fleet`` variant at N = 1000.

The workload, per N: N functions in stacks of 50, each function with an explicit log group (1 year,
retained), the ``live`` alias on the current version with provisioned concurrency 1-10 scaled on
utilization (0.7), one shared layer per stack, and one managed policy per stack used as the permissions
boundary of every role in it. Both variants synthesize the same resource types in the same numbers
(9 per function + 2 per stack; the script fails when the counts differ).

* ``lib``: ``constructs_lambda.Function`` / ``Layer`` / ``PermissionsBoundary`` /
  ``ProvisionedConcurrency`` (spillover alarm off, since the L2 has none).
* ``fleet`` (only with ``--variants``): the ``lib`` workload in one stack, its functions spread by
  ``constructs_lambda.Fleet`` over ``Fleet.recommended_shards(N)`` nested stacks.
* ``l2``: ``aws_lambda.Function`` with ``log_group=logs.LogGroup(...)``, ``lambda_.Alias``,
  ``alias.add_auto_scaling(...).scale_on_utilization(...)``, ``lambda_.LayerVersion``, and
  ``iam.PermissionsBoundary.of(stack).apply(iam.ManagedPolicy(...))``.

Every measurement runs in a fresh Python process (a jsii kernel keeps state), and the two variants
alternate (lib, l2, l2, lib, ...) so that machine drift cancels. Each child reports the wall time of
building the constructs and of ``app.synth()``, and the peak resident memory (VmHWM) of itself and of its
jsii ``node`` process, read from ``/proc`` just before it exits; the parent cross-checks with
``os.wait4`` (``ru_maxrss`` of the child and its reaped descendants: the larger of python and node),
kept in the ``--json`` output.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HANDLER_DIR = Path(__file__).resolve().parent / "fixtures" / "handler"
LAYER_DIR = Path(__file__).resolve().parent / "fixtures" / "layer"
STACK_SIZE = 50
DEFAULT_NS = (1, 10, 50, 200)
VARIANTS = ("lib", "l2")
ALL_VARIANTS = ("lib", "l2", "fleet")
LABELS = {"lib": "constructs_lambda", "l2": "plain L2", "fleet": "cl.Fleet"}


# -- child: build and synthesize one variant ---------------------------------------------------------


def _context() -> dict[str, Any]:
    context: dict[str, Any] = json.loads((ROOT / "cdk.json").read_text())["context"]
    return context


def build_lib(
    app: Any, n: int, stack_size: int, *, boundary_name: str | None = None, spillover_alarm: bool = False
) -> list[Any]:
    """The workload with constructs_lambda.

    ``boundary_name``: reference an existing boundary policy by name instead of creating one per stack;
    ``spillover_alarm``: the library's default alarm (off here because the L2 workload has none).
    """
    from aws_cdk import Stack
    from aws_cdk import aws_lambda as lambda_

    import constructs_lambda as cl

    runtime = lambda_.Runtime.PYTHON_3_13
    stacks = []
    for s in range(math.ceil(n / stack_size)):
        stack = Stack(app, f"Bench{s}")
        stacks.append(stack)
        code = lambda_.Code.from_asset(str(HANDLER_DIR))  # an asset belongs to one stack
        boundary = (
            cl.PermissionsBoundary(stack, "Boundary")
            if boundary_name is None
            else cl.PermissionsBoundary.from_name(stack, "Boundary", boundary_name)
        )
        boundary.apply_to(stack)
        layer = cl.Layer(
            stack,
            "Shared",
            code=lambda_.Code.from_asset(str(LAYER_DIR)),
            compatible_runtimes=[runtime],
            compatible_architectures=[lambda_.Architecture.ARM_64],
        )
        for i in range(s * stack_size, min(n, (s + 1) * stack_size)):
            cl.Function(
                stack,
                f"Fn{i}",
                runtime=runtime,
                handler="app.handler",
                code=code,
                layers=[layer],
                provisioned_concurrency=cl.ProvisionedConcurrency(
                    min_capacity=1, max_capacity=10, utilization_target=0.7, spillover_alarm=spillover_alarm
                ),
            )
    return stacks


def build_l2(
    app: Any, n: int, stack_size: int, *, boundary_name: str | None = None, spillover_alarm: bool = False
) -> list[Any]:
    """The same workload written by hand with aws_cdk.aws_lambda (options as for ``build_lib``)."""
    from aws_cdk import Duration, RemovalPolicy, Stack
    from aws_cdk import aws_cloudwatch as cloudwatch
    from aws_cdk import aws_iam as iam
    from aws_cdk import aws_lambda as lambda_
    from aws_cdk import aws_logs as logs

    runtime = lambda_.Runtime.PYTHON_3_13
    stacks = []
    for s in range(math.ceil(n / stack_size)):
        stack = Stack(app, f"Bench{s}")
        stacks.append(stack)
        code = lambda_.Code.from_asset(str(HANDLER_DIR))  # an asset belongs to one stack
        boundary: iam.IManagedPolicy
        if boundary_name is not None:
            boundary = iam.ManagedPolicy.from_managed_policy_name(stack, "Boundary", boundary_name)
        else:
            boundary = iam.ManagedPolicy(
                stack,
                "Boundary",
                statements=[
                    iam.PolicyStatement(actions=["logs:*", "xray:Put*"], resources=["*"]),
                    iam.PolicyStatement(
                        actions=["lambda:*"],
                        resources=[
                            stack.format_arn(service="lambda", resource="function", resource_name="Bench*")
                        ],
                    ),
                ],
            )
        iam.PermissionsBoundary.of(stack).apply(boundary)
        layer = lambda_.LayerVersion(
            stack,
            "Shared",
            code=lambda_.Code.from_asset(str(LAYER_DIR)),
            compatible_runtimes=[runtime],
            compatible_architectures=[lambda_.Architecture.ARM_64],
            removal_policy=RemovalPolicy.RETAIN,
        )
        for i in range(s * stack_size, min(n, (s + 1) * stack_size)):
            log_group = logs.LogGroup(
                stack,
                f"Fn{i}LogGroup",
                retention=logs.RetentionDays.ONE_YEAR,
                removal_policy=RemovalPolicy.RETAIN,
            )
            fn = lambda_.Function(
                stack,
                f"Fn{i}",
                runtime=runtime,
                handler="app.handler",
                code=code,
                layers=[layer],
                architecture=lambda_.Architecture.ARM_64,
                memory_size=256,
                timeout=Duration.seconds(10),
                tracing=lambda_.Tracing.ACTIVE,
                logging_format=lambda_.LoggingFormat.JSON,
                log_group=log_group,
            )
            assert fn.role is not None
            # Least privilege by hand: the log group's own rights, in a policy the function does not wait for.
            iam.Policy(
                stack,
                f"Fn{i}LogPolicy",
                roles=[fn.role],
                statements=[
                    iam.PolicyStatement(
                        actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                        resources=[log_group.log_group_arn],
                    )
                ],
            )
            alias = lambda_.Alias(
                stack,
                f"Fn{i}Alias",
                alias_name="live",
                version=fn.current_version,
                provisioned_concurrent_executions=1,
            )
            alias.add_auto_scaling(min_capacity=1, max_capacity=10).scale_on_utilization(
                utilization_target=0.7
            )
            if spillover_alarm:  # what the library's alarm is, written by hand
                cloudwatch.Alarm(
                    stack,
                    f"Fn{i}Spillover",
                    metric=alias.metric(
                        "ProvisionedConcurrencySpilloverInvocations",
                        statistic="Sum",
                        period=Duration.minutes(5),
                    ),
                    threshold=1,
                    evaluation_periods=1,
                    comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                    treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
                )
    return stacks


def build_fleet(app: Any, n: int, stack_size: int) -> list[Any]:
    """The lib workload in one stack whose functions a ``Fleet`` spreads over nested shard stacks.

    The boundary (applied to the whole stack, shards included) and the layer live in the parent; each
    shard receives their ARNs as parameters.
    """
    from aws_cdk import Stack
    from aws_cdk import aws_lambda as lambda_

    import constructs_lambda as cl

    runtime = lambda_.Runtime.PYTHON_3_13
    stack = Stack(app, "Bench")
    cl.PermissionsBoundary(stack, "Boundary").apply_to(stack)
    layer = cl.Layer(
        stack,
        "Layer",
        code=lambda_.Code.from_asset(str(LAYER_DIR)),
        compatible_runtimes=[runtime],
        compatible_architectures=[lambda_.Architecture.ARM_64],
    )
    fleet = cl.Fleet(stack, "Fleet", shards=cl.Fleet.recommended_shards(n))
    scaling = cl.ProvisionedConcurrency(
        min_capacity=1, max_capacity=10, utilization_target=0.7, spillover_alarm=False
    )
    for i in range(n):
        fleet.add_function(
            f"Fn{i}",
            runtime=runtime,
            handler="app.handler",
            code=lambda_.Code.from_asset(str(HANDLER_DIR)),  # an asset belongs to one stack
            layers=[layer],
            provisioned_concurrency=scaling,
        )
    return [stack, *fleet.shards.values()]


def _peak_kib(pid: int | str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int | str = "self") -> list[int]:
    """Every descendant process: jsii starts ``node``, which may be a wrapper that starts the real one."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            children = [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
        for child in children:
            found += [child, *_descendants(child)]
    return found


def run_child(variant: str, n: int, stack_size: int) -> dict[str, Any]:
    """Import, build, synthesize; return the timings, resource counts and peak memory."""
    t0 = time.perf_counter()
    from aws_cdk import App

    if variant != "l2":
        import constructs_lambda  # noqa: F401
    builders = {"lib": build_lib, "l2": build_l2, "fleet": build_fleet}
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-synth-") as outdir:
        app = App(outdir=outdir, context=_context())
        builders[variant](app, n, stack_size)
        t2 = time.perf_counter()
        app.synth()
        t3 = time.perf_counter()
        counts: dict[str, int] = {}
        max_resources = 0
        max_bytes = 0
        templates = sorted(Path(outdir).glob("*.template.json"))
        for path in templates:
            text = path.read_bytes()
            resources = json.loads(text).get("Resources", {})
            max_resources = max(max_resources, len(resources))
            max_bytes = max(max_bytes, len(text))
            for resource in resources.values():
                counts[resource["Type"]] = counts.get(resource["Type"], 0) + 1
    # Sum over descendants: the jsii kernel's node (and a launcher process, if node is a wrapper script).
    node_kib = sum(_peak_kib(pid) for pid in _descendants())
    return {
        "variant": variant,
        "n": n,
        "import_s": t1 - t0,
        "build_s": t2 - t1,
        "synth_s": t3 - t2,
        "python_kib": _peak_kib("self"),
        "node_kib": node_kib,
        "resources": counts,
        "max_stack_resources": max_resources,
        "max_template_bytes": max_bytes,
        "templates": len(templates),
    }


# -- parent: alternate fresh children and print the table --------------------------------------------


def measure(variant: str, n: int, stack_size: int, validation: str = "on") -> dict[str, Any]:
    """Run one child process and add its wall time and the kernel's view of its peak memory."""
    env = {**os.environ, "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1"}
    env["CDK_VALIDATION"] = "false" if validation == "off" else "true"  # read by aws-cdk-lib in node
    args = [sys.executable, __file__, "--child", variant, "-n", str(n), "--stack-size", str(stack_size)]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=env, cwd=ROOT)
        # wait4 instead of proc.wait(): it also returns the child's rusage, whose ru_maxrss is the peak of
        # the child and the descendants it reaped (jsii waits for node at exit): the kernel's cross-check.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{variant} N={n} failed:\n{err.read().decode()[-4000:]}")
        result: dict[str, Any] = json.loads(out.read().decode().strip().splitlines()[-1])
    result["process_s"] = wall
    result["wait4_maxrss_kib"] = usage.ru_maxrss
    result["validation"] = validation
    return result


def _mib(kib: float) -> float:
    return kib / 1024


def summarize(runs: list[dict[str, Any]]) -> dict[str, float]:
    """Medians over the rounds of one variant and N."""
    work = [r["build_s"] + r["synth_s"] for r in runs]
    return {
        "work_s": statistics.median(work),
        "build_s": statistics.median(r["build_s"] for r in runs),
        "synth_s": statistics.median(r["synth_s"] for r in runs),
        "process_s": statistics.median(r["process_s"] for r in runs),
        "python_mib": _mib(statistics.median(r["python_kib"] for r in runs)),
        "node_mib": _mib(statistics.median(r["node_kib"] for r in runs)),
        "resources": float(sum(runs[0]["resources"].values())),
        "max_stack_resources": float(runs[0]["max_stack_resources"]),
        "max_template_kib": runs[0]["max_template_bytes"] / 1024,
        "templates": float(runs[0]["templates"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, nargs="+", default=list(DEFAULT_NS), help="function counts")
    parser.add_argument("-r", "--rounds", type=int, default=1, help="rounds per N (median reported)")
    parser.add_argument("--stack-size", type=int, default=STACK_SIZE, help="functions per stack")
    parser.add_argument(
        "--variants", nargs="+", choices=ALL_VARIANTS, default=list(VARIANTS), help="what to build"
    )
    parser.add_argument(
        "--validation",
        nargs="+",
        choices=("on", "off"),
        default=["on"],
        help="CDK's built-in template validation in the children (off: CDK_VALIDATION=false)",
    )
    parser.add_argument(
        "--fleet-at", type=int, nargs="*", default=[], help="also run the fleet variant at these N"
    )
    parser.add_argument("--json", type=Path, help="also write every raw measurement here")
    parser.add_argument("--child", choices=ALL_VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(run_child(args.child, args.n[0], args.stack_size)))
        return 0

    raw: list[dict[str, Any]] = []
    for validation in args.validation:
        rows: list[tuple[int, dict[str, dict[str, float]]]] = []
        for n in args.n:
            variants: list[str] = list(args.variants)
            if n in args.fleet_at and "fleet" not in variants:
                variants.append("fleet")
            by_variant: dict[str, list[dict[str, Any]]] = {v: [] for v in variants}
            for r in range(args.rounds):
                # ABBA ordering: the variant that runs first alternates from round to round.
                for variant in variants if r % 2 == 0 else variants[::-1]:
                    result = measure(variant, n, args.stack_size, validation)
                    by_variant[variant].append(result)
                    raw.append(result)
                    print(
                        f"  validation {validation:<3} N={n:<5} {variant:<5} "
                        f"build {result['build_s']:6.2f} s  synth {result['synth_s']:6.2f} s  "
                        f"python {_mib(result['python_kib']):6.0f} MiB  "
                        f"node {_mib(result['node_kib']):6.0f} MiB",
                        file=sys.stderr,
                        flush=True,
                    )
            counts = {v: runs[0]["resources"] for v, runs in by_variant.items() if v in ("lib", "l2")}
            if len(counts) == 2 and counts["lib"] != counts["l2"]:
                sys.exit(f"N={n}: the variants differ in resources, unlike work to compare: {counts}")
            rows.append((n, {v: summarize(runs) for v, runs in by_variant.items()}))
        print(
            f"\n### CDK template validation {validation}"
            + (" (CDK_VALIDATION=false)" if validation == "off" else "")
        )
        print(table(rows, args.rounds, args.stack_size))
        print(growth(rows))
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1))
    return 0


def table(rows: list[tuple[int, dict[str, dict[str, float]]]], rounds: int, stack_size: int) -> str:
    """Markdown table: build and synth wall time and peak memory per variant, with ratios to the L2."""
    lines = [
        f"Synthesis (median of {rounds}; stacks of {stack_size}; fleet: nested shards): "
        "wall time of building the constructs and of app.synth(), peak RSS of python and of node.",
        "",
        "| N | variant | resources | templates | build s | synth s | total s | vs L2 | python MiB "
        "| node MiB | mem vs L2 |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, summaries in rows:
        base = summaries.get("l2")
        for variant, s in summaries.items():
            mem = s["python_mib"] + s["node_mib"]
            ratio = f"{s['work_s'] / base['work_s']:.2f}" if base else "-"
            mem_ratio = f"{mem / (base['python_mib'] + base['node_mib']):.2f}" if base else "-"
            lines.append(
                f"| {n} | {LABELS[variant]} | {s['resources']:.0f} | {s['templates']:.0f} | "
                f"{s['build_s']:.2f} | {s['synth_s']:.2f} | {s['work_s']:.2f} | {ratio} | "
                f"{s['python_mib']:.0f} | {s['node_mib']:.0f} | {mem_ratio} |"
            )
    return "\n".join(lines)


def growth(rows: list[tuple[int, dict[str, dict[str, float]]]]) -> str:
    """Least-squares exponent k of time ~ N^k and memory ~ N^k (N >= 50 when two such rows exist)."""
    large = [(n, s) for n, s in rows if n >= 50]
    points = large if len(large) >= 2 else [(n, s) for n, s in rows if n >= 10]
    if len(points) < 2:
        return ""

    def exponent(xs: list[float], ys: list[float]) -> float:
        """Slope of the least-squares line through (log x, log y)."""
        return statistics.linear_regression([math.log(x) for x in xs], [math.log(y) for y in ys]).slope

    ns = [float(n) for n, _ in points]
    all_ns = [float(n) for n, _ in rows]
    out = [f"\nGrowth exponent k (value ~ N^k, least squares over N = {', '.join(str(int(n)) for n in ns)}):"]
    for variant in points[0][1]:
        times = [s[variant]["work_s"] for _, s in points]
        mems = [s[variant]["python_mib"] + s[variant]["node_mib"] for _, s in points]
        per_function, fixed = statistics.linear_regression(all_ns, [s[variant]["work_s"] for _, s in rows])
        out.append(
            f"  {LABELS[variant]}: time k = {exponent(ns, times):.2f}, "
            f"peak memory k = {exponent(ns, mems):.2f}; "
            f"linear fit over all N: {fixed:.2f} s fixed + {per_function * 1000:.1f} ms per function"
        )
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
