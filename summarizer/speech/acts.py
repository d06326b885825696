"""Read the speech acts of an article: each cue, its speaker, and where its content starts.

A speech act is opened by a cue (a speech verb, a participle, an attribution such as
حسبما or بحسب, an English reporting verb); its speaker is the verb's subject, or for a
cue without one the nearest previous explicit mention (`attribute`). Where the content
ends is decided later, once every act of the article is known (`speech.quotes`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import islice

from summarizer.arabic import (
    LETTER,
    PRONOUN,
    START,
    STOP,
    TOKEN,
    WORD,
    fuzzy,
    has_article,
    key,
)
from summarizer.lexicon import SAY, Verb
from summarizer.segment import Range, enclosing, quoted_ranges, sentences, strip
from summarizer.speech.cues import (
    ADDRESSEE,
    ADJUNCT,
    AFFILIATION,
    ATTRIBUTED,
    B_OBJECT,
    COMPLEMENTIZER,
    CUE,
    DOCUMENT,
    FAIN,
    IN,
    MASDAR,
    MEDIUM,
    NAME_CLOSERS,
    NAME_OPENERS,
    OBJECT_ADDRESSEE,
    PREPS,
    PREVERBAL,
    SUBORDINATOR,
    THAT,
    TIME,
    UNNAMED,
    Mention,
    clause_end,
    first_word,
    mention,
    participle,
    perfect,
    verb_entry,
)

MAX_SUBJECT_WORDS = 12
MAX_SCAN_TOKENS = 40
"""How far after a speech verb its content may start (the subject and adjuncts between)."""
MIN_QUOTE_WORDS = 4
"""A quotation that no speech cue introduces (after a bare colon, or opening a paragraph)
needs this many words, so that a quoted name such as "تدمر" is never taken for a quote."""
_NOT_A_NAME = NAME_OPENERS + NAME_CLOSERS + ":."
"""A chunk before a verb with these in it is no subject: a quotation or another sentence."""


@dataclass
class Act:
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
class Scan:
    subject: Range | None
    content: int | None
    marker: str


class Article:
    """The article as speech reading sees it: the text and its balanced quotations."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.quoted = quoted_ranges(source)
        self.quote_at = dict(self.quoted)

    def word_before(self, pos: int, floor: int) -> str:
        """The last word that ends at or before `pos`, not before `floor`, read backwards."""
        end = pos
        while end > floor and not WORD.match(self.src[end - 1]):
            end -= 1
        start = end
        while start > floor and WORD.match(self.src[start - 1]):
            start -= 1
        return self.src[start:end]

    def words(self, start: int, end: int) -> int:
        return len(WORD.findall(self.src, start, end)) if end > start else 0

    def after(self, pos: int, limit: int) -> int:
        """Where content starts after `pos`: past spaces, commas, a colon, إن / أن."""
        for token in TOKEN.finditer(self.src, pos, limit):
            text = token.group()
            if not (text in ":،," or COMPLEMENTIZER.match(text) or THAT.match(text)):
                return token.start()
            pos = token.end()
        return pos


