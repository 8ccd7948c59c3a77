"""Briefing sites from curated facts: articles + YAML facts -> cross-linked Markdown pages."""

__version__ = "0.1.0"
