"""`pip install .` must ship the templates and the stylesheet, or `mkdocs build` fails for users."""

from __future__ import annotations

import os
import shutil
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
    assert "briefing = generator.cli:run" in text
    assert "briefing = generator.plugin:BriefingPlugin" in text


def test_the_command_flushes_its_output_before_it_ends_the_process(tmp_path: Path) -> None:
    """`briefing` ends its process without the interpreter's clean-up (cli.run): what it printed
    to a pipe (block-buffered, unlike a terminal) must all arrive, and its exit code too."""
    import json

    fixture = Path(__file__).parent / "fixtures" / "multi"
    root = tmp_path / "p"
    shutil.copytree(fixture, root)
    broken = "actors:\n  - {id: Bad Id, name: X, type: person}\n"
    (root / "content" / "facts" / "broken.yaml").write_text(broken, "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a CI log or a pipe has it
    proc = subprocess.run([sys.executable, "-m", "generator", "check", "--project", str(root), "--format", "json"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 1, proc.stderr
    problems = json.loads(proc.stdout)
    assert [p["rule"] for p in problems if p["severity"] == "error"] == ["id-format"]
    built = subprocess.run([sys.executable, "-m", "generator", "build", "--project", str(fixture), "--out",
                            str(tmp_path / "out"), "--no-cache", "--format", "text"], capture_output=True, text=True,
                           timeout=300, env=env)
    assert built.returncode == 0, built.stderr
    assert built.stderr.rstrip().splitlines()[-1].startswith("briefing: ") and " written" in built.stderr
