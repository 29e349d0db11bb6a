"""The bundle's files on disk: cleaning a pip ``--target`` tree and writing it as a reproducible zip.

Used by ``_bundling`` (layer and function archives) and ``_synth_only`` (re-packaged assets). Equal trees give
equal zip bytes, so an archive's hash depends only on its contents.
"""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from pathlib import Path

#: Timestamp of every zip entry (the earliest a zip can hold), so rebuilds give identical bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Bytecode is never shipped: it is specific to the host's interpreter and Python recompiles it on import.
EXCLUDED_SUFFIXES = (".pyc", ".pyo")


def clean_install_tree(target: Path) -> None:
    """Remove bytecode, console scripts (host-specific shebangs) and their RECORD lines."""
    shutil.rmtree(target / "bin", ignore_errors=True)
    for dirpath, dirnames, filenames in os.walk(target, topdown=False):
        here = Path(dirpath)
        for dirname in dirnames:
            if dirname == "__pycache__":
                shutil.rmtree(here / dirname, ignore_errors=True)
        for filename in filenames:
            file = here / filename
            if filename.endswith(EXCLUDED_SUFFIXES) or (
                filename == "direct_url.json" and here.name.endswith(".dist-info")
            ):
                file.unlink()
            elif filename == "RECORD" and here.name.endswith(".dist-info"):
                lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
                kept = [
                    line
                    for line in lines
                    if not line.startswith("../")
                    and "__pycache__" not in line
                    and "direct_url.json" not in line
                ]
                file.write_text("".join(kept), encoding="utf-8")


def merge_into(source: Path, dest: Path) -> None:
    """Move every entry of ``source`` into ``dest`` (the dependencies next to a function's own files)."""
    dest.mkdir(parents=True, exist_ok=True)
    for child in sorted(source.iterdir()):
        shutil.move(str(child), str(dest / child.name))


def write_zip(tree: Path, zip_path: Path) -> None:
    """Write ``tree`` as a reproducible zip.

    Entries are sorted, every timestamp is 1980-01-01 00:00, directories are 0755, files 0644 (0755
    when executable) and compression is DEFLATE level 9, so equal trees give equal bytes.
    """
    entries: list[tuple[str, Path | None]] = []
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames.sort()
        here = Path(dirpath)
        rel_dir = here.relative_to(tree).as_posix()
        if rel_dir != ".":
            entries.append((rel_dir + "/", None))
        entries += [((here / f).relative_to(tree).as_posix(), here / f) for f in filenames]
    entries.sort(key=lambda item: item[0])
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, file in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.create_system = 3  # Unix, so the permission bits below are honoured
            if file is None:
                info.external_attr = (0o40755 << 16) | 0x10
                archive.writestr(info, b"")
                continue
            mode = 0o755 if os.stat(file).st_mode & stat.S_IXUSR else 0o644
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, file.read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
