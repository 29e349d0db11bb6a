"""Profile: count jsii round trips (Python -> node requests) per function, and where they come from.

Not a test. Run it with::

    python benchmarks/roundtrips.py -n 50                      # the issue's workload, library and L2
    python benchmarks/roundtrips.py -n 50 --workload bench     # the workload of benchmarks/synth.py
    python benchmarks/roundtrips.py -n 50 --profile python     # + cProfile of the library run (top 15)
    python benchmarks/roundtrips.py -n 50 --profile node        # + node --cpu-prof of the jsii kernel

Every request Python sends to the jsii kernel (create, get, set, invoke, static get/invoke, and the
completion of each callback) is one round trip through the node process's stdin/stdout. A *callback* is
node calling a Python method (an aspect's ``visit``, a ``Lazy`` producer, a validation, a plugin, a
Python override of an L2 method): node answers a request with the call, Python runs the method and sends
its result back as a ``complete`` request. The script counts, separately for building the constructs and
for ``app.synth()``:

* requests by kind, and callbacks by target (``Class.method``), with the requests each target issues
  while it runs and the wall time spent in it;
* for construction, requests by library step (log group, role filter, alias, scaling, boundary, budget,
  ...), decided by the Python stack's ``constructs_lambda`` frames, and by source line;
* the wall time Python waits in ``send`` (node's work plus the pipe) against the phase's wall time:
  the rest is Python.

Workloads (stacks of 40 functions for ``defaults``, 50 for ``bench``):

* ``defaults`` (the issue's): ``cl.Function`` with its defaults (log group, ``live`` alias), provisioned
  concurrency 1-10 on utilization with the spillover alarm, one shared ``cl.Layer``, and
  ``PermissionsBoundary.from_name(...).apply_to(stack)``; the L2 writes the same by hand, with
  ``iam.PermissionsBoundary.of(stack).apply(ManagedPolicy.from_managed_policy_name(...))`` and a
  ``cloudwatch.Alarm`` on the alias's spillover metric.
* ``bench``: exactly ``benchmarks/synth.py``'s ``lib`` and ``l2`` (a created boundary policy, no alarm).

Counts are deterministic; the wall times are not (other processes share the machine).
"""

from __future__ import annotations

import argparse
import ast
import collections
import cProfile
import functools
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from _kernel_counter import counting

# The defaults workload writes 10 resources per function (the spillover alarm and the log policy
# included): 50 per stack would pass CloudFormation's 500 resources, which the library refuses at synth.
DEFAULTS_STACK_SIZE = 40

PACKAGE_DIR = str(Path(__file__).resolve().parent.parent / "constructs_lambda") + os.sep
PHASES = ("build", "synth")
WORKLOADS = ("defaults", "bench")


# -- workloads ---------------------------------------------------------------------------------------

BOUNDARY_NAME = "app-boundary"
BUILDERS: dict[tuple[str, str], Callable[[Any, int, int], list[Any]]] = {
    # The issue's: library defaults (spillover alarm on), a boundary referenced by name.
    ("defaults", "lib"): functools.partial(
        synth.build_lib, boundary_name=BOUNDARY_NAME, spillover_alarm=True
    ),
    ("defaults", "l2"): functools.partial(synth.build_l2, boundary_name=BOUNDARY_NAME, spillover_alarm=True),
    ("bench", "lib"): synth.build_lib,
    ("bench", "l2"): synth.build_l2,
}


# -- attribution -------------------------------------------------------------------------------------


def _function_init_statements() -> dict[int, str]:
    """Line -> first source line of the innermost simple statement of ``Function.__init__`` holding it."""
    source = (Path(PACKAGE_DIR) / "_function.py").read_text()
    lines = source.splitlines()
    tree = ast.parse(source)
    found: dict[int, str] = {}
    for cls in tree.body:
        if not (isinstance(cls, ast.ClassDef) and cls.name == "Function"):
            continue
        for item in cls.body:
            if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                simple = [
                    node
                    for node in ast.walk(item)
                    if isinstance(node, ast.stmt)
                    and not isinstance(node, ast.If | ast.For | ast.Try | ast.With | ast.FunctionDef)
                ]
                # Outer statements first, so that inner (shorter) ones overwrite their lines.
                for node in sorted(simple, key=lambda s: -((s.end_lineno or s.lineno) - s.lineno)):
                    for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                        found[line] = lines[node.lineno - 1].strip()
    return found


_INIT_STATEMENTS = _function_init_statements()

