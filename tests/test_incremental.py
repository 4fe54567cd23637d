"""Articles added to a processed store: the store then holds the tables a build of all its articles from scratch makes."""

import shutil

import pandas as pd
import pytest

from defence_news.resources import data_file
from defence_news import store
from defence_news.store import build, processed_dir, read_processed
from defence_news.tables import rows

SEEDS = sorted(data_file("articles").glob("*.txt"))
# the meeting of seed 004 (ADMM Hẹp, Luang Prabang, 5/3/2024), now with its edition: it merges into the
# stored meeting, whose id, edition and article_ids change, and so do the meetings of seed 004
SAME_MEETING = ("Ngày 5/3/2024, Đại tướng Phan Văn Giang tham dự Hội nghị hẹp Bộ trưởng Quốc phòng các nước ASEAN "
                "(ADMM Hẹp) lần thứ 18 tại Luang Prabang, Lào.\nCác Bộ trưởng thảo luận về an ninh hàng hải.\n")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DEFENCE_NEWS_CACHE", str(tmp_path / "cache"))


def refuse(*args):
    raise AssertionError("the corpus was assembled again whole")


def assert_same_store(grown, whole):
    assert sorted(grown) == sorted(whole)
    for name in whole:
        pd.testing.assert_frame_equal(grown[name], whole[name], obj=name)


def assert_grown_as_built_whole(folder):
    """The store "grown" is the store a build of `folder` from scratch makes."""
    build(folder, store_name="whole")
    assert_same_store(read_processed(processed_dir("grown")), read_processed(processed_dir("whole")))


# (what is added, the name of its file): a seed, or SAME_MEETING; a file before the last stored one merges
# the meetings of its series again, one after it merges into the stored meetings
ADDED = [("seed", "002_"), ("seed", "004_"), ("report", "003_admm.txt"), ("report", "005_admm.txt")]


@pytest.mark.parametrize("added, name", ADDED)
def test_an_added_article_gives_the_store_a_build_from_scratch_gives(cache, tmp_path, monkeypatch, added, name):
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in SEEDS:
        if added != "seed" or not seed.name.startswith(name):
            shutil.copy(seed, folder)
    build(folder, store_name="grown")
    if added == "seed":
        shutil.copy(next(s for s in SEEDS if s.name.startswith(name)), folder)
    else:
        (folder / name).write_text(SAME_MEETING, encoding="utf-8")
    with monkeypatch.context() as patched:
        patched.setattr("defence_news.store.assemble", refuse)
        if name > SEEDS[-1].name:
            patched.setattr("defence_news.assemble._merged_again", refuse)
        _, report = build(folder, store_name="grown")
    assert (report.articles, report.analysed) == (6 if added == "report" else 5, 1)
    build(folder, store_name="whole")
    grown, whole = read_processed(processed_dir("grown")), read_processed(processed_dir("whole"))
    assert_same_store(grown, whole)
    ids = sorted(whole["articles"]["article_id"])
    for table in ("mentions", "keywords", "sentences", "statements", "raw_articles"):
        assert rows(grown, table, article_id=ids[1:4]).equals(rows(whole, table, article_id=ids[1:4]))
    if added == "report":
        meeting = whole["meetings"].set_index("meeting_id").loc["admm_retreat-18"]
        assert len(meeting["article_ids"].split(";")) == 2
        seed = whole["articles"].set_index("file").loc[next(s.name for s in SEEDS if s.name.startswith("004_"))]
        assert seed["meetings"] == "admm_retreat-18"


# the same edition, without a date, at another place: not the meeting of seed 004, which SAME_MEETING gives
# that edition when it merges into it. Added between them, it keeps a meeting of its own, of the same id.
NO_DATE = ("Hội nghị hẹp Bộ trưởng Quốc phòng các nước ASEAN (ADMM Hẹp) lần thứ 18 diễn ra tại Bangkok, Thái Lan.\n"
           "Các Bộ trưởng thảo luận về gìn giữ hòa bình.\n")


