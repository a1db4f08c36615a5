"""Text analysis for the search: the words of a record or a query, and the terms they stand for.

Records and queries go through the same steps, so that they meet:

1. **Folding**: lower case, accents and Arabic vowel marks dropped (*Téhéran* → *teheran*,
   *أمريكا* → *امريكا*), the Arabic article dropped (*العراق* → *عراق*), the dots of an
   abbreviation dropped (*U.S.* → *us*), and the words of a known phrase (*United States*,
   *White House*, *Estados Unidos*) joined into one.
2. **Aliases** (`factcheck.search.lexicon.ALIASES`): the spellings of one name become one
   term, as written in the table, not stemmed.
3. **Stop words** (`lexicon.STOPWORDS_EN`, and `lexicon.STOPWORDS_OTHER` for other
   languages) are dropped.
4. **Stemming** with the Snowball stemmer of the record's language (`snowballstemmer`,
   which uses the C implementation `PyStemmer` when it is installed): *withdrawal* and
   *withdrawing* meet. A record in a language Snowball has no stemmer for keeps its words.

A query's language is not known, so each query word is stemmed for every language the
searched records are in. Its synonyms and translations are added by `Analyzer.query`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon

__all__ = ["Analyzer", "Slot", "fold", "words"]

# Snowball's algorithms by ISO 639-1 code (the records' `claim.language`).
_SNOWBALL = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "es": "spanish", "et": "estonian", "eu": "basque",
    "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi", "hu": "hungarian",
    "hy": "armenian", "id": "indonesian", "it": "italian", "lt": "lithuanian",
    "ne": "nepali", "nl": "dutch", "no": "norwegian", "pl": "polish", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}  # fmt: skip

# A word: letters and digits, or an abbreviation written with dots (U.S., U.S.A.).
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+")
_ARTICLE = "\u0627\u0644"  # the Arabic article al-


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _phrases() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """The phrases of the tables by their first word: (the other words, the joined word)."""
    found = {
        "united states", "islamic state", "estados unidos", "etats unis", "al qaeda",
        "vereinigte staaten", "vereinigten staaten", "white house", "9 11", "ee uu",
    }  # fmt: skip
    for group in lexicon.SYNONYMS:
        found.update(word for word in group if " " in word)
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase in sorted(found, key=len, reverse=True):  # the longest phrase first
        first, *rest = phrase.split()
        joined = "".join(phrase.split())
        by_first.setdefault(first, []).append((tuple(rest), joined))
        if rest and rest[-1].isalpha():
            # The phrase in the plural (*black boxes*, *service members*) is the same term.
            for ending in ("es", "s") if rest[-1].endswith(("s", "x", "ch", "sh")) else ("s",):
                plural = (*rest[:-1], rest[-1] + ending)
                by_first[first].append((plural, joined))
    for variants in by_first.values():
        variants.sort(key=lambda variant: len(variant[0]), reverse=True)
    return by_first


_PHRASES = _phrases()
_FIRSTS = frozenset(_PHRASES)


def _join_phrases(found: list[str]) -> list[str]:
    """`found` with the words of each known phrase joined into one (found in C: a text
    holds few of the phrases' first words)."""
    starts = []
    for first in _FIRSTS.intersection(found):
        at = -1
        try:
            while True:
                at = found.index(first, at + 1)
                starts.append(at)
        except ValueError:
            pass
    joined = list(found)
    for at in sorted(starts, reverse=True):  # from the end: earlier positions stay valid
        for rest, phrase in _PHRASES[found[at]]:
            if tuple(found[at + 1 : at + 1 + len(rest)]) == rest:
                joined[at : at + 1 + len(rest)] = [phrase]
                break
    return joined


def fold(text: str) -> str:
    """`text` lower-cased, without accents or vowel marks."""
    if not text.isascii():
        text = _strip_marks(text)
    return text.casefold()


def _fold_word(word: str) -> str:
    return "".join(words(word))


# A number written with thousands separators (5,000; 1,250,000; 3.000 as Spanish and German
# write it): one number.
_THOUSANDS = re.compile(r"(?<![\d,.])(\d{1,3})((?:,\d{3})+|(?:\.\d{3})+)(?![\d,]|\.\d)")

# Numbers written in words, English, Spanish, French and German: their value.
_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50,
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "huit": 8, "neuf": 9,
    "dix": 10, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "zwanzig": 20, "dreissig": 30, "vierzig": 40, "funfzig": 50,
}  # fmt: skip
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "mil": 1000, "mille": 1000, "tausend": 1000,
                "cien": 100, "hundert": 100}  # fmt: skip
