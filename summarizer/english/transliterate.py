"""Code's own English for an Arabic name: readable Latin that the skeleton comparison
accepts, for when a model's rendering of a name fails.
"""

from __future__ import annotations

from summarizer.english.letters import arabic_letters
from summarizer.english.skeleton import JOINED

_LATIN = {
    "b": "b",
    "t": "t",
    "th": "th",
    "j": "j",
    "ḥ": "h",
    "kh": "kh",
    "d": "d",
    "dh": "dh",
    "r": "r",
    "z": "z",
    "s": "s",
    "sh": "sh",
    "ṣ": "s",
    "ḍ": "d",
    "ṭ": "t",
    "ẓ": "z",
    "gh": "gh",
    "f": "f",
    "q": "q",
    "k": "k",
    "l": "l",
    "m": "m",
    "n": "n",
    "h": "h",
    "w": "w",
    "y": "y",
    "p": "p",
    "ch": "ch",
    "zh": "zh",
    "g": "g",
}


def transliterate(word: str) -> str:
    """Readable Latin for one Arabic word without its article: كينشاك → Kinshak.

    Long vowels are written a/i/u, ى and ة as a, ع as a before a consonant (' after a
    vowel), and as a after a consonant before a long vowel; a hamza seated on ي or و
    between consonants as the vowel its seat spells (بئر: Bir). Short
    vowels are not written in Arabic, so an a is put only where English could not do
    without one: between two consonants that open the word, before a third consonant in
    a row, and an i in the CāCiC of Khalid. The result agrees with `arabic_skeleton`.
    """
    spelled = arabic_letters(word)
    out: list[str] = []
    run = 0  # consonants written since the last vowel
    for index, letter in enumerate(spelled):
        following = spelled[index + 1] if index + 1 < len(spelled) else None
        if letter.kind == "long":
            out.append(letter.value)
            run = 0
        elif letter.kind == "ain":
            if following is not None and following.kind == "consonant":
                out.append("'" if out and out[-1][-1] in "aiu" else "a")  # Baza'a, not Bazaaa
                run = 0
            elif following is not None and following.kind == "long" and run:
                out.append("a")  # Said, Shuaib: not Sid, Shib
                run = 0
        elif letter.kind == "hamza" and letter.value and run and following is not None:
            if following.kind == "consonant":
                out.append(letter.value)  # بئر: Bir
                run = 0
        elif letter.kind == "consonant":
            ending = following is None and letter.value == "h" and word.endswith(("ة", "ه"))
            if ending and any(before.kind == "consonant" for before in spelled[:index]):
                out.append("a" if word.endswith("ة") or run == 0 else "ah")
                continue
            latin = _LATIN[letter.value]
            khalid = (
                following is None and run == 1 and index >= 2 and spelled[index - 2].value == "a"
            )
            twice = run >= 1 and out[-1] == latin  # two letters written: ططري is Tatari
            if run >= 2 or (run == 1 and len(out) == 1) or khalid or twice:
                out.append("i" if khalid else "a")
                run = 0
            if run and out[-1][-1] + latin[0] in JOINED:
                out.append("'")  # two letters that would read as one: Ad'ham, not Adham
            out.append(latin)
            run += 1
    text = "".join(out)
    return text[:1].upper() + text[1:]
