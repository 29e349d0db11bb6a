"""Count jsii round trips: every request Python sends to the node kernel, and every callback node makes.

Shared by ``benchmarks/roundtrips.py`` (the detailed profile) and ``tests/unit/test_roundtrips.py`` (the
regression guard). A request is one round trip through the kernel's stdin/stdout: create, get, set,
invoke, static get/invoke, and the ``complete`` that carries a callback's result back to node. The
counts are deterministic for a given program and aws-cdk-lib version.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

OnRequest = Callable[[str], None]
"""Called before each request with its kind (``Get``, ``Invoke``, ``Complete``, ...)."""
OnCallback = Callable[[Any, Callable[[], Any]], Any]
"""Wraps each callback from node: receives the callback and the function that runs it."""


def request_kind(request: Any) -> str:
    """``Get``, ``Invoke``, ``Create``, ``StaticInvoke``, ``Complete``, ... of a jsii kernel request."""
    return type(request).__name__.replace("Request", "").lstrip("_")


@contextmanager
def counting(
    on_request: OnRequest,
    on_callback: OnCallback | None = None,
    *,
    timed: Callable[[float], None] | None = None,
) -> Iterator[None]:
    """Within the block, call ``on_request`` for every kernel request (and ``on_callback`` around every
    callback; ``timed`` with the seconds each request waited on node)."""
    import time

    import jsii._kernel as kernel
    from jsii._kernel.providers import process

    original_send = process._NodeProcess.send
    original_handle = kernel._handle_callback

    def send(self: Any, request: Any, response_type: Any) -> Any:
        on_request(request_kind(request))
        start = time.perf_counter()
        try:
            return original_send(self, request, response_type)
        finally:
            if timed is not None:
                timed(time.perf_counter() - start)

    def handle(kernel_: Any, callback: Any) -> Any:
        if on_callback is None:
            return original_handle(kernel_, callback)
        return on_callback(callback, lambda: original_handle(kernel_, callback))

    process._NodeProcess.send = send  # type: ignore[method-assign]
    kernel._handle_callback = handle  # type: ignore[assignment]
    try:
        yield
    finally:
        process._NodeProcess.send = original_send  # type: ignore[method-assign]
        kernel._handle_callback = original_handle


class RoundTrips:
    """Round trips by kind, per named phase: ``with counter.phase("synth"): app.synth()``."""

    def __init__(self) -> None:
        self.by_phase: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        self._current: str | None = None

    def _on_request(self, kind: str) -> None:
        if self._current is not None:
            self.by_phase[self._current][kind] += 1

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self._current = name
        try:
            with counting(self._on_request):
                yield
        finally:
            self._current = None

    def total(self, name: str) -> int:
        return sum(self.by_phase[name].values())
