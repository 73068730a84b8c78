"""The quality gate: every `pipeline eval` figure on ../shared/data against its pinned floor.

Slow (several minutes: every task on its full file); run with --slow, as CI does. Skips
cleanly when the data is absent. A figure below its floor fails here, loudly; to lower a
floor on purpose run `pipeline eval gate ../shared/data --update` and commit the diff of
pipeline/evaluation/floors.json with the reason.
"""

from __future__ import annotations

import json

import pytest

from pipeline import api
from pipeline.evaluation import gate


def test_eval_gate_floors_cover_every_check():
    floors = json.loads(gate.FLOORS_FILE.read_text(encoding="utf-8"))
    for check in gate.CHECKS:
        for figure in check.figures:
            assert figure in floors.get(check.name, {}), f"{check.name}.{figure} has no floor"


def test_eval_gate_fails_below_a_floor_and_update_pins(tmp_path):
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"x": {"f1": 0.9}}), encoding="utf-8")
    (tmp_path / "d").mkdir()
    check = gate.GateCheck("x", "flags", "d", ("f1",))

    def fake(task, path, **_):
        return {"f1": 0.85}

    result = gate.run_gate(tmp_path, settings=api.Settings(), floors_file=floors, checks=[check], run=fake)
    assert not result.passed and result.figures[0].status == "FAILED"
    result = gate.run_gate(tmp_path, settings=api.Settings(), floors_file=floors, checks=[check], run=fake, update=True)
    assert result.passed and json.loads(floors.read_text())["x"]["f1"] == 0.85
    missing = gate.GateCheck("y", "flags", "absent", ("f1",))
    assert gate.run_gate(tmp_path, settings=api.Settings(), floors_file=floors, checks=[missing], run=fake).figures[0].status == "skipped"


@pytest.mark.slow
@pytest.mark.data
def test_eval_gate_every_figure_at_or_above_its_floor(data_dir):
    result = api.eval_gate(data_dir)
    assert result.passed, "\n" + api.render_gate(result)
    assert all(f.status == "ok" for f in result.figures), api.render_gate(result)
