"""Reading what a reader typed: quoted phrases, hyphenated words (a phrase too: "re-referral")
and single words, each of which also finds longer words it begins ("CAF" finds "CAFs",
"thresh" finds "thresholds")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_LENGTH = 200
# Past this a query is a paste, not a search; the rest is left out and the page says so.
MAX_TERMS = 12

_WORD = r"[^\W_]+"
_TOKEN = re.compile(rf'"([^"]*)"?|({_WORD}(?:[-\'’]{_WORD})*)')
_WORDS = re.compile(_WORD)


@dataclass(frozen=True)
class Terms:
    phrases: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    # Each phrase as typed ("re-referral"), for the SQLite demo's substring match.
    typed: tuple[str, ...] = ()
    dropped: int = 0
    all_words: tuple[str, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.phrases or self.words)

    @property
    def count(self) -> int:
        return len(self.phrases) + len(self.words)


def parse(text: str) -> Terms:
    """Split a query into phrases (each a run of words to find side by side) and words.
    Everything but letters and digits is dropped, so nothing typed reaches a query parser
    as an operator."""
    phrases: list[str] = []
    typed: list[str] = []
    words: list[str] = []
    for quoted, token in _TOKEN.findall(text or ""):
        parts = _WORDS.findall(quoted if quoted else token)
        if len(parts) > 1:
            phrase = " ".join(parts)
            if phrase not in phrases:
                phrases.append(phrase)
                typed.append(" ".join((quoted or token).split()))
        elif parts and parts[0] not in words:
            words.append(parts[0])
    total = len(phrases) + len(words)
    kept_phrases = phrases[:MAX_TERMS]
    kept_words = words[: max(0, MAX_TERMS - len(kept_phrases))]
    every = [w for p in kept_phrases for w in p.split()] + kept_words
    return Terms(
        phrases=tuple(kept_phrases),
        typed=tuple(typed[: len(kept_phrases)]),
        words=tuple(kept_words),
        dropped=total - len(kept_phrases) - len(kept_words),
        all_words=tuple(every),
    )