# Steps of Function.__init__, by a piece of the statement's first line (first match wins).
_INIT_STEPS: tuple[tuple[str, str], ...] = (
    ("super().__init__(", "L2 Function constructor"),
    ("child_path(", "validation (before jsii)"),
    ("runtime.name", "validation (before jsii)"),
    ("node = self.node", "property reads"),
    ("node.default_child", "property reads"),
    ("self.role", "property reads"),
)
# Steps by the innermost library function (file stem, function name).
_FUNCTION_STEPS: dict[tuple[str, str], str] = {
    ("_function_logging", "wire_logging"): "logging wiring",
    ("_function_logging", "grant_logs"): "log grant",
    ("_function_role", "scope_role_to_features"): "role filter + dependency order (one node-side call)",
    ("_function_findings", "_secure_dead_letter_queue"): "acknowledgments",
    ("_function_findings", "_order_after_role_policy"): "dependency order",
    ("_function_findings", "clear_lint_findings"): "acknowledgments (find DefaultPolicy, acknowledge)",
    ("_function_alias", "create_alias"): "alias creation",
    ("_function", "add_layers"): "L2 Function constructor",  # the L2 calls the Python override back
    ("_function", "add_environment"): "L2 Function constructor",
    ("_function", "log_group"): "L2 Function constructor",
}
_FILE_STEPS = {
    "_boundary": "boundary",
    "_template_limits": "budget (track_function_resources)",
    "_scaling": "scaling (target, policy, alarm)",
    "_layer": "layer",
    "_runtimes": "validation (before jsii)",
    "_function_props": "validation (before jsii)",
    "_function_checks": "validation (before jsii)",
    "_l2_preconditions": "validation (before jsii)",
}


@dataclass(slots=True)
class _Frame:
    stem: str
    name: str
    line: int
    text: str


def _library_frames(frame: FrameType | None) -> list[_Frame]:
    """The ``constructs_lambda`` frames of the stack, innermost first."""
    frames: list[_Frame] = []
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(PACKAGE_DIR):
            stem = Path(filename).stem
            text = _INIT_STATEMENTS.get(frame.f_lineno, "") if stem == "_function" else ""
            frames.append(_Frame(stem, frame.f_code.co_name, frame.f_lineno, text))
        frame = frame.f_back
    return frames


def _step(frames: list[_Frame]) -> str:
    """The library step a request belongs to: the innermost frame that names one."""
    for frame in frames:
        if frame.stem in _FILE_STEPS:
            return _FILE_STEPS[frame.stem]
        step = _FUNCTION_STEPS.get((frame.stem, frame.name))
        if step is not None:
            return step
        if frame.stem == "_function" and frame.name == "__init__":
            for piece, init_step in _INIT_STEPS:
                if piece in frame.text:
                    return init_step
            return f"function: {frame.text[:60]}"
    return "user code / aws_cdk" if not frames else f"{frames[0].stem}.{frames[0].name}"


def _site(frames: list[_Frame]) -> str:
    if not frames:
        return "<aws_cdk L2 / user code>"
    inner = frames[0]
    return f"{inner.stem}.py:{inner.line} {inner.name}"


@dataclass(slots=True)
class _Phase:
    """What one phase (build or synth) sent and was called back for."""

    kinds: collections.Counter[str] = field(default_factory=collections.Counter)
    steps: collections.Counter[str] = field(default_factory=collections.Counter)
    sites: collections.Counter[str] = field(default_factory=collections.Counter)
    callbacks: collections.Counter[str] = field(default_factory=collections.Counter)
    # Requests issued while a callback target runs, its completion included.
    callback_requests: collections.Counter[str] = field(default_factory=collections.Counter)
    callback_seconds: collections.defaultdict[str, float] = field(
        default_factory=lambda: collections.defaultdict(float)
    )
    send_seconds: float = 0.0
    wall_seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.kinds.values())


def _target(callback: Any) -> str:
    """``Class.method`` (or ``.property``) of the Python object node calls back."""
    from jsii._reference_map import _refs

    call = callback.invoke or callback.get or callback.set
    obj = _refs._refs.get(call.objref.ref) if call is not None else None
    kind = "get " if callback.get else "set " if callback.set else ""
    return f"{kind}{type(obj).__name__}.{callback.cookie}"


