"""Stage 5, write: put a rendered Markdown tree on disk, changing only what changed.

Called only after every page has been rendered, so a failed build writes nothing. Each
changed file is written to a temporary name and renamed over the old one (atomic on POSIX);
a file whose bytes are unchanged is not touched, so its timestamp stays and watchers
(`mkdocs serve`, rsync) see only real changes. Files this generator wrote before and no
longer produces are removed, using a manifest so that nothing else in the folder is touched.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = ".briefing-manifest"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def safe_target(out_dir: Path, rel: str) -> Path:
    """The file for a relative '/'-path, refusing anything that would leave `out_dir`."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or rel != pure.as_posix():
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")
    return out_dir.joinpath(*pure.parts)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tree(out_dir: Path, files: dict[str, bytes]) -> WriteReport:
    report = WriteReport()
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = {rel: safe_target(out_dir, rel) for rel in files}  # check every path first
    for rel in sorted(files):
        target, data = targets[rel], files[rel]
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                report.unchanged += 1
                continue
        except OSError:
            pass
        _atomic_write(target, data)
        report.written.append(rel)
    manifest = out_dir / MANIFEST
    previous = manifest.read_text("utf-8").splitlines() if manifest.is_file() else []
    for rel in sorted(set(previous) - set(files)):
        try:
            target = safe_target(out_dir, rel)
        except ValueError:
            continue
        if target.is_file():
            target.unlink()
            report.removed.append(rel)
    listing = "".join(f"{rel}\n" for rel in sorted(files)).encode("utf-8")
    if not manifest.is_file() or manifest.read_bytes() != listing:
        _atomic_write(manifest, listing)
    return report
