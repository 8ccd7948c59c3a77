"""The synthetic briefing maker makes valid briefings in both facts layouts and every shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import BuildContext, check

MAKER = Path(__file__).resolve().parent.parent / "benchmarks" / "make_briefing.py"


@pytest.mark.parametrize("layout", ["monthly", "one-file"])
def test_the_synthetic_briefing_checks_clean(tmp_path: Path, layout: str) -> None:
    proc = subprocess.run([sys.executable, str(MAKER), "--articles", "40", "--out", str(tmp_path), "--layout", layout],
                          capture_output=True, text=True, check=True, timeout=120)
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    facts = sorted(p.relative_to(tmp_path / "content" / "facts").as_posix()
                   for p in (tmp_path / "content" / "facts").rglob("*.yaml"))
    if layout == "one-file":
        assert facts == ["actions.yaml", "actors.yaml", "quotes.yaml"]
    else:
        assert len(facts) > 10 and all("/" in f for f in facts)
    ctx = BuildContext.for_project(tmp_path, cache=False)
    b = check(ctx)
    assert ctx.problems.errors == [] and len(b.articles) == 40
    assert (len(b.actions), len(b.quotes), len(b.actors)) == (summary["actions"], summary["quotes"], summary["actors"])


def test_the_other_shapes_check_clean_and_differ_as_named(tmp_path: Path) -> None:
    """`--shape long-articles` makes longer articles with the same facts; `many-actors` makes
    more actors; both are valid and the standard shape is what it was."""
    made = {}
    for shape in ("standard", "long-articles", "many-actors"):
        out = tmp_path / shape
        proc = subprocess.run([sys.executable, str(MAKER), "--articles", "40", "--out", str(out), "--shape", shape],
                              capture_output=True, text=True, check=True, timeout=120)
        made[shape] = json.loads(proc.stdout.strip().splitlines()[-1])
        ctx = BuildContext.for_project(out, cache=False)
        check(ctx)
        assert ctx.problems.errors == [], shape
    standard, long, many = made["standard"], made["long-articles"], made["many-actors"]
    assert long["words_per_article"] > 2.5 * standard["words_per_article"]
    assert (long["actions"], long["quotes"], long["actors"]) == (standard["actions"], standard["quotes"], standard["actors"])
    assert many["actors"] == 80 and standard["actors"] == 12
