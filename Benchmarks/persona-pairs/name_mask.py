"""The Python twin of Sources/PersonaKit/NameMask.swift: a persona's own name and username in its texts
become one neutral token, so text similarity reads what a persona is, not what it is called.

The token and the list of names that are also ordinary words are read from the Swift source, so the
two sides cannot drift apart; Tests/PersonaKitTests checks the Swift side against masked texts this
module wrote (scripts/reference/make_name_mask_fixtures.py).
"""
import os
import re
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_SOURCE = open(os.path.join(ROOT, "Sources/PersonaKit/NameMask.swift"), encoding="utf-8").read()
TOKEN = re.search(r'static let token = "([^"]+)"', _SOURCE).group(1)
ORDINARY = set(re.search(r'ordinaryWords: Set<String> = Set\("""(.*?)"""', _SOURCE, re.S).group(1).replace("\\\n", " ").split())
_INNER = {".", "_", "'", "’"}


def fold(text):
    """Lower case without accents, one kind of apostrophe ("Lucía" and "LUCIA" fold alike)."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped).casefold().replace("’", "'")


def _is_word_char(c):
    return c.isalpha() or c.isnumeric()


def words(text):
    """(word, start, end): runs of letters and digits with inner `.`, `_` and apostrophes, trailing ones cut."""
    result, start = [], None

    def close(end):
        nonlocal start
        if start is None:
            return
        last = end
        while last > start and text[last - 1] in _INNER:
            last -= 1
        if start < last:
            result.append((text[start:last], start, last))
        start = None

    for index, c in enumerate(text):
        if _is_word_char(c):
            if start is None:
                start = index
        elif start is None or c not in _INNER:
            close(index)
    close(len(text))
    return result


class NameMask:
    """The mask of one persona's name and username."""

    def __init__(self, name, username):
        self.name_words = {fold(w) for w, _, _ in words(name or "") if len(fold(w)) >= 2 and any(c.isalpha() for c in fold(w))}
        handle = fold((username or "").strip(" "))
        if handle.startswith("@"):
            handle = handle[1:]
        self.username = handle if len(handle) >= 2 else None

    def empty(self):
        return not self.name_words and self.username is None

    def _is_match(self, text):
        folded = fold(text)
        if self.username is not None and folded == self.username:
            return True
        if folded not in self.name_words:
            return False
        if folded in ORDINARY:
            return text[:1].isupper()
        return True

    def _match(self, word):
        """None when not the name; else whether it is the possessive form."""
        if self._is_match(word):
            return False
        for suffix in ("'s", "’s", "'S", "’S"):
            if word.endswith(suffix) and self._is_match(word[:-2]):
                return True
        return None

    def spans(self, text):
        spans = []  # [start, end, possessive]
        for word, start, end in words(text):
            possessive = self._match(word)
            if possessive is None:
                continue
            if spans and not spans[-1][2] and all(c in " -" for c in text[spans[-1][1]:start]):
                spans[-1][1], spans[-1][2] = end, possessive
            else:
                spans.append([start, end, possessive])
            if not possessive and (word.endswith("s") or word.endswith("S")) and end < len(text) and text[end] in "'’":
                after = end + 1
                if after == len(text) or not _is_word_char(text[after]):
                    spans[-1][1], spans[-1][2] = after, True
        return spans

    def apply(self, text, token=TOKEN):
        if self.empty():
            return text
        out, position = [], 0
        for start, end, possessive in self.spans(text):
            out.append(text[position:start])
            out.append(token + "'s" if possessive else token)
            position = end
        out.append(text[position:])
        return "".join(out)


def name_blind(persona, token=TOKEN):
    """PersonaTextTemplate.nameBlind: the persona with its own name masked in its texts (`token` other
    than the shipped one only for choosing it, choose_name_token.py)."""
    mask = NameMask(persona.get("name"), persona.get("username"))
    if mask.empty():
        return persona
    shown = dict(persona)
    shown["name"] = token
    shown["username"] = None if persona.get("username") is None else token
    shown["traits"] = [mask.apply(t, token) for t in persona["traits"]]
    shown["background"] = mask.apply(persona["background"], token)
    shown["chatting_style"] = mask.apply(persona["chatting_style"], token)
    return shown
