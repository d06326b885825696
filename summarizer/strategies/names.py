"""English names and sentences held to the Arabic they render, for every strategy.

A reader of this program reads English. An English name travels with the Arabic it
renders (`Name.name_source`, `span`), and `summarizer.english` decides whether the two
agree. What fails is repaired by the model where the strategy can ask again, else
rendered by code from the Arabic (`rendered_by: "code"`), or removed: never shown
silently wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from summarizer import english
from summarizer.arguments import Argument
from summarizer.normalize import normalize
from summarizer.schema import Event, Name, Quote, Span, Speaker
from summarizer.strategies.base import Item

NAMED_PLACES = frozenset({"generic", "landmark", "quoted", "country"})
"""Place cues after which the words are a name (بلدة بزاعة, «بئر سعيد»): code may
transliterate them. After a bare preposition or compass word they may be ordinary
words, shown in English only when the lexicon or gazetteer knows them."""
NAMED_ACTORS = frozenset({"group", "country"})


def finding(check: english.TextCheck, what: str = "the Arabic it renders") -> str:
    """One model-readable sentence for a failed check, naming every unsupported word once
    (the checker's own findings quote the Arabic for each word; a repair shows it once).
    """
    words = ", ".join(f"'{word}'" for word in dict.fromkeys(check.unsupported))
    return f"Not supported by {what}: {words}. Use only what it states." if words else ""


def sounded(check: english.TextCheck, source: str) -> list[str]:
    """A finding for each English word that only sounds like an ordinary Arabic word
    ("Wazir" for وزير, "Qiada" for قيادة): a reader takes it for a name it is not.
    """
    return [
        f"'{word}' only sounds like {arabic}, which means '{meaning}': translate it."
        for word, arabic, meaning in english.untranslated(check, source)
    ]


def known(source: str, span: Span) -> str | None:
    """Code's English for a mention only when every word of it comes from the lexicon or
    gazetteer (a country, a city, a body), not from transliteration: a hint given to the
    model must not mislead it.
    """
    rendering = english.render_name(source, span)
    support = english.check_name(rendering, source, [span]).support if rendering else ()
    return rendering if support and all(s.via == "lexicon" for s in support) else None


def spans(supports: Sequence[english.Support]) -> list[Span]:
    """The article spans English words rest on, each once, in order."""
    found = {(s.span.start, s.span.end): s.span for s in supports if s.span is not None}
    return [found[key] for key in sorted(found)]


def exact(start: int, end: int) -> Span:
    return Span(start=start, end=end, kind="exact", score=1.0)


def tidy(name: str) -> str:
    """A name as a reader expects it: a model that writes "michael fallon" gets capitals."""
    if name != name.lower():
        return name
    return " ".join(
        w if w in ("al", "of", "and", "the", "for") else w[:1].upper() + w[1:] for w in name.split()
    )


def speaker(
    source: str, mention: Span, name_en: str | None, role: str | None
) -> tuple[Speaker, list[str]]:
    """The speaker as the model named them if the article's mentions support it, else
    as code renders the mention; with the findings that made the difference.
    """
    contexts = english.speaker_contexts(source, mention)
    written = source[mention.start : mention.end]
    findings: list[str] = []
    if name_en:
        name_en = tidy(name_en)
        name = english.check_name(name_en, source, contexts)
        if not name.ok:
            findings.append(finding(name, "the article's words for this speaker"))
        findings += sounded(name, source)
        held = name.ok and not findings
        kept_role = role
        support = spans(name.support)
        if role:
            checked = english.check_name(role, source, contexts)
            if not checked.ok:
                findings.append(finding(checked, "the article's words for this speaker"))
            kept_role = role if checked.ok else None
            support = spans([*name.support, *(checked.support if checked.ok else ())])
        if held:
            return (
                Speaker(
                    name_en=name_en,
                    role=kept_role,
                    name_source=written,
                    span=mention,
                    support=support,
                ),
                findings,
            )
    return rendered_speaker(source, mention), findings


MOST_SOUNDED = 4
"""A name is at most four words written out by sound (Faisal bin Khalid bin Abd al-Aziz).
Code's rendering of a longer run is a clause that was cut as a speaker ("Sharsa opposition
Yaqud against al-Hakm regime in al-Satinyat …" for يقود معارضة شرسة ضد نظام الحكم في
الستينيات): the speaker is shown as unidentified, beside its Arabic, not as gibberish."""
UNIDENTIFIED = "unidentified"
UNKNOWN = "unknown"
"""A quote with no speaker mention at all."""
NAMELESS = frozenset({UNIDENTIFIED, UNKNOWN})
_NAME_PARTICLES = frozenset({"bin", "ibn", "bint", "abu", "umm"})


def rendered_speaker(source: str, mention: Span) -> Speaker:
    """The code rendering of a speaker mention: never the model's words."""
    rendering = english.render_name(source, mention)
    checked = english.check_name(rendering, source, [mention])
    sounded = [
        s
        for s in checked.support
        if s.via == "transliteration" and s.english.casefold() not in _NAME_PARTICLES
    ]
    unreadable = len(sounded) > MOST_SOUNDED
    return Speaker(
        name_en=UNIDENTIFIED if unreadable else rendering,
        name_source=source[mention.start : mention.end],
        span=mention,
        support=[] if unreadable else spans(checked.support),
        rendered_by="code",
    )


