"""Where the text of a JSON record is: every string (and number) in it, nested ones included.

Personal data is not only in a ``text`` field: ``{"phone": "13812345678", "text": "别再打了"}``
carries a phone in a field of its own, and exports nest (``{"caller": {"phone": …}}``). So by
default every string of a record is looked at, at any depth, every number too (a phone
written as a JSON number, 13812345678 or 13812345678.0), and every field name. Naming fields narrows this to those top-level
fields (their values are still looked at whole, nested parts included). Values that cannot hold a
number (short, or without a digit or '@': most ids, names and speakers) give no slot.

A list of objects with a ``text`` string each (ASR segments, ``{"segments": [...]}``) is one call:
its texts are redacted together, so a number split across segments (or said over several turns) is found
(:meth:`screen.redact.redactor.Redactor.redact_segments`); the segments' other fields are looked
at one by one like any other field.

A list of short strings, or of objects each holding one (``["幺", "三", "八", …]``, ASR word lists
such as ``[{"word": "138", "start_time": 0}, {"word": "1234"}, …]``, nested ones such as
``ws[].cw[].w``), is one sequence too: its words are read joined, so the pieces of a number or a
name spelt one word at a time are found and replaced piece by piece
(:class:`WordListSlot`), as well as one by one.

A JSON number is read like its text (:func:`number_text`): ``13812345678.0`` and
``1.3812345678e10`` as ``13812345678``. A whole number too wide for a float to hold exactly (an ID
or card number exported as a float) cannot be read back: such a record is refused (quarantined).

Paths name where a text is, for people: ``phone``, ``caller.phone``, ``segments[2].text``.

>>> record = {"id": 7, "tel": 13812345678, "text": "hi", "meta": {"tags": ["手机13812345678"]}, "ok": True}
>>> [slot.path for slot in text_slots(record, ())]
['tel', 'meta.tags[0]']
>>> [slot.path for slot in text_slots({"segments": [{"speaker": "agent 13812345678", "text": "一三八"}]}, ())]
['segments', 'segments[0].speaker']
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass

from screen.redact.headers import whole_value_entity
from screen.redact.redactor import could_hold_a_finding

# Deeper records are refused (quarantined) rather than walked: no export nests this deep, and a
# hostile one must not exhaust the stack.
MAX_DEPTH = 64


class TextSlot:
    """One string (or integer) of a record: ``container[key]``.

    A plain class with slots rather than a dataclass: one is made for most records, and a frozen
    dataclass takes three times as long to make.
    """

    __slots__ = ("path", "container", "key", "entity")

    def __init__(self, path: str, container, key, entity: str | None = None):
        self.path = path
        self.container = container  # the dict or list holding it
        self.key = key
        # what the field's name says the value is, when it says a name, an address or an
        # account id (姓名, 家庭住址, 微信): the value is replaced whole, as a cell of such a column
        self.entity = entity

    def __repr__(self) -> str:
        return f"TextSlot({self.path!r})"

    @property
    def text(self) -> str:
        value = self.container[self.key]
        return value if value.__class__ is str else number_text(value) or str(value)

    def set(self, text: str) -> None:
        self.container[self.key] = text


@dataclass(frozen=True)
class KeySlot:
    """The name of a field that could hold a number itself (``{"13812345678": …}``)."""

    path: str
    container: dict
    key: str

    @property
    def text(self) -> str:
        return self.key

    def set(self, text: str) -> None:
        """Rename the field in place, keeping the order of fields; a name another field already
        has gets a number (two masked numbers can look alike)."""
        new, number = text, 1
        while new in self.container:
            number += 1
            new = f"{text} ({number})"
        items = list(self.container.items())
        self.container.clear()
        self.container.update((new if name == self.key else name, value) for name, value in items)


@dataclass(frozen=True)
class SegmentSlot:
    """The ``text`` strings of a list of segments, redacted together."""

    path: str
    segments: list  # of dicts; those with a "text" string take part

    @property
    def texts(self) -> list[str]:
        return [segment.get("text", "") for segment in self.segments]

    @property
    def speakers(self) -> list:
        """Each segment's ``speaker`` (None where it has none): turns tell where a number goes on."""
        return [segment.get("speaker") for segment in self.segments]

    def set(self, texts: list[str]) -> None:
        for segment, text in zip(self.segments, texts):
            if "text" in segment:
                segment["text"] = text


