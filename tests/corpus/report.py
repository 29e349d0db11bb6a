"""Print ``app | L2 resources | library resources`` for the corpus: ``python -m tests.corpus.report``."""

from __future__ import annotations

from collections.abc import Iterable

from .apps import APPS, CorpusApp
from .harness import Synthesis, resources, synthesize


def resource_count(synthesis: Synthesis) -> str:
    """The number of resources in the template, or why there is no template."""
    if synthesis.template is None:
        return f"rejected ({type(synthesis.error).__name__})"
    return str(len(resources(synthesis.template)))


def table(apps: Iterable[CorpusApp]) -> str:
    """A Markdown table of resource counts per app, L2 run against library run."""
    rows = ["| app | L2 resources | library resources |", "|---|---:|---:|"]
    for app in apps:
        l2, library = synthesize(app, "l2"), synthesize(app, "library")
        rows.append(f"| {app.name} | {resource_count(l2)} | {resource_count(library)} |")
    return "\n".join(rows)


def main() -> None:
    """Synthesize every app twice and print the table."""
    print(table(APPS))


if __name__ == "__main__":
    main()
