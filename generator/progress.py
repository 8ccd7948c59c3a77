"""Progress of long builds: one line on a terminal, redrawn as the build goes; nothing in CI
or when the output is a file or a pipe, so logs stay clean. The CLI and the MkDocs plugin
both use it (`briefing build` and `mkdocs build` of 10,000 articles run for minutes)."""

from __future__ import annotations

import logging
import os
from typing import TextIO


class TerminalProgress:
    """Called as (what, done, total): "rendering pages 1,200/63,243", or "linking..." without a
    total. `clear` wipes the line (before a summary, a diagnostic or a log line)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = False

    @classmethod
    def on(cls, stream: TextIO) -> "TerminalProgress | None":
        """Progress for `stream` if it is a terminal outside CI, else None (no output at all)."""
        return cls(stream) if stream.isatty() and not os.environ.get("CI") else None

    def __call__(self, what: str, done: int, total: int) -> None:
        text = f"{what} {done:,}/{total:,}" if total else f"{what}..."
        print(f"\r\033[K{text}", end="", file=self.stream, flush=True)
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            print("\r\033[K", end="", file=self.stream, flush=True)
            self.shown = False


class ClearBeforeLogging(logging.Filter):
    """A handler filter that wipes the progress line before the handler writes a record, so a
    log line never starts after "writing pages 1,200/63,243" (the next update redraws it)."""

    def __init__(self, progress: TerminalProgress) -> None:
        super().__init__()
        self.progress = progress

    def filter(self, record: logging.LogRecord) -> bool:
        self.progress.clear()
        return True