def run(workload: str, variant: str, n: int, stack_size: int) -> dict[str, _Phase]:
    """Build and synthesize in this process, counting requests and callbacks per phase."""
    phases = {name: _Phase() for name in PHASES}
    current: list[str] = ["import"]
    active: list[str] = []  # callback targets running, innermost last
    completing: list[str] = []  # the target whose result the next complete request carries

    def on_request(kind: str) -> None:
        phase = phases.get(current[0])
        if phase is None:
            return
        phase.kinds[kind] += 1
        owner = completing.pop() if kind == "Complete" and completing else active[-1] if active else None
        if owner is not None:
            phase.callback_requests[owner] += 1
        frames = _library_frames(sys._getframe(1))
        if current[0] == "build":
            phase.steps[_step(frames)] += 1
        else:
            phase.steps[owner or "app.synth() itself"] += 1
        phase.sites[_site(frames)] += 1

    def on_callback(callback: Any, handle: Callable[[], Any]) -> Any:
        phase = phases.get(current[0])
        if phase is None:
            return handle()
        target = _target(callback)
        phase.callbacks[target] += 1
        active.append(target)
        start = time.perf_counter()
        try:
            return handle()
        finally:
            phase.callback_seconds[target] += time.perf_counter() - start
            active.pop()
            completing.append(target)

    def timed(seconds: float) -> None:
        phase = phases.get(current[0])
        if phase is not None:
            phase.send_seconds += seconds

    from aws_cdk import App

    import constructs_lambda  # noqa: F401

    with (
        counting(on_request, on_callback, timed=timed),
        tempfile.TemporaryDirectory(prefix="bench-rt-") as outdir,
    ):
        app = App(outdir=outdir, context=synth._context())
        current[0] = "build"
        t0 = time.perf_counter()
        BUILDERS[workload, variant](app, n, stack_size)
        t1 = time.perf_counter()
        current[0] = "synth"
        app.synth()
        t2 = time.perf_counter()
        current[0] = "done"
    phases["build"].wall_seconds = t1 - t0
    phases["synth"].wall_seconds = t2 - t1
    return phases


# -- report ------------------------------------------------------------------------------------------


def _per_fn(count: float, n: int) -> str:
    return f"{count / n:7.2f}/fn"


def report(phases: dict[str, _Phase], variant: str, n: int, top: int) -> str:
    out: list[str] = []
    for name in PHASES:
        phase = phases[name]
        node_ms = phase.send_seconds * 1000
        wall_ms = phase.wall_seconds * 1000
        out.append(
            f"  {name}: {phase.total} round trips ({phase.total / n:.1f} per function); "
            f"wall {wall_ms:.0f} ms, of which waiting on node {node_ms:.0f} ms, "
            f"Python {wall_ms - node_ms:.0f} ms"
        )
        out.append("    by kind:")
        for kind, count in phase.kinds.most_common():
            out.append(f"      {count:6d} {_per_fn(count, n)}  {kind}")
        if phase.callbacks:
            out.append(
                "    callbacks node -> Python (calls; requests while running, completion included; ms):"
            )
            for target, calls in phase.callbacks.most_common():
                requests = phase.callback_requests[target]
                ms = phase.callback_seconds[target] * 1000
                out.append(
                    f"      {calls:6d} {_per_fn(calls, n)}  {target}: {requests} requests "
                    f"({requests / n:.2f}/fn), {ms:.0f} ms"
                )
        if variant == "lib" or name == "synth":
            label = "by library step" if name == "build" else "by owner (callback target)"
            out.append(f"    {label}:")
            for step, count in phase.steps.most_common():
                out.append(f"      {count:6d} {_per_fn(count, n)}  {step}")
        if variant == "lib" and top:
            out.append(f"    top {top} call sites (innermost constructs_lambda frame):")
            for site, count in phase.sites.most_common(top):
                out.append(f"      {count:6d} {_per_fn(count, n)}  {site}")
    return "\n".join(out)


def as_json(phases: dict[str, _Phase], n: int) -> dict[str, Any]:
    return {
        name: {
            "round_trips": p.total,
            "per_function": p.total / n,
            "kinds": dict(p.kinds),
            "steps": dict(p.steps),
            "callbacks": dict(p.callbacks),
            "callback_requests": dict(p.callback_requests),
            "wall_ms": p.wall_seconds * 1000,
            "node_wait_ms": p.send_seconds * 1000,
        }
        for name, p in phases.items()
    }


# -- profiles ----------------------------------------------------------------------------------------


def python_profile(workload: str, variant: str, n: int, stack_size: int, top: int, out: Path) -> str:
    """cProfile of build + synth (no counting), the top functions by own time and by cumulative time."""
    from aws_cdk import App

    import constructs_lambda  # noqa: F401

    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory(prefix="bench-prof-") as outdir:
        app = App(outdir=outdir, context=synth._context())
        profiler.enable()
        BUILDERS[workload, variant](app, n, stack_size)
        app.synth()
        profiler.disable()
    profiler.dump_stats(out)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return text.getvalue()