"""Words that multiply the number before them (*five thousand*, *5 thousand*). *million*
and *billion* stay words: the lexicon's synonyms of money and counts use them."""


def _without_separators(number: re.Match[str]) -> str:
    groups = number.group(2)
    return number.group(1) + groups.replace(groups[0], "")


def _numbers(found: list[str]) -> list[str]:
    """`found` with each number written in words (*five thousand*, *twenty two*, *5
    thousand*) replaced by its digits, so that it meets the digits of a record."""
    if _UNITS.keys().isdisjoint(found) and _MULTIPLIERS.keys().isdisjoint(found):
        return found
    out: list[str] = []
    at = 0
    while at < len(found):
        word = found[at]
        value, end = None, at
        if word in _UNITS or (word.isdigit() and len(word) <= 6):
            total, current, end = 0, _UNITS.get(word) or int(word), at + 1
            while end < len(found):
                nxt = found[end]
                if nxt in _MULTIPLIERS:
                    current *= _MULTIPLIERS[nxt]
                    if _MULTIPLIERS[nxt] >= 1000:
                        total, current = total + current, 0
                elif nxt in _UNITS and _UNITS[nxt] < 10 and current % 10 == 0 and current >= 20:
                    current += _UNITS[nxt]  # twenty two
                else:
                    break
                end += 1
            if word in _UNITS or end > at + 1:
                value = total + current
        if value is None:
            out.append(word)
            at += 1
        else:
            out.append(str(value))
            at = end
    return out


def words(text: str) -> list[str]:
    """The folded words of `text`, in order: abbreviations without their dots, Arabic
    words without their article, numbers in digits (*5,000* and *five thousand* are
    *5000*), the words of a known phrase joined into one."""
    ascii_only = text.isascii()
    if not ascii_only:
        text = _strip_marks(text)
    text = text.casefold()
    if "," in text or "." in text:
        text = _THOUSANDS.sub(_without_separators, text)
    found = _numbers(_WORD.findall(text))
    if "." in text:
        found = [word.replace(".", "") if "." in word else word for word in found]
    if not ascii_only:
        found = [
            word[2:] if word.startswith(_ARTICLE) and len(word) > 4 else word for word in found
        ]
    if not _FIRSTS.isdisjoint(found):
        found = _join_phrases(found)
    return found


@dataclass
class Slot:
    """One word of a query and the index terms that can stand for it.

    Attributes:
        word: The folded query word.
        terms: Index term → weight (1 for the word itself, its stems and its translations;
            less for a synonym or a near spelling).
        exact: The terms of weight 1 (the word's own).
    """

    word: str
    terms: dict[str, float] = field(default_factory=dict)
    exact: set[str] = field(default_factory=set)
    name: bool = False
    """Written with a capital inside the query: a name, most likely."""

    def add(self, term: str, weight: float) -> None:
        if weight > self.terms.get(term, 0.0):
            self.terms[term] = weight
        if weight >= 1.0:
            self.exact.add(term)


# What a post pasted into a query carries besides its words: links, @handles, and a leading
# news tag ("BREAKING:", "JUST IN -"); a #hashtag keeps its word but is not a name.
_LINKS = re.compile(r"(?:\bhttps?://|\bwww\.)\S+|(?<![\w.])@\w+", re.IGNORECASE)
_NEWS_TAG = re.compile(
    r"^\W*(?:" + "|".join(sorted(lexicon.NEWS_TAGS, key=len, reverse=True)) + r")\s*[:!|\-–—]+\s*",
    re.IGNORECASE,
)
_HASHTAG = re.compile(r"#\w+")


