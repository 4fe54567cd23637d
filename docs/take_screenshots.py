"""Take the README's screenshots from the real app: `streamlit run dashboard.py` in headless Chromium.

    .venv/bin/python docs/take_screenshots.py          # writes docs/screenshots/<page>.png

Needs Debian's chromium at /usr/bin/chromium and the store built (`python -m defence_news build`).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
# page path and query: each view shows something worth seeing on the seed articles
VIEWS = {
    "overview": "?lang=en",
    "topics": "topics?lang=en",
    "keywords": "keywords?lang=en",
    "meetings": "meetings?lang=en",
    "countries": "countries?lang=en",
    "articles": "articles?lang=en",
    "positions": "positions?lang=en",
    "trends": "trends?lang=en",
    "people": "people?lang=en",
    "upload": "upload?lang=en",
    "lexicon": "lexicon?lang=en",
}


def main() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for name, path in VIEWS.items():
                page.goto(f"http://127.0.0.1:{port}/{path}")
                page.wait_for_selector('[data-testid="stMain"] h1', timeout=60000)
                page.wait_for_timeout(4000)  # let plotly draw
                page.screenshot(path=OUT / f"{name}.png", full_page=False)
                print(OUT / f"{name}.png")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