@dataclass(slots=True)
class NodeProfile:
    """Self and inclusive time (microseconds) per function of one V8 ``.cpuprofile``."""

    path: Path
    span_ms: float
    self_us: collections.Counter[str]
    total_us: collections.Counter[str]

    @property
    def busy_ms(self) -> float:
        return (sum(self.self_us.values()) - self.self_us["(idle)"]) / 1000


def read_cpuprofile(path: Path) -> NodeProfile:
    """Aggregate a ``.cpuprofile`` by function name and location (recursion counted once per sample)."""
    profile = json.loads(path.read_text())
    nodes = {node["id"]: node for node in profile["nodes"]}
    parent: dict[int, int] = {}
    for node in profile["nodes"]:
        for child in node.get("children", ()):
            parent[child] = node["id"]

    def key(node_id: int) -> str:
        frame = nodes[node_id]["callFrame"]
        url = frame.get("url", "")
        where = f" {Path(url).name}:{frame.get('lineNumber', 0) + 1}" if url else ""
        return f"{frame.get('functionName') or '(anonymous)'}{where}"

    names = {node_id: key(node_id) for node_id in nodes}
    self_us: collections.Counter[str] = collections.Counter()
    total_us: collections.Counter[str] = collections.Counter()
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"], strict=False):
        self_us[names[node_id]] += delta
        seen: set[str] = set()
        walk: int | None = node_id
        while walk is not None:
            if names[walk] not in seen:
                seen.add(names[walk])
                total_us[names[walk]] += delta
            walk = parent.get(walk)
    span = (profile["endTime"] - profile["startTime"]) / 1000
    return NodeProfile(path, span, self_us, total_us)


def kernel_profile(directory: Path) -> NodeProfile | None:
    """The jsii kernel's profile: ``jsii-runtime.js`` starts a second node; the busy one is the kernel."""
    profiles = [read_cpuprofile(p) for p in sorted(directory.glob("*.cpuprofile"))]
    return max(profiles, key=lambda p: p.busy_ms, default=None)


def summarize_cpuprofile(profile: NodeProfile, top: int) -> str:
    """Top functions by self time and by inclusive time (ms); ``read`` is the kernel waiting on Python."""
    out = [
        f"{profile.path.name}: {profile.span_ms:.0f} ms profiled, {profile.busy_ms:.0f} ms not idle",
        f"  top {top} by self time (ms):",
    ]
    out += [f"    {us / 1000:8.0f}  {name}" for name, us in profile.self_us.most_common(top)]
    out.append(f"  top {top} by inclusive time (ms):")
    out += [f"    {us / 1000:8.0f}  {name}" for name, us in profile.total_us.most_common(top)]
    return "\n".join(out)


def compare_cpuprofiles(lib: NodeProfile, l2: NodeProfile, top: int) -> str:
    """Functions whose inclusive time grows most from the L2 to the library (ms)."""
    diff = collections.Counter({k: lib.total_us[k] - l2.total_us.get(k, 0) for k in lib.total_us})
    out = [
        "== node: largest inclusive-time increases, library minus L2 "
        f"(ms; busy {lib.busy_ms:.0f} vs {l2.busy_ms:.0f})"
    ]
    out += [
        f"    {us / 1000:+8.0f}  ({lib.total_us[name] / 1000:6.0f} vs "
        f"{l2.total_us.get(name, 0) / 1000:6.0f})  {name}"
        for name, us in diff.most_common(top)
    ]
    return "\n".join(out)


# -- calibration -------------------------------------------------------------------------------------


def calibrate(count: int = 1000, repeats: int = 3) -> str:
    """Milliseconds per round trip: a static call, a property read, a callback (best of ``repeats``)."""
    import jsii
    from aws_cdk import App, Aspects, CfnWaitConditionHandle, IAspect, Stack, Token
    from constructs import Construct, IConstruct

    @jsii.implements(IAspect)
    class _Noop:
        def visit(self, node: IConstruct) -> None:
            return None

    def best(action: Any) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        return min(times) * 1000 / count

    static_ms = best(lambda: [Token.is_unresolved("x") for _ in range(count)])
    app = App()
    stack = Stack(app, "Calibrate")
    get_ms = best(lambda: [stack.node for _ in range(count)])

    def synth_with(aspect: bool) -> None:
        scratch = App()
        root = Stack(scratch, "S")
        CfnWaitConditionHandle(root, "Handle")  # a template with a resource: no validation warning
        for i in range(count - 3):  # the stack and the handle (with its L1) are visited too
            Construct(root, f"C{i}")
        if aspect:
            Aspects.of(root).add(_Noop())
        scratch.synth()

    with_ms = best(lambda: synth_with(True))
    without_ms = best(lambda: synth_with(False))
    return (
        f"calibration (best of {repeats}, {count} each): static invoke {static_ms:.3f} ms, "
        f"property get {get_ms:.3f} ms, aspect callback {with_ms - without_ms:.3f} ms "
        "(synth with a no-op Python aspect minus without, per visited construct)"
    )


