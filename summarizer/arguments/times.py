"""Times as written: day words, parts of day, weekdays, dates and ranges of them
(مساء أمس السبت، من مساء الخميس وحتى صباح الجمعة).
"""

from __future__ import annotations

import re

from summarizer import lexicon
from summarizer.arabic import START, STOP, alternation, fuzzy, words
from summarizer.arguments.passage import Argument


def _time_pattern() -> re.Pattern[str]:
    """Day words with an optional part of day, a weekday after them, a date, a range."""
    weekday = alternation(words(lexicon.WEEKDAYS))
    month = alternation(words(lexicon.MONTHS))
    date = rf"\d{{1,2}}\s+(?:{month})(?:\s*/\s*(?:{month}))?(?:\s+\d{{4}})?"
    day = (
        rf"(?:{alternation(words(lexicon.RELATIVE_DAYS))})"
        rf"(?!\s+(?:{alternation(words(lexicon.ORDINALS))}){STOP})"
        rf"|{weekday}|{date}"
    )
    early = alternation(words(lexicon.EARLY_LATE))
    part = rf"(?:(?:{early})\s+)?(?:{alternation(words(lexicon.DAY_PARTS))})\s+"
    one = (
        rf"(?:{part})?(?:{day})(?:\s+(?:{weekday}))?(?:\s+{fuzzy('الماضي')}ة?)?"
        rf"(?:\s*\(\s*(?:{alternation(words(lexicon.RELATIVE_DAYS))}|{weekday})\s*\))?"
    )
    link = rf"\s+(?:{alternation(('و', 'وحتى', 'حتى', 'إلى', 'الى'))})\s*"
    return re.compile(
        rf"{START}(?:[وف]?(?:{fuzzy('من')})\s+(?={one}{link}))?(?:{one})(?:{link}(?:{one}))*{STOP}"
    )


_TIME = _time_pattern()


def time_candidates(source: str, start: int = 0, end: int | None = None) -> list[Argument]:
    """Time expressions as written, in text order: أمس، مساء أمس السبت، يوم الجمعة،
    في وقت مبكر من صباح السبت، من مساء الخميس وحتى صباح الجمعة، 25 يوليو 2015.
    """
    end = len(source) if end is None else end
    return [
        Argument(m.start(), m.end(), m.group(), "time") for m in _TIME.finditer(source, start, end)
    ]