@dataclass(frozen=True)
class WordListSlot:
    """The words of a list of short strings (or of objects each holding one), read as one
    sequence: each word is ``container[key]`` in a list or object of the record."""

    path: str
    words: tuple[tuple[object, object], ...]  # (container, key) of each word, in order
    speakers = None  # read as one speaker's words, as a segment list's texts are read

    @property
    def texts(self) -> list[str]:
        return [container[key] for container, key in self.words]

    def set(self, texts: list[str]) -> None:
        for (container, key), text in zip(self.words, texts):
            container[key] = text


Slot = TextSlot | KeySlot | SegmentSlot | WordListSlot


def is_segment_list(value) -> bool:
    """A non-empty list of objects whose ``text``, where present, is a string, and one has it."""
    if value.__class__ is not list or not value:
        return False
    if not all(item.__class__ is dict for item in value):
        return False
    texts = [item["text"] for item in value if "text" in item]
    return bool(texts) and all(text.__class__ is str for text in texts)


def text_slots(record: dict, text_fields: tuple[str, ...]) -> list[Slot]:
    """The texts of ``record``: all of them, or those under the top-level ``text_fields``.

    ``ValueError`` when none of ``text_fields`` is in the record, or it nests too deeply.
    """
    if not text_fields:
        return _without_word_leaves(_walk_dict(record, "", 0))
    present = [name for name in text_fields if name in record]
    if not present:
        raise ValueError(f"no text field {text_fields[0]!r}")
    slots: list[Slot] = []
    for name in present:
        slots.extend(_walk(record, name, name, 0))
    return _without_word_leaves(slots)


def _without_word_leaves(slots: list[Slot]) -> list[Slot]:
    """The slots less each word of a word list, which its list's slot reads (joined, and each
    word on its own): a word is not counted twice."""
    lists = [slot for slot in slots if slot.__class__ is WordListSlot]
    if not lists:
        return slots
    words = {(id(container), key) for slot in lists for container, key in slot.words}
    return [slot for slot in slots if slot.__class__ is not TextSlot or (id(slot.container), slot.key) not in words]


def worth_scanning(value) -> bool:
    """A string or number the recognizers could find something in (bool is not int here: its
    class is bool); ``ValueError`` for a whole number too wide for the float it is written as."""
    if value.__class__ is str:
        return could_hold_a_finding(value)
    return number_text(value) is not None


# The widest whole number a float holds exactly; a wider one has lost its last digits.
_EXACT_FLOAT_LIMIT = 2**53


def number_text(value) -> str | None:
    """The text a JSON number is read as, or None for a value that cannot hold a finding (a
    number under five digits, a boolean, null, NaN). A whole number written as a float is read as
    its digits, as a spreadsheet or a dataframe export writes a phone column.

    >>> [number_text(value) for value in (13812345678, 13812345678.0, 1.3812345678e10, 7, 7.5, True, None)]
    ['13812345678', '13812345678', '13812345678', None, None, None, None]
    >>> number_text(1.1010519491231002e17)
    Traceback (most recent call last):
    ...
    ValueError: a whole number of 16 or more digits written as a float (its last digits are lost: write IDs and card numbers as strings)
    """
    kind = value.__class__
    if kind is int:
        return None if -10_000 < value < 10_000 else str(value)
    if kind is not float or not math.isfinite(value) or -10_000 < value < 10_000:
        return None
    if not value.is_integer():
        return repr(value)
    if abs(value) >= _EXACT_FLOAT_LIMIT:
        raise ValueError(
            "a whole number of 16 or more digits written as a float "
            "(its last digits are lost: write IDs and card numbers as strings)"
        )
    return str(int(value))


def _walk(container, key, path: str, depth: int) -> Iterator[Slot]:
    value = container[key]
    kind = value.__class__
    if kind is dict:
        yield from _walk_dict(value, path + ".", depth + 1)
    elif kind is list:
        yield from _walk_list(value, path, depth + 1)
    elif worth_scanning(value):
        yield TextSlot(path, container, key)


def _walk_dict(value: dict, prefix: str, depth: int) -> list[Slot]:
    """The slots of one object: a list, not a generator, because most records are one flat
    object and this runs once per record."""
    if depth > MAX_DEPTH:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
    slots: list[Slot] = []
    entities, names_that_could_hold = field_names(tuple(value))
    for (key, item), entity in zip(value.items(), entities):
        kind = item.__class__
        if kind is str:  # the common leaf, checked here rather than through worth_scanning
            if entity is not None and item.strip():
                slots.append(TextSlot(f"{prefix}{key}", value, key, entity))
            elif could_hold_a_finding(item):
                slots.append(TextSlot(f"{prefix}{key}", value, key))
        elif kind is dict or kind is list:
            slots.extend(_walk(value, key, f"{prefix}{key}", depth))
        elif worth_scanning(item):  # a number: under 姓名 or QQ, replaced whole like a text
            slots.append(TextSlot(f"{prefix}{key}", value, key, entity if kind is not bool else None))
    # after the values: renaming a field must not come before its value is set
    slots.extend(KeySlot(f"{prefix}{key}", value, key) for key in names_that_could_hold)
    return slots


