"""Every limit names a public AWS page from ``_limits.SOURCES``, and the README links only to those pages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from constructs_lambda import _limits

ROOT = Path(__file__).resolve().parents[2]
LIMITS_SOURCE = Path(_limits.__file__).read_text(encoding="utf-8")
# A source key as cited in a comment: "[lambda-quotas]", "[cfn-function minimum 0]".
KEY = re.compile(r"\b(?:lambda|cfn|iam|autoscaling|edge)-[a-z0-9-]*[a-z0-9]\b")
NOT_KEYS = {"cfn-lint"}


def _package_references() -> set[str]:
    """Keys the package's other modules cite as ``SOURCES["key"]``."""
    modules = sorted((ROOT / "constructs_lambda").glob("*.py"))
    return {key for path in modules for key in re.findall(r'SOURCES\["([^"]+)"\]', path.read_text("utf-8"))}


def _cited_keys() -> set[str]:
    """Source keys named in _limits.py outside the SOURCES mapping itself."""
    body = LIMITS_SOURCE[LIMITS_SOURCE.index('"""Public AWS pages the limits below come from') :]
    return {key for key in KEY.findall(body) if key not in NOT_KEYS}


def test_sources_are_public_aws_pages() -> None:
    """Each entry of SOURCES is an https page of the AWS documentation."""
    # GIVEN the source list
    sources = _limits.SOURCES

    # WHEN each URL is checked
    bad = {key: url for key, url in sources.items() if not url.startswith("https://docs.aws.amazon.com/")}

    # THEN all of them point at docs.aws.amazon.com
    assert bad == {}
    assert len(set(sources.values())) == len(sources)


def test_every_cited_key_is_a_source_and_every_source_is_cited() -> None:
    """A limit's comment names keys of SOURCES, and no SOURCES entry is left uncited."""
    # GIVEN the keys the comments of _limits.py cite
    cited = _cited_keys()

    # WHEN they are compared with SOURCES (entries the other modules cite count as cited)
    unknown = cited - set(_limits.SOURCES)
    uncited = set(_limits.SOURCES) - cited - _package_references()

    # THEN both sides match
    assert unknown == set()
    assert uncited == set()


def test_package_cites_sources_by_existing_keys() -> None:
    """``SOURCES["key"]`` mentioned anywhere in the package names an existing key."""
    # GIVEN every module of the package
    # WHEN the SOURCES references are collected
    keys = _package_references()

    # THEN each one exists
    assert keys
    assert keys - set(_limits.SOURCES) == set()


def test_limit_constants_are_final_and_named_by_unit() -> None:
    """Numeric limits are annotated Final and named <THING>_MIN_<UNIT> / <THING>_MAX_<UNIT>."""
    # GIVEN the annotated module-level assignments of _limits.py
    tree = ast.parse(LIMITS_SOURCE)
    numeric: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            assert not any(name.isupper() for name in names), f"{names} must be annotated Final"
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            assert "Final" in ast.unparse(node.annotation), node.target.id
            value = getattr(_limits, node.target.id)
            if isinstance(value, int | float) and not isinstance(value, bool):
                numeric[node.target.id] = ast.unparse(node.annotation)

    # WHEN the numeric names are matched against the naming rule
    rule = re.compile(
        r"[A-Z0-9_]+_(?:MIN|MAX)_(?:MIB|GIB|SECONDS|DAYS|BYTES|LENGTH|COUNT|FRACTION|PERCENT|YEAR)"
    )
    misnamed = sorted(name for name in numeric if not rule.fullmatch(name))

    # THEN every one follows it
    assert numeric
    assert misnamed == []


def test_readme_limits_table_links_to_sources() -> None:
    """The source column of the README's limits table links only to pages in SOURCES."""
    # GIVEN the README's limits table
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| what | limit | source |") :].split("\n\n", 1)[0]
    rows = [line for line in table.splitlines()[2:] if line.startswith("|")]

    # WHEN the link of each row's last column is read
    links = [re.findall(r"\]\((https://[^)]+)\)", row.rsplit("|", 2)[-2]) for row in rows]

    # THEN every row links at least one page, all of them from SOURCES
    assert rows
    assert all(links), rows
    assert {url for row in links for url in row} <= set(_limits.SOURCES.values())
