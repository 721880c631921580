"""Static HTML pages that work offline: the shared page shell, its inlined assets, safe inline data.

The gallery, the lecture players and explorables are built on these: CSS and JS from
``nnviz_delivery/player/`` are inlined, data goes in as JSON that cannot end its ``<script>``
early, and every user-given text is escaped, so a page opens from ``file://`` with no server.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

from nnviz_kit.params import to_jsonable

__all__ = ["esc", "asset", "json_for_script", "param_value", "page"]

esc = html.escape


def asset(name: str) -> str:
    return (resources.files("nnviz_delivery") / "player" / name).read_text()


def json_for_script(data: Any) -> str:
    """JSON that cannot close its ``<script>`` element early."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def param_value(v: Any) -> str:
    """A parameter value as typed: whole numbers without ``.0``, others to 6 digits."""
    v = to_jsonable(v)
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, list):
        return "[" + ", ".join(param_value(x) for x in v) + "]"
    return str(v)


def page(title: str, body: str, script: str = "", extra_head: str = "") -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="icon" href="data:,">
<style>
{asset("palette.css")}{asset("style.css")}</style>
{extra_head}</head>
<body>
{body}
{script}
</body>
</html>
"""
