"""`python -m generator` is the same as the `briefing` command."""

from .cli import run

run()
