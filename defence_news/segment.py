"""Segmentation: paragraphs into sentences, sentences into words, with underthesea.

underthesea runs offline for these two functions; nothing here downloads a model.
"""

from __future__ import annotations

from dataclasses import dataclass

from underthesea import sent_tokenize, word_tokenize

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
    """Load underthesea's models now, so that forked workers inherit them instead of each loading them."""
    word_tokenize("Hội nghị")


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
