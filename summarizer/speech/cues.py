"""What marks reported speech: cue patterns built from the lexicon, verb lookups, spans.

Every pattern here tolerates the spellings of `arabic` and runs on the original text,
so each offset points into the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer import lexicon
from summarizer.arabic import (
    LETTER,
    MARKS,
    PRONOUN,
    START,
    STOP,
    WORD,
    alternation,
    fuzzy,
    key,
    phrases,
    word_set,
    words,
)
from summarizer.lexicon import SAY, Verb
from summarizer.segment import Range, strip

MAX_MENTION_WORDS = 14
"""Longer "speakers" are clauses the cut ran into: all 7 in the pool are.
The longest names have 13 (المتحدث الرسمي باسم مجلس شيوخ ووجهاء … الشيخ أحمد درع الجميلي)."""

_VERB_FORMS = [form for forms, _ in lexicon.SPEECH_VERBS for form in forms.split()]
VERBS = {key(form): verb for forms, verb in lexicon.SPEECH_VERBS for form in forms.split()}
_PARTICIPLE_STEMS = [stem for stems, _ in lexicon.PARTICIPLES for stem in stems.split()]
_PARTICIPLES = {key(stem): verb for stems, verb in lexicon.PARTICIPLES for stem in stems.split()}

CUE = re.compile(
    rf"{START}(?P<verb>[وف]?(?:{alternation(_VERB_FORMS)}){PRONOUN}?){STOP}"
    rf"|{START}(?P<participle>[وف]?(?:{alternation(_PARTICIPLE_STEMS)})"
    rf"(?:اً|ًا|ا|ة|ين|ون)[{MARKS}]*){STOP}"
    rf"|{START}(?P<saying>{fuzzy(lexicon.SAYING)}){STOP}"
    rf"|{START}(?P<attribution>و?(?:{alternation(words(lexicon.ATTRIBUTIONS))})"
    r"|according to)(?!\w)"
    rf"|\b(?P<english>{'|'.join(words(lexicon.ENGLISH_SPEECH))})\b",
    re.IGNORECASE,
)
"""A speech verb, participle, بالقول, an attribution (حسبما، according to) or English verb."""
# "تابع لـ" is "belonging to"; "حسبما أفاد" and "بحسب ما ذكر" are read as attributions.
AFFILIATION = re.compile(rf"[وف]?{fuzzy('تابع')}[ةه]?\s+ل")
ATTRIBUTED = re.compile(rf"(?:{fuzzy('حسبما')}|(?:ب?{fuzzy('حسب')}|{fuzzy('وفق')}ا?)\s+ما)\s*$")

COMPLEMENTIZER = word_set(
    lexicon.COMPLEMENTIZERS, prefix="(?:[وف]?ب|[وف])?", suffix="(?:ه|ها|هم|هما)?"
)
THAT = re.compile(r"^that$", re.IGNORECASE)
_CLAUSE = re.compile(rf"{START}[وف]?ب?[أإا]ن(?:ه|ها|هم|هما)?{STOP}")
"""A complementiser in running text: a "speaker" holding one is a clause."""
_OBJECT = re.compile(rf"(?:{alternation(words(lexicon.OBJECT_PRONOUNS))}){STOP}[\s،,]*")


def _exactly(text: str) -> str:
    """An alternation of the words of `text` as spelled: على folded would take علي."""
    return "|".join(map(re.escape, words(text)))


_PHRASE = re.compile(rf"(?:{_exactly(lexicon.PHRASE_OPENERS)})(?!{LETTER})")
_NO_SPEAKER = re.compile(rf"(?:{alternation(words(lexicon.NOT_SPEAKERS))}|{LETTER}+(?:ًا|اً))$")
"""A "speaker" that is only a function word or an adverb (مجددا، علناً، تمامًا)."""
_RELATIVE = re.compile(rf"{START}(?:{_exactly(lexicon.CLAUSE_OPENERS)}){STOP}")
PREPS = {p: word_set(p) for p in lexicon.PREPOSITIONS}
SUBORDINATOR = word_set(lexicon.SUBORDINATORS, prefix="[وف]?")
MASDAR = word_set(lexicon.MASDARS, prefix="(?:ال)?", suffix=f"{PRONOUN}?")
B_OBJECT = re.compile(rf"بـ?(?:ال{LETTER}{{2,}}|{alternation(lexicon.MASDARS.split())})")
TIME = word_set(lexicon.TIME_WORDS)
ADJUNCT = word_set(lexicon.ADJUNCTS, prefix="و?")
MEDIUM = word_set(lexicon.MEDIA, prefix="(?:ال)?", suffix=f"(?:ات)?{PRONOUN}?")
IN = word_set("في")
ADDRESSEE = word_set(lexicon.ADDRESSEES, prefix="لل?")
OBJECT_ADDRESSEE = word_set(lexicon.ADDRESSEES)
"""An addressee without ل (أبلغ المصدر وكالة الأنباء): after a definite word it cannot
be that word's construct, so a new phrase, the verb's object, starts there."""
UNNAMED = word_set(lexicon.UNNAMED_SOURCES, prefix="(?:ال)?")
DOCUMENT = word_set(lexicon.DOCUMENTS, prefix="(?:ال)?", suffix="(?:ه|ها)?")
PREVERBAL = phrases(lexicon.PREVERBAL)
_CONNECTOR = re.compile(phrases(lexicon.CONNECTORS).pattern + "$")
CONNECTOR_REACH = 80
"""Characters a connective can span (the longest, with tashkeel and spaces to spare):
looking for one that ends a clause needs to read no further back."""
NARRATION = re.compile(rf"[،,]\s*{fuzzy('في حين')}{STOP}")
FAIN = re.compile(rf"[،,\s]*{fuzzy('فإن')}(?:ه|ها)?{STOP}")
AUXILIARY = re.compile(rf"و?(?:{alternation(['كان', 'كانت', 'كما'])}){STOP}\s*")
NAME_OPENERS, NAME_CLOSERS = lexicon.NAME_MARKS


@dataclass(frozen=True)
class Mention:
    """A speaker as the article writes them; `text == source[start:end]`."""

    start: int
    end: int
    text: str


def trim(source: str, start: int, end: int) -> Range:
    """Strip spaces and the punctuation that belongs to the surrounding sentence."""
    start, end = strip(source, start, end)
    while end > start and source[end - 1] in ".،,؛;:-–":
        end = strip(source, start, end - 1)[1]
    while start < end and source[start] in "،,:-–":
        start = strip(source, start + 1, end)[0]
    return start, end


def mention(source: str, start: int, end: int) -> Mention | None:
    """Slice a speaker without surrounding punctuation or quotation marks («الحذيفي»).

    A longer "speaker" than `MAX_MENTION_WORDS` (وفقا للدستور الساري في …، a verse) would
    also be a JSON key the model must copy: a 110-word key made the model run away. One
    that holds a complementiser is a clause too (حسب إمكاناتها وأرى أن حجم الدمار …), one
    that opens with a preposition is a phrase, and an object pronoun before the subject
    is cut off (وقال عنه الوزير), and so is a clause about the speaker (بخاري الموجود
    حاليا في واشنطن). Code would otherwise render such words as a name by sound: "Anah"
    for عنه.
    """
    start, end = trim(source, start, end)
    while end > start and source[end - 1] in NAME_CLOSERS:
        end -= 1
    while start < end and source[start] in NAME_OPENERS:
        start += 1
    start, end = trim(source, start, end)
    if obj := _OBJECT.match(source, start, end):
        start = obj.end()
    if len(WORD.findall(source, start, end)) > MAX_MENTION_WORDS:
        return None
    if relative := _RELATIVE.search(source, start, end):
        start, end = trim(source, start, relative.start())
    if (
        end <= start
        or _PHRASE.match(source, start, end)
        or _NO_SPEAKER.fullmatch(source, start, end)
        or _CLAUSE.search(source, start, end)
    ):
        return None
    return Mention(start, end, source[start:end])


def clause_end(source: str, pos: int, floor: int) -> int:
    """Back from `pos` over spaces, commas and connectives (كما، بينما، إلى ذلك)."""
    while pos > floor:
        stripped = pos
        while stripped > floor and (source[stripped - 1].isspace() or source[stripped - 1] in "،,"):
            stripped -= 1
        connector = _CONNECTOR.search(source, max(floor, stripped - CONNECTOR_REACH), stripped)
        if connector is None:
            return stripped
        pos = connector.start()
    return floor


def first_word(text: str) -> str:
    match = WORD.search(text)
    return match.group() if match else ""


def verb_entry(text: str) -> tuple[str, Verb] | None:
    """Look a cue word up without its و/ف and object pronoun: (lexicon key, verb)."""
    spelled = key(text)
    for word in (spelled, spelled[1:] if spelled[:1] in "وف" else ""):
        for form in (word, re.sub(f"{PRONOUN}$", "", word)):
            if form in VERBS:
                return form, VERBS[form]
    return None


def perfect(text: str) -> bool:
    """Tell a perfect verb: inside a quotation only these report what a third party said."""
    entry = verb_entry(text)
    if entry is None:
        return False
    form = entry[0]
    return not (form.startswith("ي") or (form.startswith("ت") and "ي" + form[1:] in VERBS))


def participle(text: str) -> Verb:
    stem = re.sub("(?:ا|ه|ين|ون)$", "", key(text))
    return _PARTICIPLES.get(stem) or _PARTICIPLES.get(stem[1:], SAY)