def unposted(text: str) -> str:
    """A query without what a post pasted into it carries besides its words: its links and
    @handles, and the news tag it opens with (`lexicon.NEWS_TAGS`: *BREAKING:*)."""
    return _NEWS_TAG.sub("", _LINKS.sub(" ", text), count=1)


_CAPITALISED = re.compile(r"(?<![.?!:;]\s)(?<!^)\b[^\W\d_a-z][^\W_]*")


def _names(text: str) -> frozenset[str]:
    """The folded words written with a capital, other than at the start of a sentence."""
    text = text.strip()
    return frozenset(
        "".join(words(match.group()))
        for match in _CAPITALISED.finditer(text)
        # A capital, not a letter of a script without case (Arabic) or a lower-case accent.
        if match.group()[0].isupper() and (not match.group().isupper() or len(match.group()) > 1)
    )


AMBIGUOUS_SYNONYM_SHARE = 0.75
"""The weight of a synonym that has several meanings (`Analyzer.senses`: *shot*, *force*,
*order*), as a share of a synonym's weight."""

FRAMING = True
"""Drop the words of `lexicon.FRAMING` from queries."""

_FOREIGN_STOPWORDS = frozenset().union(*lexicon.STOPWORDS.values()) - lexicon.AMBIGUOUS_STOPWORDS


# Scripts that tell a query's language by themselves: (first, last code point, language).
# Kana before Han: Japanese is written with both.
_SCRIPTS = (
    ("\u0600", "\u06ff", "ar"),
    ("\u0400", "\u04ff", "ru"),
    ("\u3040", "\u30ff", "ja"),
    ("\uac00", "\ud7af", "ko"),
    ("\u1100", "\u11ff", "ko"),
    ("\u0e00", "\u0e7f", "th"),
    ("\u4e00", "\u9fff", "zh"),
)


def query_language(text: str) -> str:
    """The language a query is written in, as far as its letters and function words tell,
    as an ISO 639-1 code:

    - a script that tells it (`_SCRIPTS`): Arabic, Cyrillic (`"ru"`), Japanese kana, Hangul,
      Thai, Chinese characters, when they are most of its letters (kana: any);
    - else one of `lexicon.STOPWORDS`' languages when at least two of its words are that
      language's function words, and more of them than English ones (Arabic in Latin
      letters is `"ar-Latn"`), or of `lexicon.LANGUAGE_MARKERS`' (Portuguese, Italian) on
      the same terms; Portuguese too when it writes *ã* or *õ*;
    - else `"en"`.
    """
    found = words(text)
    letters = [char for word in found for char in word if char.isalpha()]
    if letters and not all(char.isascii() for char in letters):
        counts = Counter(
            language
            for char in letters
            for first, last, language in _SCRIPTS
            if first <= char <= last
        )
        if counts["ja"]:
            return "ja"
        if counts:
            language, count = counts.most_common(1)[0]
            if 2 * count > len(letters):
                return language
    marked = {**lexicon.STOPWORDS, **lexicon.LANGUAGE_MARKERS}
    counts = {language: sum(word in marks for word in found) for language, marks in marked.items()}
    if _PORTUGUESE.search(text):
        counts["pt"] += 2
    language = max(counts, key=counts.__getitem__)
    english = sum(word in lexicon.STOPWORDS_EN for word in found)
    if counts[language] < 2 or counts[language] <= english:
        return "en"
    return "ar-Latn" if language == "ar" else language


_PORTUGUESE = re.compile("[ãõÃÕ]")


def _query_stopwords(language: str) -> frozenset[str]:
    """The stop words of a query written in `language` (`query_language`): English and
    other languages' function words, and the ambiguous ones of its language."""
    language = language.removesuffix("-Latn")
    base = lexicon.STOPWORDS_EN | _FOREIGN_STOPWORDS | (lexicon.FRAMING if FRAMING else frozenset())
    if language in lexicon.STOPWORDS:
        return base | lexicon.STOPWORDS[language]
    return base


