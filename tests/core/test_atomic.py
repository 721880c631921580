"""nnviz.atomic: a write is all or nothing, and the temporary name keeps the extension last."""

from __future__ import annotations

from pathlib import Path

import pytest

from nnviz.atomic import atomic_dir, atomic_path, publish, write_text


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    dest = tmp_path / "out.txt"
    dest.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(dest) as tmp:
        tmp.write_text("half")
        raise RuntimeError("interrupted")
    assert dest.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_finished_write_replaces_the_file(tmp_path: Path) -> None:
    dest = tmp_path / "sub" / "out.txt"
    write_text(dest, "new")
    assert dest.read_text() == "new"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["out.txt"]


def test_the_suffix_ends_the_temporary_name(tmp_path: Path) -> None:
    """ffmpeg and np.savez pick the format from the last extension."""
    with atomic_path(tmp_path / "poster.png", suffix=".png") as tmp:
        assert tmp.suffix == ".png" and tmp.name.startswith(".poster.png.")
        tmp.write_bytes(b"x")


def test_a_written_file_gets_an_ordinary_files_mode(tmp_path: Path) -> None:
    write_text(tmp_path / "a.txt", "a")
    (tmp_path / "plain.txt").write_text("b")
    modes = {(tmp_path / n).stat().st_mode & 0o777 for n in ("a.txt", "plain.txt")}
    assert len(modes) == 1 and modes != {0o600}


def test_publish_moves_a_finished_file(tmp_path: Path) -> None:
    src = tmp_path / "a.bin"
    src.write_bytes(b"data")
    publish(src, tmp_path / "deep" / "b.bin")
    assert not src.exists() and (tmp_path / "deep" / "b.bin").read_bytes() == b"data"


def test_a_folder_is_replaced_whole(tmp_path: Path) -> None:
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "old.txt").write_text("old")
    with atomic_dir(dest) as tmp:
        assert not (tmp / "old.txt").exists() and (dest / "old.txt").exists()  # not yet
        write_text(tmp / "new.txt", "new")
    assert sorted(p.name for p in dest.iterdir()) == ["new.txt"]
    plain_dir, plain_file = tmp_path / "plain", tmp_path / "plain.txt"
    plain_dir.mkdir()
    plain_file.write_text("x")
    mode = lambda p: p.stat().st_mode & 0o777  # noqa: E731
    # the modes an ordinary folder and file get (mkdtemp/mkstemp alone would give 0700/0600)
    assert (mode(dest), mode(dest / "new.txt")) == (mode(plain_dir), mode(plain_file))
    assert mode(dest) & 0o055 and mode(dest / "new.txt") & 0o044  # a web server can read it
    plain_dir.rmdir(), plain_file.unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporaries left


def test_a_failed_folder_write_keeps_the_old_folder(tmp_path: Path) -> None:
    dest = tmp_path / "site"
    dest.mkdir()
    (dest / "old.txt").write_text("old")
    with pytest.raises(RuntimeError), atomic_dir(dest) as tmp:
        (tmp / "half.txt").write_text("half")
        raise RuntimeError("interrupted")
    assert sorted(p.name for p in dest.iterdir()) == ["old.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