def name(source: str, span: Span, name_en: str | None, contexts: Sequence[Span]) -> Name:
    """A place, actor or reporter: the model's English if supported, else code's."""
    written = source[span.start : span.end]
    if name_en:
        checked = english.check_name(name_en, source, contexts)
        if checked.ok:
            support = spans(checked.support)
            return Name(name_en=name_en, name_source=written, span=span, support=support)
    rendering = english.render_name(source, span)
    support = spans(english.check_name(rendering, source, [span]).support)
    return Name(
        name_en=rendering, name_source=written, span=span, support=support, rendered_by="code"
    )


def named(source: str, found: Argument, names_allowed: frozenset[str]) -> Name | None:
    """Code's English for an argument: transliterated only where the cue says it is a
    name, else only as the lexicon or gazetteer knows it; None when neither holds
    (a reader must never read "Ahtamalat" for احتمالات, nor a model be told to write it).
    """
    span = exact(found.start, found.end)
    if found.cue in names_allowed or known(source, span):
        return name(source, span, None, [])
    return None


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", normalize(text).text))


def _names(item: Item) -> list[tuple[str, Name]]:
    """The item's named people or bodies, by the field that holds each."""
    built = item.built
    if isinstance(built, Quote):
        return [("speaker", built.speaker)]
    if isinstance(built, Event) and built.reported_by is not None:
        return [("reported_by", built.reported_by)]
    return []


def roots(mentions: list[str]) -> dict[str, str]:
    """Each mention's fullest form: a mention joins the one longer mention whose words
    include all of its words ("التركي" in "اللواء منصور التركي"); with several such
    mentions it is ambiguous and stays itself.
    """
    words = {m: _words(m) for m in mentions}

    def host(mention: str) -> str | None:
        hosts = [m for m in mentions if words[mention] < words[m]]
        return hosts[0] if len(hosts) == 1 else None

    found = {}
    for mention in mentions:
        root = mention
        while (up := host(root)) is not None:
            root = up
        found[mention] = root
    return found


def one_name_per_speaker(items: list[Item]) -> None:
    """Give every mention of a speaker the English its fullest mention got first ("أمير
    منطقة عسير" the name of "الأمير فيصل …، أمير منطقة عسير"), whichever chunk labelled it.
    """
    named = [(item, field, name) for item in items for field, name in _names(item)]
    mentions = list(dict.fromkeys(n.name_source for _, _, n in named if n.name_source))
    fullest = roots(mentions)
    english: dict[str, Name] = {}
    for _, _, name in named:
        if name.name_source and fullest[name.name_source] == name.name_source:
            english.setdefault(name.name_source, name)
    for item, field, name in named:
        chosen = english.get(fullest.get(name.name_source or "", ""))
        if chosen is None or chosen is name:
            continue
        update: dict[str, Any] = {
            "name_en": chosen.name_en,
            "support": chosen.support,
            "rendered_by": chosen.rendered_by,
        }
        if isinstance(name, Speaker) and isinstance(chosen, Speaker):
            update["role"] = chosen.role or name.role
        assert item.built is not None
        item.built = item.built.model_copy(update={field: name.model_copy(update=update)})
