"""Segmentation: paragraphs into sentences, sentences into words, as underthesea 9.5 cuts them.

Sentences are underthesea's `sent_tokenize`; words are its `word_tokenize`, done here in its
own steps with its own model, a whole article at a time (`segment_words`). Nothing here
downloads a model; what its model becomes in numpy is kept in the cache folder.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import pickle
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import underthesea.pipeline.word_tokenize as underthesea_words
from underthesea import sent_tokenize
from underthesea.pipeline.text_normalize import token_normalize
from underthesea.pipeline.text_normalize.character_normalize import normalize_characters_in_text
from underthesea.pipeline.word_tokenize import regex_tokenize
from underthesea_core import CRFFeaturizer

from .resources import cache_dir, fingerprint, save_in_cache

# Bump when the way text is cut changes, so that cached segmentations are redone.
SEGMENTER_VERSION = "underthesea-9.5/1"

# underthesea's word segmentation model: a CRFsuite file, its feature templates, its dictionary
WORD_MODEL = Path(underthesea_words.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
_MODEL_FILES = ("models.bin", "features.bin", "dictionary.bin")


@dataclass(frozen=True)
class Sentence:
    """One sentence: its 1-based position in the article, its paragraph's, its text and words."""

    index: int
    paragraph: int
    text: str
    words: tuple[str, ...]


def _read_strings(data: bytes, at: int, count: int) -> dict[str, int]:
    """Return the strings of a CRFsuite string table (a CQDB at `at`) with their ids, read as underthesea_core reads them:
    the id → string links in order, an empty link skipped, each new string numbered as it comes."""
    magic, _, _, _, links, at_links = struct.unpack_from("<4sIIIII", data, at)
    if magic != b"CQDB":
        raise ValueError("not a CRFsuite string table")
    ids: dict[str, int] = {}
    for entry in struct.unpack_from(f"<{min(count, links)}I", data, at + at_links):
        if entry:
            size = struct.unpack_from("<I", data, at + entry + 4)[0]
            ids.setdefault(data[at + entry + 8:at + entry + 8 + size].split(b"\0", 1)[0].decode(), len(ids))
    return ids


def _read_crfsuite(path: Path) -> tuple[list[str], dict[str, int], np.ndarray, np.ndarray]:
    """Return a CRFsuite model's labels, attribute ids, state weights (attribute × label) and transition weights.

    The state weights end with a row of zeros, for an attribute the model does not know. As
    underthesea_core reads the file, a state weight of at most 1e-10 is none.
    """
    data = path.read_bytes()
    (magic, _, _, _, features, labels, attributes, at_features, at_labels, at_attributes, _, _) = struct.unpack_from(
        "<4sI4sIIIIIIIII", data)
    chunk, _, count = struct.unpack_from("<4sII", data, at_features)
    if magic != b"lCRF" or chunk != b"FEAT":
        raise ValueError(f"{path}: not a CRFsuite model")
    label_ids = list(_read_strings(data, at_labels, labels))
    attribute_ids = _read_strings(data, at_attributes, attributes)
    state = np.zeros((len(attribute_ids) + 1, len(label_ids)))
    transition = np.zeros((len(label_ids), len(label_ids)))
    start = at_features + 12
    for kind, source, target, weight in struct.iter_unpack("<IIId", data[start:start + 20 * (count or features)]):
        if kind == 0:
            state[source, target] = weight if abs(weight) > 1e-10 else 0.0
        elif kind == 1 and source * len(label_ids) + target < transition.size:
            transition.flat[source * len(label_ids) + target] = weight
    return label_ids, attribute_ids, state, transition


# A feature template reads the syllable at an offset from the one tagged, or those from one offset to
# another joined by spaces, as written or through a function.
_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(lower|isdigit|istitle|is_in_dict))?")
# The functions that answer True or False, read together: (isdigit, istitle, is_in_dict) is row
# 4·isdigit + 2·istitle + is_in_dict of the templates that read one of them.
_FLAGS = ("isdigit", "istitle", "is_in_dict")
_FLAG_ROWS = {flags: 4 * flags[0] + 2 * flags[1] + flags[2] for flags in itertools.product((False, True), repeat=3)}


def _viterbi(scores: list[list[float]], transition: list[list[float]]) -> list[int]:
    """Return the best path of labels 0 and 1 through one sentence's scores, as underthesea_core's Viterbi
    finds it: the same sums, and a tie goes to label 0."""
    if not scores:
        return []
    (t00, t01), (t10, t11) = transition
    s0, s1 = scores[0]
    came = []  # at each step, bit y: whether the best way to label y came from label 1
    for e0, e1 in scores[1:]:
        a, b, c, d = s0 + t00, s1 + t10, s0 + t01, s1 + t11
        if b > a:
            s0, back = b + e0, 1
        else:
            s0, back = a + e0, 0
        if d > c:
            s1, back = d + e1, back | 2
        else:
            s1 = c + e1
        came.append(back)
    label = 1 if s1 > s0 else 0
    path = [label]
    for back in reversed(came):
        label = back >> label & 1
        path.append(label)
    path.reverse()
    return path


