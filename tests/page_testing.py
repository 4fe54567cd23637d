"""What the page tests share: a page opened in AppTest, a click on a plotly chart, an edit of a data
editor, the bytes a download button serves, and a corpus whose article tries to inject markup.

How downloads are checked: `st.download_button` hands its bytes, or the function that makes
them on a click (a table's CSV), to the runtime's MediaFileManager and keeps only an id in the
element, and AppTest drops that manager after each run. The `served` fixture wraps
`MediaFileManager.add` and `add_deferred` to record id → (bytes or function, file name), so a
test compares the exact bytes a browser would fetch with the table the page shows
(`at.dataframe[i].value`) or with the data of the chart it draws (the figure's JSON).
"""

from __future__ import annotations

import base64
import io
import json
import shutil

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from defence_news.store import build

# An article that tries to run a script and inject a tag, around words the lexicons know.
HOSTILE = """Hội nghị Bộ trưởng Quốc phòng ASEAN <script>alert(1)</script> bàn về an ninh hàng hải

Ngày 5/3/2024, tại Viêng Chăn, Lào, các Bộ trưởng Quốc phòng ASEAN thảo luận về <script>alert(1)</script> an ninh hàng hải và Biển Đông.

Đại tướng Phan Văn Giang khẳng định <img src=x onerror=alert(2)> Việt Nam ủng hộ hợp tác an ninh hàng hải với Nhật Bản & Campuchia.
"""


def open_page(page: str, **params: str | list[str]) -> AppTest:
    """Return the dashboard opened on pages/<page>.py with `params` in its address, after one run.

    The sidebar reads the address on a session's first run only, so filters given here act
    like a shared link.
    """
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{page}.py")
    return at.run()


@pytest.fixture
def served(monkeypatch) -> dict[str, tuple]:
    """Record what every download button would serve: url or deferred id → (bytes or the function
    making them on a click, file name)."""
    files: dict[str, tuple] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def recording_add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        url = add(self, path_or_data, mimetype, coordinates, file_name, is_for_static_download)
        files[url] = (path_or_data, file_name)
        return url

    def recording_add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = add_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        files[file_id] = (data_callable, file_name)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add", recording_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_add_deferred)
    return files


def download(at: AppTest, served: dict, what: str) -> tuple[bytes, str]:
    """Return (bytes, file name) that the download button of `what` serves (made as a click would)."""
    proto = at.download_button(key=f"download-{what}").proto
    data, name = served[proto.deferred_file_id or proto.url]
    return (data() if callable(data) else data), name


def shown(at: AppTest, column: str) -> pd.DataFrame:
    """Return the table on the page that has `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def read_csv(data: bytes) -> pd.DataFrame:
    """Return a downloaded CSV as a table of strings, empty cells kept as ""."""
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def _chart(at: AppTest, what: str):
    return next(node for node in at.get("plotly_chart") if f"chart-{what}" in node.proto.id)


def chart_spec(at: AppTest, what: str) -> dict:
    """Return the plotly figure that chart `what` draws, as JSON."""
    return json.loads(_chart(at, what).proto.spec)


def plotly_values(array) -> list:
    """Return the values of an array in a figure's JSON: plotly writes numbers as typed base64 data."""
    if isinstance(array, dict):
        values = np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
        if "shape" in array:
            values = values.reshape([int(n) for n in array["shape"].split(",")])
        return values.tolist()
    return list(array)


def click(at: AppTest, what: str, point: dict) -> AppTest:
    """Run again as if `point` of chart `what` had been clicked, and return the AppTest.

    AppTest has no plotly element: this sends the selection event a browser sends (the JSON
    string of `on_select`) with the other widgets' states, through AppTest's own run.
    """
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = _chart(at, what).proto.id
    state.string_value = json.dumps({"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}})
    return at._run(states)


def edit_table(at: AppTest, key: str, edits: dict) -> AppTest:
    """Run again as if the st.data_editor of `key` had been edited, and return the AppTest.

    AppTest has no data editor element: this sends the state a browser sends, the JSON string of
    {"edited_rows": {row: {column: value}}, "added_rows": [{column: value}], "deleted_rows": [row]}.
    """
    editor = next(node for node in at.dataframe if node.proto.id.endswith(f"-{key}"))
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = editor.proto.id
    state.string_value = json.dumps({"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits})
    return at._run(states)


@pytest.fixture
def hostile_corpus(tmp_path, monkeypatch):
    """Point the app at a corpus of one article holding <script> and <img onerror>; return its tables."""
    data = tmp_path / "data"
    (data / "articles").mkdir(parents=True)
    for path in (ROOT / "data").iterdir():
        if path.is_file():
            shutil.copy(path, data / path.name)
    (data / "articles" / "900_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    monkeypatch.setenv("DEFENCE_NEWS_DATA", str(data))
    monkeypatch.setenv("DEFENCE_NEWS_CACHE", str(tmp_path / "cache"))
    # the app caches the corpus it read and the resources for the whole process
    st.cache_data.clear()
    st.cache_resource.clear()
    tables, _ = build()
    yield tables
    st.cache_data.clear()
    st.cache_resource.clear()
