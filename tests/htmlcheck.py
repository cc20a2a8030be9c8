"""HTML validity: the W3C Nu Html Checker (vnu) where it is installed, and a small checker of ours
for the errors vnu found on the portal's pages, which runs everywhere.

vnu comes from the npm registry like axe-core (`make vnu`: var/node/node_modules/vnu-jar) and
needs Java; without them `vnu_errors` returns None and the test says it skipped vnu.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

VNU_JAR = Path(settings.BASE_DIR) / "var" / "node" / "node_modules" / "vnu-jar" / "build" / "dist"

# Input types that take a placeholder (HTML: text, search, url, tel, email, password, number).
PLACEHOLDER_TYPES = {"text", "search", "url", "tel", "email", "password", "number"}
_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"
_ZONE = r"(Z|[+-]\d{2}:?\d{2})"
VALUE_FORMATS = {
    "date": re.compile(rf"^{_DATE}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "time": re.compile(rf"^{_TIME}$"),
    "datetime-local": re.compile(rf"^{_DATE}[T ]{_TIME}$"),
}
# What <time datetime> accepts (HTML "valid date string with optional time" and friends);
# six fractional digits (Python's microseconds) are not among them.
TIME_DATETIME = re.compile(
    rf"^({_DATE}|\d{{4}}-\d{{2}}|{_TIME}|{_DATE}[T ]{_TIME}({_ZONE})?|\d{{4}}|P.+)$"
)
ARIA_SORT = {"ascending", "descending", "none", "other"}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.ids: Counter[str] = Counter()
        self.label_targets: list[tuple[str, int]] = []
        self.htmx_attributes: list[tuple[str, int]] = []

    def _problem(self, text: str) -> None:
        self.problems.append(f"line {self.getpos()[0]}: {text}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if names.get("id"):
            self.ids[str(names["id"])] += 1
        kind = (names.get("type") or "text").lower()
        if tag == "input":
            if "placeholder" in names and kind not in PLACEHOLDER_TYPES:
                self._problem(f'placeholder on <input type="{kind}">')
            pattern = VALUE_FORMATS.get(kind)
            value = names.get("value")
            if pattern is not None and value and not pattern.match(value):
                self._problem(f'<input type="{kind}"> with value "{value}" (not ISO)')
        if tag == "select" and "placeholder" in names:
            self._problem("placeholder on <select>")
        if tag == "form" and "action" in names and not (names["action"] or "").strip():
            self._problem('<form action="">: an empty action is not a valid URL')
        if tag == "time" and "datetime" in names:
            value = names["datetime"] or ""
            if not TIME_DATETIME.match(value):
                self._problem(f'<time datetime="{value}"> is not a valid date or time')
        if "aria-sort" in names and names["aria-sort"] not in ARIA_SORT:
            self._problem(f'aria-sort="{names["aria-sort"]}"')
        self.htmx_attributes += [(n, self.getpos()[0]) for n in names if n.startswith("hx-")]
        if tag == "label" and names.get("for"):
            self.label_targets.append((str(names["for"]), self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def html_problems(html: str) -> list[str]:
    """The errors of ours vnu reports, found without Java: an empty list for a clean page."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    problems = checker.problems
    problems += [
        f"line {line}: {name}= is not valid HTML (write data-{name}=)"
        for name, line in checker.htmx_attributes
    ]
    problems += [f'duplicate id "{name}"' for name, n in checker.ids.items() if n > 1]
    problems += [
        f'line {line}: <label for="{target}"> names no element'
        for target, line in checker.label_targets
        if target not in checker.ids
    ]
    return problems


def vnu_available() -> bool:
    return (VNU_JAR / "vnu.jar").exists() and shutil.which("java") is not None


def vnu_errors(pages: dict[str, str]) -> dict[str, list[str]] | None:
    """vnu's errors for each page ({url: html}) in one run, or None when vnu is not installed."""
    if not vnu_available():
        return None
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (url, html) in enumerate(pages.items()):
            path = Path(folder) / f"page{number}.html"
            if not html.lstrip().lower().startswith("<!doctype"):
                # An htmx fragment: checked inside a minimal document of its own.
                html = f"<!DOCTYPE html><html lang=de><title>{url}</title>{html}"
            path.write_text(html, encoding="utf-8")
            files[path.resolve().as_uri()] = url
        result = subprocess.run(  # noqa: S603 - a fixed command over our own temporary files
            ["java", "-jar", str(VNU_JAR / "vnu.jar"), "--errors-only", "--format", "json"]
            + [str(Path(folder) / name) for name in sorted(p.split("/")[-1] for p in files)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors: dict[str, list[str]] = {}
    for message in messages:
        if message.get("type") != "error":
            continue
        url = files.get(message.get("url", ""), message.get("url", ""))
        errors.setdefault(url, []).append(
            f"line {message.get('lastLine')}: {message.get('message')} "
            f"[{(message.get('extract') or '').strip()[:120]}]"
        )
    return errors