@lru_cache(maxsize=64)
def _stemmer(language: str):  # -> a snowballstemmer stemmer, or None
    name = _SNOWBALL.get(language)
    if name is None:
        return None
    import snowballstemmer

    return snowballstemmer.stemmer(name)


def _tables() -> tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """The lexicon's tables with folded keys, and the synonyms of each English term."""
    aliases = {_fold_word(word): term for word, term in lexicon.ALIASES.items()}
    translations: dict[str, tuple[str, ...]] = {}
    for word, english in lexicon.TRANSLATIONS.items():
        key = _fold_word(word)
        translations[key] = tuple(dict.fromkeys(translations.get(key, ()) + english))
    return aliases, translations, {}


def _senses(groups: list[frozenset[str]]) -> dict[str, list[frozenset[str]]]:
    """The terms of several meanings and, per meaning, the terms of its groups.

    A term in several synonym groups has one meaning per set of its groups that share
    another term with each other (*arrest* in *arrest / detain / jail* and *apprehend /
    arrest / detain*: one meaning), and several when its groups share nothing else
    (*shot* in *vaccination / jab / shot* and *downed / crash / shot*).
    """
    holding: dict[str, list[frozenset[str]]] = {}
    for terms in groups:
        for term in terms:
            holding.setdefault(term, []).append(terms)
    senses: dict[str, list[frozenset[str]]] = {}
    for term, held in holding.items():
        clusters: list[set[str]] = []
        for terms in held:
            rest = set(terms - {term})
            joined = [c for c in clusters if not c.isdisjoint(rest)]
            for cluster in joined:
                clusters.remove(cluster)
                rest |= cluster
            clusters.append(rest)
        if len(clusters) > 1:
            senses[term] = [frozenset(cluster) for cluster in clusters]
    return senses


_ARABIC_LATIN_ENDINGS = ("iyyah", "iyyin", "iyyun", "iyya", "iyah", "iyin", "iyun", "iyeen", "iya")
"""Endings of Arabic adjectives and plurals in Latin transliteration (*-iyya* feminine,
*-iyyin* plural), of which the tables list the base form in *-i*."""


def _arabic_latin_base(word: str, *tables: dict[str, object]) -> str:
    """`word` in the form the tables list, when only its Arabic ending differs."""
    if not word.isascii():
        return word
    for ending in _ARABIC_LATIN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)] + "i"
            if any(base in table for table in tables):
                return base
    return word