def test_an_added_meeting_with_a_stored_ones_id_gives_each_an_id_of_its_own(cache, tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    shutil.copytree(data_file("articles"), folder)
    (folder / "005_admm.txt").write_text(SAME_MEETING, encoding="utf-8")
    build(folder, store_name="grown")
    assert "admm_retreat-18" in set(read_processed(processed_dir("grown"))["meetings"]["meeting_id"])
    (folder / "004_z.txt").write_text(NO_DATE, encoding="utf-8")  # after seed 004, before 005_admm.txt
    with monkeypatch.context() as patched:
        patched.setattr("defence_news.store.assemble", refuse)
        build(folder, store_name="grown")
    assert_grown_as_built_whole(folder)
    whole = read_processed(processed_dir("whole"))
    meetings = whole["meetings"].set_index("meeting_id")
    added = whole["articles"].set_index("file").loc["004_z.txt", "article_id"]
    eighteenth = {m for m in meetings.index if m.startswith("admm_retreat-18")}
    assert eighteenth == {"admm_retreat-18-2024-03-05", f"admm_retreat-18-{added}"}
    assert meetings.loc[f"admm_retreat-18-{added}", ["date", "location"]].tolist() == ["", "Băng Cốc"]
    # the stored articles of the dated meeting link to it by its new id
    seed = whole["articles"].set_index("file").loc[next(s.name for s in SEEDS if s.name.startswith("004_"))]
    assert seed["meetings"] == "admm_retreat-18-2024-03-05"
    assert set(whole["article_meetings"]["meeting_id"]) <= set(meetings.index)


def test_only_the_files_a_store_was_not_built_from_are_read_and_its_problems_are_kept(cache, tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    shutil.copytree(data_file("articles"), folder)
    added = next(folder.glob("004_*.txt"))
    text = added.read_bytes()
    added.unlink()
    (folder / "001a_empty.txt").write_bytes(b"")
    shutil.copy(SEEDS[1], folder / "zz_copy.txt")
    build(folder, store_name="grown")
    added.write_bytes(text)
    (folder / "003a_blank.txt").write_text("  \n", encoding="utf-8")
    asked = []
    get = store.ReadCache.get
    monkeypatch.setattr(store.ReadCache, "get", lambda self, keys: asked.append(len(keys)) or get(self, keys))
    with monkeypatch.context() as patched:
        patched.setattr("defence_news.store.assemble", refuse)
        _, report = build(folder, store_name="grown")
    assert asked == [2]  # the added seed and the blank file, not the six files the store was built from
    assert [p.file for p in report.problems] == ["001a_empty.txt", "003a_blank.txt", "zz_copy.txt"]
    assert_grown_as_built_whole(folder)


def test_an_added_file_with_the_text_of_a_stored_article_builds_the_store_again(cache, tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    shutil.copytree(data_file("articles"), folder)
    build(folder, store_name="grown")
    # named before the stored file: it is the article now, and the stored file the copy
    shutil.copy(SEEDS[1], folder / "000a_copy.txt")
    monkeypatch.setattr("defence_news.store.add_articles", refuse)
    _, report = build(folder, store_name="grown")
    assert [(p.file, p.reason) for p in report.problems] == [(SEEDS[1].name, "the same text as 000a_copy.txt; counted once")]
    assert_grown_as_built_whole(folder)


def test_a_removed_article_builds_the_store_again(cache, tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    shutil.copytree(data_file("articles"), folder)
    build(folder, store_name="shrunk")
    next(folder.glob("002_*.txt")).unlink()
    (folder / "003_admm.txt").write_text(SAME_MEETING, encoding="utf-8")
    monkeypatch.setattr("defence_news.store.add_articles", refuse)
    _, report = build(folder, store_name="shrunk")
    assert (report.articles, report.analysed) == (5, 1)
    assert "c399a14b447241c2" not in set(read_processed(processed_dir("shrunk"))["articles"]["article_id"])


def test_a_table_of_many_parts_is_written_whole_again(cache, tmp_path, monkeypatch):
    monkeypatch.setattr("defence_news.store.MAX_PARTS", 1)
    folder = tmp_path / "articles"
    shutil.copytree(data_file("articles"), folder)
    added = next(folder.glob("004_*.txt"))
    text = added.read_bytes()
    added.unlink()
    build(folder, store_name="grown")
    added.write_bytes(text)
    _, report = build(folder, store_name="grown")
    assert report.analysed == 1
    assert [len(list((processed_dir("grown") / name).glob("*.parquet"))) for name in ("keywords", "mentions")] == [1, 1]
    assert_grown_as_built_whole(folder)


# a person only the text names (Tea Banh, of Cambodia twice, "Bộ trưởng", "Đại tướng"), then an article after the
# stored ones that names him again: of Thailand three times, which makes Thailand his country, or of Cambodia once;
# either gives him the longer role "Bộ trưởng Quốc phòng", which absorbs "Bộ trưởng"
NAMED = ("Ngày 5/3/2024, Bộ trưởng Campuchia Tea Banh tham dự ADMM Hẹp tại Luang Prabang, Lào.\n"
         "Đại tướng Tea Banh khẳng định Campuchia ủng hộ vai trò trung tâm của ASEAN.\n")
NAMED_AGAIN = {
    "THA": ("Ngày 7/3/2024, Bộ trưởng Quốc phòng Thái Lan Tea Banh gặp Đại tướng Phan Văn Giang tại Hà Nội.\n"
            "Bộ trưởng Quốc phòng Thái Lan Tea Banh nói về hợp tác.\n"
            "Bộ trưởng Quốc phòng Thái Lan Tea Banh nhấn mạnh an ninh biển.\n"),
    "KHM": "Ngày 7/3/2024, Bộ trưởng Quốc phòng Campuchia Tea Banh gặp Đại tướng Phan Văn Giang tại Hà Nội.\n",
}


@pytest.mark.parametrize("country", sorted(NAMED_AGAIN))
def test_a_stored_person_named_again_after_the_stored_articles_has_the_row_of_all_the_mentions(
        cache, tmp_path, monkeypatch, country):
    folder = tmp_path / "articles"
    shutil.copytree(data_file("articles"), folder)
    (folder / "zz_a.txt").write_text(NAMED, encoding="utf-8")
    build(folder, store_name="grown")
    assert read_processed(processed_dir("grown"))["people"].set_index("person").loc["Tea Banh", "country"] == "KHM"
    (folder / "zz_b.txt").write_text(NAMED_AGAIN[country], encoding="utf-8")
    with monkeypatch.context() as patched:
        patched.setattr("defence_news.store.assemble", refuse)
        patched.setattr("defence_news.assemble._merged_again", refuse)
        patched.setattr("defence_news.assemble._named_again", refuse)
        build(folder, store_name="grown")
    assert_grown_as_built_whole(folder)
    person = read_processed(processed_dir("whole"))["people"].set_index("person").loc["Tea Banh"]
    assert person[["country", "roles", "aliases", "origin"]].tolist() == [
        country, "Đại tướng;Bộ trưởng Quốc phòng", "Đại tướng Tea Banh", "text"]
    assert len(person["article_ids"].split(";")) == 2
