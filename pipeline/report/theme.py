"""The look of the report: colours, one inline style sheet, the index's sort script, the page head.

Nothing is fetched: no fonts, no CDN, no images. Each page carries a
Content-Security-Policy that allows only its own inline style and script (by
hash), so even a mistake elsewhere could not make a browser load or run
anything else. Entities are coloured as displaCy colours them
(``spacy.displacy.render.DEFAULT_LABEL_COLORS``, spaCy, MIT licence), with the
label after the text as displaCy shows it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape

from ..models import FLAG_CATEGORIES

__all__ = ["ENTITY_COLOURS", "FLAG_COLOURS", "CSS", "SORT_SCRIPT", "head", "label_class", "flag_keys"]

#: displaCy's entity colours (spaCy 3.x); other labels get ``ENTITY_DEFAULT``.
ENTITY_COLOURS: dict[str, str] = {
    "ORG": "#7aecec",
    "PRODUCT": "#bfeeb7",
    "GPE": "#feca74",
    "LOC": "#ff9561",
    "PERSON": "#aa9cfc",
    "NORP": "#c887fb",
    "FAC": "#9cc9cc",
    "EVENT": "#ffeb80",
    "LAW": "#ff8197",
    "LANGUAGE": "#ff8197",
    "WORK_OF_ART": "#f0d0ff",
    "DATE": "#bfe1d9",
    "TIME": "#bfe1d9",
    "MONEY": "#e4e7d2",
    "QUANTITY": "#e4e7d2",
    "ORDINAL": "#e4e7d2",
    "CARDINAL": "#e4e7d2",
    "PERCENT": "#e4e7d2",
}
ENTITY_DEFAULT = "#ddd"

#: One colour per flag category (underline in the text, bar in the charts).
FLAG_COLOURS: dict[str, str] = {
    "hedge": "#1c7ed6",
    "booster": "#e8590c",
    "opinion": "#c2255c",
    "weasel": "#7048e8",
    "rhetorical": "#2f9e44",
}
FLAG_DEFAULT = "#868e96"


def label_class(label: str) -> str:
    """A CSS class name for an entity label or a flag category (other characters dropped)."""
    return re.sub(r"[^A-Za-z0-9_-]", "", label) or "x"


def _css() -> str:
    entity_rules = "\n".join(f".ent-{label_class(k)}{{background:{v}}}" for k, v in ENTITY_COLOURS.items())
    flag_rules = "\n".join(
        f".flag-{label_class(k)}{{border-color:{v}}} .key-{label_class(k)}{{background:{v}}}" for k, v in FLAG_COLOURS.items()
    )
    return f"""
:root{{color-scheme:light}}
body{{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#212529;margin:0;background:#fff}}
main{{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 3rem}}
h1{{font-size:1.6rem;line-height:1.25;margin:.5rem 0}}
h2{{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #dee2e6}}
a{{color:#1864ab}}
nav{{font-size:.9rem;margin-top:.5rem}}
.meta,.small{{color:#495057;font-size:.9rem}}
.meta span+span::before{{content:" · "}}
.badge{{display:inline-block;border:1px solid #adb5bd;border-radius:.7em;padding:0 .6em;font-size:.85rem;margin-right:.3em}}
.url{{word-break:break-all}}
ol.points li{{margin:.3rem 0}}
.was{{color:#6c757d;font-size:.9rem}}
.entities{{line-height:2.5}}
.entities p,.entities .heading{{white-space:pre-line;margin:0 0 .8rem}}
.entities .heading{{font-weight:bold;font-size:1.1rem;margin-top:1.2rem}}
.entities .b-title{{font-weight:bold;font-size:1.2rem}}
.entities .list_item{{margin:0 0 .4rem 1.2rem;display:list-item}}
.entity{{padding:.45em .6em;margin:0 .25em;line-height:1;border-radius:.35em}}
.entity[data-label]::after{{content:attr(data-label);font-size:.8em;font-weight:bold;line-height:1;vertical-align:middle;margin-left:.5rem}}
.entity:empty::after{{margin-left:0}}
{entity_rules}
.flag{{border-bottom:3px solid {FLAG_DEFAULT};padding-bottom:1px}}
.flag.accepted{{border-bottom-style:double;border-bottom-width:4px}}
.flag.dismissed{{border-bottom-style:dotted;color:#868e96}}
.flag.quoted{{border-bottom-width:2px}}
{flag_rules}
.key{{display:inline-block;width:.8em;height:.8em;border-radius:.2em;margin:0 .3em 0 .8em;vertical-align:baseline}}
.quote{{background:#f1f3f5;font-style:italic}}
.quote[data-speaker]::after{{content:"\\2014\\00a0" attr(data-speaker);font-style:normal;font-size:.8em;font-weight:bold;color:#495057;margin-left:.3rem}}
.kp{{background:#fff3bf}}
details.boilerplate{{color:#868e96;background:#f8f9fa;border:1px dashed #ced4da;border-radius:.4rem;padding:.4rem .8rem;margin-top:1.5rem}}
details.boilerplate summary{{cursor:pointer}}
details.boilerplate li{{margin:.2rem 0}}
table{{border-collapse:collapse;width:100%;font-size:.92rem}}
th,td{{padding:.35rem .5rem;border-bottom:1px solid #dee2e6;text-align:left;vertical-align:middle}}
td.n,th.n{{text-align:right}}
th button{{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer;color:inherit}}
th[aria-sort=ascending] button::after{{content:" \\25B2"}}
th[aria-sort=descending] button::after{{content:" \\25BC"}}
svg.chart{{display:block}}
"""


CSS = _css()

SORT_SCRIPT = """
document.querySelectorAll("table.sortable th button").forEach(function (button) {
  button.addEventListener("click", function () {
    var th = button.parentNode, col = th.cellIndex, table = th.closest("table"), body = table.tBodies[0];
    var numeric = th.classList.contains("n");
    var dir = th.getAttribute("aria-sort") === "descending" ? 1 : -1;
    if (!th.hasAttribute("aria-sort") && !numeric) dir = 1;
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    function key(row) {
      var cell = row.cells[col], v = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
      if (!numeric) return v.toLowerCase();
      v = parseFloat(v);
      return isNaN(v) ? -Infinity : v;
    }
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * dir; });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def head(title: str, *, script: bool = False) -> str:
    """``<!DOCTYPE html>`` up to ``<body>``: charset, title, the style sheet and a strict CSP."""
    policy = f"default-src 'none'; style-src {_hash(CSS)}; img-src data:; base-uri 'none'; form-action 'none'"
    if script:
        policy += f"; script-src {_hash(SORT_SCRIPT)}"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
    )


def flag_keys() -> str:
    """The colour key of the flag categories, for a page or the index."""
    return "".join(f'<span class="key key-{label_class(c)}" aria-hidden="true"></span>{escape(c)}' for c in FLAG_CATEGORIES)