@functools.lru_cache(maxsize=1024)
def field_names(names: tuple) -> tuple[tuple, tuple]:
    """For the field names of an object: the entity each name says its value is (or None), and
    the names that could hold a finding themselves. The records of one file mostly share their
    names, so this is worked out once per set of names, not once per record."""
    return tuple(whole_value_entity(name) for name in names), tuple(
        name for name in names if could_hold_a_finding(name)
    )


def _walk_list(value: list, path: str, depth: int) -> Iterator[Slot]:
    if depth > MAX_DEPTH:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
    if not is_segment_list(value):
        words = word_list(value, depth)
        if words is not None:
            # before the words one by one: a word then holds its share of a finding (138****)
            yield WordListSlot(path, words)
        for index in range(len(value)):
            yield from _walk(value, index, f"{path}[{index}]", depth)
        return
    yield SegmentSlot(path, value)
    for index, segment in enumerate(value):  # the segments' other fields, one by one
        for key in segment:
            if key != "text":
                yield from _walk(segment, key, f"{path}[{index}].{key}", depth + 1)


# Names of the field that holds a word in the word lists of ASR results (word, Word, w, text …);
# an object with one string field holds its word there, whatever its name.
WORD_FIELDS = frozenset(("word", "w", "text", "token", "char", "character", "onebest", "content"))


def word_list(value: list, depth: int = 0) -> tuple[tuple[object, object], ...] | None:
    """The words of a list of two or more items that each hold a word: strings, or objects with a
    word field (:data:`WORD_FIELDS`, or their one string field) or with one list of such items
    (iFlytek's ``ws[].cw[].w``); None for any other list.

    >>> [container[key] for container, key in word_list(["幺", "三", "八"])]
    ['幺', '三', '八']
    >>> [container[key] for container, key in word_list([{"Word": "138", "BeginTime": 0}, {"Word": "1234"}])]
    ['138', '1234']
    >>> [container[key] for container, key in word_list([{"bg": 0, "cw": [{"w": "一", "wp": "n"}]}, {"cw": [{"w": "三"}]}])]
    ['一', '三']
    >>> word_list([1, 2]) is None and word_list(["only one"]) is None
    True
    """
    if len(value) < 2:
        return None
    words: list[tuple[object, object]] = []
    for index, item in enumerate(value):
        held = [(value, index)] if item.__class__ is str else _words_of(item, depth + 1)
        if not held:
            return None
        words.extend(held)
    return tuple(words)


def _words_of(item, depth: int) -> list[tuple[object, object]]:
    """The word(s) one item of a word list holds (none when it holds no single word)."""
    if item.__class__ is not dict or depth > MAX_DEPTH:
        return []
    texts = [key for key, field in item.items() if field.__class__ is str]
    named = [key for key in texts if key.lower() in WORD_FIELDS]
    if len(named) == 1 or len(texts) == 1:
        return [(item, named[0] if named else texts[0])]
    if texts:
        return []  # several strings, none of them named as the word: not a word list
    nested = [field for field in item.values() if field.__class__ is list]
    if len(nested) != 1:
        return []
    words: list[tuple[object, object]] = []
    for index, inner in enumerate(nested[0]):
        held = [(nested[0], index)] if inner.__class__ is str else _words_of(inner, depth + 1)
        if not held:
            return []
        words.extend(held)
    return words


def document_slots(document) -> list[Slot]:
    """Every text of a whole JSON document (an object or a list)."""
    if document.__class__ is dict:
        return _without_word_leaves(_walk_dict(document, "", 0))
    if document.__class__ is list:
        return _without_word_leaves(list(_walk_list(document, "", 1)))
    return []


def masked_name(name: str) -> str:
    """A field or column name (or a path) with any number in it masked, for messages and
    reports: a list without a header has its first record for column names, and a JSON field
    can be named by a phone number.

    >>> masked_name("a.13812345678.b")
    'a.138****5678.b'
    """
    if not could_hold_a_finding(name):
        return name
    from recognizers.scanner import scan

    pieces, position = [], 0
    for finding in scan(name):
        if finding.start >= position:
            pieces += [name[position : finding.start], finding.masked]
            position = finding.end
    return "".join(pieces) + name[position:]
