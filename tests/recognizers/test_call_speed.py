"""The speed-ups of the call layer and the name search (issue 22, Speed) change no finding.

Each gate or shortcut is compared with the plain way it replaced: the gate searched for from every
position, the model asked about every clause, the call layer with every gate open. The calls are
generated: questions of every type, answers in pieces with backchannels, corrections, names said
alone, numbers the scanner finds on its own, small talk with names and look-alikes.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import SPOKEN, bank_cards, mobiles, resident_ids

from recognizers import call, name_model, person
from recognizers.findings import Finding

# --------------------------------------------------------------------------------------------
# Generated calls

_SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐段钟欧阳司马诸葛"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国浩鹏熙蕾"
_SMALL_TALK = (
    "好的，我明白了。", "您好，这里是示例人寿保险客服中心。", "王先生您好，给您介绍一下新产品。",
    "那每年大概要交多少钱？", "我跟家里人商量商量。", "保费是三千二百元一年。", "公司王伟经理会联系您。",
    "明白，非常感谢。", "我稍后电话联系您。", "地址就不用了。", "请问还有其他问题吗？", "张女士，祝您生活愉快。",
    "您的订单号是2023110512345。", "我们的客服电话是95588。", "下午三点可以吗？", "高明说他下周有空。",
)  # fmt: skip
_BACKCHANNELS = ("嗯", "您说", "后面呢？", "好", "还有呢", "好的", "嗯嗯，您继续")
_QUESTIONS = tuple(
    template.format(word)
    for words in call.QUESTIONS.values()
    for word in words
    for template in ("请问您的{}是多少？", "{}说一下？", "好的，{}。")
)


def _spoken(digits: str) -> str:
    return "".join(SPOKEN.get(char, ("叉",))[0] for char in digits)


@st.composite
def _value(draw) -> str:
    """Something an answer may hold: a number (whole, spoken, cut, a digit off), a name, a plate,
    an account spelled out, a correction, nothing."""
    kind = draw(st.sampled_from(("mobile", "id", "card", "name", "plate", "wechat", "near", "none", "correction")))
    if kind in ("mobile", "id", "card", "near", "correction"):
        number = draw({"mobile": mobiles(), "id": resident_ids(), "card": bank_cards()}.get(kind, mobiles()))
        if kind == "near":
            number = number[: draw(st.integers(7, len(number) - 1))]
        text = _spoken(number) if draw(st.booleans()) else number
        if kind == "correction":
            text = text[:5] + "，说错了，是" + text[4:]
        return text
    if kind == "name":
        name = draw(st.sampled_from(_SURNAMES)) + draw(st.text(_GIVEN, min_size=1, max_size=2))
        said = draw(st.sampled_from(("{1}。", "我叫{1}。", "免贵姓{0}，叫{1}。", "{1}，{2}字的{2}。", "{1}，木子李。")))
        return said.format(name[0], name, name[-1])
    if kind == "plate":
        return draw(st.sampled_from(("粤B，嗯，幺二三四五", "是皖F零两幺七五", "京A12345")))
    if kind == "wechat":
        return draw(st.sampled_from(("w x 幺二三 下划线 a b c", "xiaoyu_317，全小写", "大写的A b c 1 2 3")))
    return draw(st.sampled_from(("好的。", "稍等一下。", "这个不方便说。")))


@st.composite
def _turns(draw) -> list[tuple[str, str]]:
    turns: list[tuple[str, str]] = []
    for _ in range(draw(st.integers(2, 8))):
        shape = draw(st.sampled_from(("question", "question", "talk")))
        if shape == "talk":
            turns.append((draw(st.sampled_from(("坐席", "客户"))), draw(st.sampled_from(_SMALL_TALK))))
            continue
        turns.append(("坐席", draw(st.sampled_from(_QUESTIONS))))
        value = draw(_value())
        cuts = sorted(draw(st.lists(st.integers(1, max(1, len(value) - 1)), max_size=3, unique=True)))
        for index, (low, high) in enumerate(zip([0, *cuts], [*cuts, len(value)])):
            if index:
                turns.append(("坐席", draw(st.sampled_from(_BACKCHANNELS))))
            turns.append(("客户", value[low:high]))
    return turns


calls = _turns().map(lambda turns: "\n".join(f"{speaker}：{words}" for speaker, words in turns))

# --------------------------------------------------------------------------------------------
# The name gate and the model's clauses


def _unannounced_starts_searched(text: str, first_only: bool = False) -> list[int]:
    """The gate as it was: searched for again from every place after the last one."""
    starts = []
    match = person._UNANNOUNCED.search(text)
    while match is not None:
        surname_end = match.start() + len(person.surname_of(match.group()))
        if not person._in_word(text, match.start()) and not text.startswith(person.TITLES, surname_end):
            starts.append(match.start())
            if first_only:
                break
        match = person._UNANNOUNCED.search(text, match.start() + 1)
    return starts


_NAMEY = st.text(alphabet=_SURNAMES + _GIVEN + "的了是先生女士公司明白商量非常保险，。\n 1二", max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_NAMEY, calls), st.booleans())
def test_the_name_gate_finds_the_places_the_searched_gate_finds(text, first_only):
    assert person._unannounced_starts(text, first_only) == _unannounced_starts_searched(text, first_only)


@pytest.mark.parametrize(
    "text", ["公司王伟来过", "欧阳娜娜说", "王先生您好", "司马光", "明白了", "，李", "张。王伟", "诸葛亮亮"]
)
def test_the_name_gate_on_compound_surnames_titles_and_words(text):
    assert person._unannounced_starts(text) == _unannounced_starts_searched(text)


def _proposals_every_clause(text: str, starts: list[int] | None) -> list[tuple[int, int]]:
    found = set()
    for clause in name_model._CLAUSE.finditer(text):
        for low, high in name_model._windows(clause, starts):
            found.update((low + start, low + end) for start, end in name_model._window_names(text[low:high]))
    return sorted(found)


@settings(max_examples=60, deadline=None)
@given(calls, st.data())
def test_the_model_reads_the_same_windows_when_clauses_without_a_start_are_passed_by(text, data):
    starts = sorted(data.draw(st.lists(st.integers(0, max(0, len(text) + 2)), max_size=6)))
    assert name_model.proposals(text, starts) == _proposals_every_clause(text, starts)


# --------------------------------------------------------------------------------------------
# The call layer with every gate open


def _holds_each(self, entity: str, offsets: list[int]) -> bool:
    return all(self.holds(entity, offset) for offset in offsets)


def _open_every_gate(patch: pytest.MonkeyPatch) -> None:
    """The call layer as it read without its shortcuts: each digit of an answer looked up alone,
    the spelled-character pattern searched for in every call that says 的."""
    patch.setattr(call._Covered, "holds_all", _holds_each)
    patch.setattr(call, "_spells_one_of", lambda text, characters: "的" in text)


@settings(max_examples=150, deadline=None)
@given(calls)
def test_the_call_layer_finds_what_it_finds_with_every_gate_open(text):
    gated = call.scan_call(text)
    with pytest.MonkeyPatch.context() as patch:
        _open_every_gate(patch)
        assert call.scan_call(text) == gated


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=6),
    st.lists(st.integers(-2, 80), max_size=20),
)
def test_the_digits_of_an_answer_are_covered_as_each_is(pieces, offsets):
    findings = [Finding("CN_PHONE_NUMBER", start, start + size, 0.9, "") for start, size in pieces]
    covered = call._Covered(findings)
    assert covered.holds_all("CN_PHONE_NUMBER", sorted(offsets)) == _holds_each(
        covered, "CN_PHONE_NUMBER", sorted(offsets)
    )


@functools.cache
def _default_session():
    """The model's session as ONNX Runtime sets it up by default (a thread per core)."""
    import onnxruntime

    model = name_model._model()
    return onnxruntime.InferenceSession(model._session._model_path, providers=model._session.get_providers())


@settings(max_examples=60, deadline=None)
@given(st.one_of(_NAMEY, calls).filter(bool))
def test_the_model_on_one_thread_gives_the_emissions_of_its_default_session(text):
    import numpy

    model = name_model._model()
    window = text[:40]
    feeds = {
        "token_ids": numpy.array(
            [[model._vocab.get(model._q2b.get(char, char), model._oov_id) for char in window]], dtype=numpy.int64
        ),
        "length": numpy.array([len(window)], dtype=numpy.int64),
    }
    assert model._session.get_session_options().intra_op_num_threads == 1
    assert numpy.array_equal(model._session.run(None, feeds)[0], _default_session().run(None, feeds)[0])
