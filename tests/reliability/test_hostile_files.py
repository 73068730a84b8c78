"""Files that are not plain articles: pipes, devices, sockets, symbolic links, loops, the
output directory inside the inputs, outputs among the inputs. Each gets one clear line;
nothing blocks, nothing is read from outside the input tree."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import PipelineError
from pipeline.io import iter_input_paths, read_path

from .conftest import GOOD


def _inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    return d


def _errors(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("error:")]


@pytest.mark.parametrize("suffix", [".txt", ".json"])
def test_fifo_is_refused_without_opening(tmp_path: Path, runner, suffix: str) -> None:
    d = _inputs(tmp_path)
    os.mkfifo(d / f"pipe{suffix}")
    result = runner.invoke(main, ["run", str(d), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    errors = _errors(result.stderr)
    assert len(errors) == 1 and f"pipe{suffix}: [E120] not a regular file (a named pipe (FIFO))" in errors[0]
    assert (tmp_path / "out" / "good.json").is_file()


def test_named_fifo_and_device_are_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.txt")
    for path in (tmp_path / "p.txt", Path("/dev/null")):
        with pytest.raises(PipelineError) as err:
            read_path(path)
        assert err.value.code == "E120"


def test_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
        with pytest.raises(PipelineError) as err:
            read_path(path)
        assert err.value.code == "E120" and "socket" in err.value.detail
    finally:
        sock.close()


def test_symlink_out_of_the_tree_is_not_followed(tmp_path: Path, runner) -> None:
    d = _inputs(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("The password is swordfish. It was set on Monday.\n", encoding="utf-8")
    (d / "leak.txt").symlink_to(secret)
    (d / "zero.txt").symlink_to("/dev/zero")
    (d / "etc").symlink_to("/etc")
    result = runner.invoke(main, ["run", str(d), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    errors = _errors(result.stderr)
    assert len(errors) == 3 and all("[E122]" in e for e in errors), errors
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == ["good.json"]


def test_follow_symlinks_reads_them_but_still_only_regular_files(tmp_path: Path, runner) -> None:
    d = _inputs(tmp_path)
    other = tmp_path / "other.txt"
    other.write_text(GOOD, encoding="utf-8")
    (d / "linked.txt").symlink_to(other)
    (d / "zero.txt").symlink_to("/dev/zero")
    result = runner.invoke(main, ["run", str(d), "-o", str(tmp_path / "out"), "-q", "--follow-symlinks"])
    assert result.exit_code == 1
    errors = _errors(result.stderr)
    assert len(errors) == 1 and "zero.txt: [E120]" in errors[0] and "character device" in errors[0]
    assert (tmp_path / "out" / "linked.json").is_file()


def test_symlink_loops_are_reported_per_path(tmp_path: Path, runner) -> None:
    d = _inputs(tmp_path)
    (d / "self.txt").symlink_to(d / "self.txt")
    (d / "a.txt").symlink_to(d / "b.txt")
    (d / "b.txt").symlink_to(d / "a.txt")
    (d / "dangling.txt").symlink_to(d / "nowhere.txt")
    (d / "sub").mkdir()
    (d / "sub" / "up").symlink_to(d)
    for follow in ([], ["--follow-symlinks"]):
        result = runner.invoke(main, ["run", str(d), "-o", str(tmp_path / "out"), "-q", *follow])
        assert result.exit_code == 1, result.output
        errors = _errors(result.stderr)
        assert len(errors) == 4 and all("[E123]" in e for e in errors), errors
        assert sum("symbolic link loop" in e for e in errors) == 3


def test_output_directory_inside_the_inputs_is_never_read(tmp_path: Path, runner) -> None:
    d = _inputs(tmp_path)
    out = d / "out"
    for _ in range(2):
        result = runner.invoke(main, ["run", str(d), "-o", str(out), "-q"])
        assert result.exit_code == 0, result.stderr
    (out / "reviews").mkdir(exist_ok=True)
    (out / "reviews" / "good.json").write_text('{"text": "A review file is not an article. It is data."}', encoding="utf-8")
    result = runner.invoke(main, ["run", str(d), "-o", str(out)])
    assert result.exit_code == 0 and "0 processed, 1 skipped, 0 failed" in result.output
    assert iter_input_paths([d], exclude=[out]) == [d / "good.txt"]


def test_output_like_json_among_inputs_is_reported(tmp_path: Path, runner) -> None:
    d = _inputs(tmp_path)
    result = runner.invoke(main, ["run", str(d), "-o", str(tmp_path / "old"), "-q"])
    assert result.exit_code == 0
    (tmp_path / "old" / "good.json").rename(d / "copied.json")
    (tmp_path / "old" / "good.md").rename(d / "copied.md")
    result = runner.invoke(main, ["run", str(d), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    errors = _errors(result.stderr)
    assert len(errors) == 1 and "copied.json: [E124]" in errors[0]
