"""`pip install .` must ship the templates and the stylesheet, or `mkdocs build` fails for users."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_contains_templates_stylesheet_and_entry_points(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    wheels = list(tmp_path.glob("*.whl"))
    assert len(wheels) == 1
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    templates = {p.name for p in (REPO / "templates").glob("*.j2")}
    assert templates and {f"generator/templates/{t}" for t in templates} <= names
    assert "generator/briefing.css" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheels[0]).read(entry_points).decode()
    assert "briefing = generator.cli:main" in text
    assert "briefing = generator.plugin:BriefingPlugin" in text
