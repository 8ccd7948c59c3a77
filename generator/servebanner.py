"""Under `mkdocs serve`, content with errors: the diagnostics on every page of the last good site.

A curator who saves a broken facts file looks at the browser, not the terminal: the server
keeps serving the last good site (a failed build would hold every request), so without this
the page simply does not change and nothing says why. The banner lists the diagnostics as the
terminal does (`file:line:col: error: message [rule]`), escaped, since they quote the content.
"""

from __future__ import annotations

import html
import re

SHOWN = 20  # diagnostics listed on the page; the terminal has all of them
_BODY = re.compile(r"<body\b[^>]*>")


def problems_banner(errors: list[str]) -> str:
    """The banner's HTML for these formatted diagnostics (at least one)."""
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors[:SHOWN])
    more = f"<p>and {len(errors) - SHOWN} more: see the terminal.</p>" if len(errors) > SHOWN else ""
    count = f"{len(errors)} error" + ("s" if len(errors) != 1 else "")
    return (f'<div class="briefing-serve-errors" role="alert"><p><strong>The content has {count}: this is '
            f"the last good build of the site.</strong> Fix the content and save; the page reloads.</p>"
            f"<ul>{items}</ul>{more}</div>")


def with_banner(page_html: str, banner: str) -> str:
    """The page with the banner first inside <body> (the page as it was without a body tag)."""
    found = _BODY.search(page_html)
    if found is None:
        return page_html
    return page_html[:found.end()] + banner + page_html[found.end():]
