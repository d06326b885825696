"""Whether English names, titles and sentences are supported by the Arabic they render.

The reader reads English; the article is Arabic. Every English name, role, place and
sentence the program shows should say which Arabic it renders, and this package decides
whether the pair agrees: proper names by transliteration skeletons (`skeleton`), titles,
institutions, nationalities, countries and places by a bilingual lexicon (`lexicon`,
with its data in `data/`), numbers by grounding's number reader. `render_name` writes
code's own English for a mention when a model's fails. Everything is pure, deterministic
and never raises on odd strings.
"""

from summarizer.english.checks import (
    NameCheck,
    TextCheck,
    check_name,
    check_text,
    compass,
    omitted,
    untranslated,
)
from summarizer.english.mentions import CONTEXT_WORDS, speaker_contexts
from summarizer.english.render import in_sentence, render_name
from summarizer.english.support import Support, Verdict

__all__ = [
    "CONTEXT_WORDS",
    "NameCheck",
    "Support",
    "TextCheck",
    "Verdict",
    "check_name",
    "check_text",
    "compass",
    "in_sentence",
    "omitted",
    "render_name",
    "speaker_contexts",
    "untranslated",
]
