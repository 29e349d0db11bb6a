"""Regression guard for synthesis cost (issue 11): jsii round trips per function, counted, not timed.

Every call between Python and aws-cdk-lib is a message to the jsii kernel's node process and back, and
that, not Python, is where the library's synthesis time goes (benchmarks/PROFILE.md). The count is
deterministic, so this test cannot flake on a loaded machine. Per function means marginal:
(count at N=20 - count at N=10) / 10 on one stack, so per-stack work cancels out.

When a change raises a count on purpose, measure with ``python benchmarks/roundtrips.py -n 50`` and
raise the budget here in the same commit, saying why.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from aws_cdk import App

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import synth
from _kernel_counter import RoundTrips

from tests.conftest import project_context

# Measured 2026-12-03 after issue 11's changes, on main with function URLs, durable functions and managed
# instances: construction 51, synth 13 (before: 50 and 38); budget = measured + 1. The L2 needs 11 and 0.
# 2026-12-07: the scaling role imported once per stack; the URL completion and the provisioned-concurrency
# check once per scope; one acknowledgment call per function; stack and stage kept per scope.
# Synth 3 since the template plugins read stacks and construct paths from the cloud assembly.
# Construction 32 (from 38) with the nodes, stack and function name a function already holds reused;
# 31 with no Annotations object for functions without tenancy or durable settings.
# 26 and 1 with the managed-policy filter built and resolved in node in one call (constructs_lambda/_node.py);
# 23 with the function's dependency on its role's policy set in the same call.
CONSTRUCTION_BUDGET = 23.5
SYNTH_BUDGET = 1.5


def _count(n: int, tmp_path: Path) -> RoundTrips:
    """Round trips to build and synthesize ``n`` functions with the library's defaults, in one stack."""
    counter = RoundTrips()
    app = App(outdir=str(tmp_path / f"n{n}"), context=project_context())
    with counter.phase("construction"):
        # Log group, live alias, provisioned concurrency 1-10 on utilization with the spillover alarm, a
        # shared layer, a boundary referenced by name applied to the stack.
        synth.build_lib(app, n, n, boundary_name="app-boundary", spillover_alarm=True)
    with counter.phase("synth"):
        app.synth()
    return counter


@pytest.fixture(scope="module")
def marginal(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    """Round trips per additional function, by phase."""
    tmp_path = tmp_path_factory.mktemp("roundtrips")
    _count(1, tmp_path)  # first use of each jsii class and static in this process: not per function
    ten, twenty = _count(10, tmp_path), _count(20, tmp_path)
    return {phase: (twenty.total(phase) - ten.total(phase)) / 10 for phase in ("construction", "synth")}


@pytest.mark.parametrize(
    ("phase", "budget"),
    [("construction", CONSTRUCTION_BUDGET), ("synth", SYNTH_BUDGET)],
    ids=["construction", "synth"],
)
def test_round_trips_per_function_stay_within_budget(
    marginal: dict[str, float], phase: str, budget: float
) -> None:
    """Building and synthesizing a function costs no more kernel round trips than measured."""
    # GIVEN the library's default function, counted at N=10 and N=20 (fixture)
    # WHEN
    per_function = marginal[phase]
    # THEN
    assert per_function <= budget, (
        f"{phase}: {per_function:.1f} jsii round trips per function, budget {budget:.1f}; see "
        "python benchmarks/roundtrips.py -n 50 for where they come from"
    )
