"""The example notebook runs top to bottom and shows the rendered frames (``%%manim -ql -s``)."""

from __future__ import annotations

import os

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.render


def test_example_notebook_executes_and_displays_both_frames(tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    # The kernel (the venv's python: jupyter_client swaps "python" for sys.executable) runs in
    # a temporary folder, so Manim's media/ lands there; it imports this worktree's packages.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    nb = nbformat.read(ROOT / "examples" / "notebook.ipynb", as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    images = [
        out
        for cell in nb.cells
        if cell.cell_type == "code" and cell.source.startswith("%%manim")
        for out in cell.outputs
        if "image/png" in out.get("data", {})
    ]
    assert len(images) == 2
    assert images[0]["data"]["image/png"] != images[1]["data"]["image/png"]
    assert list((tmp_path / "media").rglob("Shear*.png"))
    params = next(c for c in nb.cells if "Shear().params" in c.source).outputs[0]["data"][
        "text/plain"
    ]
    assert "[1., 1.]" in params and "[0., 1.]" in params
