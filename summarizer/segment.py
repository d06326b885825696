"""Split an article into numbered segments and propose quote, speaker and event candidates.

Small models cannot be trusted to copy text, but they can point at it: the `cite`
strategy shows these segments and code slices the exact text. Reported speech and
violence in news have strong lexical cues, so code proposes the candidates (the quoted
words, the subject of each speech verb, the segments that report a happening) and the
model only labels them. The recall of this module bounds the recall of the whole
strategy; `evals/bench_candidates.py` measures it against the gold annotations.

Quote spans follow the cut rules of `evals/README.md`: one quote per speech act (each
verb, continuation and participle opens its own), the clause after إن / أن / بأن, the
object after the verb's preposition or its verbal-noun object, the words inside the
marks when the whole content is quoted, and the clause an attribution such as حسبما،
بحسب or وفقا لـ governs. It is all regular expressions and string scans over the
original text, so every offset points into it and the result is deterministic.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

# Quotation marks as they appear in Arabic and English news, paired open → close.
# The sample article uses ¢ as both opening and closing mark.
QUOTE_PAIRS: dict[str, str] = {
    "«": "»",
    "“": "”",
    '"': '"',
    "¢": "¢",
    "„": "“",
    "‹": "›",
}

_SENTENCE_END = re.compile(r"[.!?؟؛;]+(?=\s|$)|\n+")
_CLAUSE_BREAK = re.compile(r"[،,](?=\s)")
MAX_SEGMENT_CHARS = 320
MIN_QUOTE_WORDS = 4
"""A quotation that no speech cue introduces (after a bare colon, or opening a paragraph)
needs this many words, so that a quoted name such as "تدمر" is never taken for a quote."""
MIN_REPORTED_WORDS = 2
MAX_SUBJECT_WORDS = 12
MAX_SCAN_TOKENS = 40
"""How far after a speech verb its content may start (the subject and adjuncts between)."""

Mode = Literal["direct", "reported"]

# --- word patterns -------------------------------------------------------------------

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670"
_LETTER = rf"[\w{_MARKS}]"
_START = rf"(?<!{_LETTER})"
_STOP = rf"(?!{_LETTER})"
_TOKEN = re.compile(rf"{_LETTER}+|[^\w\s{_MARKS}]")
_WORD = re.compile(rf"{_LETTER}+")
# News spells one word with and without hamza (أفاد / افاد), with ي for final ى (إلي،
# علي), with ه for ة (and ت once a pronoun is attached), and adds tashkeel or tatweel.
_VARIANTS = {
    "ا": "[اأإآ]",
    "أ": "[اأإآ]",
    "إ": "[اأإآ]",
    "آ": "[اأإآ]",
    "ى": "[ىي]",
    "ي": "[يى]",
    "ة": "[ةهت]",
    "ه": "[هة]",
}
_SPELLING = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})


def _fuzzy(word: str) -> str:
    """Regex for a word or phrase that tolerates tashkeel, tatweel and spelling variants."""
    return "".join(
        r"\s+" if char == " " else _VARIANTS.get(char, re.escape(char)) + f"[{_MARKS}ـ]*"
        for char in word
    )


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(_fuzzy(w) for w in sorted(words, key=len, reverse=True))


def _key(text: str) -> str:
    """Key a word by spelling: no tashkeel or tatweel, one alef, final ي and ه."""
    return re.sub(f"[{_MARKS}ـ]", "", text).translate(_SPELLING)


def _words(text: str) -> tuple[str, ...]:
    """Split a word list; `_` joins the words of one phrase."""
    return tuple(word.replace("_", " ") for word in text.split())


def _word_set(words: str, prefix: str = "", suffix: str = "") -> re.Pattern[str]:
    """Match one whole token among `words`, with the optional affixes."""
    return re.compile(f"{prefix}(?:{_alternation(_words(words))}){suffix}$")


def _phrases(words: str) -> re.Pattern[str]:
    """Find any of `words` as whole words in running text."""
    return re.compile(rf"{_START}(?:{_alternation(_words(words))}){_STOP}")


# --- speech cues ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Verb:
    """How a speech verb introduces what is said.

    Every verb takes a clause after إن / أن, a colon or a quotation. `preps` introduce
    its noun object (أشار إلى مقتل …), `masdar` verbs also take a bare verbal noun
    (أكد استمرار …), `quote_only` verbs (praise, condemnation, description) make a quote
    only of words in marks, and `relay` verbs name their speaker after عن (نقل عن).
    """

    preps: tuple[str, ...] = ()
    masdar: bool = False
    quote_only: bool = False
    relay: bool = False


_SAY = _Verb()
_LEXICON: list[tuple[str, _Verb]] = [
    ("قال قالت قالوا يقول تقول أضاف أضافت أضافوا يضيف تضيف أوضح أوضحت يوضح توضح", _SAY),
    ("اعتبر اعتبرت رأى رأت تابع تابعت أردف أردفت استطرد استطردت صرح صرحت", _SAY),
    ("زعم زعمت أجاب أجابت أبلغ أبلغت قطع نشر نشرت", _SAY),
    ("ذكر ذكرت يذكر", _Verb(masdar=True)),
    ("أكد أكدت أكدوا يؤكد تؤكد", _Verb(("على",), masdar=True)),
    ("أعلن أعلنت يعلن تعلن", _Verb(("عن",), masdar=True)),
    ("نفى نفت ينفي تنفي تبنى تبنت", _Verb(masdar=True)),
    ("أفاد أفادت يفيد تفيد", _Verb(("ب",))),
    ("أشار أشارت يشير تشير لفت لفتت", _Verb(("إلى",))),
    ("شدد شددت يشدد", _Verb(("على",))),
    ("كشف كشفت يكشف تحدث تحدثت", _Verb(("عن",))),
    ("حذر حذرت يحذر", _Verb(("من",))),
    ("هدد هددت توعد توعدت تعهد تعهدت طالب طالبت اتهم اتهمت", _Verb(("ب",))),
    ("دعا دعت", _Verb(("إلى",))),
    ("نقل نقلت", _Verb(relay=True)),
    ("أشاد أشادت رحب رحبت وصف وصفت", _Verb(("ب",), quote_only=True)),
    ("دان دانت أدان أدانت ندد نددت انتقد", _Verb(quote_only=True)),
    ("نسب نسبت", _Verb(("إلى",), quote_only=True)),
]
_PARTICIPLE_LEXICON: list[tuple[str, _Verb]] = [
    ("قائل موضح معتبر مضيف مبين مستدرك", _SAY),
    ("مشير لافت منوه", _Verb(("إلى",))),
    ("مؤكد", _Verb(("على",), masdar=True)),
    ("نافي", _Verb(masdar=True)),
    ("كاشف", _Verb(("عن",))),
    ("محذر", _Verb(("من",))),
    ("متوعد مطالب", _Verb(("ب",))),
    ("مشدد", _Verb(("على",))),
    ("داعي", _Verb(("إلى",))),
]
_VERB_FORMS = [form for forms, _ in _LEXICON for form in forms.split()]
_VERBS = {_key(form): verb for forms, verb in _LEXICON for form in forms.split()}
_PARTICIPLE_STEMS = [stem for stems, _ in _PARTICIPLE_LEXICON for stem in stems.split()]
_PARTICIPLES = {_key(stem): verb for stems, verb in _PARTICIPLE_LEXICON for stem in stems.split()}
_PRONOUN = "(?:ه|ها|هم)"

_CUE = re.compile(
    rf"{_START}(?P<verb>[وف]?(?:{_alternation(_VERB_FORMS)}){_PRONOUN}?){_STOP}"
    rf"|{_START}(?P<participle>[وف]?(?:{_alternation(_PARTICIPLE_STEMS)})"
    rf"(?:اً|ًا|ا|ة|ين|ون)[{_MARKS}]*){_STOP}"
    rf"|{_START}(?P<saying>{_fuzzy('بالقول')}){_STOP}"
    rf"|{_START}(?P<attribution>و?(?:{_alternation(_words('حسبما بحسب حسب وفقا وفق طبقا نقلا'))})"
    r"|according to)(?!\w)"
    r"|\b(?P<english>said|says|told|added|warned|stressed|stated|announced|noted)\b",
    re.IGNORECASE,
)
# "تابع لـ" is "belonging to"; "حسبما أفاد" and "بحسب ما ذكر" are read as attributions.
_AFFILIATION = re.compile(rf"[وف]?{_fuzzy('تابع')}[ةه]?\s+ل")
_ATTRIBUTED = re.compile(rf"(?:{_fuzzy('حسبما')}|(?:ب?{_fuzzy('حسب')}|{_fuzzy('وفق')}ا?)\s+ما)\s*$")

_COMPLEMENTIZER = _word_set("إن أن ان", prefix="(?:[وف]?ب|[وف])?", suffix="(?:ه|ها|هم|هما)?")
_THAT = re.compile(r"^that$", re.IGNORECASE)
_PREPS = {p: _word_set(p) for p in ("إلى", "على", "عن", "من")}
# Words before أن that make it a time, concession or modal clause, not what was said.
_SUBORDINATOR = _word_set(
    "بعد قبل دون منذ رغم إلا حتى بدل المتوقع المقرر المفترض الممكن يمكن يجب ينبغي",
    prefix="[وف]?",
)
# Verbal nouns that open the object of أكد / أعلن / نفى / تبنى (أكد المرصد استمرار …).
_MASDARS = (
    "مقتل مصرع قتل سقوط وجود استمرار سيطرة وصول مسؤولية مسئولية استهداف اعتقال إصابة "
    "عدم رفض تحرير استعادة انسحاب تقدم إطلاق تدمير إسقاط تنفيذ بدء انتهاء توقيع موافقة "
    "نجاح فشل تعرض حرص حاجة ضرورة التزام أهمية وقوع اندلاع تراجع ارتفاع مشاركة إعدام "
    "تفجير خطف اختطاف حصار قطع استعداد"
)
_MASDAR = _word_set(_MASDARS, prefix="(?:ال)?", suffix=f"{_PRONOUN}?")
_B_OBJECT = re.compile(rf"بـ?(?:ال{_LETTER}{{2,}}|{_alternation(_MASDARS.split())})")
# What ends a speaker's noun phrase: time (after which the subject may still come:
# "أفاد الأحد المرصد"), or an adjunct: relative clause, medium, addressee, aside.
_TIME = _word_set(
    "أمس الأمس اليوم غدا يوم مساء صباح ظهر ليلة الأحد الاثنين الإثنين الثلاثاء الأربعاء "
    "الخميس الجمعة السبت أيضا مؤخرا مرارا سابقا لاحقا الأسبوع الشهر العام الماضي الماضية "
    "الجاري المقبل on in",
)
_ADJUNCT = _word_set(
    "خلال عقب أثناء عبر بمناسبة أمام بعد وذلك الذي التي الذين اللذين قوله قولها قولهم "
    "فيه فيها فيهم له لها لهم طلب رفض فضل",
    prefix="و?",
)
_MEDIUM = _word_set(
    "تصريح بيان مقابلة حديث اتصال كلمة خطاب رسالة مؤتمر تعليق لقاء جلسة تغريدة حوار ندوة",
    prefix="(?:ال)?",
    suffix=f"(?:ات)?{_PRONOUN}?",
)
_IN = _word_set("في")
_ADDRESSEE = _word_set(
    "وكالة صحيفة قناة موقع صحفيين صحافيين صحافة تلفزيون إذاعة مراسل", prefix="لل?"
)
# Subjects that name no identifiable speaker (no quote, says the guide), and documents
# whose speaker is their issuer.
_UNNAMED = _word_set("معلومات تقارير أنباء إحصائيات روايات", prefix="(?:ال)?")
_DOCUMENT = _word_set(
    "بيان حصيلة إحصاءات إحصائيات تقرير أرقام بيانات", prefix="(?:ال)?", suffix="(?:ه|ها)?"
)
_PREVERBAL = _phrases("إلا_أن كما_أن لكن ولكن كان كانت وكان وكانت أن")
_CONNECTOR = re.compile(
    _phrases(
        "كما بينما فيما حيث إذ ثم كذلك وكذلك لكن ولكن في_حين إلا_أن إلى_ذلك من_جهته "
        "من_جانبه في_المقابل في_غضون_ذلك من_جهة_أخرى من_جانب_آخر من_ناحية_أخرى "
        "في_سياق_آخر"
    ).pattern
    + "$"
)
_NARRATION = re.compile(rf"[،,]\s*{_fuzzy('في حين')}{_STOP}")
_FAIN = re.compile(rf"[،,\s]*{_fuzzy('فإن')}(?:ه|ها)?{_STOP}")
_AUXILIARY = re.compile(rf"و?(?:{_alternation(['كان', 'كانت', 'كما'])}){_STOP}\s*")


@dataclass(frozen=True)
class Segment:
    """A sentence or clause of the article; `text == source[start:end]`."""

    number: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A speaker as the article writes them; `text == source[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class QuoteCandidate:
    """A stretch of reported or quoted speech found by its cues, sliced by code.

    `speaker` is the subject of the speech cue. A cue with no subject of its own (a
    pronoun, "وأضاف", a participle) gets a copy of the nearest previous explicit mention
    and `inherited`, so the model knows the proposal is a guess to check.
    """

    number: int
    segment: int
    start: int
    end: int
    text: str
    mode: Mode
    cue: str
    speaker: Mention | None = None
    inherited: bool = False


@dataclass(frozen=True)
class EventCandidate:
    """A segment that reports something happening, with the cue types it matched."""

    number: int
    segment: int
    start: int
    end: int
    text: str
    hints: tuple[str, ...]


# --- segments ------------------------------------------------------------------------


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Ranges (opening mark, closing mark inclusive) of balanced quotations."""
    ranges = []
    i = 0
    while i < len(text):
        closer = QUOTE_PAIRS.get(text[i])
        if closer is None:
            i += 1
            continue
        j = text.find(closer, i + 1)
        if j == -1:
            i += 1
            continue
        ranges.append((i, j + 1))
        i = j + 1
    return ranges


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a < pos < b - 1 for a, b in ranges)


