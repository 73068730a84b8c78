"""Reading inputs: formats, encodings, bad input, directory walks, standard input."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.io import iter_input_paths, read_bytes, read_path, read_text, sniff_format
from pipeline.normalise import normalise

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

# Real-looking prose with characters that differ between encodings.
PROSE = (
    "Café Owners Welcome the New Pedestrian Zone\n"
    "Owners of the small cafés on Market Street say the new pedestrian zone has brought more customers "
    "since it opened in May. “We’ve had our best summer in years,” said one owner, who runs a crêperie "
    "near the fountain — and who had opposed the plan at first.\n"
    "The council will decide in the autumn whether to make the zone permanent; a naïve estimate puts the "
    "cost of new paving at 300,000 euros.\n"
)


def _only(path: Path, **kw):
    docs, errors = read_path(path, **kw)
    assert errors == []
    assert len(docs) == 1
    return docs[0]


# --------------------------------------------------------------------------
# formats


@pytest.mark.parametrize(
    ("name", "fmt", "title"),
    [
        ("harbour-bridge.txt", "txt", None),
        ("river-festival.md", "md", "River Festival Returns After Two Quiet Years"),
        ("city-budget.html", "html", "City Unveils Budget With Focus on Schools"),
        ("ferry.json", "json", "Ferry Service Cut on Winter Timetable"),
    ],
)
def test_ingest_reads_each_format(name: str, fmt: str, title: str | None) -> None:
    raw = _only(FIXTURES / name)
    assert raw.format == fmt
    assert raw.encoding == "utf-8"
    assert raw.title == title
    assert raw.sha256 == hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest()
    article = normalise(raw)
    assert article.format == fmt
    assert article.word_count > 40
    assert article.language == "en" and article.warnings == ()


def test_ingest_format_override_reads_markdown_as_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text((FIXTURES / "river-festival.md").read_text(encoding="utf-8"), encoding="utf-8")
    raw = _only(path, format="txt")
    assert raw.format == "txt" and raw.blocks == ()
    with pytest.raises(PipelineError) as exc:
        read_path(path, format="docx")
    assert exc.value.code == "E110"


def test_ingest_markdown_structure_and_links_dropped() -> None:
    raw = _only(FIXTURES / "river-festival.md")
    kinds = [b.kind for b in raw.blocks]
    assert kinds[0] == "title"
    assert kinds.count("heading") == 2
    assert kinds.count("list_item") == 3
    texts = " ".join(b.text for b in raw.blocks)
    assert "https://" not in texts and "](" not in texts
    assert "**" not in texts and "*expanded*" not in texts
    assert "temporary footbridge" in texts
    assert raw.author == "Tomas Okafor"
    assert raw.url == "https://example.org/news/river-festival"
    assert normalise(raw).published == "2024-05-18"


def test_ingest_html_metadata_and_main_text() -> None:
    raw = _only(FIXTURES / "city-budget.html")
    assert raw.author == "Priya Raman"
    assert raw.url == "https://valleycourier.example/news/city-budget-schools"
    article = normalise(raw)
    assert article.published == "2023-11-02"
    headings = [s.title for s in article.sections]
    assert headings == ["Where the Money Comes From", "What Happens Next"]
    # navigation, related links and footer are not in the body
    for junk in ("Sport", "Tram Line Opens", "All rights reserved"):
        assert junk not in article.text
    kinds = {b.kind for b in article.boilerplate}
    assert {"share", "call_to_action"} <= kinds


def test_ingest_json_fields_and_unknown_fields_in_meta() -> None:
    raw = _only(FIXTURES / "ferry.json")
    assert raw.id == "ferry-2024-03"
    assert raw.author == "Jonas Berg, Ana Costa"
    assert raw.url == "https://example.net/ferry-winter"
    assert raw.meta["section"] == "Transport"
    assert raw.meta["source"] == "Coastal Times"
    article = normalise(raw)
    assert article.id == "ferry-2024-03"
    assert article.published == "2024-03-04T07:15:00+00:00"
    assert article.blocks[0].kind == "title"


def test_ingest_jsonl_bad_lines_are_reported_and_the_rest_read() -> None:
    path = FIXTURES / "wire.jsonl"
    docs, errors = read_path(path)
    assert [d.id for d in docs] == ["w1", "w3"]
    assert [(e.code, e.fields.get("line")) for e in errors] == [("E106", 2), ("E108", 4)]
    assert all(str(path) in e.line() for e in errors)
    assert "line 2" in errors[0].line()
    # each record is hashed on its own line's bytes
    first_line = path.read_bytes().splitlines()[0]
    assert docs[0].sha256 == hashlib.sha256(first_line).hexdigest()
    assert docs[0].meta == {"tags": ["rail", "labour"]}
    assert docs[0].format == "jsonl"


def test_ingest_json_list_reads_each_record(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    records = [
        {"title": "Bakery Opens", "text": "A new bakery opened on the high street on Friday, selling bread baked overnight."},
        {"title": "Missing body"},
        {"title": "Bus Route Changes", "body": "The number 7 bus will no longer stop at the station from Monday, the operator said."},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    docs, errors = read_path(path)
    assert [d.title for d in docs] == ["Bakery Opens", "Bus Route Changes"]
    assert [(e.code, e.fields["index"]) for e in errors] == [("E115", 2)]
    used: set[str] = set()
    ids = [normalise(d, used_ids=used).id for d in docs]
    assert ids == ["batch-1", "batch-3"]


def test_ingest_json_html_body_becomes_blocks(tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    body = "<p>The museum reopened on Sunday after a two-year renovation.</p><h2>New Galleries</h2><p>Three new rooms show the city's maritime history.</p>"
    path.write_text(json.dumps({"content": body}), encoding="utf-8")
    article = normalise(_only(path))
    assert "<p>" not in article.text
    assert [s.title for s in article.sections] == ["New Galleries"]


# --------------------------------------------------------------------------
# encodings


@pytest.mark.parametrize(
    ("encoding", "data_encoding", "recorded"),
    [
        ("utf-8", "utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16", "utf-16"),
        ("cp1252", "cp1252", "cp1252"),
    ],
)
def test_ingest_decodes_encodings(tmp_path: Path, encoding: str, data_encoding: str, recorded: str) -> None:
    path = tmp_path / f"cafes-{encoding}.txt"
    data = PROSE.encode(data_encoding)
    path.write_bytes(data)
    raw = _only(path)
    assert raw.encoding == recorded
    assert raw.text == PROSE
    assert raw.sha256 == hashlib.sha256(data).hexdigest()
    article = normalise(raw)
    assert article.encoding == recorded
    assert "crêperie" in article.text and "“We’ve" in article.text


def test_ingest_cp1252_html_page(tmp_path: Path) -> None:
    html = (FIXTURES / "city-budget.html").read_text(encoding="utf-8").replace('<meta charset="utf-8">', "")
    html = html.replace("Our children", "Our enfants’ café — children")
    path = tmp_path / "legacy.html"
    path.write_bytes(html.encode("cp1252"))
    raw = _only(path)
    assert raw.encoding == "cp1252"
    assert "enfants’ café — children" in normalise(raw).text


# --------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.txt", b"", "E102"),
        ("blank.txt", b"  \n\t\r\n  \n", "E103"),
        ("blank-bom.txt", "\ufeff \n \u00a0\n".encode("utf-8"), "E103"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, "E104"),
        ("garbled.txt", bytes(range(0x80, 0x100)) * 8, "E101"),
        ("broken.json", b'{"title": "Half an object", "text": "The sentence stops', "E105"),
        ("notext.json", b'{"title": "Headline only", "url": "https://example.com/a"}', "E107"),
        ("number.json", b"42", "E113"),
        ("nav-only.html", (FIXTURES / "nav-only.html").read_bytes(), "E109"),
    ],
)
def test_ingest_bad_input_raises_one_line_error(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(PipelineError) as exc:
        read_path(path)
    err = exc.value
    assert err.code == code
    line = err.line()
    assert "\n" not in line
    assert line.startswith(f"{path}: [{code}] ")


def test_ingest_missing_path_is_e111(tmp_path: Path) -> None:
    with pytest.raises(PipelineError) as exc:
        read_path(tmp_path / "nope.txt")
    assert exc.value.code == "E111"
    with pytest.raises(PipelineError) as exc:
        iter_input_paths([tmp_path / "nope"])
    assert exc.value.code == "E111"


# --------------------------------------------------------------------------
# paths and standard input


def test_ingest_iter_input_paths_walks_directories(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b" / "c.html").write_text("x", encoding="utf-8")
    (tmp_path / "b" / "d.jsonl").write_text("x", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"x")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "e.txt").write_text("x", encoding="utf-8")
    # our own outputs: an analysis JSON and its Markdown twin
    (tmp_path / "b" / "a.json").write_text(json.dumps({"schema_version": "1.0", "article": {}}), encoding="utf-8")
    (tmp_path / "b" / "a.md").write_text("# summary", encoding="utf-8")
    odd = tmp_path / "given.article"
    odd.write_text("x", encoding="utf-8")
    found = iter_input_paths([tmp_path, odd, "-"])
    rel = [str(p.relative_to(tmp_path)) if p.is_absolute() or str(p).startswith(str(tmp_path)) else str(p) for p in found]
    assert rel == ["a.txt", "b/c.html", "b/d.jsonl", "given.article", "-"]


def test_ingest_read_text_and_bytes_from_stdin() -> None:
    raw = read_text("Ferries Resume\nFerries to the islands resumed on Monday after the storm passed.\n")
    assert raw.source == "<stdin>" and raw.format == "txt"
    html = (FIXTURES / "city-budget.html").read_bytes()
    assert sniff_format(html.decode("utf-8")) == "html"
    docs = read_bytes(html, source="-", format=None)
    assert docs[0].format == "html"
    errors: list[PipelineError] = []
    docs = read_bytes((FIXTURES / "wire.jsonl").read_bytes(), source="-", format="jsonl", errors=errors)
    assert len(docs) == 2 and len(errors) == 2
    with pytest.raises(PipelineError) as exc:
        read_bytes((FIXTURES / "wire.jsonl").read_bytes(), source="-", format="jsonl")
    assert exc.value.code == "E106"
    with pytest.raises(PipelineError) as exc:
        read_text("   \n")
    assert exc.value.code == "E103"


def test_ingest_markdown_table_rows_and_nested_lists(tmp_path: Path) -> None:
    path = tmp_path / "results.md"
    path.write_text(
        "# Election Results in Three Districts\n\n"
        "Turnout rose in every district compared with the last election.\n\n"
        "| District | Turnout |\n| --- | --- |\n| North | 61% |\n| South | 58% |\n\n"
        "1. North elected a new mayor\n   - the first woman in the post\n2. South kept its council\n\n"
        "> Officials said the count went *smoothly*.\n",
        encoding="utf-8",
    )
    raw = _only(path)
    assert [(b.kind, b.text) for b in raw.blocks] == [
        ("title", "Election Results in Three Districts"),
        ("paragraph", "Turnout rose in every district compared with the last election."),
        ("paragraph", "District | Turnout"),
        ("paragraph", "North | 61%"),
        ("paragraph", "South | 58%"),
        ("list_item", "North elected a new mayor"),
        ("list_item", "the first woman in the post"),
        ("list_item", "South kept its council"),
        ("paragraph", "Officials said the count went smoothly."),
    ]


_CARD_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Harbour Board Approves Terminal</title></head>
<body><article><h1>Harbour Board Approves Terminal</h1>
<p>Board chair <span class="pop"><a href="/people/hale">Ann Hale</a><span class="card"><img src="/hale.jpg" alt="">
<a href="/people/hale">Ann Margaret Hale</a> <a href="/news/1">Ferry fares rise again in spring</a>
<a href="/news/2">Harbour dredging delayed by storms</a> <a href="/people/hale">MORE</a></span></span>
said on Tuesday that the second ferry terminal would open in the spring of 2027 after a long planning dispute.</p>
<p>The terminal will cost about 48 million dollars and handle up to 1,200 passengers an hour, the board said.
<img src="/quay.jpg" alt=""> Work on the foundations starts in January, <a href="/plan">according to the plan</a>.</p>
<p>Two council members, <a href="/p/1">Tom Reyes</a> and <a href="/p/2">Lia Park</a>, voted against the plan on Tuesday evening.</p>
</article></body></html>"""


def test_ingest_html_card_inside_a_paragraph_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "card.html"
    path.write_text(_CARD_PAGE, encoding="utf-8")
    article = normalise(_only(path))
    # the hover card (photo, full name, headlines) is not glued into the sentence
    assert "Board chair Ann Hale said on Tuesday" in " ".join(article.text.split())
    for junk in ("Ann Margaret Hale", "Ferry fares rise", "MORE"):
        assert junk not in article.text
    # counter-examples: an image with one link in a paragraph, and a paragraph of links without an image, are text
    assert "according to the plan" in article.text
    assert "Tom Reyes and Lia Park" in article.text
