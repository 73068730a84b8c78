"""Screenshot of the browser review page for the docs: ``python scripts/screenshots.py``.

Analyses ``inputs/`` into a temporary output directory, records a few decisions,
serves the review app (``pipeline review --web``) in a thread and photographs
it with the system chromium through Playwright (the same tooling as
``tests/test_review_web.py``). Writes ``docs/review-web.png`` (or ``--out``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", default=str(ROOT / "inputs"), help="articles to analyse (default inputs/)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "review-web.png"), help="where to write the PNG")
    args = parser.parse_args(argv)
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        print("no chromium executable: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    import pipeline
    from pipeline.config import BatchSettings, Settings
    from pipeline.review.web import start_in_thread

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        pipeline.run_batch([args.inputs], out, Settings(batch=BatchSettings(jobs=1)))
        with pipeline.api.open_review(out_dir=out, reviewer="editor") as session:
            items = session.items()
            session.decide([(it.article_id, it.flag.key, d) for it, d in zip(items[:3], ("accepted", "dismissed", "accepted"))])
            url, server, thread = start_in_thread(session)
            try:
                with sync_playwright() as p:
                    browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
                    page = browser.new_page(viewport={"width": 1280, "height": 720})
                    page.goto(url)
                    page.wait_for_selector("body[data-ready]")
                    page.hover("#sentence .cue.current")
                    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=args.out)
                    browser.close()
            finally:
                server.should_exit = True
                thread.join(10)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
