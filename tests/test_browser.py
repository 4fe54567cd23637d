"""The dashboard in a real browser: `streamlit run dashboard.py` driven by headless Chromium.

Needs Debian's chromium at /usr/bin/chromium (`.ci/run` installs it). Without it the tests
skip with that reason, unless DEFENCE_NEWS_REQUIRE_BROWSER=1 (set by CI) makes them fail.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
# the Overview is the entry page, at the root of the address
PAGES = ["", "topics", "keywords", "meetings", "countries", "articles"]

if not CHROMIUM.exists():
    reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
    if os.environ.get("DEFENCE_NEWS_REQUIRE_BROWSER") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason, allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(corpus, private_cache):
    """A dashboard served on a free local port, reading the seed store built by the `corpus` fixture."""
    port = _free_port()
    env = {**os.environ, "DEFENCE_NEWS_CACHE": str(private_cache)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail(f"streamlit did not start: {process.stdout.read().decode(errors='replace')[-2000:]}")
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()


def settle(tab) -> None:
    """Wait until the app has finished running its script."""
    tab.wait_for_selector('[data-testid="stMain"] h1', timeout=60000)
    tab.wait_for_selector('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', timeout=60000)
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60000)
    tab.wait_for_timeout(1000)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_without_an_exception(server, page, name):
    page.goto(f"{server}/{name}")
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stDialog"]').count() == 0  # e.g. "Page not found"
    assert page.locator("h1").first.inner_text().strip()
    if name != "articles":
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30000)
        assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() >= 1


def test_a_shared_link_shows_the_same_filtered_view(server, page):
    page.goto(f"{server}/?country=KHM&lang=en")
    settle(page)
    metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert metrics[0] == "1"  # only seed 000 names Cambodia
    assert "Cambodia" in page.locator('[data-testid="stSidebar"]').inner_text()
    page.locator('[data-testid="stSidebar"] a', has_text="Topics").first.click()
    settle(page)
    assert "country=KHM" in page.url and "lang=en" in page.url


def test_an_invalid_link_value_is_named_and_ignored(server, page):
    page.goto(f"{server}/?country=XXX")
    settle(page)
    assert "country=XXX" in page.locator('[data-testid="stSidebar"]').inner_text()
    assert page.locator('[data-testid="stMetricValue"]').first.inner_text() == "5"


def test_a_download_gives_the_csv_of_the_table(server, page, tmp_path):
    page.goto(server)
    settle(page)
    with page.expect_download() as download_info:
        # by its key: the order of buttons in the page depends on which chart draws first
        page.locator('.st-key-download-top_topics button').click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = path.read_bytes()
    assert download.suggested_filename.endswith("__all.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0].startswith("topic,")


def test_an_uploaded_article_with_markup_is_shown_as_text_and_runs_nothing(server, page):
    from page_testing import HOSTILE

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server}/upload")
    settle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(
        files=[{"name": "hostile.txt", "mimeType": "text/plain", "buffer": HOSTILE.encode("utf-8")}])
    page.locator('[data-testid="stForm"]').first.locator("button", has_text="Thêm").click()
    page.get_by_text("Đã thêm 1 bài.").wait_for(timeout=60000)
    # the sidebar link keeps this browser session, where the upload lives
    page.locator('[data-testid="stSidebar"] a', has_text="Bài báo").first.click()
    settle(page)
    search = page.locator('input[aria-label="Tìm trong tiêu đề và nội dung"]')
    search.fill("onerror")
    search.press("Enter")
    page.get_by_text("1 / 6 bài").wait_for(timeout=60000)
    settle(page)

    text = page.locator("div.article-text").inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert page.locator("div.article-text script, div.article-text img").count() == 0
    assert page.locator("img[onerror], img[src='x']").count() == 0
    assert not page.evaluate("() => [...document.scripts].some(s => s.textContent.includes('alert('))")
    page.wait_for_timeout(1000)
    assert dialogs == []
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.parametrize("name", ["upload", "lexicon"])
def test_the_pages_of_a_user_s_own_additions_render(server, page, name):
    page.goto(f"{server}/{name}")
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator("h1").first.inner_text().strip() == {"upload": "Thêm bài báo", "lexicon": "Từ điển chủ đề"}[name]