# -- driver ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=50, help="number of functions")
    parser.add_argument(
        "--stack-size",
        type=int,
        help=f"functions per stack (bench: {synth.STACK_SIZE}, defaults: {DEFAULTS_STACK_SIZE})",
    )
    parser.add_argument("--workload", choices=WORKLOADS, default="defaults", help="what to build")
    parser.add_argument("--variants", nargs="+", choices=synth.VARIANTS, default=list(synth.VARIANTS))
    parser.add_argument("--top", type=int, default=25, help="call sites to list (0: none)")
    parser.add_argument("--json", type=Path, help="also write the counts here (one object per variant)")
    parser.add_argument(
        "--profile",
        choices=("python", "node"),
        help="instead of counting: cProfile the Python side, or --cpu-prof the jsii kernel's node",
    )
    parser.add_argument("--profile-dir", type=Path, help="where profiles are kept (default: a temp dir)")
    parser.add_argument("--summarize", type=Path, nargs="+", help="only summarize these node profile dirs")
    parser.add_argument("--calibrate", action="store_true", help="only measure ms per round trip")
    parser.add_argument("--child", choices=synth.VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stack_size is None:
        args.stack_size = DEFAULTS_STACK_SIZE if args.workload == "defaults" else synth.STACK_SIZE

    if args.calibrate:
        print(calibrate())
        return 0

    if args.summarize:
        found = {d: kernel_profile(d) for d in args.summarize}
        for directory, kernel in found.items():
            if kernel is not None:
                print(f"== node profile of the jsii kernel in {directory}")
                print(summarize_cpuprofile(kernel, args.top or 15))
        profiles = [k for k in found.values() if k is not None]
        if len(profiles) == 2:
            print(compare_cpuprofiles(profiles[0], profiles[1], args.top or 15))
        return 0

    if args.child:
        if args.profile == "python":
            assert args.profile_dir is not None
            out = args.profile_dir / f"{args.workload}-{args.child}-{args.n}.pstats"
            print(python_profile(args.workload, args.child, args.n, args.stack_size, args.top, out))
            return 0
        phases = run(args.workload, args.child, args.n, args.stack_size)
        print(f"== {args.workload} workload, {args.child}, N={args.n}")
        print(report(phases, args.child, args.n, args.top))
        if args.json:
            print("JSON " + json.dumps(as_json(phases, args.n)))
        return 0

    profile_dir = args.profile_dir or Path(tempfile.mkdtemp(prefix="bench-profile-"))
    results: dict[str, Any] = {}
    kernels: dict[str, NodeProfile] = {}
    for variant in args.variants:
        env = dict(os.environ)
        command = [
            sys.executable,
            __file__,
            "--child",
            variant,
            "-n",
            str(args.n),
            "--stack-size",
            str(args.stack_size),
            "--workload",
            args.workload,
            "--top",
            str(args.top),
        ]
        node_dir = profile_dir / f"node-{args.workload}-{variant}-{args.n}"
        if args.profile == "python":
            profile_dir.mkdir(parents=True, exist_ok=True)
            command += ["--profile", "python", "--profile-dir", str(profile_dir)]
        elif args.profile == "node":
            node_dir.mkdir(parents=True, exist_ok=True)
            env["NODE_OPTIONS"] = (
                f"{env.get('NODE_OPTIONS', '')} --cpu-prof --cpu-prof-dir={node_dir}".strip()
            )
        if args.json:
            command.append("--json")
            command.append(str(args.json))
        done = subprocess.run(command, check=True, env=env, capture_output=True, text=True)
        for line in done.stdout.splitlines():
            if line.startswith("JSON "):
                results[variant] = json.loads(line[5:])
            else:
                print(line)
        if args.profile == "node":
            kernel = kernel_profile(node_dir)
            if kernel is not None:
                kernels[variant] = kernel
                print(f"== node profile of the jsii kernel, {args.workload} workload, {variant}, N={args.n}")
                print(summarize_cpuprofile(kernel, args.top or 15))
    if "lib" in kernels and "l2" in kernels:
        print(compare_cpuprofiles(kernels["lib"], kernels["l2"], args.top or 15))
    if args.profile:
        print(f"(profiles kept in {profile_dir})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
