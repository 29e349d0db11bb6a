"""``Fleet``: many functions spread over stacks within CloudFormation's per-template limits.

A CloudFormation template holds at most 500 resources. A ``Function`` with its alias, provisioned-concurrency
autoscaling (and spillover alarm) and log group is 9 resources, so one stack holds 55 functions.
``Fleet`` places each function in one of a fixed number of *shards* (nested stacks by default, or
top-level stacks), chosen by rendezvous hashing of the function's construct ID:

* **Stable.** A function's shard depends only on its own ID and the shard count, never on the other
  functions or on the order they are defined in. Adding or removing a function moves no other function
  (moving a function between stacks would delete and re-create it, a deploy hazard). Raising the shard
  count from ``k`` to ``k + 1`` moves only the functions whose new best shard is the new one (about
  ``1/(k+1)`` of them), the fewest any placement can move. ``shard=`` pins a function explicitly.
* **Pure.** Placement needs no state file: synthesis writes nothing outside the cloud assembly, and every
  checkout gives the same templates. (An append-only manifest would also be stable, but it must be written
  at synthesis and kept in sync by hand or by the pipeline; a hash needs neither.)
* **Checked early.** Hashing does not balance perfectly, so each shard counts the resources of the
  functions placed in it and raises ``ValidationError`` with the counts as soon as one would exceed the
  template limit, naming the fix (more shards, or a pin). ``Fleet.recommended_shards`` sizes the count so
  that random IDs overflow a shard with probability at most 1/1000.

The budget and the synth-time check of every template live in ``_template_limits``.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any, Final

from aws_cdk import Environment, NestedStack, Stack
from constructs import Construct, Node

from ._errors import ValidationError
from ._function import Function
from ._limits import TEMPLATE_RESOURCES_MAX_COUNT
from ._template_limits import budget_for, enforce_template_limits
from ._validation import check_range, check_whole, child_path, stack_or_none

__all__ = ["Fleet"]

DEFAULT_RESOURCES_PER_FUNCTION: Final = 10
"""A default ``Function`` with autoscaled provisioned concurrency: function, role, default policy, log group,
version, alias, scalable target, scaling policy and spillover alarm, and with ``useCdkManagedLogGroup`` (on
in ``cdk init`` apps) the separate log policy; one fewer without the flag."""
DEFAULT_OVERFLOW_RISK: Final = 0.001
"""Chance ``recommended_shards`` accepts that hashing random IDs overflows some shard (1 in 1000)."""

_SHARD_ID_PREFIX: Final = "Shard"  # construct IDs "Shard0", "Shard1", ...: public API, never padded


def _overflow_risk(functions: int, shards: int, capacity: int) -> float:
    """Union bound on P(some shard gets more than ``capacity`` of ``functions`` uniformly hashed IDs)."""
    if shards == 1:
        return 0.0 if functions <= capacity else 1.0
    p = 1 / shards
    if functions * p >= capacity:
        return 1.0
    tail = 0.0
    log_n = math.lgamma(functions + 1)
    for j in range(capacity + 1, functions + 1):
        term = math.exp(
            log_n
            - math.lgamma(j + 1)
            - math.lgamma(functions - j + 1)
            + j * math.log(p)
            + (functions - j) * math.log1p(-p)
        )
        tail += term
        if term < 1e-18:  # beyond the mean the terms only shrink
            break
    return min(1.0, shards * tail)


def _score(index: int, function_id: str) -> int:
    digest = hashlib.sha256(f"{index}/{function_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


class Fleet(Construct):
    """Functions spread over a fixed number of shard stacks, placed by a stable hash of their IDs.

    ``fleet.add_function(id, **props)`` defines a ``constructs_lambda.Function`` in the shard its ID hashes
    to; ``fleet.scope_for(id)`` returns that shard for anything else defined per function. Shards are
    created when the first function lands in them, as nested stacks of the fleet's stack (one deploy; values
    from the parent, such as a layer or a boundary, arrive as parameters) or, with ``nested=False``, as
    top-level stacks (separate deploys; references become exports).

    An asset belongs to one stack: give each function its own ``Code.from_asset(...)`` (as a loop that
    calls it per function does) rather than one ``Code`` object shared by functions in different shards.

    Attributes:
        shard_count: The number of shards functions are hashed into.
        nested: Whether shards are nested stacks.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        shards: int,
        nested: bool = True,
        env: Environment | None = None,
        max_resources_per_shard: int = TEMPLATE_RESOURCES_MAX_COUNT,
    ) -> None:
        """Create an empty fleet.

        Args:
            scope: For nested shards, a construct inside a stack; for top-level shards, an app, a stage or
                a construct outside stacks. Default: - required.
            id: Construct ID of the fleet. Default: - required.
            shards: Number of shards (1-500). Changing it moves about 1/shards of the functions (each
                moved function is re-created in its new stack), so choose it for the fleet's planned size:
                ``Fleet.recommended_shards(planned_functions)``. Default: - required.
            nested: Shards are nested stacks of the fleet's stack (``True``) or top-level stacks.
                Default: ``True``.
            env: Environment of top-level shard stacks (ignored for nested shards, which share the
                parent's). Default: - environment-agnostic.
            max_resources_per_shard: Resource budget of one shard's functions, checked as they are added
                (lower it to leave room for resources you add to the shards yourself). Default: 500.
        """
        path = child_path(scope, id)
        shard_count = _whole(path, "shards", shards, 1, TEMPLATE_RESOURCES_MAX_COUNT)
        limit = _whole(
            path, "max_resources_per_shard", max_resources_per_shard, 1, TEMPLATE_RESOURCES_MAX_COUNT
        )
        parent_stack = stack_or_none(scope)
        if nested and parent_stack is None:
            raise ValidationError(
                path,
                "nested",
                nested,
                "requires a scope inside a Stack (use nested=False for top-level stacks)",
            )
        if not nested and parent_stack is not None:
            raise ValidationError(
                path,
                "nested",
                nested,
                "requires a scope outside any Stack (an App, a Stage or a construct in one)",
            )
        super().__init__(scope, id)
        self.shard_count: int = shard_count
        self.nested = nested
        self._env = env
        self._limit = limit
        self._shards: dict[int, Stack] = {}
        # The fleet's path and each shard's node, kept in Python: reading them is a jsii round trip, and
        # add_function needs both for every function (about 3 round trips per function saved).
        self._path: str = self.node.path
        self._shard_nodes: dict[int, Node] = {}
        self._placed: dict[str, int] = {}
        enforce_template_limits(self)

    @staticmethod
    def recommended_shards(
        functions: int,
        *,
        resources_per_function: int = DEFAULT_RESOURCES_PER_FUNCTION,
        max_resources_per_shard: int = TEMPLATE_RESOURCES_MAX_COUNT,
        overflow_risk: float = DEFAULT_OVERFLOW_RISK,
    ) -> int:
        """The fewest shards into which ``functions`` hashed IDs overflow no shard but with ``overflow_risk``.

        Hashing places each function in a shard with probability 1/shards, independently, so a shard's
        count is binomial; the result is the smallest count for which the chance that *any* shard gets
        more functions than it can hold (union bound over the shards, exact binomial tail) is at most
        ``overflow_risk``. For 9 resources per function: 1 shard for 55 functions, 2 for 60, 32 for 1000.
        Raises ``ValidationError`` when that takes more than 500 shards (about 14,000 such functions).

        Args:
            functions: The number of functions the fleet is planned to hold. Default: - required.
            resources_per_function: CloudFormation resources per function. Default: 10.
            max_resources_per_shard: The shards' resource budget. Default: 500.
            overflow_risk: Acceptable probability that a fleet of random IDs overflows a shard.
                Default: 0.001.
        """
        functions = _whole("", "functions", functions, 1)
        per_function = _whole(
            "", "resources_per_function", resources_per_function, 1, TEMPLATE_RESOURCES_MAX_COUNT
        )
        limit = _whole(
            "", "max_resources_per_shard", max_resources_per_shard, 1, TEMPLATE_RESOURCES_MAX_COUNT
        )
        check_range("", "overflow_risk", overflow_risk, 1e-12, 1.0)
        if per_function > limit:
            raise ValidationError(
                "",
                "resources_per_function",
                per_function,
                f"must be at most max_resources_per_shard ({limit}): a shard must hold one function",
            )
        capacity = limit // per_function
        shards = math.ceil(functions / capacity)
        while (
            shards <= TEMPLATE_RESOURCES_MAX_COUNT
            and shards < functions
            and _overflow_risk(functions, shards, capacity) > overflow_risk
        ):
            shards += 1
        if shards > TEMPLATE_RESOURCES_MAX_COUNT:
            raise ValidationError(
                "",
                "functions",
                functions,
                f"must fit in at most {TEMPLATE_RESOURCES_MAX_COUNT} shards at {per_function} resources per "
                "function (Fleet's shard limit): split them over several fleets",
            )
        return shards

    def shard_index(self, function_id: str) -> int:
        """The shard ``function_id`` is placed in: the index with the highest hash of (index, ID)."""
        return max(range(self.shard_count), key=lambda index: _score(index, function_id))

    def shard(self, index: int) -> Stack:
        """The stack of shard ``index`` (created on first use)."""
        index = _whole(self._path, "shard", index, 0, self.shard_count - 1)
        stack = self._shards.get(index)
        if stack is None:
            shard_id = f"{_SHARD_ID_PREFIX}{index}"
            stack = NestedStack(self, shard_id) if self.nested else Stack(self, shard_id, env=self._env)
            budget = budget_for(stack, self._limit)
            budget.advice = (
                f"raise Fleet shards from {self.shard_count} to {self.shard_count + 1} (moves about "
                f"1/{self.shard_count + 1} of the functions) or pin functions elsewhere with shard="
            )
            self._shards[index] = stack
            self._shard_nodes[index] = stack.node
        return stack

    @property
    def shards(self) -> dict[int, Stack]:
        """The shards created so far, by index."""
        return dict(sorted(self._shards.items()))

    @property
    def placement(self) -> dict[str, int]:
        """The shard index of every function added through ``add_function`` or ``scope_for``."""
        return dict(self._placed)

    def scope_for(self, function_id: str, *, shard: int | None = None) -> Stack:
        """The shard stack to define function ``function_id`` (and what belongs to it) in.

        Places the function on first call; later calls (and ``add_function``) return the same shard.

        Args:
            function_id: The function's construct ID. Default: - required.
            shard: Pin the function to this shard index instead of its hashed one; a function already
                placed cannot move. Default: - hashed, or where the function is already placed.
        """
        index = self._index_for(function_id, shard)
        stack = self.shard(index)
        self._placed[function_id] = index
        return stack

    def _index_for(self, function_id: str, shard: int | None) -> int:
        """The shard index of ``function_id``: where it is placed, else the pin, else its hash."""
        if not function_id:
            raise ValidationError(self._path, "function_id", function_id, "must not be empty")
        pinned = None if shard is None else _whole(self._path, "shard", shard, 0, self.shard_count - 1)
        placed = self._placed.get(function_id)
        if placed is None:
            return self.shard_index(function_id) if pinned is None else pinned
        if pinned is not None and pinned != placed:
            raise ValidationError(
                self._path, "shard", shard, f"must be {placed}, where {function_id!r} is already placed"
            )
        return placed

    def add_function(self, id: str, *, shard: int | None = None, **props: Any) -> Function:
        """Define ``constructs_lambda.Function(<shard>, id, **props)`` in the shard ``id`` hashes to.

        Raises ``ValidationError`` with the counts when the shard's functions would exceed its resource
        budget.

        Args:
            id: Construct ID of the function, unique in the fleet. Default: - required.
            shard: Pin the function to this shard index. Default: - hashed from ``id``.
            **props: Every keyword argument of ``constructs_lambda.Function``, passed unchanged.
                Default: - as for ``Function``.
        """
        index = self._index_for(id, shard)
        created = index not in self._shards
        stack = self.shard(index)
        node = self._shard_nodes[index]
        if node.try_find_child(id) is not None:
            raise ValidationError(self._path, "id", id, "must be unique in the fleet (already defined)")
        try:
            function = Function(stack, id, **props)
        except Exception:  # a ValidationError, or jsii's error (a missing asset, say)
            # Nothing half-done: drop what the L2 may have built before failing, and a shard made for it.
            node.try_remove_child(id)
            if created:
                self._remove_shard(index)
            raise
        self._placed[id] = index
        return function

    def _remove_shard(self, index: int) -> None:
        shard_id = f"{_SHARD_ID_PREFIX}{index}"
        self.node.try_remove_child(shard_id)
        if self.nested:  # NestedStack puts its AWS::CloudFormation::Stack resource in a sibling construct
            self.node.try_remove_child(f"{shard_id}.NestedStack")
        del self._shards[index]
        del self._shard_nodes[index]

    def functions_per_shard(self) -> dict[int, int]:
        """How many functions each created shard holds."""
        counts = dict.fromkeys(self._shards, 0)
        for index in self._placed.values():
            counts[index] += 1
        return dict(sorted(counts.items()))


def _whole(path: str, prop: str, value: float, low: int, high: int | None = None) -> int:
    """``check_whole``, refusing tokens too: placement needs the number at synthesis."""
    number = check_whole(path, prop, value, low, high)
    if number is None:
        raise ValidationError(path, prop, "a token", "must be a number known at synthesis")
    return number
