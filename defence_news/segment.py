"""Segmentation: paragraphs into sentences, sentences into words, with underthesea.

underthesea runs offline for these two functions; nothing here downloads a model.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import lru_cache

import underthesea
import underthesea.pipeline.word_tokenize as underthesea_words
from underthesea import sent_tokenize
from underthesea.pipeline.text_normalize import token_normalize
from underthesea.pipeline.text_normalize.character_normalize import normalize_characters_in_text
from underthesea.pipeline.word_tokenize import regex_tokenize

# Bump when the way text is cut changes, so that cached segmentations are redone.
SEGMENTER_VERSION = "underthesea-9.5/1"


@dataclass(frozen=True)
class Sentence:
    """One sentence: its 1-based position in the article, its paragraph's, its text and words."""

    index: int
    paragraph: int
    text: str
    words: tuple[str, ...]


def warm_up() -> None:
    """Load underthesea's models now, so that forked workers inherit them instead of each loading them.

    What is loaded by then (pandas, underthesea, the data files) lives as long as the process:
    it is frozen out of the garbage collector's sight, once, so that a full collection does
    not walk it again and again (a quarter of a second each on a small machine) and forked
    workers do not copy the pages the collector would touch.
    """
    if underthesea_words.word_tokenize_model is None:
        underthesea.word_tokenize("Hội nghị")
        gc.freeze()


# underthesea normalises every syllable of every sentence alike: a few thousand syllables make a corpus
_normalised_syllable = lru_cache(maxsize=1 << 16)(token_normalize)


def word_tokenize(sentence: str) -> list[str]:
    """Return the words of one sentence: underthesea's `word_tokenize`, its syllable normalisation memoised.

    The steps are underthesea 9.5's own: its regex cuts the character-normalised sentence
    into syllables, each syllable is normalised, and its CRF model tags where a word goes on.
    """
    warm_up()
    text = normalize_characters_in_text(sentence)
    syllables = [_normalised_syllable(m.group()) for m in regex_tokenize.patterns.finditer(text)]
    tags = underthesea_words.word_tokenize_model.predict([[s] for s in syllables])
    words: list[str] = []
    for tag, syllable in zip(tags, syllables):
        if tag == "I-W" and words:
            words[-1] += " " + syllable
        else:
            words.append(syllable)
    return words


def split_sentences(paragraph: str) -> list[str]:
    """Return the sentences of one paragraph."""
    return [s.strip() for s in sent_tokenize(paragraph) if s.strip()]


def segment(paragraphs: list[str] | tuple[str, ...]) -> list[Sentence]:
    """Return the sentences of an article's paragraphs, each with its underthesea words."""
    sentences = []
    for p_index, paragraph in enumerate(paragraphs, 1):
        for text in split_sentences(paragraph):
            sentences.append(Sentence(len(sentences) + 1, p_index, text, tuple(word_tokenize(text))))
    return sentences
