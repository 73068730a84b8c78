"""A corpus of bad files beside good ones, through one ``pipeline run``: each bad file is
processed or gets one clear error line, the good ones are analysed, the exit status is 1,
and nothing is written outside the output directory."""

from __future__ import annotations

import codecs
import json
import os
import socket
from collections.abc import Callable
from pathlib import Path

import pipeline.api
from pipeline.cli import main

from .conftest import GOOD

Maker = Callable[[Path, Path], None]


def _bytes(name: str, data: bytes) -> tuple[str, Maker]:
    return name, lambda d, outside: (d / name).write_bytes(data)


def _link(name: str, target: Callable[[Path, Path], Path]) -> tuple[str, Maker]:
    return name, lambda d, outside: (d / name).symlink_to(target(d, outside))


#: name -> how to make it; expected: "ok" (analysed) or the error code of its one line.
BAD: list[tuple[tuple[str, Maker], str]] = [
    (_bytes("empty.txt", b""), "E102"),
    (_bytes("spaces.txt", b" \n\t \n"), "E103"),
    (_bytes("binary.txt", bytes(range(256)) * 20), "E104"),
    (_bytes("nul.txt", b"abc\x00def" * 100), "E104"),
    (_bytes("bad.json", b'{"text": "unterminated'), "E105"),
    (_bytes("notext.json", b'{"title": "no body"}'), "E107"),
    (_bytes("number.json", b"42"), "E113"),
    (_bytes("deep.json", b"[" * 50_000 + b"]" * 50_000), "E105"),
    (_bytes("digits.json", b'{"text": "It rained on Monday.", "n": ' + b"7" * 5000 + b"}"), "E105"),
    (_bytes("surrogate.json", b'{"text": "It rained \\ud800 on Monday. The roads closed."}'), "ok"),
    (_bytes("lines.jsonl", b"not json\n"), "E106"),
    (_bytes("nomain.html", b"<html><body><nav>Home | About</nav></body></html>"), "E109"),
    (_bytes("boiler.txt", b"Subscribe to our newsletter!\n\nShare this article\n"), "E114"),
    (_bytes("stray.txt", GOOD.encode("utf-8").replace(b"Paris", b"Pa\xffris") + "Zoë and Renée agreed. Café.\n".encode()), "ok"),
    (_bytes("utf16.txt", GOOD.encode("utf-16-le")), "ok"),
    (_bytes("utf16bom.txt", codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be")), "ok"),
    (_bytes("cp1252.txt", "Le café est fermé. It rained on Monday.\n".encode("cp1252")), "ok"),
    (_bytes("hashes.txt", b"The vote was held.\n\n" + b"#" * 5_000 + b"\n"), "ok"),
    (_bytes("controls.txt", b"It rained\x07\x1b[31m on Monday.\x0c The roads\x7f closed.\n"), "ok"),
    (_bytes("rtl.txt", "The minister said \u202eevil\u202c \u0645\u0631\u062d\u0628\u0627 on Monday. \U0001f600\u200b\n".encode()), "ok"),
    (_bytes("long-line.txt", b"word " * 4_000), "ok"),
    (_bytes("no-punct.txt", b"the quick brown fox jumps over the lazy dog " * 200), "ok"),
    (_bytes("numbers.txt", b"1 2 3 4.5 6,7 8% 9 " * 300), "ok"),
    (
        _bytes(
            "html-injection.html",
            b"<html><head><title><script>alert(1)</script></title></head><body><article><p>"
            + GOOD.encode()
            + b"</p></article></body></html>",
        ),
        "ok",
    ),
    (
        _bytes(
            "xxe.html",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><html><body><p>&e; '
            + GOOD.encode()
            + b"</p></body></html>",
        ),
        "E109",
    ),
    (("fifo.txt", lambda d, outside: os.mkfifo(d / "fifo.txt")), "E120"),
    (("fifo.json", lambda d, outside: os.mkfifo(d / "fifo.json")), "E120"),
    (_link("devzero.txt", lambda d, o: Path("/dev/zero")), "E122"),
    (_link("passwd.txt", lambda d, o: Path("/etc/passwd")), "E122"),
    (_link("outside.txt", lambda d, o: o / "secret.txt"), "E122"),
    (_link("loop.txt", lambda d, o: d / "loop.txt"), "E123"),
    (_link("dangling.txt", lambda d, o: d / "missing.txt"), "E123"),
    (("output.json", lambda d, o: (d / "output.json").write_text(json.dumps({"schema_version": "1.1", "article": {}}))), "E124"),
    (_bytes("../../escape.json", b'{"id": "../../../escape", "text": "It rained on Monday. The roads closed."}'), "ok"),
]


def test_bad_corpus_in_one_run(tmp_path: Path, runner) -> None:
    assert len(BAD) >= 25
    root = tmp_path / "root"
    d = root / "in"
    (d / "sub" / "sub2").mkdir(parents=True)
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("The secret was kept on Monday. Nobody knew.\n", encoding="utf-8")
    for n in range(3):
        (d / f"good{n}.txt").write_text(GOOD, encoding="utf-8")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(d / "socket.txt"))
    expected = {"socket.txt": "E120"}
    try:
        for (name, make), want in BAD:
            if name.startswith("../"):
                make(d / "sub" / "sub2", outside)  # a JSON whose id tries to climb out
                expected["escape.json"] = want
                continue
            make(d, outside)
            expected[name] = want
        before = {p for p in root.rglob("*") if "out" not in p.relative_to(root).parts[:1]}
        out = root / "out"
        result = runner.invoke(main, ["run", str(d), "-o", str(out)])
    finally:
        sock.close()
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == sum(1 for v in expected.values() if v != "ok"), "\n".join(errors)
    for name, want in expected.items():
        mine = [e for e in errors if f"/{name}:" in e or f"/{name}#" in e]
        if want == "ok":
            assert not mine, mine
        else:
            assert len(mine) == 1 and f"[{want}]" in mine[0], (name, mine)
    after = {p for p in root.rglob("*") if "out" not in p.relative_to(root).parts[:1]}
    assert after == before  # nothing written outside the output directory
    produced = sorted(p.name for p in out.glob("*.json"))
    assert len(produced) == 3 + sum(1 for v in expected.values() if v == "ok")
    assert "escape.json" in produced
    for p in out.glob("*.json"):
        pipeline.api.validate(json.loads(p.read_text(encoding="utf-8")))
    assert "passwd" not in "".join(p.read_text(encoding="utf-8") for p in out.glob("*.json"))
