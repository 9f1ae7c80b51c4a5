"""Placing a finding's characters in time: properties of the word and segment rules, and the channel plans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screen.audio.channels import ChannelPlan
from screen.audio.spans import AudioSpan, finding_time, merged, word_offsets
from screen.audio.timing import TimedSegment, TimedWord, timed_segments, transcript_end
from screen.errors import UsageError


@st.composite
def timed_words(draw):
    """A segment of 1-12 words of 1-4 characters, back to back in time, and a character range in it."""
    texts = draw(st.lists(st.text("一二三四五六七八九零幺", min_size=1, max_size=4), min_size=1, max_size=12))
    durations = draw(st.lists(st.floats(0.05, 1.0), min_size=len(texts), max_size=len(texts)))
    words, now = [], 1.0
    for text, duration in zip(texts, durations):
        words.append(TimedWord(text, now, now + duration))
        now += duration + 0.01
    text = "".join(texts)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return TimedSegment("customer", 1.0, now, text, tuple(words)), start, end


@settings(max_examples=200, deadline=None)
@given(timed_words(), st.sampled_from([0.0, 0.08, 0.3]))
def test_the_span_runs_from_the_first_to_the_last_word_holding_the_finding(case, margin):
    segment, start, end = case
    begin, finish, how = finding_time(segment, start, end, margin)
    # the words holding the finding's characters, worked out from the word lengths alone
    holding, position = [], 0
    for word in segment.words:
        if position < end and start < position + len(word.text):
            holding.append(word)
        position += len(word.text)
    assert how == "words"
    assert begin == pytest.approx(max(0.0, holding[0].start - margin))
    assert finish == pytest.approx(holding[-1].end + margin)


@pytest.mark.parametrize(
    "text, words, offsets",
    [
        ("号码一三八好", ["号码", "一三八", "好"], [(0, 2), (2, 5), (5, 6)]),
        ("号码，一三八。", ["号码", "一三八"], [(0, 2), (3, 6)]),  # punctuation only in the text
        ("号码 138", ["号码", "138"], [(0, 2), (3, 6)]),
        ("号码一三八", ["号码", "138"], [(0, 2), None]),  # written otherwise: not found
        ("好好", ["好", "好"], [(0, 1), (1, 2)]),  # repeated words, in order
        ("好", ["好", "好"], [(0, 1), None]),
    ],
)
def test_word_offsets(text, words, offsets):
    assert word_offsets(text, [TimedWord(word, 0.0, 1.0) for word in words]) == offsets


@pytest.mark.parametrize(
    "words, segment_times, expected",
    [
        ([("号码", 1.0, 1.4), ("一三八", 1.4, 2.0)], (1.0, 2.0), (1.4, 2.0, "words")),
        ([("号码", 1.0, 1.4), ("一三八", None, 2.0)], (1.0, 2.5), (1.0, 2.5, "segment")),  # word without a start
        ([("号码", 1.0, 1.4), ("一三", 1.4, 1.8)], (1.0, 2.5), (1.0, 2.5, "segment")),  # 八 covered by no word
        ([], (1.0, 2.5), (1.0, 2.5, "segment")),
        ([], (None, 2.5), None),
        ([("号码", 1.0, 1.4)], (None, None), None),
    ],
)
def test_words_or_the_whole_segment_or_nothing(words, segment_times, expected):
    segment = TimedSegment("c", *segment_times, "号码一三八", tuple(TimedWord(*word) for word in words))
    assert finding_time(segment, 2, 5, margin=0.0) == expected


def test_times_read_from_the_own_shape():
    segments = timed_segments(
        [
            {"speaker": "a", "start": 0, "end": 2.5, "text": "一", "words": [{"text": "一", "start": 0.1, "end": 9.0}]},
            {"speaker": "b", "start": True, "end": float("nan"), "text": "二", "words": "not a list"},
            {"speaker": "b", "start": -1, "end": "3", "text": 7},
        ]
    )
    assert [(s.start, s.end, len(s.words)) for s in segments] == [(0.0, 2.5, 1), (None, None, 0), (None, None, 0)]
    assert segments[2].text == ""
    assert transcript_end(segments) == 9.0  # a word's end counts


def test_spans_that_touch_on_one_channel_merge():
    spans = [
        AudioSpan(1.0, 2.0, 1, ("A",), (0,), "words"),
        AudioSpan(2.0, 3.0, 1, ("B",), (1,), "segment"),
        AudioSpan(1.5, 2.5, 0, ("C",), (2,), "words"),
        AudioSpan(5.0, 6.0, 1, ("A",), (3,), "words"),
    ]
    assert [(s.start, s.end, s.channel, s.entities, s.located_by) for s in merged(spans)] == [
        (1.0, 3.0, 1, ("A", "B"), "segment"),
        (1.5, 2.5, 0, ("C",), "words"),
        (5.0, 6.0, 1, ("A",), "words"),
    ]


@pytest.mark.parametrize(
    "spec, speakers, channels, needed, expected",
    [
        ("all", ["a", "b"], 2, ["a"], {"a": None, "b": None}),
        ("all", ["a", "b", "c"], 1, ["c"], {"c": None}),
        ("order", ["b", "a", "b"], 2, ["a"], {"b": 0, "a": 1}),
        ("agent=1, customer=0", ["agent", "customer"], 2, ["customer"], {"agent": 1, "customer": 0}),
        ("agent=0,customer=1", ["agent", "customer", "ivr"], 2, ["customer"], {"customer": 1}),  # ivr: no finding
    ],
)
def test_channel_plans(spec, speakers, channels, needed, expected):
    resolve = ChannelPlan.parse(spec).resolver(speakers, channels, needed)
    assert {speaker: resolve(speaker) for speaker in expected} == expected


@pytest.mark.parametrize(
    "spec, speakers, channels, needed",
    [
        ("order", ["a", "b", "c"], 2, ["c"]),
        ("order", ["a"], 1, ["a"]),
        ("a=0,b=1", ["a", "b"], 1, ["a"]),
        ("a=0,b=2", ["a", "b"], 2, ["a"]),
        ("a=0", ["a", "b"], 2, ["b"]),
        ("a=x", ["a"], 2, ["a"]),
        ("=1", ["a"], 2, ["a"]),
    ],
)
def test_channel_plans_that_do_not_fit(spec, speakers, channels, needed):
    with pytest.raises(UsageError):
        ChannelPlan.parse(spec).resolver(speakers, channels, needed)