def _row_in(known: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """Return where each number is in the sorted `known`, or len(known) when it is not there."""
    if not len(known):
        return np.zeros(len(numbers), dtype=np.intp)
    at = np.searchsorted(known, numbers)
    return np.where(known[np.minimum(at, len(known) - 1)] == numbers, at, len(known))


def _isin(numbers: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Return 1 where a number is in the sorted `known`, else 0."""
    return (_row_in(known, numbers) < len(known)).astype(np.int64)


class _WordTagger:
    """underthesea's word segmentation CRF: whether each syllable continues the word before it (label I-W).

    underthesea_core writes the 43 features of every syllable as strings ("T[-1,0].lower=hà
    nội"), looks each up in the model, adds up the weights of those it knows and runs Viterbi.
    Here each template's weights are kept by the value it reads (one to three syllables as
    written or lower-cased, known by a number, or flags), the values of a whole article are
    looked up at once, and the weights are added in the same order and compared the same way,
    so that the labels are exactly underthesea's. How a syllable lower-cases, and whether it is
    a title or an integer, is asked of underthesea_core's own featurizer, once per syllable: its
    Unicode is newer than Python's.
    """

    def __init__(self, folder: Path):
        # converting the model takes a second or more, reading what it became a hundredth
        saved = _conversion(folder)
        try:
            self.__dict__.update(pickle.loads(saved.read_bytes()))
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):
            self._convert(folder)
            save_in_cache(saved, pickle.dumps(vars(self), protocol=pickle.HIGHEST_PROTOCOL))
        self._reader = CRFFeaturizer(["T[0].lower", "T[0].istitle", "T[0].isdigit"], set())
        self._read = lru_cache(maxsize=1 << 16)(self._read_syllable)

    def _convert(self, folder: Path) -> None:
        """Read the model's files into the numbers and arrays the tagger looks up."""
        labels, attributes, state, transition = _read_crfsuite(folder / "models.bin")
        if sorted(labels) != ["B-W", "I-W"]:
            raise ValueError(f"{folder}: a word segmentation model tags B-W and I-W, not {labels}")
        self._inside = labels.index("I-W")
        self._transition = transition.tolist()
        # joblib wrote these as plain pickles: its own reader, in Python, takes five times as long
        self._dictionary: set[str] = pickle.loads((folder / "dictionary.bin").read_bytes())
        by_template: dict[str, dict[str, int]] = {}
        for attribute, i in attributes.items():
            syntax, value = attribute.split("=", 1)
            by_template.setdefault(syntax, {})[value] = i
        parsed = []
        for syntax in pickle.loads((folder / "features.bin").read_bytes()):
            match = _TEMPLATE.fullmatch(syntax)
            if match is None:
                raise ValueError(f"{folder}: unknown feature template {syntax}")
            first, span = int(match[1]), int(match[2] or match[1]) - int(match[1]) + 1
            parsed.append((syntax, first, span, match[3], "flags" if match[3] in _FLAGS else match[3] or "text"))
        self._longest = max(span for _, _, span, _, _ in parsed)
        self._readings = {span: sorted({r for _, _, s, _, r in parsed if s == span}) for span in range(1, self._longest + 1)}
        # The syllables of the model's values and of the dictionary's words, numbered from 1 (0: any
        # other); a span of syllables is known by the number its syllables' numbers make in base
        # `_base`. Every value a template knows is as many syllables as it reads.
        values: dict[str, dict[str, list[str]]] = {}
        for syntax, _, span, _, reading in parsed:
            if reading != "flags":
                values[syntax] = {}
                for value in by_template.get(syntax, {}):
                    if len(syllables := value.split(" ")) == span and "" not in syllables:
                        values[syntax][value] = syllables
                    elif value not in ("BOS", "EOS"):
                        raise ValueError(f"{folder}: {syntax}={value} is not {span} syllables")
        words = [p for w in self._dictionary if 1 < len(p := w.split(" ")) <= self._longest and "" not in p]
        self._numbers: dict[str, int] = {}
        for syllables in itertools.chain(*(v.values() for v in values.values()), words):
            for syllable in syllables:
                self._numbers.setdefault(syllable, len(self._numbers) + 1)
        self._base = len(self._numbers) + 1
        if self._base ** self._longest >= 2 ** 63:
            raise ValueError(f"{folder}: too many syllables to number the spans")
        # by span length and reading, the numbers of the spans the model knows, sorted: each one's row
        known: dict[tuple[int, str], set[int]] = {}
        for syntax, _, span, _, reading in parsed:
            if reading != "flags":
                known.setdefault((span, reading), set()).update(map(self._number, values[syntax].values()))
        self._known = {key: np.array(sorted(numbers), dtype=np.int64) for key, numbers in known.items()}
        self._words = {span: np.array(sorted({self._number(p) for p in words if len(p) == span}), dtype=np.int64)
                       for span in range(2, self._longest + 1)}
        # where the templates read: (span length, first offset)
        places = sorted({(span, first) for _, first, span, _, _ in parsed})
        self._place_spans, self._place_firsts = (np.array(column)[:, None] for column in zip(*places))
        # every template's weights by the row of the value it reads, then unknown, BOS, EOS; one
        # table after another
        unknown = len(attributes)  # the row of zeros of `state`
        tables: list[np.ndarray] = []
        groups: dict[tuple[int, str], list[tuple[int, int, int]]] = {}
        for k, (syntax, first, span, function, reading) in enumerate(parsed):
            own = by_template.get(syntax, {})
            if reading == "flags":
                ids = np.full(len(_FLAG_ROWS) + 3, unknown)
                for flags, row in _FLAG_ROWS.items():
                    ids[row] = own.get(str(flags[_FLAGS.index(function)]), unknown)
            else:
                ids = np.full(len(self._known[span, reading]) + 3, unknown)
                for value, syllables in values[syntax].items():
                    ids[np.searchsorted(self._known[span, reading], self._number(syllables))] = own[value]
            ids[-2:] = own.get("BOS", unknown), own.get("EOS", unknown)
            groups.setdefault((span, reading), []).append((k, places.index((span, first)), sum(map(len, tables))))
            tables.append(state[ids])
        self._weights = np.concatenate(tables)
        self._templates = len(tables)
        # by span length and reading: its templates, where each reads, where its weights begin
        self._groups = {key: tuple(np.array(column) for column in zip(*members)) for key, members in groups.items()}

    def _number(self, syllables: list[str]) -> int:
        """Return the number of a span of syllables the model or the dictionary knows."""
        number = 0
        for syllable in syllables:
            number = number * self._base + self._numbers[syllable]
        return number

    def _read_syllable(self, syllable: str) -> tuple[int, int, int, int]:
        """Return a syllable's number, its lower case's, whether it is a title and the row of its flags,
        as underthesea_core reads it."""
        lower, title, integer = (f.split("=", 1)[1] for f in self._reader.process([[[syllable]]])[0][0])
        return (self._numbers.get(syllable, 0), self._numbers.get(lower, 0), title == "True",
                _FLAG_ROWS[integer == "True", title == "True", lower in self._dictionary])

    def _in_dictionary(self, syllables: list[str], span: int, lowered: np.ndarray) -> np.ndarray:
        """Return 1 where the span of `span` syllables from a syllable on, lower-cased, is a word of the
        dictionary, else 0 ("12 34" is no integer: the flags of a span of syllables are title and word)."""
        if not any(" " in s for s in syllables):
            return _isin(lowered, self._words[span])
        # a syllable with a space, as underthesea's regex may cut ("Th S"): the text is looked up
        lowers = [f[0].split("=", 1)[1] for f in self._reader.process([[[s] for s in syllables]])[0]]
        texts = map(" ".join, zip(*(lowers[i:] for i in range(span))))
        return np.fromiter(map(self._dictionary.__contains__, texts), np.int64, max(len(lowers) - span + 1, 0))

    def _rows(self, syllables: list[str]) -> dict[tuple[int, str], np.ndarray]:
        """Return, by span length and reading, the row of the value read by the span from each syllable on,
        then the rows of unknown, BOS and EOS."""
        read = np.array([self._read(s) for s in syllables], dtype=np.int64).reshape(-1, 4)
        texts, lowered, titles = read[:, 0], read[:, 1], read[:, 2]
        rows = {}
        for span in range(1, self._longest + 1):
            if span > 1:
                texts = texts[:-1] * self._base + read[span - 1:, 0]
                lowered = lowered[:-1] * self._base + read[span - 1:, 1]
                titles = titles[:-1] & read[span - 1:, 2]
            for reading in self._readings[span]:
                if reading == "flags":
                    found = read[:, 3] if span == 1 else 2 * titles + self._in_dictionary(syllables, span, lowered)
                    size = len(_FLAG_ROWS)
                else:
                    known = self._known[span, reading]
                    found, size = _row_in(known, texts if reading == "text" else lowered), len(known)
                rows[span, reading] = np.concatenate((found, [size + 1, size + 2]))
        return rows

    def continues(self, sentences: Sequence[list[str]]) -> list[list[bool]]:
        """Return, for each syllable of each sentence (a list of syllables), whether it continues a word."""
        syllables = [s for sentence in sentences for s in sentence]
        rows = self._rows(syllables)
        n = len(syllables)
        lengths = np.array([len(s) for s in sentences], dtype=np.intp)
        ends = np.repeat(np.cumsum(lengths), lengths)
        starts = ends - np.repeat(lengths, lengths)
        # where each place reads from each syllable: the span there, else BOS or EOS past its sentence
        first = np.arange(n) + self._place_firsts
        spans = np.maximum(n - self._place_spans + 1, 0)
        where = np.where(first < starts, spans, np.where(first + self._place_spans > ends, spans + 1, first))
        ids = np.empty((self._templates, n), dtype=np.intp)
        for key, (templates, places, offsets) in self._groups.items():
            ids[templates] = rows[key][where[places]] + offsets[:, None]
        scores = np.zeros((n, 2))
        for weights in self._weights[ids]:  # template after template, as underthesea_core adds them up
            scores += weights
        labels, done, listed = [], 0, scores.tolist()
        for sentence in sentences:
            labels.append([y == self._inside for y in _viterbi(listed[done:done + len(sentence)], self._transition)])
            done += len(sentence)
        return labels


@lru_cache
def _model_key(folder: Path) -> str:
    return fingerprint(Path(__file__).read_bytes(), *((folder / name).read_bytes() for name in _MODEL_FILES))


def _conversion(folder: Path) -> Path:
    """Return where the cache keeps the conversion of a word model: by the model's files and this code."""
    return cache_dir() / "models" / f"words-{_model_key(folder)}.pickle"


_tagger: _WordTagger | None = None
_converting: multiprocessing.process.BaseProcess | None = None


def convert_in_background() -> None:
    """Start converting underthesea's word model into the cache in another process, unless it is loaded or
    cached already: a cold build reads its data files and its corpus meanwhile, and `warm_up` then
    only reads the conversion."""
    global _converting
    if _tagger is None and _converting is None and not _conversion(WORD_MODEL).is_file():
        _converting = multiprocessing.get_context("fork").Process(target=_WordTagger, args=(WORD_MODEL,), daemon=True)
        _converting.start()


def warm_up() -> None:
    """Load underthesea's word segmentation model now, so that forked workers inherit it instead of each loading it:
    from the cache when it was converted before, after the conversion `convert_in_background` started.

    What is loaded by then (pandas, underthesea, the data files) lives as long as the process:
    it is frozen out of the garbage collector's sight, once, so that a full collection does
    not walk it again and again (a quarter of a second each on a small machine) and forked
    workers do not copy the pages the collector would touch.
    """
    global _tagger, _converting
    if _tagger is None:
        if _converting is not None:
            _converting.join()
            _converting = None
        _tagger = _WordTagger(WORD_MODEL)
        gc.freeze()


# underthesea normalises every syllable of every sentence alike: a few thousand syllables make a corpus
_normalised_syllable = lru_cache(maxsize=1 << 16)(token_normalize)


def segment_words(sentences: Sequence[str]) -> list[list[str]]:
    """Return the words of each sentence: exactly underthesea's `word_tokenize`, in its steps, at once.

    Its regex cuts the character-normalised sentence into syllables, each syllable is
    normalised, and its CRF model tags which syllables continue a word.
    """
    warm_up()
    syllables = [[_normalised_syllable(m.group()) for m in regex_tokenize.patterns.finditer(
        normalize_characters_in_text(sentence))] for sentence in sentences]
    cut = []
    for sentence, continues in zip(syllables, _tagger.continues(syllables)):
        words: list[str] = []
        for syllable, inside in zip(sentence, continues):
            if inside and words:
                words[-1] += " " + syllable
            else:
                words.append(syllable)
        cut.append(words)
    return cut


def split_sentences(paragraph: str) -> list[str]:
    """Return the sentences of one paragraph."""
    return [s.strip() for s in sent_tokenize(paragraph) if s.strip()]


def segment(paragraphs: list[str] | tuple[str, ...]) -> list[Sentence]:
    """Return the sentences of an article's paragraphs, each with its underthesea words."""
    found = [(p_index, text) for p_index, paragraph in enumerate(paragraphs, 1) for text in split_sentences(paragraph)]
    words = segment_words([text for _, text in found])
    return [Sentence(index, p_index, text, tuple(w)) for index, ((p_index, text), w) in enumerate(zip(found, words), 1)]
