"""Topic discovery on the seeds: NMF candidates, their suggested topics, and adding one to a lexicon."""

import pytest

from conftest import all_ids, article_id
from defence_news.discovery import DISCOVERY_COLUMNS, MIN_ARTICLES, TooFewArticles, discover_terms, with_suggestion
from defence_news.topics import count_topics



@pytest.fixture(scope="module")
def found(corpus, resources):
    return discover_terms(corpus, all_ids(corpus), resources.lexicon, n_topics=5, n_terms=8)


def test_five_candidates_of_eight_terms_each_the_same_on_every_run(corpus, resources, found):
    assert list(found.columns) == DISCOVERY_COLUMNS
    assert sorted(found["component"].unique()) == [1, 2, 3, 4, 5]
    assert found.groupby("component")["rank"].apply(list).tolist() == [list(range(1, 9))] * 5
    assert found.equals(discover_terms(corpus, all_ids(corpus), resources.lexicon, n_topics=5, n_terms=8))


def test_no_more_candidates_than_articles(corpus, resources):
    two = [article_id(corpus, "001"), article_id(corpus, "004")]
    assert discover_terms(corpus, two, resources.lexicon, n_topics=5, n_terms=4)["component"].nunique() == 2


def test_too_few_articles_is_said_plainly(corpus, resources):
    with pytest.raises(TooFewArticles, match="at least 2 articles") as raised:
        discover_terms(corpus, [article_id(corpus, "004")], resources.lexicon)
    assert raised.value.articles == 1 < MIN_ARTICLES
    with pytest.raises(TooFewArticles):
        discover_terms(corpus, [], resources.lexicon)


def test_names_and_terms_of_every_article_are_left_out(corpus, found):
    phrases = set(found["phrase"].str.casefold())
    # people, with their titles, and countries say who, not what about
    assert not phrases & {"phan văn giang", "đại tướng phan văn giang", "nhật bản", "việt nam", "hoa kỳ", "kitazawa",
                          "thượng tướng"}
    # "hợp tác" (cooperation) is in all five seeds
    keywords = corpus["keywords"]
    assert keywords.loc[keywords["term"] == "hợp_tác", "article_id"].nunique() == 5
    assert "hợp tác" not in phrases


def test_each_term_is_written_as_the_text_writes_it_and_suggested_by_its_sentences(corpus, found):
    terms = found.drop_duplicates("term").set_index("term")
    assert terms.loc["asean", "phrase"] == "ASEAN"
    # "hàng hải" (maritime) shares six sentences with maritime-security terms ("an ninh hàng hải" among them)
    assert terms.loc["hàng_hải", ["suggested_topic", "shared_sentences", "in_lexicon"]].tolist() == [
        "maritime_security", 6, ""]
    assert ((terms["suggested_topic"] == "") == (terms["shared_sentences"] == 0)).all()


def test_a_term_the_lexicon_lists_says_so(corpus, resources, found):
    # a sea is no name to leave out: "Biển Đông" is what is discussed, and a term of south_china_sea
    assert set(found.loc[found["phrase"] == "Biển Đông", "in_lexicon"]) == {"south_china_sea"}
    found = discover_terms(corpus, all_ids(corpus), resources.lexicon, n_topics=5, n_terms=30)
    listed = found.drop_duplicates("term").set_index("phrase")["in_lexicon"]
    # "vai trò trung tâm" (central role) and "luật pháp quốc tế" (international law) are lexicon terms
    assert listed["vai trò trung tâm"] == "asean_centrality"
    assert listed["luật pháp quốc tế"] == "international_law"
    assert set(listed[listed != ""]) <= set(resources.lexicon.topics)


def test_a_suggestion_added_to_a_topic_is_counted_as_that_topic(corpus, resources, found):
    # "đoàn kết" (solidarity) shares five sentences with ASEAN-centrality terms
    suggested = found.drop_duplicates("term").set_index("phrase").loc["đoàn kết"]
    assert suggested[["suggested_topic", "in_lexicon"]].tolist() == ["asean_centrality", ""]
    lexicon = with_suggestion(resources.lexicon, "asean_centrality", "đoàn kết")
    assert lexicon.topics["asean_centrality"].terms_vi[-1] == "đoàn kết"
    assert "đoàn kết" not in resources.lexicon.topics["asean_centrality"].terms_vi
    mentions, _ = count_topics(corpus["sentences"], lexicon)
    assert (mentions.loc[mentions["key"] == "asean_centrality", "matched"] == "đoàn kết").sum() == 3
    rediscovered = discover_terms(corpus, all_ids(corpus), lexicon, n_topics=5, n_terms=8)
    assert set(rediscovered.loc[rediscovered["phrase"] == "đoàn kết", "in_lexicon"]) == {"asean_centrality"}
    # written in capitals, a phrase is an acronym, matched in that case only
    assert "ADMM" in with_suggestion(resources.lexicon, "asean_centrality", "ADMM").topics["asean_centrality"].acronyms


def test_a_large_selection_is_read_through_the_same_sample_whatever_its_order(corpus, resources, monkeypatch):
    from defence_news import discovery

    monkeypatch.setattr(discovery, "MAX_ARTICLES", 3)
    ids = all_ids(corpus)
    assert discovery.discovery_articles(ids) == discovery.discovery_articles(ids[::-1]) == sorted(ids)[:3]
    found = discover_terms(corpus, ids, resources.lexicon, n_topics=2, n_terms=4)
    assert found.equals(discover_terms(corpus, sorted(ids)[:3], resources.lexicon, n_topics=2, n_terms=4))
