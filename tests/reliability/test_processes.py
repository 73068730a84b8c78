"""Worker processes: a worker that dies or hangs costs nothing but a retry; workers die with
their parent; a kill loop at random points loses nothing (slow group)."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

import pipeline.api
from pipeline.config import Settings, load_settings

from .conftest import GOOD

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "inputs" / "iran-hamas-connection.txt"

pytestmark = pytest.mark.slow


def _corpus(d: Path, n: int = 12) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    sample = SAMPLE.read_text(encoding="utf-8")
    paragraphs = [p for p in sample.split("\n\n") if p.strip()]
    for i in range(n):
        rng = random.Random(i)
        chosen = rng.sample(paragraphs, k=min(len(paragraphs), 6))
        (d / f"article-{i:02d}.txt").write_text(f"Article number {i}\n\n" + "\n\n".join(chosen) + "\n\n" + GOOD, encoding="utf-8")
    return d


def _workers(parent: psutil.Process) -> list[psutil.Process]:
    out = []
    for p in parent.children(recursive=True):
        try:
            if "spawn_main" in " ".join(p.cmdline()):
                out.append(p)
        except psutil.Error:
            pass
    return out


def _settings(**batch: object) -> Settings:
    overrides = {f"batch.{k}": v for k, v in batch.items()}
    return load_settings(None, {"batch.jobs": 2, "batch.batch_size": 2, **overrides})


def _when_outputs(out: Path, action, n: int = 1) -> threading.Thread:
    def run() -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if len(list(out.glob("*.json"))) >= n:
                action()
                return
            time.sleep(0.05)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def test_a_killed_worker_costs_only_a_retry(tmp_path: Path) -> None:
    d, out = _corpus(tmp_path / "in"), tmp_path / "out"
    me = psutil.Process()
    killed: list[int] = []

    def kill() -> None:
        ws = _workers(me)
        if ws:
            killed.append(ws[0].pid)
            ws[0].kill()

    t = _when_outputs(out, kill)
    report = pipeline.api.run_batch([d], out, _settings())
    t.join(5)
    assert killed, "no worker was found to kill"
    assert report.count("failed") == 0 and report.count("ok") == 12


def test_a_stopped_worker_is_replaced_after_the_time_limit(tmp_path: Path) -> None:
    d, out = _corpus(tmp_path / "in", 6), tmp_path / "out"
    me = psutil.Process()
    stopped: list[int] = []

    def stop() -> None:
        ws = _workers(me)
        if ws:
            stopped.append(ws[0].pid)
            os.kill(ws[0].pid, signal.SIGSTOP)

    t = _when_outputs(out, stop)
    report = pipeline.api.run_batch([d], out, _settings(timeout=3.0, batch_size=1))
    t.join(5)
    assert stopped
    assert report.count("failed") == 0 and report.count("ok") == 6
    assert not psutil.pid_exists(stopped[0]) or psutil.Process(stopped[0]).status() == psutil.STATUS_ZOMBIE


def _start_run(d: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", str(d), "-o", str(out), "-q", "--jobs", "2", "--batch-size", "1", *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    d, out = _corpus(tmp_path / "in", 30), tmp_path / "out"
    proc = _start_run(d, out)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _workers(parent)
        time.sleep(0.1)
    assert workers
    proc.kill()
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, [p.pid for p in alive]


def _outputs(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir()) if p.suffix in (".json", ".md")}


def _check_outputs(out: Path) -> None:
    for p in out.glob("*.json"):
        pipeline.api.validate(json.loads(p.read_text(encoding="utf-8")))


TRIALS = 20


def _pipeline(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True
    )


def test_kill_loop_loses_nothing(tmp_path: Path) -> None:
    """SIGKILL at random points, the whole group or the parent alone; after each kill every
    output parses and validates and no worker is left; the run resumed to the end equals a
    clean run, and no temporary file survives it."""
    d = _corpus(tmp_path / "in", 16)
    clean, out = tmp_path / "clean", tmp_path / "out"
    assert _pipeline("run", str(d), "-o", str(clean), "-q", "--jobs", "1").returncode == 0
    rng = random.Random(19)
    survived = 0
    for trial in range(TRIALS):
        if trial % 4 == 3:  # make work again: some outputs vanish between trials
            for p in out.glob("*.json"):
                if rng.random() < 0.4:
                    p.unlink()
        proc = _start_run(d, out, "--wait", "30", *(["--force"] if trial % 5 == 4 else []))
        time.sleep(rng.uniform(0.5, 8.0))
        try:
            workers = _workers(psutil.Process(proc.pid))
        except psutil.Error:
            workers = []
        with contextlib.suppress(ProcessLookupError):
            if trial % 2 == 0:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.kill()  # the parent alone: its workers must follow it
        proc.wait()
        _, alive = psutil.wait_procs(workers, timeout=15)
        assert not alive, f"trial {trial}: workers outlived their parent"
        _check_outputs(out)
        survived += 1
    final = _pipeline("run", str(d), "-o", str(out), "-q", "--jobs", "2", "--wait", "60")
    assert final.returncode == 0, final.stderr
    assert survived == TRIALS
    assert not list(out.rglob("*.tmp"))
    assert _outputs(out) == _outputs(clean)
