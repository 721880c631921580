"""What ``nnviz list --json`` prints and ``GET /api/scenes`` serves: one builder for both."""

from __future__ import annotations

from typing import Any

__all__ = ["scene_list", "lecture_groups"]


def scene_list() -> dict[str, dict[str, Any]]:
    """Every registered scene by name: its title, module and parameter declarations (JSON)."""
    from scenes import registry

    return {
        name: {
            "title": cls.TITLE,
            "module": cls.__module__,
            "params": {p.name: p.spec() for p in cls.PARAMS},
        }
        for name, cls in registry.scenes().items()
    }


def lecture_groups() -> list[dict[str, Any]]:
    """The lectures in order, each with its registered scenes (once each), then "other".

    ``[{"slug", "title", "scenes": [NAME, ...]}, ...]``; "other" holds every registered scene
    that no lecture uses (it is always last, possibly empty).
    """
    from scenes import registry

    known, used, out = registry.scenes(), set(), []
    for lecture in registry.lectures():
        names = list(dict.fromkeys(s.name for s in lecture.scenes if s.name in known))
        used.update(names)
        out.append({"slug": lecture.slug, "title": lecture.title, "scenes": names})
    rest = [name for name in known if name not in used]
    out.append({"slug": "other", "title": "Other scenes", "scenes": rest})
    return out