class Analyzer:
    """Turns text into index terms: fold, split, alias, drop stop words, stem.

    One analyzer serves any number of indexes; it remembers the terms of the words it has
    seen (a dictionary lookup for a known word).
    """

    def __init__(self) -> None:
        self.aliases, self.translations, _ = _tables()
        self._canonical = frozenset(self.aliases.values())
        self._cache: dict[str, dict[str, str]] = {}  # language -> word -> term ("" = none)
        english = self.term_of
        groups = [
            frozenset({english(_fold_word(word), "en") for word in group} - {""})
            for group in lexicon.SYNONYMS
        ]
        self.senses = _senses(groups)
        ambiguous = frozenset(self.senses)
        self.ambiguous = ambiguous
        found: dict[str, set[str]] = {}
        for terms in groups:
            for term in terms:
                found.setdefault(term, set()).update(terms - {term})
        self.synonyms: dict[str, frozenset[str]] = {
            term: frozenset(others) for term, others in found.items()
        }

    def term_of(self, word: str, language: str = "en") -> str:
        """The index term of one folded word in `language`; `""` for a stop word."""
        cache = self._cache.get(language)
        if cache is None:
            cache = self._cache[language] = {}
        term = cache.get(word)
        if term is None:
            term = self._term(word, language)
            cache[word] = term
        return term

    def _term(self, word: str, language: str) -> str:
        alias = self.aliases.get(word)
        if alias is not None:
            return alias
        stopwords = lexicon.STOPWORDS.get(language, lexicon.STOPWORDS_EN)
        if (
            word in stopwords
            or word in lexicon.STOPWORDS_EN
            or (len(word) == 1 and not word.isdigit())
        ):
            return ""
        if word.isdigit():
            return word
        stemmer = _stemmer(language)
        return stemmer.stemWord(word) if stemmer is not None else word

    def __call__(
        self, text: str, language: str = "en", *, seen: set[str] | None = None
    ) -> list[str]:
        """The index terms of `text` written in `language`, in order.

        A word of a non-English text that the lexicon translates also gives the terms of
        its English words, so English queries find the record. The words are added to
        `seen` when it is given.
        """
        found = words(text)
        if seen is not None:
            seen.update(found)
        cache = self._cache.get(language) or {}
        terms = list(map(cache.get, found))
        if None in terms:
            terms = [
                self.term_of(word, language) if term is None else term
                for word, term in zip(found, terms, strict=True)
            ]
        if language != "en":
            for word in found:
                for english in self.translations.get(word, ()):
                    terms.append(self.term_of(_fold_word(english), "en"))
        return list(filter(None, terms))

    def word_terms(self, word: str, languages: Iterable[str]) -> list[str]:
        """The terms a folded query word stands for at full weight: its stem in each of
        `languages` (or its alias) and the English words it translates to. An Arabic word
        written in Latin letters with an adjective's ending the tables do not list
        (*irhabiya*, *amrikiyya*) stands for the form they list (*irhabi*, *amriki*)."""
        if word not in self.aliases and word not in self.translations:
            word = _arabic_latin_base(word, self.aliases, self.translations)
        found = [self.term_of(word, language) for language in languages]
        found += [self.term_of(_fold_word(e), "en") for e in self.translations.get(word, ())]
        return [term for term in dict.fromkeys(found) if term]

    def add_synonyms(
        self, slot: Slot, weight: float, context: frozenset[str] | None = None
    ) -> None:
        """Add the synonyms of the slot's own terms, at `weight`.

        A word of several meanings (`senses`) adds the synonyms of the meanings that share a
        term with `context` (the terms of the rest of the query), or of all of them when
        none or several do: *shot* in *plane shot down* stands for *downed*, not *jab*.
        """
        for term in list(slot.exact):
            synonyms = self.synonyms.get(term, frozenset())
            senses = self.senses.get(term)
            if senses and context:
                chosen = [sense for sense in senses if not sense.isdisjoint(context)]
                if len(chosen) == 1:
                    synonyms = synonyms & chosen[0]
            for synonym in synonyms:
                # A synonym of several meanings may mean another thing in a record: *shot*
                # stands for *vaccine* there, and may be a shot-down plane.
                share = AMBIGUOUS_SYNONYM_SHARE if synonym in self.ambiguous else 1.0
                slot.add(synonym, weight * share)

    def query(
        self,
        text: str,
        languages: Iterable[str] = ("en",),
        *,
        synonym_weight: float = 0.5,
        limit: int = 64,
    ) -> list[Slot]:
        """The slots of a query: per word, the terms it may be found under, with weights.

        A query word stands for its stem in each of `languages`, its alias, its
        translations (weight 1) and the synonyms of those (`synonym_weight`). Stop words of
        every language give no slot. Two words giving the same terms give one slot. Words
        past the first `limit` slots are ignored.
        """
        languages = tuple(dict.fromkeys(languages)) or ("en",)
        slots: list[Slot] = []
        seen: set[frozenset[str]] = set()
        text = unposted(text)
        found = words(text)
        stopwords = _query_stopwords(query_language(text))
        # A #hashtag is a word of the query, not a name.
        names = _names(_HASHTAG.sub(" ", text) if "#" in text else text)
        for word in found:
            if len(slots) >= limit:
                break
            if word in stopwords and word not in self.aliases:
                continue
            slot = Slot(word, name=word in names)
            for term in self.word_terms(word, languages):
                slot.add(term, 1.0)
            if not slot.terms:
                continue
            key = frozenset(slot.exact)
            if key in seen:
                continue
            seen.add(key)
            slots.append(slot)
        for slot in slots:
            # The rest of the query picks the meaning of an ambiguous word.
            context = (
                frozenset().union(*(other.exact for other in slots if other is not slot))
                if slot.exact & self.ambiguous
                else None
            )
            self.add_synonyms(slot, synonym_weight, context)
        return slots
