"""What the deploy preflight reports: a ``Finding`` per consequence, with one of three severities.

Apart from the checks that produce them, so the command line, the JSON output and the tests can read
findings without the rules behind them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Final

ERROR: Final = "ERROR"
WARNING: Final = "WARNING"
INFO: Final = "INFO"


@dataclass(frozen=True, kw_only=True, slots=True)
class Finding:
    """One consequence of the deploy for one resource.

    Args:
        severity: ``ERROR`` (the deploy fails), ``WARNING`` (it succeeds but may break or lose data) or
            ``INFO``.
        stack: The stack name.
        logical_id: The resource the finding is about (in the new template when it exists there).
        kind: A stable identifier of the rule, e.g. ``replacement-fails``.
        message: What happens and why, in one line.
    """

    severity: str
    stack: str
    logical_id: str
    kind: str
    message: str

    def line(self) -> str:
        """``SEVERITY stack/logicalId: message``."""
        return f"{self.severity} {self.stack}/{self.logical_id}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        """The finding as a JSON-ready dict."""
        return asdict(self)