def _strip(source: str, start: int, end: int) -> tuple[int, int]:
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    return start, end


def _split(
    source: str, start: int, end: int, pattern: re.Pattern[str], quoted: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    pieces, cursor = [], start
    for match in pattern.finditer(source, start, end):
        if _inside(match.start(), quoted):
            continue
        pieces.append((cursor, match.end()))
        cursor = match.end()
    pieces.append((cursor, end))
    return [p for p in (_strip(source, a, b) for a, b in pieces) if p[1] > p[0]]


def _sentences(source: str, quoted: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return _split(source, 0, len(source), _SENTENCE_END, quoted)


def segment(source: str) -> list[Segment]:
    """Sentences, and clauses of over-long sentences; never splits inside a quotation."""
    quoted = _quoted_ranges(source)
    spans: list[tuple[int, int]] = []
    for a, b in _sentences(source, quoted):
        if b - a > MAX_SEGMENT_CHARS:
            spans.extend(_split(source, a, b, _CLAUSE_BREAK, quoted))
        else:
            spans.append((a, b))
    return [Segment(n, a, b, source[a:b]) for n, (a, b) in enumerate(spans, start=1)]


# --- text helpers --------------------------------------------------------------------


def _trim(source: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces and the punctuation that belongs to the surrounding sentence."""
    start, end = _strip(source, start, end)
    while end > start and source[end - 1] in ".،,؛;:-–":
        end = _strip(source, start, end - 1)[1]
    while start < end and source[start] in "،,:-–":
        start = _strip(source, start + 1, end)[0]
    return start, end


def _mention(source: str, start: int, end: int) -> Mention | None:
    """Slice a speaker without surrounding punctuation or quotation marks («الحذيفي»)."""
    start, end = _trim(source, start, end)
    while end > start and source[end - 1] in '»"”¢':
        end -= 1
    while start < end and source[start] in '«"“¢':
        start += 1
    start, end = _trim(source, start, end)
    return Mention(start, end, source[start:end]) if end > start else None


def _clause_end(source: str, pos: int, floor: int) -> int:
    """Back from `pos` over spaces, commas and connectives (كما، بينما، إلى ذلك)."""
    while pos > floor:
        stripped = pos
        while stripped > floor and (source[stripped - 1].isspace() or source[stripped - 1] in "،,"):
            stripped -= 1
        connector = _CONNECTOR.search(source, floor, stripped)
        if connector is None:
            return stripped
        pos = connector.start()
    return floor


def _first_word(text: str) -> str:
    match = _WORD.search(text)
    return match.group() if match else ""


def _verb_entry(text: str) -> tuple[str, _Verb] | None:
    """Look a cue word up without its و/ف and object pronoun: (lexicon key, verb)."""
    key = _key(text)
    for word in (key, key[1:] if key[:1] in "وف" else ""):
        for form in (word, re.sub(f"{_PRONOUN}$", "", word)):
            if form in _VERBS:
                return form, _VERBS[form]
    return None


def _perfect(text: str) -> bool:
    """Tell a perfect verb: inside a quotation only these report what a third party said."""
    entry = _verb_entry(text)
    if entry is None:
        return False
    form = entry[0]
    return not (form.startswith("ي") or (form.startswith("ت") and "ي" + form[1:] in _VERBS))


def _participle(text: str) -> _Verb:
    key = _key(text)
    stem = re.sub("(?:ا|ه|ين|ون)$", "", key)
    return _PARTICIPLES.get(stem) or _PARTICIPLES.get(stem[1:], _SAY)


# --- speech acts ---------------------------------------------------------------------


@dataclass
class _Act:
    """One speech act: its cue, its speaker, and where its content starts and may end."""

    cue_start: int
    cue_end: int
    cue: str
    clause_start: int  # where the act's clause begins: the previous act's content ends here
    limit: int  # the sentence end, or the end of the quotation a nested act lies in
    content: int | None = None  # None: the act only names a speaker (أشاد، دان)
    content_end: int | None = None  # set when the content precedes the cue (حسبما)
    subject: Mention | None = None
    implicit: bool = True
    quote_only: bool = False
    nested: bool = False
    marker: str = ""


@dataclass(frozen=True)
class _Scan:
    subject: tuple[int, int] | None
    content: int | None
    marker: str


class _Finder:
    """Reads every speech act of one article, attributes them, then cuts their content."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.quoted = _quoted_ranges(source)
        self.quote_at = dict(self.quoted)
        self.acts: list[_Act] = []

    def words(self, start: int, end: int) -> int:
        return len(_WORD.findall(self.src, start, end)) if end > start else 0

    def after(self, pos: int, limit: int) -> int:
        """Where content starts after `pos`: past spaces, commas, a colon, إن / أن."""
        for token in _TOKEN.finditer(self.src, pos, limit):
            text = token.group()
            if not (text in ":،," or _COMPLEMENTIZER.match(text) or _THAT.match(text)):
                return token.start()
            pos = token.end()
        return pos

    def run(self) -> list[tuple[int, int, Mode, _Act]]:
        for start, end in _sentences(self.src, self.quoted):
            self.sentence(start, end)
        self.attribute()
        found = self.cut()
        return found + self.standalone([(a, b) for a, b, _, _ in found])

    def sentence(self, start: int, end: int) -> None:
        cues = [
            cue
            for cue in _CUE.finditer(self.src, start, end)
            if not (cue.lastgroup == "verb" and _AFFILIATION.match(self.src, cue.start()))
            and not (
                cue.lastgroup == "verb"
                and _ATTRIBUTED.search(self.src, max(start, cue.start() - 12), cue.start())
            )
        ]
        for k, cue in enumerate(cues):
            limit = cues[k + 1].start() if k + 1 < len(cues) else end
            quote = next(((a, b) for a, b in self.quoted if a < cue.start() < b - 1), None)
            if quote is not None:
                limit = min(limit, quote[1] - 1)
            act = self.read(cue, start, end if quote is None else quote[1] - 1, limit)
            if act is None:
                continue
            # Inside a quotation only "X قال إن …" reports a third party (Kerry quoting
            # Rouhani); first-person verbs and nominal uses there are the speaker's words.
            act.nested = quote is not None
            if act.nested and not (act.marker == "complementizer" and _perfect(cue.group())):
                continue
            self.acts.append(act)

    def read(self, cue: re.Match[str], sent_start: int, sent_end: int, limit: int) -> _Act | None:
        """Read the act a cue opens; None when no content or speaker follows it."""
        kind, text = cue.lastgroup, cue.group()
        act = _Act(cue.start(), cue.end(), text, cue.start(), sent_end)
        if kind == "attribution":
            return self.attribution(act, sent_start, limit)
        if kind == "english":
            return self.english(act, sent_start, limit)
        verb = _SAY
        if kind == "verb":
            entry = _verb_entry(text)
            verb = entry[1] if entry else _SAY
        elif kind == "participle":
            previous = _WORD.findall(self.src, sent_start, cue.start())[-1:]
            if previous and _UNNAMED.match(previous[0]):
                return None  # an adjective: "معلومات مؤكدة"
            verb = _participle(text)
        start = cue.end()
        if verb.relay:
            about = next(
                (t for t in _TOKEN.finditer(self.src, start, limit) if t.group() == "عن"), None
            )
            if about is None:
                return None
            start = about.end()
        scan = self.scan(start, limit, verb)
        act.quote_only = verb.quote_only
        if kind == "verb":
            if scan.subject:
                act.subject = _mention(self.src, *scan.subject)
            else:
                self.preverbal(act, sent_start)
            subject = act.subject.text if act.subject else ""
            if _UNNAMED.match(_first_word(subject)):
                return None
            if _DOCUMENT.match(_first_word(subject)):
                act.subject = self.issuer(act.subject)  # type: ignore[arg-type]
            act.implicit = act.subject is None
        if scan.content is None:
            return act if verb.quote_only and act.subject else None
        act.content, act.marker = scan.content, scan.marker
        return act

    def scan(self, pos: int, limit: int, verb: _Verb) -> _Scan:
        """Read the subject after a speech verb and find where its content starts.

        The subject runs until a complementiser, colon, quotation, the verb's preposition
        or verbal-noun object, or an adjunct (time, medium, addressee, parenthesis,
        relative clause); the scan goes on through adjuncts to the content. No such
        marker within reach means the verb reports no speech here.
        """
        src = self.src
        tokens = list(_TOKEN.finditer(src, pos, limit))[:MAX_SCAN_TOKENS]
        subject: tuple[int, int] | None = None
        open_subject, in_adjunct = True, False
        i = 0
        while i < len(tokens):
            token = tokens[i]
            text, start, end = token.group(), token.start(), token.end()
            following = tokens[i + 1].group() if i + 1 < len(tokens) else ""
            skip_to = None
            if _COMPLEMENTIZER.match(text) or _THAT.match(text):
                if i and _SUBORDINATOR.match(tokens[i - 1].group()):
                    break  # بعد أن، من المتوقع أن
                return _Scan(subject, self.after(start, limit), "complementizer")
            if text == ":" and not src[end : end + 1].isdigit():
                return _Scan(subject, self.after(start, limit), "colon")
            if start in self.quote_at:
                close = self.quote_at[start]
                words = self.words(start, close)
                attached = i > 0 and tokens[i - 1].end() == start and tokens[i - 1].group()
                if attached in ("ب", "بـ") and "ب" in verb.preps:
                    return _Scan(subject, start, "quotation")  # وصفتها بـ«…»
                if attached:
                    in_adjunct = True  # لـ«الشرق الأوسط»
                elif words <= 2 or (in_adjunct and words < MIN_QUOTE_WORDS):
                    if open_subject:  # a name in marks: «الحذيفي»، وكالة «فارس»
                        subject = (subject[0] if subject else start + 1, close - 1)
                else:
                    return _Scan(subject, start, "quotation")
                skip_to = close
            elif any(p != "ب" and _PREPS[p].match(text) for p in verb.preps) and (
                subject or in_adjunct or i == 0
            ):
                return _Scan(subject, self.after(end, limit), "preposition")
            elif "ب" in verb.preps and (text in ("ب", "بـ") or _B_OBJECT.match(text)):
                content = self.after(end, limit) if text in ("ب", "بـ") else start + 1
                return _Scan(subject, content, "preposition")
            elif verb.masdar and _MASDAR.match(text):
                return _Scan(subject, start, "object")
            elif text in "-–—(":
                close = src.find(")" if text == "(" else text, end, limit)
                in_adjunct = True
                skip_to = close if close != -1 else None
            elif _TIME.match(text):
                open_subject = open_subject and subject is None
            elif (
                _ADJUNCT.match(text)
                or _ADDRESSEE.match(text)
                or (_IN.match(text) and _MEDIUM.match(following))
                or text in ("ل", "لـ")
            ):
                in_adjunct = True
            elif _WORD.fullmatch(text) and open_subject and not in_adjunct:
                subject = (subject[0] if subject else start, end)
                open_subject = self.words(subject[0], end) < MAX_SUBJECT_WORDS
            open_subject = open_subject and not in_adjunct
            while skip_to is not None and i + 1 < len(tokens) and tokens[i + 1].start() <= skip_to:
                i += 1
            i += 1
        return _Scan(subject, None, "")

    def preverbal(self, act: _Act, sent_start: int) -> None:
        """Take a subject before its verb: "إلا أن المصدر المعارض، نفى", "وكانت X قد تحدثت"."""
        triggers = list(_PREVERBAL.finditer(self.src, sent_start, act.cue_start))
        if not triggers:
            return
        chunk_start = triggers[-1].end()
        chunk = re.sub(
            rf"[\s،,]*(?:{_fuzzy('قد')})?[\s،,]*$", "", self.src[chunk_start : act.cue_start]
        )
        tokens = _TOKEN.findall(chunk)
        if not 1 <= len(tokens) <= MAX_SUBJECT_WORDS + 2 or any(t in '«»"“”¢:.' for t in tokens):
            return
        act.subject = _mention(self.src, chunk_start, chunk_start + len(chunk))
        act.clause_start = triggers[-1].start()

    def attribution(self, act: _Act, sent_start: int, limit: int) -> _Act | None:
        """حسبما أفاد X / بحسب X / وفقا لـ X / according to X.

        After the content it governs the clause before it; at the head of its sentence
        or before فإن ("وبحسب الحصيلة، فإن …", "According to X, …") the clause after.
        """
        src = self.src
        tokens = list(_TOKEN.finditer(src, act.cue_end, limit))
        if tokens and tokens[0].group() in ("ما", "عن", "ل", "لـ"):
            tokens = tokens[1:]
        if not tokens:
            return None
        first = tokens[0]
        entry = _verb_entry(first.group())
        if entry is not None:  # حسبما أفاد الأحد المرصد …
            subject = self.scan(first.end(), limit, entry[1]).subject
            np_end = subject[1] if subject else first.end()
        else:  # بحسب مصادر محلية، وفقا لإحصاءات …
            np_start = first.start()
            if _key(act.cue).endswith("ا") and _key(first.group()).startswith("ل"):
                np_start += 2 if first.group().startswith("لـ") else 1  # وفقا لإحصاءات
            stop = re.compile(rf"[،,]|{_START}{_fuzzy('فإن')}{_STOP}").search(src, np_start, limit)
            np_end = stop.start() if stop else limit
            subject = np_start, np_end
        act.subject = _mention(src, *subject) if subject else None
        if act.subject and _DOCUMENT.match(_first_word(act.subject.text)):
            act.subject = self.issuer(act.subject)
        if act.subject and re.fullmatch(f"{_LETTER}+{_PRONOUN}", act.subject.text):
            return None  # وفق تعبيره: a tag on the quotation before, not an act of its own
        act.implicit = act.subject is None
        after = self.after(np_end, limit)
        fain = _FAIN.match(src, _strip(src, np_end, limit)[0]) or _FAIN.match(src, after)
        if fain:
            act.content = self.after(fain.end(), limit)
        elif _clause_end(src, act.cue_start, sent_start) == sent_start:
            act.content = after
        else:
            act.content, act.content_end = sent_start, act.cue_start
        return act

    def issuer(self, document: Mention) -> Mention | None:
        """Who issued a document the article cites as its source.

        The genitive ("إحصاءات حكومة الإقليم" → "حكومة الإقليم"), or the لـ-word ("بيان
        تابع للتنظيم" → "للتنظيم"), preferring an earlier full mention of that issuer
        ("حصيلة للمرصد" → "المرصد السوري …"); None for a bare "البيان": the issuer is
        the previous speaker.
        """
        words = list(_WORD.finditer(self.src, document.start, document.end))[1:]
        owner = next((w for w in words[:2] if _key(w.group()).startswith("ل")), None)
        if owner is None:
            return _mention(self.src, words[0].start(), document.end) if words else None
        key = _key(owner.group())
        if key.startswith("لل"):
            stem = "ال" + key[2:]
            for earlier in reversed(self.acts):
                if earlier.subject and stem in _key(earlier.subject.text):
                    return earlier.subject
        return _mention(self.src, owner.start(), owner.end())

    def english(self, act: _Act, sent_start: int, limit: int) -> _Act | None:
        """English reporting: "X said (that) …", "according to X, …", '"…," X said'."""
        src = self.src
        if act.cue.lower() == "according to":
            return self.attribution(act, sent_start, limit)
        before = src[sent_start : act.cue_start]
        boundary = max(before.rfind(mark) for mark in ',،»”"')
        chunk_start = sent_start + boundary + 1
        start, end = _strip(src, chunk_start, act.cue_start)
        if 0 < self.words(start, end) <= MAX_SUBJECT_WORDS:
            act.subject, act.implicit = _mention(src, start, end), False
        quote_end = sent_start + len(src[sent_start:chunk_start].rstrip(" ,"))
        quote = next(((a, b) for a, b in self.quoted if b == quote_end), None)
        if quote is not None:
            act.content, act.content_end = quote
            return act
        act.content = self.scan(act.cue_end, limit, _SAY).content or self.after(act.cue_end, limit)
        return act

    def attribute(self) -> None:
        """Give each act without a subject the nearest previous explicit mention."""
        self.acts.sort(key=lambda act: act.cue_start)
        explicit: list[Mention] = []
        for act in self.acts:
            if act.subject is not None and not act.implicit:
                explicit.append(act.subject)
            else:
                act.subject = next((m for m in reversed(explicit) if m.start < act.cue_start), None)

    def cut(self) -> list[tuple[int, int, Mode, _Act]]:
        """Each act's content, cut at the next act, the narration, or the sentence end."""
        found: list[tuple[int, int, Mode, _Act]] = []
        for k, act in enumerate(self.acts):
            if act.content is None:
                continue
            if act.content_end is not None:
                start, end = self.backward(act)
            else:
                start, end = act.content, act.limit
                later = next(
                    (
                        x
                        for x in self.acts[k + 1 :]
                        if x.nested == act.nested and x.clause_start >= act.content
                    ),
                    None,
                )
                if later is not None:
                    end = min(end, _clause_end(self.src, later.clause_start, start))
                    if (
                        later.clause_start < act.limit
                        and self.says_in_marks(later)
                        and self.src[start] not in QUOTE_PAIRS
                    ):
                        continue  # "X … قائلا: «…»" is one quote: the words in the marks
                narration = _NARRATION.search(self.src, start, end)
                end = narration.start() if narration else end
            start, end = _trim(self.src, start, end)
            close = self.quote_at.get(start)
            mode: Mode = "reported"
            if close is not None and (close == end or self.src[close : close + 1] in "،,"):
                start, end, mode = start + 1, close - 1, "direct"
                end = _trim(self.src, start, end)[1]
            elif act.quote_only:
                continue
            if self.words(start, end) >= (1 if mode == "direct" else MIN_REPORTED_WORDS):
                found.append((start, end, mode, act))
        return found

    def says_in_marks(self, act: _Act) -> bool:
        """Tell a "قائلا" followed by a colon or a quotation mark."""
        opener = self.src[act.cue_end : act.cue_end + 3].strip()[:1]
        return "قائل" in _key(act.cue) and opener in (":", *QUOTE_PAIRS)

    def backward(self, act: _Act) -> tuple[int, int]:
        """Find the clause an after-the-fact attribution governs, from its sentence start."""
        start = act.content or 0
        end = _clause_end(self.src, act.content_end or start, start)
        if any(
            x is not act and x.content is not None and start <= x.cue_start < end for x in self.acts
        ):
            return start, start  # the clause is another act's content: the cue names a reporter
        while (aux := _AUXILIARY.match(self.src, start, end)) and aux.end() > start:
            start = aux.end()
        return start, end

    def standalone(self, taken: list[tuple[int, int]]) -> list[tuple[int, int, Mode, _Act]]:
        """Quotations no cue introduces: after a bare colon, or opening a paragraph.

        Such a paragraph continues the previous speaker (evals/README.md).
        """
        out: list[tuple[int, int, Mode, _Act]] = []
        for a, b in self.quoted:
            if any(s < b and a < e for s, e in taken) or self.words(a, b) < MIN_QUOTE_WORDS:
                continue
            before = self.src[:a].rstrip(" \t\u00a0")
            if before and not before.endswith((":", "\n")):
                continue
            act = _Act(a, a, ":", a, b)
            act.subject = next(
                (x.subject for x in reversed(self.acts) if x.subject and x.cue_start < a), None
            )
            out.append((a + 1, b - 1, "direct", act))
        return out


def quote_candidates(source: str, segments: list[Segment]) -> list[QuoteCandidate]:
    """Every speech act's content with its proposed speaker, in article order."""
    found = sorted(_Finder(source).run(), key=lambda item: (item[0], item[1]))
    starts = [seg.start for seg in segments]
    out: list[QuoteCandidate] = []
    for start, end, mode, act in found:
        if out and (out[-1].start, out[-1].end) == (start, end):
            continue
        out.append(
            QuoteCandidate(
                number=len(out) + 1,
                segment=max(1, bisect.bisect_right(starts, start)),
                start=start,
                end=end,
                text=source[start:end],
                mode=mode,
                cue=act.cue,
                speaker=act.subject,
                inherited=act.implicit and act.subject is not None,
            )
        )
    return out


def speaker_mentions(candidates: list[QuoteCandidate]) -> list[Mention]:
    """List the distinct explicit speaker mentions in order of appearance, one per text."""
    explicit = sorted(
        (c.speaker for c in candidates if c.speaker is not None and not c.inherited),
        key=lambda m: (m.start, m.end),
    )
    out: list[Mention] = []
    for mention in explicit:
        if all(m.text != mention.text for m in out):
            out.append(mention)
    return out


# --- events --------------------------------------------------------------------------

EVENT_CUES: dict[str, tuple[str, ...]] = {
    "killing": _words(
        "مقتل قتل قتلى قتيل قتيلا قتلوا قتلت قتلا يقتل مصرع استشهاد استشهد شهداء شهيد حتفه "
        "حتفهم إعدام إعدامات أعدم أعدمت يعدم اغتيال اغتال ذبح killed killing executed "
        "assassinated"
    ),
    "armed_clash": _words(
        "اشتباك اشتباكات معارك معركة مواجهات اقتتال هجوم هجوما هجمات كمين clash clashes "
        "fighting attack attacked ambush"
    ),
    "airstrike": _words(
        "غارة غارات طائرات طيران مقاتلات ضربات_جوية الضربات_الجوية airstrike airstrikes "
        "air_strike air_strikes warplanes"
    ),
    "shelling": _words(
        "قصف قصفت يقصف قذيفة قذائف صاروخ صواريخ هاون مدفعي مدفعية shelling shelled rocket "
        "rockets mortar"
    ),
    "bombing": _words(
        "تفجير تفجيرات انفجار انفجارات انفجرت مفخخة مفخخ انتحاري انتحارية عبوة ناسف ناسفة "
        "فجر_نفسه bomb bombing explosion blast"
    ),
    "arrest": _words(
        "اعتقال اعتقالات اعتقل اعتقلت القبض توقيف احتجاز اختطاف خطف arrest arrested detained"
    ),
    "territorial_change": _words(
        "سيطرة سيطر سيطرت سيطروا استعادة استعاد استعادت تقدم تقدمت تقدما تحرير حرر حررت "
        "انسحاب انسحب انسحبت حصار محاصرة اجتياح captured seized retook advanced withdrew"
    ),
    "protest": _words(
        "مظاهرة مظاهرات تظاهرة تظاهرات احتجاج احتجاجات تظاهر اعتصام protest protests demonstration"
    ),
    "ceasefire": _words("هدنة وقف_إطلاق_النار ceasefire truce"),
    "diplomacy": _words(
        "محادثات مفاوضات اجتماع اجتماعا اجتمع يجتمع التقى لقاء لقاءات زيارة زار يزور اتفاق "
        "اتفاقا قمة رسالة talks met meeting visit visited agreement summit"
    ),
    "other": _words("نزوح تهجير displaced displacement"),
}
"""Cue words and phrases per event type. Arabic cues match as whole words, optionally
with the attached و ف ب ل ك and ال, so "أسرة" never reads as "أسر" nor "الفجر" as "فجر"."""

_EVENT_PREFIX = "(?:[وف]?(?:[بل]?ال|لل|[بلك])?)"


def _event_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    arabic = [c for c in cues if not c.isascii()]
    english = sorted((c for c in cues if c.isascii()), key=len, reverse=True)
    return re.compile(
        rf"{_START}{_EVENT_PREFIX}(?:{_alternation(arabic)}){_STOP}"
        rf"|\b(?:{'|'.join(re.escape(c) for c in english)})\b",
        re.IGNORECASE,
    )


_EVENT_PATTERNS = {kind: _event_pattern(cues) for kind, cues in EVENT_CUES.items()}
# A standing state, not a change of control: "تحت سيطرة", "الخاضعة لسيطرة".
_STATE = re.compile(rf"{_START}(?:{_fuzzy('تحت')}\s+|لل?){_fuzzy('سيطرة')}")
# What the guide says is not news: habitual actions, plans and hypotheses, and
# background dated by its year ("منذ مارس 2011", "في صيف 2012").
_NOT_NEWS = re.compile(
    _phrases(
        "بانتظام بشكل_يومي يوميا عادة العام_الماضي غدا الغد المقبل المقبلة القادم القادمة "
        "من_المتوقع المرتقب في_حال"
    ).pattern
    + rf"|{_START}(?:{_alternation(['منذ', 'عام', 'العام', 'صيف', 'شتاء', 'ربيع', 'خريف'])})"
    rf"\s+(?:{_LETTER}+\s+)?(?:19|20)\d\d\b"
)


def _event_hints(text: str) -> tuple[str, ...]:
    if _NOT_NEWS.search(text):
        return ()
    text = _STATE.sub(lambda m: " " * len(m.group()), text)
    return tuple(kind for kind, pattern in _EVENT_PATTERNS.items() if pattern.search(text))


def event_candidates(segments: list[Segment]) -> list[EventCandidate]:
    """Segments carrying a cue of violence, arrest, territory, protest, talks or truce.

    The lead segment is a candidate too when it reports a statement and nothing else:
    a headline statement is the article's event.
    """
    out: list[EventCandidate] = []
    for seg in segments:
        hints = _event_hints(seg.text)
        if not hints and seg.number == 1 and _CUE.search(seg.text):
            hints = ("statement",)
        if hints:
            out.append(
                EventCandidate(len(out) + 1, seg.number, seg.start, seg.end, seg.text, hints)
            )
    return out