class _Reader(Article):
    """Reads every speech act of one article, then gives implicit ones their speaker."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.acts: list[Act] = []
        self.triggers = [(m.start(), m.end()) for m in PREVERBAL.finditer(source)]
        """Where a subject may stand before its verb, found once: a search per verb from
        its sentence start would cost the square of a long sentence."""

    def sentence(self, start: int, end: int) -> None:
        cues = [
            cue
            for cue in CUE.finditer(self.src, start, end)
            if not (cue.lastgroup == "verb" and AFFILIATION.match(self.src, cue.start()))
            and not (
                cue.lastgroup == "verb"
                and ATTRIBUTED.search(self.src, max(start, cue.start() - 12), cue.start())
            )
        ]
        for k, cue in enumerate(cues):
            limit = cues[k + 1].start() if k + 1 < len(cues) else end
            quote = enclosing(self.quoted, cue.start())
            if quote is not None:
                limit = min(limit, quote[1] - 1)
            act = self.read(cue, start, end if quote is None else quote[1] - 1, limit)
            if act is None:
                continue
            # Inside a quotation only "X قال إن …" reports a third party (a speaker quoting
            # someone else); first-person verbs and nominal uses there are the speaker's words.
            act.nested = quote is not None
            if act.nested and not (act.marker == "complementizer" and perfect(cue.group())):
                continue
            self.acts.append(act)

    def read(self, cue: re.Match[str], sent_start: int, sent_end: int, limit: int) -> Act | None:
        """Read the act a cue opens; None when no content or speaker follows it."""
        kind, text = cue.lastgroup, cue.group()
        act = Act(cue.start(), cue.end(), text, cue.start(), sent_end)
        if kind == "attribution":
            return self.attribution(act, sent_start, limit)
        if kind == "english":
            return self.english(act, sent_start, limit)
        verb = SAY
        if kind == "verb":
            entry = verb_entry(text)
            verb = entry[1] if entry else SAY
        elif kind == "participle":
            previous = self.word_before(cue.start(), sent_start)
            if previous and UNNAMED.match(previous):
                return None  # an adjective: "معلومات مؤكدة"
            verb = participle(text)
        start = cue.end()
        if verb.relay:
            about = next(
                (t for t in TOKEN.finditer(self.src, start, limit) if t.group() == "عن"), None
            )
            if about is None:
                return None
            start = about.end()
        scan = self.scan(start, limit, verb)
        act.quote_only = verb.quote_only
        if kind == "verb":
            if scan.subject:
                act.subject = mention(self.src, *scan.subject)
            else:
                self.preverbal(act, sent_start)
            subject = act.subject.text if act.subject else ""
            if UNNAMED.match(first_word(subject)):
                return None
            if act.subject is not None and DOCUMENT.match(first_word(subject)):
                act.subject = self.issuer(act.subject)
            act.implicit = act.subject is None
        if scan.content is None:
            return act if verb.quote_only and act.subject else None
        act.content, act.marker = scan.content, scan.marker
        return act

    def scan(self, pos: int, limit: int, verb: Verb) -> Scan:
        """Read the subject after a speech verb and find where its content starts.

        The subject runs until a complementiser, colon, quotation, the verb's preposition
        or verbal-noun object, or an adjunct (time, medium, addressee, parenthesis,
        relative clause); the scan goes on through adjuncts to the content. No such
        marker within reach means the verb reports no speech here.
        """
        src = self.src
        tokens = list(islice(TOKEN.finditer(src, pos, limit), MAX_SCAN_TOKENS))
        subject: Range | None = None
        open_subject, in_adjunct = True, False
        i = 0
        while i < len(tokens):
            token = tokens[i]
            text, start, end = token.group(), token.start(), token.end()
            following = tokens[i + 1].group() if i + 1 < len(tokens) else ""
            skip_to = None
            if COMPLEMENTIZER.match(text) or THAT.match(text):
                if i and SUBORDINATOR.match(tokens[i - 1].group()):
                    break  # بعد أن، من المتوقع أن
                return Scan(subject, self.after(start, limit), "complementizer")
            if text == ":" and not src[end : end + 1].isdigit():
                return Scan(subject, self.after(start, limit), "colon")
            if start in self.quote_at:
                close = self.quote_at[start]
                words = self.words(start, close)
                attached = i > 0 and tokens[i - 1].end() == start and tokens[i - 1].group()
                if attached in ("ب", "بـ") and "ب" in verb.preps:
                    return Scan(subject, start, "quotation")  # وصفتها بـ«…»
                if attached:
                    in_adjunct = True  # لـ«الشرق الأوسط»
                elif words <= 2 or (in_adjunct and words < MIN_QUOTE_WORDS):
                    if open_subject:  # a name in marks: «الحذيفي»، وكالة «فارس»
                        subject = (subject[0] if subject else start + 1, close - 1)
                else:
                    return Scan(subject, start, "quotation")
                skip_to = close
            elif any(p != "ب" and PREPS[p].match(text) for p in verb.preps) and (
                subject or in_adjunct or i == 0
            ):
                return Scan(subject, self.after(end, limit), "preposition")
            elif "ب" in verb.preps and (
                text in ("ب", "بـ")
                or B_OBJECT.match(text)
                or (verb.quote_only and i == 0 and text.startswith("ب") and len(text) > 3)
            ):  # أشاد بدور …: right after a verb of praise, a ب-word is its object
                content = self.after(end, limit) if text in ("ب", "بـ") else start + 1
                return Scan(subject, content, "preposition")
            elif verb.masdar and MASDAR.match(text):
                return Scan(subject, start, "object")
            elif text in "-–—(":
                close = src.find(")" if text == "(" else text, end, limit)
                in_adjunct = True
                skip_to = close if close != -1 else None
            elif TIME.match(text):
                open_subject = open_subject and subject is None
            elif (
                ADJUNCT.match(text)
                or ADDRESSEE.match(text)
                or (IN.match(text) and MEDIUM.match(following))
                or text in ("ل", "لـ")
                or (
                    subject
                    and OBJECT_ADDRESSEE.match(text)
                    and has_article(src[subject[0] : subject[1]].split()[-1])
                )
            ):
                in_adjunct = True
            elif WORD.fullmatch(text) and open_subject and not in_adjunct:
                subject = (subject[0] if subject else start, end)
                open_subject = self.words(subject[0], end) < MAX_SUBJECT_WORDS
            open_subject = open_subject and not in_adjunct
            while skip_to is not None and i + 1 < len(tokens) and tokens[i + 1].start() <= skip_to:
                i += 1
            i += 1
        return Scan(subject, None, "")

    def preverbal(self, act: Act, sent_start: int) -> None:
        """Take a subject before its verb: "إلا أن المصدر المعارض، نفى", "وكانت X قد تحدثت"."""
        k = bisect_right(self.triggers, act.cue_start, key=lambda t: t[1]) - 1
        if k < 0 or self.triggers[k][0] < sent_start:
            return
        trigger_start, chunk_start = self.triggers[k]
        chunk = re.sub(
            rf"[\s،,]*(?:{fuzzy('قد')})?[\s،,]*$", "", self.src[chunk_start : act.cue_start]
        )
        tokens = TOKEN.findall(chunk)
        if not 1 <= len(tokens) <= MAX_SUBJECT_WORDS + 2 or any(t in _NOT_A_NAME for t in tokens):
            return
        act.subject = mention(self.src, chunk_start, chunk_start + len(chunk))
        act.clause_start = trigger_start

    def attribution(self, act: Act, sent_start: int, limit: int) -> Act | None:
        """حسبما أفاد X / بحسب X / وفقا لـ X / according to X.

        After the content it governs the clause before it; at the head of its sentence
        or before فإن ("وبحسب الحصيلة، فإن …", "According to X, …") the clause after.
        """
        src = self.src
        tokens = list(islice(TOKEN.finditer(src, act.cue_end, limit), 2))
        if tokens and tokens[0].group() in ("ما", "عن", "ل", "لـ"):
            tokens = tokens[1:]
        if not tokens:
            return None
        first = tokens[0]
        entry = verb_entry(first.group())
        if entry is not None:  # حسبما أفاد الأحد المرصد …
            subject = self.scan(first.end(), limit, entry[1]).subject
            np_end = subject[1] if subject else first.end()
        else:  # بحسب مصادر محلية، وفقا لإحصاءات …
            np_start = first.start()
            if key(act.cue).endswith("ا") and key(first.group()).startswith("ل"):
                np_start += 2 if first.group().startswith("لـ") else 1  # وفقا لإحصاءات
            stop = re.compile(rf"[،,]|{START}{fuzzy('فإن')}{STOP}").search(src, np_start, limit)
            np_end = stop.start() if stop else limit
            subject = np_start, np_end
        act.subject = mention(src, *subject) if subject else None
        if act.subject and DOCUMENT.match(first_word(act.subject.text)):
            act.subject = self.issuer(act.subject)
        if act.subject and re.fullmatch(f"{LETTER}+{PRONOUN}", act.subject.text):
            return None  # وفق تعبيره: a tag on the quotation before, not an act of its own
        act.implicit = act.subject is None
        after = self.after(np_end, limit)
        fain = FAIN.match(src, strip(src, np_end, limit)[0]) or FAIN.match(src, after)
        if fain:
            act.content = self.after(fain.end(), limit)
        elif clause_end(src, act.cue_start, sent_start) == sent_start:
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
        words = list(WORD.finditer(self.src, document.start, document.end))[1:]
        owner = next((w for w in words[:2] if key(w.group()).startswith("ل")), None)
        if owner is None:
            return mention(self.src, words[0].start(), document.end) if words else None
        spelled = key(owner.group())
        if spelled.startswith("لل"):
            stem = "ال" + spelled[2:]
            for earlier in reversed(self.acts):
                if earlier.subject and stem in key(earlier.subject.text):
                    return earlier.subject
        return mention(self.src, owner.start(), owner.end())

    def english(self, act: Act, sent_start: int, limit: int) -> Act | None:
        """English reporting: "X said (that) …", "according to X, …", '"…," X said'."""
        src = self.src
        if act.cue.lower() == "according to":
            return self.attribution(act, sent_start, limit)
        before = src[sent_start : act.cue_start]
        boundary = max(before.rfind(mark) for mark in ',،»”"')
        chunk_start = sent_start + boundary + 1
        start, end = strip(src, chunk_start, act.cue_start)
        if 0 < self.words(start, end) <= MAX_SUBJECT_WORDS:
            act.subject, act.implicit = mention(src, start, end), False
        quote_end = sent_start + len(src[sent_start:chunk_start].rstrip(" ,"))
        quote = next(((a, b) for a, b in self.quoted if b == quote_end), None)
        if quote is not None:
            act.content, act.content_end = quote
            return act
        act.content = self.scan(act.cue_end, limit, SAY).content or self.after(act.cue_end, limit)
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


def read_acts(source: str) -> list[Act]:
    """Every speech act of the article in order, each with its (perhaps inherited) speaker."""
    reader = _Reader(source)
    for start, end in sentences(reader.src, reader.quoted):
        reader.sentence(start, end)
    reader.attribute()
    return reader.acts
