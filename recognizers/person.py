"""PERSON: a Chinese personal name (Presidio's own entity name), said or written on a call.

Format: a surname (one character such as 王, or a compound one such as 欧阳, 司马, 诸葛, 上官;
the list is ``data/surnames.txt``, from 百家姓 plus common modern surnames) followed by a given name
of one or two characters (王伟, 李秀英, 欧阳娜娜). A name alone is any two or three characters, so
a name is only looked for where a call or form says one is coming:

* self-introductions: 我叫…, 本人…, 我的名字是…, 我姓王叫建国;
* form fields: 姓名, 户名, 持卡人, 收件人, 收货人, 联系人, 投保人, 被保险人, 开户人 …;
* the agent's check: 请问是李秀英吗, 您是王建国本人吗, and 我是张伟 at the end of a phrase;
* a name before a form of address: 李秀英女士, 王建国先生, 张伟经理 (先生, 女士, 小姐, 老师,
  总, 经理, 阿姨 …);
* a relative or the person a call is passed to: 我老公王建国, 转给李秀英, and a three-character
  name said as its own phrase after an acknowledgement (好的，刘建军，您的订单…); both only with a
  given name made of common given-name characters.

A surname said as one (王先生, 李女士, 我姓王) is how a call names its customer: it is a PERSON
over the surname alone, masked whole (王先生 → *先生), since keeping it would hide nothing.
A name that ASR split with a space, a comma, a pause or 呃 after the surname (我叫王 建国,
请问是李，秀英吗) is one finding over both parts; its value is the name without the gap.

Company, product and place names (平安保险, 王者荣耀, 张家界), and common words that start with a
surname character (高兴, 方便, 常常, 黄金), are not names.

Mask: the surname stays, the given name is starred (张**, 欧阳**), as Chinese systems show it.

>>> [(s, e, m.value) for s, e, m in find("您好，我叫王建国，身份证号…")]
[(5, 8, '王建国')]
>>> [(s, e, m.value) for s, e, m in find("请问是李秀英女士吗")]
[(3, 6, '李秀英')]
>>> [m.value for _, _, m in find("持卡人：欧阳娜娜")], find("很高兴为您服务，请问是方便接电话吗")
(['欧阳娜娜'], [])
>>> mask("欧阳娜娜"), mask("张伟"), [(m.value, mask(m.value)) for _, _, m in find("好的，王先生")]
('欧阳**', '张*', [('王', '*')])
"""

from __future__ import annotations

import bisect
import functools
import re
from importlib import resources

from recognizers import places
from recognizers.context import literal_alternation
from recognizers.matches import Match
from recognizers.normalize import SPOKEN_DIGITS

ENTITY = "PERSON"

_INTRODUCTIONS = ("我叫", "我的名字是", "我的名字叫", "名字叫", "名字是", "本人", "本人是", "我姓")
_FIELDS = (
    "姓名",
    "户名",
    "开户名",
    "账户名",
    "持卡人",
    "收件人",
    "收货人",
    "联系人",
    "投保人",
    "被保险人",
    "被保人",
    "开户人",
    "借款人",
    "受益人",
    "申请人",
    "名字",
)
_QUESTIONS = ("请问是", "请问您是", "您是", "你是", "我是")
# Who someone is to the caller, or whom the call goes to next: a name may follow with no name word.
_RELATIONS = ("老公", "老婆", "爱人", "丈夫", "妻子", "儿子", "女儿", "爸爸", "妈妈", "转给", "交给")
TITLES = ("先生", "女士", "小姐", "老师", "总", "经理", "阿姨", "叔叔", "师傅", "主任", "医生", "律师", "同学")
# What follows a person and never a place.
_PERSON_FOLLOWERS = (*TITLES, "本人")
# An acknowledgement and a comma, after which the agent or caller may say a name as its own phrase.
# Not context words: they are in every call; the search pattern asks for the name itself.
_ACKNOWLEDGEMENTS = ("好的", "对的", "是的", "对", "嗯", "好")
_PHRASE_ENDS = "，。？！、,.?!\n"
CONTEXT = _INTRODUCTIONS + _FIELDS + _QUESTIONS + _RELATIONS + TITLES

# After a question word the name must end the question: 请问是李秀英吗, 您是王建国本人吗.
_QUESTION_ENDS = ("吗", "嘛", "吧", "本人", "对吧", "是吧", "啊", "呀", "？", "?", "，", ",", "。", "!", "！", " ")
# What follows a person named without a title: 韩梅梅的妈妈, 王建国家, 李秀英那边, 张伟办的, 李明在吗.
_NAME_FOLLOWERS = ("的", "家", "那边", "这边", "办的", "在吗", "在不在", "在家")
# Characters that end a name as it is said: little words, question particles, and the first
# characters of what a caller says next (身份证, 电话, 手机, 今年, 住在 …).
_NOT_GIVEN = frozenset(
    "的了是在和与跟及或吗呢吧啊呀哦嗯哈么嘛啦喔哟今昨前后现就也都还又再才很太不没要想会能得着过给对向从"
    "把被让叫说问请谢您你我他她它们这那哪什怎为因所如但而先女老总经阿叔师身电手号码卡证住家地址年岁性男"
    "办打来去到上下里中有个二三四五六七八九十零幺两元块日月点分时联系方式工作公司银行保险士姐同本人名"
    "字姓户持收件投开借款受益等之其各每某该此已将当以并且则即便只仅好吃喝看找用做"
    "副部处局厅室组队团委员任间"  # units of an organisation before a title: 公司副总, 公关部经理, 车间主任
    "一壹贰叁肆伍陆柒捌玖拾佰仟〇百千万亿"  # digits, written, spoken or formal: 伍叁 is part of a number
)
# Characters common in given names, written out for this module (伟, 芳, 秀英, 建国 …; no list
# was copied). The second character of a given name is taken when it is one of these, or
# when the name ends there (punctuation, a little word, a form of address, the end of the text):
# 借款人何伟逾期 is 何伟, 我叫王建国 is 王建国.
_COMMON_GIVEN = frozenset(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华建国红玲志鹏浩宇晨欣怡婷雪琳佳俊峰博文嘉辉斌波宁飞云鑫凯"
    "龙林玉兰萍燕梅莉颖琴蓉慧晶丹倩萌瑶璐璇雯婕婉淑惠珍贞凤翠琼娥莹茜薇蕾蓓露月星阳光亮新春秋冬雨雷霆天海江"
    "河山川松柏竹菊荷莲芝芬芸菲萱晓思梦佩晴宏庆祥福禄寿德仁义礼智信忠孝勤俭正清廉达成功业兴旺昌盛荣富贵安康"
    "健乐欢喜悦然泽润涵瀚淼洁澄沛源深淳潇雅娴妍姝娇媛嫣妮娅婧嫦双彤彬杉柯栋梁楠森枫桐桦樱榕杨柳树岚嵩岳崇峻"
    "巍岩石坚钢铁铭锋锐钧铮镇振宙宽宸宛宜宣容寒实守宝家宗定官彦彪影心怀恩恒敬旭昊昕昭晖晗晟景暖曦朗朝东辰"
    "剑力勋卓卫厚君启和咏哲圣坤培基增壮士声威子孟季学巧年征律忆念恺戈才斐斯方昆易普暄曼朋朔杭果梓毅民永汉"
    "沁治泉泰洪渊溪滨澜灿炜烨煜熙爽玮珊琦琪瑜瑞甜生登白皓盈真睿祥秀程立章童笑筠箐紫纯维羽翔翰耀聪胜舒航良"
    "艺芊芷苗若茂茹菁蝶西言诗诚语谦豪贝贤越轩远迎逸道钰锦长闻雁雄霖霏青韵顺馨驰骏鹏鹤麒黎晋琛璋珏瑾琰蕊"
    "娣妹兵斌军华峥嵘洲淇湘萧桥彩丰发根林水金土木火福贵宝珠环香花翠凤兰莲菊梅"
)
# Digits in any written form: a name does not start right after one (…陆伍叁叔叔 is a number).
# Digits as a number is said or written: every spoken form (radio-style 拐, 勾, 洞 too) and the formal ones.
_DIGIT_CHARS = frozenset("0123456789０１２３４５６７８９十拾佰仟百千万" + "".join(SPOKEN_DIGITS.values()))
# Not even a rare given name at the end of a phrase: digits, particles and little words (请问是王吗).
_NOT_RARE_GIVEN = _DIGIT_CHARS | frozenset("吗呢吧啊呀哦嗯哈么嘛啦喔哟了的是在好们和与跟也都还就先女老总经阿叔师本人家")
# Surname characters that are mostly little words; outside a form field or self-introduction
# they start a phrase, not a name (请问是有什么事吗, 和李伟先生).
_WORDLIKE_SURNAMES = frozenset(
    "但位来由门阿呼闭信普有能都和从向於那后相查通别时成计经应解干家全国空公益盖养须终居步满利越融毋乐长年爱言福伯法师第百太子区"
)
# Words that start with a surname character: the commonest after an introduction or question.
_NOT_NAMES = frozenset(
    (
        "高兴",
        "王者",
        "常常",
        "方便",
        "方面",
        "方式",
        "方法",
        "方案",
        "黄金",
        "平安",
        "马上",
        "全部",
        "安全",
        "安排",
        "时间",
        "明天",
        "明白",
        "关于",
        "关系",
        "周末",
        "文件",
        "金额",
        "余额",
        "项目",
        "费用",
        "钱包",
        "于是",
        "和平",
        "常用",
        "平时",
        "平台",
        "成功",
        "程序",
        "经理",
        "应该",
        "解决",
        "国家",
        "东西",
        "公司",
        "利息",
        "师傅",
        "年龄",
        "商量",
        "江湖",
        "高级",
        "高端",
        "黄色",
        "白色",
        "红色",
        "蓝色",
        "金色",
        "路上",
        "石头",
        "张家",
        "任何",
        "许多",
        "万一",
        "毕业",
        "管理",
        "包括",
        "单位",
        "计划",
        "连续",
        "易行",
        "宁可",
        "秦朝",
        "宋朝",
        "唐朝",
        "杜绝",
        "苏醒",
        "谢谢",
        "严重",
        "华为",
        "金融",
        "申请",
        "冷静",
        "简单",
        "曾经",
        "舒服",
        "满意",
        "齐全",
        "何时",
        "孙子",
        "元旦",
        "伍佰",
        "柯南",
        "季度",
        "贾乃亮",
        "艾克斯",  # the X of an ID number, said
        # brands named like people
        "周大福",
        "周黑鸭",
        "王老吉",
        "李宁",
        "马应龙",
        "张小泉",
        # a field word followed by where it is on the form (姓名那栏)
        "那栏",
        "那里",
        "那边",
        "那个",
        "那些",
        "那儿",
        # a surname character and a form of address that make a word
        "班主任",
        "林业",
        "江边",
        "白天",
        # a time of the week or the season, its first character a surname (周中联盟杯, 季初低走)
        "周中",
        "周初",
        "季初",
        "季中",
        "季末",
        "季后",
    )
)
# What follows a company, shop or product name: 张伟科技有限公司 is no person.
_ORGANISATION_WORDS = (
    "保险",
    "银行",
    "集团",
    "公司",
    "科技",
    "证券",
    "基金",
    "荣耀",
    "地产",
    "置业",
    "商贸",
    "贸易",
    "酒店",
    "餐厅",
    "超市",
    "药房",
    "医院",
    "学校",
    "大学",
    "中学",
    "小学",
    "工作室",
)

_AFTER_TRIGGER = re.compile(r"(?:写的是|填的是|写成|填成|叫做|[是为叫写填：:，,\s]){0,2}")
# What ASR puts between a surname and its given name: a space, a comma, a pause, a filler.
_ASR_GAP = re.compile(r"(?:[\s，,、]|……|…)+(?:[呃嗯啊](?:[\s，,、]|……|…)*)?|\s?[呃嗯]\s?")
# Before a surname said alone with a form of address (让李经理, 一个朱小姐): no character, or a
# little word; a character of a word (客户经理, 找个老师傅) is not a surname.
_BEFORE_LONE_SURNAME = frozenset("让给跟和找是位个叫问请喊把被对向帮那这您你我他她了吗呢吧啊嗯哦喂好")
_GIVEN_NAME_INTRO = re.compile(r"[，,\s]?(?:叫|名叫|名字叫|单名一个|单名)")


@functools.cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(compound surnames, single surnames) from ``data/surnames.txt``."""
    lines = resources.files("recognizers").joinpath("data", "surnames.txt").read_text(encoding="utf-8").splitlines()
    names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return frozenset(name for name in names if len(name) == 2), frozenset(name for name in names if len(name) == 1)


def _own_phrase_mention() -> str:
    """，刘建军，: a comma, a surname, two common given-name characters and the end of the phrase
    (the acknowledgement before the comma is checked after the search). As a pattern, so a text
    with only 好的 is not searched further; it starts with the comma, the fastest search, and has
    no lookaround (polars' engine has none)."""
    single = "".join(sorted(_surnames()[1] - _WORDLIKE_SURNAMES))
    given = "".join(sorted(_COMMON_GIVEN))
    return rf"，[{single}][{given}]{{2}}(?:[{_PHRASE_ENDS}]|$)"


# What no given name holds: particles, pronouns, punctuation-like little words. The gate is wider
# than :data:`_NOT_GIVEN` (刘中山, 王为民, 李开复, 刘月红 are names); the vetting is done after.
_NOT_IN_NAMES = frozenset("的了是在吗呢吧啊呀哦嗯哈么嘛啦喔哟们我你他她它这那您")


def _given_class(excluded: frozenset[str] = _NOT_GIVEN) -> str:
    """A character class of the Chinese characters that may be in a given name, as ranges (no
    lookaround and no set operations: polars' engine reads it too)."""
    ranges, low, previous = [], None, None
    for code in range(0x4E00, 0x9FA6):
        if chr(code) in excluded:
            continue
        if previous is not None and code == previous + 1:
            previous = code
            continue
        if low is not None:
            ranges.append((low, previous))
        low = previous = code
    ranges.append((low, previous))
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


def _unannounced_gate() -> str:
    """A surname (not one that is mostly a little word) and a character a given name may hold:
    where a name said with no name word can be, and so where the model is asked (王建国来过电话)."""
    compound, single = _surnames()
    return rf"(?:{literal_alternation(compound)}|[{''.join(sorted(single - _WORDLIKE_SURNAMES))}])[{_given_class(_NOT_IN_NAMES)}]"


# Where a name said with no name word may be: the model (:mod:`recognizers.name_model`) reads
# only the clauses this finds something in.
UNANNOUNCED = _unannounced_gate()
_UNANNOUNCED = re.compile(UNANNOUNCED)
# The first character of each surname the gate takes, before a character a given name or a
# compound surname may hold: where the gate can match (a class of single characters, which re
# scans for in C), and nowhere else.
_SURNAME_FIRST = re.compile(
    "["
    + "".join(sorted({name[0] for name in _surnames()[0]} | (_surnames()[1] - _WORDLIKE_SURNAMES)))
    + "](?=["
    + _given_class(_NOT_IN_NAMES)
    + "]|["
    + "".join(sorted({name[1] for name in _surnames()[0]}))
    + "])"
)
_WORD_MENTION = literal_alternation(CONTEXT)
# The words every name finding follows or comes before, but for an own phrase (see
# :data:`recognizers.text_entities.GATES`, which searches for those with MENTIONS[1]).
GATE_WORDS = CONTEXT
# Searched apart: Python's re is fast on an alternation of literals only, and ten times slower on
# one that also has a branch with character classes.
MENTIONS = (_WORD_MENTION, _own_phrase_mention())
# Both in one pattern, for engines that test a whole column at once (polars).
MENTION = "|".join(MENTIONS)
_TRIGGERS = tuple(re.compile(pattern) for pattern in MENTIONS)


@functools.cache
def _common_words() -> frozenset[str]:
    """Two-character common words with a surname character at either end (``data/common_words.txt``)
    and the words of :data:`_NOT_NAMES`."""
    lines = resources.files("recognizers").joinpath("data", "common_words.txt").read_text(encoding="utf-8")
    words = (line.strip() for line in lines.splitlines() if line.strip() and not line.startswith("#"))
    return frozenset(words) | frozenset(word[:2] for word in _NOT_NAMES)


@functools.cache
def _words() -> frozenset[str]:
    """The commonest two-character words (``data/words.txt``): 车间, 设计, 财务 are no given names."""
    lines = resources.files("recognizers").joinpath("data", "words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in lines.splitlines() if line.strip() and not line.startswith("#"))


def _in_word(text: str, start: int) -> bool:
    """True when the surname character at ``start`` is part of a common word: 商量, 明白, 公司
    (司), 非常 (常)."""
    words, pair = _common_words(), text[start : start + 2]
    return (pair in words and pair not in _surnames()[0]) or (start > 0 and text[start - 1 : start + 1] in words)


def _unannounced_starts(text: str, first_only: bool = False) -> list[int]:
    """Where a surname and a given-name character start that are not a common word."""
    starts = []
    gate_at = _UNANNOUNCED.match
    # every place a surname's first character stands (overlapping: 公司王伟), the gate tried there:
    # the gate searched for from each place was two thirds of the name search on a call
    for first in _SURNAME_FIRST.finditer(text):
        start = first.start()
        if _in_word(text, start):
            continue  # most places: 保险, 明白, 公司 (the cheaper test first)
        match = gate_at(text, start)
        # the gate is the surname and one character: 王先生, 李女士 are left to the rules, which
        # find the surname said as one
        if match is not None and not text.startswith(TITLES, match.end() - 1):
            starts.append(start)
            if first_only:
                break
    return starts


def could_hold_unannounced(text: str) -> bool:
    """True when ``text`` has a surname and a given-name character that are not a common word:
    where the model is asked for a name no name word announces."""
    return bool(_unannounced_starts(text, first_only=True)) or _PERSON_CONTEXT.search(text) is not None


def is_surname(value: str) -> bool:
    """True for a surname alone (王, 欧阳)."""
    compound, single = _surnames()
    return value in compound or value in single


def surname_of(name: str) -> str:
    """The surname a name starts with (compound first), or '' when it starts with none."""
    compound, single = _surnames()
    if name[:2] in compound and len(name) > 2:
        return name[:2]
    return name[:1] if name[:1] in single else ""


def _is_given_character(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" and char not in _NOT_GIVEN


def _given_length(text: str, start: int) -> int:
    """How many characters (at most two) of a given name start at ``start``."""
    if start >= len(text):
        return 0
    second = start + 1
    if not _is_given_character(text[start]):
        # a rare given-name character (刘想) still counts when the name ends right after it
        ends = second >= len(text) or not "\u4e00" <= text[second] <= "\u9fff"
        return 1 if ends and "\u4e00" <= text[start] <= "\u9fff" and text[start] not in _NOT_RARE_GIVEN else 0
    if second >= len(text) or not _is_given_character(text[second]):
        return 1
    if text[second] in _COMMON_GIVEN:
        return 2
    after = second + 1
    ends = after >= len(text) or not _is_given_character(text[after]) or text.startswith(TITLES, after)
    return 2 if ends else 1


def _is_word_or_place(text: str, start: int, end: int, places_too: bool = True) -> bool:
    """True when the characters read as a common word, a company or product name, or (with
    ``places_too``) a province or city. After 我叫 or 户名 a city's name is a person's (金华);
    after 我是 or 请问是 it is where someone is from (我是张家界的), unless a form of address or
    本人 follows it (请问是金华先生吗: a place is never called 先生)."""
    name = text[start:end]
    if name in _NOT_NAMES or name[:2] in _NOT_NAMES or text[start : start + 3] in _NOT_NAMES:
        return True
    if places_too and not text.startswith(_PERSON_FOLLOWERS, end):
        place = places.longest_at(text, start)
        if place is not None and places.level(place) != "county":
            return True
    return text.startswith(_ORGANISATION_WORDS, end)


def _name_at(text: str, start: int, wordlike_ok: bool) -> int | None:
    """End of a surname-first name starting at ``start``, or None."""
    surname = surname_of(text[start : start + 3])
    if not surname or (not wordlike_ok and surname in _WORDLIKE_SURNAMES):
        return None
    given = _given_length(text, start + len(surname))
    if given == 0:
        return None
    end = start + len(surname) + given
    return None if _is_word_or_place(text, start, end, places_too=not wordlike_ok) else end


def _ends_phrase(text: str, end: int) -> bool:
    return end == len(text) or text.startswith(_QUESTION_ENDS + TITLES + _NAME_FOLLOWERS, end)


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


_PARTICLES = frozenset("吗呢吧啊呀哦嗯哈么嘛啦喔哟了是们")


_PRONOUNS = frozenset("我你您他她它")


def _whole_phrase_name(text: str, start: int) -> int | None:
    """姓名：陈好, 我叫王和平, 联系人司马相如: after a form field or a self-introduction, a surname and
    a given name that fill the phrase are a name whatever their characters (和, 在, 如, 一, 好 are
    given names too). End of the name, or None when the phrase is not 2-4 Chinese characters."""
    surname = surname_of(text[start : start + 3])
    if not surname:
        return None
    end = start + len(surname)
    stops = _NAME_FOLLOWERS + TITLES + _QUESTION_ENDS
    while end < len(text) and _is_cjk(text[end]) and not text.startswith(stops, end):
        end += 1
        if end - start > 4:
            return None
    while end > start + len(surname) and text[end - 1] in _PARTICLES:
        end -= 1  # 收件人写李刚吗
    given = text[start + len(surname) : end]
    if not 1 <= len(given) <= 2 or any(char in _PRONOUNS for char in given):  # 一, 三 too: 赵一如, 张三
        return None  # 我叫张伟我的手机号…: the phrase runs on into the next sentence
    return None if _is_word_or_place(text, start, end, places_too=False) else end


def _after_word(text: str, trigger: re.Match) -> tuple[int, int, str] | None:
    """A name said after an introduction, a form field, a question word or a relation."""
    word = trigger.group()
    start = _AFTER_TRIGGER.match(text, trigger.end()).end()
    if word == "我姓":
        return _surname_then_given(text, start)
    if word in _RELATIONS:
        return _relative(text, start)
    if word.startswith("，"):  # no name word holds a comma: the pattern of a name as its own phrase
        return _own_phrase(text, trigger.start() + 1)
    questioning = word in _QUESTIONS
    end = _name_at(text, start, wordlike_ok=not questioning)
    if not questioning:
        whole = _whole_phrase_name(text, start)
        if whole is not None and (end is None or whole > end):
            return start, whole, text[start:whole]
    if end is None:
        return _split_name(text, start, questioning)
    if questioning and not _ends_phrase(text, end):
        return None
    return start, end, text[start:end]


def _relative(text: str, start: int) -> tuple[int, int, str] | None:
    """我老公王建国, 转给李秀英: with no name word, only a given name of common characters."""
    end = _name_at(text, start, wordlike_ok=False)
    if end is None:
        return None
    given = text[start + len(surname_of(text[start:end])) : end]
    return (start, end, text[start:end]) if all(char in _COMMON_GIVEN for char in given) else None


def _own_phrase(text: str, start: int) -> tuple[int, int, str] | None:
    """对，陈玉珍，就是我: after an acknowledgement and a comma, a surname and two common given-name
    characters, the whole phrase."""
    if not text.endswith(_ACKNOWLEDGEMENTS, 0, start - 1):
        return None
    located = _relative(text, start)
    if located is None or located[1] - start - len(surname_of(located[2])) != 2:
        return None
    end = located[1]
    return located if end == len(text) or text[end] in _PHRASE_ENDS else None


def _split_name(text: str, start: int, questioning: bool) -> tuple[int, int, str] | None:
    """我叫王 建国, 户名郑，刚, 请问是李……秀英吗: a surname, an ASR gap, a given name that ends
    the phrase. The value is the name without the gap."""
    surname = surname_of(text[start : start + 3])
    if not surname or (questioning and surname in _WORDLIKE_SURNAMES):
        return None
    gap = _ASR_GAP.match(text, start + len(surname))
    if gap is None or gap.end() >= len(text) or not _is_given_character(text[gap.end()]):
        return None
    end = gap.end() + _given_length(text, gap.end())
    value = surname + text[gap.end() : end]
    if not _ends_phrase(text, end) or _is_word_or_place(value, 0, len(value), places_too=questioning):
        return None
    return start, end, value


def _surname_then_given(text: str, start: int) -> tuple[int, int, str] | None:
    """我姓王，叫建国 (the value is 王建国) or 我姓王，叫王建国."""
    surname = surname_of(text[start : start + 3])
    if not surname:
        return None
    given_word = _GIVEN_NAME_INTRO.match(text, start + len(surname))
    if given_word is None:
        # 我姓王。: the surname alone (not 我姓名…, the field word)
        after = start + len(surname)
        alone = after == len(text) or not _is_given_character(text[after])
        return (start, after, surname) if alone and not text.startswith("名", start) else None
    given_start = given_word.end()
    if text.startswith(surname, given_start):
        end = _name_at(text, given_start, wordlike_ok=True)
        return None if end is None else (given_start, end, text[given_start:end])
    given = _given_length(text, given_start)
    if given == 0:
        return None
    return start, given_start + given, surname + text[given_start : given_start + given]


def _before_title(text: str, title: re.Match) -> tuple[int, int, str] | None:
    """李秀英女士, 王建国先生: the longest name that ends right before the form of address."""
    end = title.start()
    if title.group() == "总" and end + 1 < len(text) and text[end + 1] in "共是部额计的结体数量价监裁之":
        return None  # 总共, 总是, 总部: not a form of address
    if title.group() == "总":
        return _lone_surname(text, end)  # 王总, 李总; before 总 two characters are a word (设计总负责)
    for length in (4, 3, 2):
        start = end - length
        if start < 0:
            continue
        surname = surname_of(text[start:end])
        if not surname or surname in _WORDLIKE_SURNAMES or len(surname) >= length:
            continue
        if _given_length(text[start:end], len(surname)) != length - len(surname):
            continue
        if _titled_name_ok(text, start, end, surname):
            return start, end, text[start:end]
    return _lone_surname(text, end)


def _titled_name_ok(text: str, start: int, end: int, surname: str) -> bool:
    """Whether the characters before a title are a name, not the end of a word or a number."""
    given = text[start + len(surname) : end]
    if not all(_is_given_character(char) for char in given):
        return False  # 委员会主任: a rare character before a title is the end of a word
    inside_words = start > 0 and _is_cjk(text[start - 1]) and text[start - 1] not in _BEFORE_LONE_SURNAME
    in_a_word = inside_words and (given in _words() or text[start:end] in _words())  # 被告代理|律师
    if _inside_place(text, start) or in_a_word or _after_place(text, start):
        return False  # 上海吴小姐 (海 ends a city), 历任财务经理 (a word), 北京华英台总经理 (a company)
    if start > 0 and (text[start - 1] in _DIGIT_CHARS or text[start - 1 : start + 1] in _common_words()):
        return False  # the end of a number said in digits (…陆伍叁叔叔), of a word (公关|媒介经理, 对于|张先生)
    return not _is_word_or_place(text, start, end)


def _after_place(text: str, start: int) -> bool:
    """True when a province or city name ends right before ``start`` (北京|华英台)."""
    place = places.longest_ending_at(text, start)
    return place is not None and places.level(place) != "county"


def _inside_place(text: str, start: int) -> bool:
    """True when a province or city name starts before ``start`` and goes on past it."""
    for back in range(1, 7):
        if start - back < 0:
            return False
        place = places.longest_at(text, start - back)
        if place is not None and start - back + len(place) > start:
            return True
    return False


def _lone_surname(text: str, end: int) -> tuple[int, int, str] | None:
    """王先生, 让上官经理: a surname alone right before a form of address, after no character or
    a little word (客户经理, 班主任 are words)."""
    for length in (2, 1):
        start = end - length
        piece = text[max(start, 0) : end]
        if start < 0 or not is_surname(piece) or piece in _WORDLIKE_SURNAMES:
            continue
        before = text[start - 1] if start > 0 else ""
        after_place = places.longest_ending_at(text, start) is not None
        after_word = start >= 2 and text[start - 2 : start] in _words()  # 对于张先生
        if _is_cjk(before) and before not in _BEFORE_LONE_SURNAME and not (after_place or after_word):
            continue
        if text[start : start + 3] in _NOT_NAMES:
            continue
        return start, end, piece
    return None


# The hundred commonest surnames (about 85% of people): a two-character name the model proposes
# must start with one of them.
_COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# What follows a name on a résumé, a form or a label: its sex, a form of address, a phone number.
_SAID_OF_A_PERSON = re.compile(r"\s*[，,：:]?\s*(?:[男女](?:[，,。\s]|$)|先生|女士|1[3-9]\d)")
# Characters that end a place's name and never a person's (董家河 is a river, 蒋村 a village).
_PLACE_ENDS = frozenset("村镇乡县区市省路街巷庄屯寨港湾河湖岛")
# Characters a name never holds: particles and little words the model sometimes takes in (何也).
_NEVER_GIVEN = frozenset("吗呢吧啊呀哦嗯哈么嘛啦喔哟了的是们也都还就某氏")  # 左氏, 王氏: a family


# Characters that spell foreign names and clubs (斯, 卡, 诺, 蒂 …) and hardly ever a Chinese given name.
_TRANSLITERATION = frozenset("斯卡普索蒂赫略茨勒夫耶兹拉特托")
# Forms of address and kin words the model takes in with the surname (王总, 张奶奶, 刘书记).
_FORMS_OF_ADDRESS = (
    *TITLES,
    "奶奶",
    "爷爷",
    "书记",
    "博士",
    "同志",
    "主编",
    "教授",
    "院长",
    "局长",
    "哥",
    "姐",
    "叔",
    "婶",
    "某",
)
# A foreign name as Chinese writes it: two or more transliterated parts joined by a middle dot.
_TWO_CHARACTER_FORMS = tuple(form for form in _FORMS_OF_ADDRESS if len(form) == 2)
_FOREIGN_NAME = re.compile(r"[\u4e00-\u9fff]{2,}(?:[·•][\u4e00-\u9fff]{1,})+")


@functools.cache
def _named_after_people() -> tuple[str, ...]:
    """Words after a name inside something named after a person (``data/named_after_people.txt``)."""
    lines = resources.files("recognizers").joinpath("data", "named_after_people.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in lines.splitlines() if line.strip() and not line.startswith("#"))


def _in_a_title(text: str, start: int, end: int) -> bool:
    """True inside the book-title marks of a work (《红楼梦：林黛玉与北静王》): a character or an
    author named in a title, not a person spoken of."""
    opened = text.rfind("《", 0, start)
    return opened >= 0 and text.rfind("》", opened, start) < 0 and text.find("》", end) >= 0


def _model_name_ok(text: str, start: int, end: int, surname: str) -> bool:
    """Whether the model's name holds what names hold and sits where names sit."""
    name = text[start:end]
    given = name[len(surname) :]
    if any(char in _NEVER_GIVEN or char in _TRANSLITERATION for char in given) or name[-1] in _PLACE_ENDS:
        return False
    if name[0] in _DIGIT_CHARS and any(char in _DIGIT_CHARS for char in given):
        return False  # 伍零: digits, the first of them a surname
    if given[0] == surname[-1] or name.endswith(_FORMS_OF_ADDRESS):
        return False  # 王总, 张奶奶, 丁丁, 毛毛虫: a surname with a title, a nickname
    if text.startswith(_named_after_people(), end) or text.startswith(_TWO_CHARACTER_FORMS, end - 1):
        return False  # 徐悲鸿研究会: named after a person; 宋同|志: a surname and a form of address
    return end == len(text) or text[end] not in _PLACE_ENDS


# Words said of a person right after their name (表示, 透露, 执导 …) or right before it (记者, 教练):
# context that lets a name with no Chinese surname through (transliterated names: 埃雷拉表示).
# Not the words of a call (介绍, 告诉, 说): the model would be asked about every other line.
_PERSON_VERBS = ("表示", "透露", "指出", "执导", "主演")
_PERSON_ROLES = ("记者", "教练", "主帅", "导演", "总统", "首相", "球员", "演员", "作家", "歌手", "队长")
_PERSON_CONTEXT = re.compile(literal_alternation(_PERSON_VERBS + _PERSON_ROLES))
# Titles and roles said right before a name (经理封屹, 县长于有斌, 主帅埃雷拉).
_ROLES_BEFORE = (
    *TITLES,
    *_PERSON_ROLES,
    "部长",
    "县长",
    "市长",
    "所长",
    "局长",
    "院长",
    "总理",
    "书记",
    "主席",
    "总监",
    "总裁",
    "董事长",
    "主持人",
)


def _foreign_in_context(text: str, start: int, end: int) -> bool:
    """A name the model proposes with no Chinese surname (埃雷拉, 约翰森), said with a word said of a person."""
    if not 2 <= end - start <= 6 or not all(_is_cjk(char) or char in "·•" for char in text[start:end]):
        return False
    return text.startswith(_PERSON_VERBS, end) or text.endswith(_PERSON_ROLES, 0, start)


def _has_context(text: str, start: int, end: int) -> bool:
    """True when the name's clause holds a Chinese character or a digit besides the name."""
    ends = "。！？；\n"
    before = max(text.rfind(char, 0, start) for char in ends) + 1
    after = min((found for found in (text.find(char, end) for char in ends) if found >= 0), default=len(text))
    return any(_is_cjk(char) or char.isdigit() for char in text[before:start] + text[end:after])


def _end_before_a_title(text: str, given_start: int, end: int) -> int:
    """``end``, or where a form of address begins inside the given name (皇甫英|女士: the model
    took 女 of 女士)."""
    if text.startswith(TITLES, end):
        return end
    return next((inside for inside in range(given_start, end) if text.startswith(TITLES, inside)), end)


def _not_digits(text: str, start: int, end: int) -> bool:
    """False for a "name" of two or more digit characters (伍肆·壹: formal digits said with a pause)."""
    return sum(char in _DIGIT_CHARS for char in text[start:end]) < 2


def _vetted(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A name the model proposes, kept when the rules agree: a surname and a one- or two-character
    given name of Chinese characters, not a common word, place, company or product, not before a
    form of address (王总: the rules find the surname said as one); the model's end is moved
    past a given-name character it left out when the name ends there (王小|和 → 王小和)."""
    if _FOREIGN_NAME.fullmatch(text, start, end) or _foreign_in_context(text, start, end):
        return (start, end) if _not_digits(text, start, end) else None  # 安吉丽娜·茱莉, 埃雷拉表示
    surname = surname_of(text[start : start + 3])
    given = end - start - len(surname)
    if not surname or not 1 <= given <= 2 or not all(_is_cjk(char) for char in text[start:end]):
        return None
    end = _end_before_a_title(text, start + len(surname) + 1, end)
    given = end - start - len(surname)
    rare = surname in _WORDLIKE_SURNAMES or (len(surname) == 1 and surname not in _COMMON_SURNAMES)
    if given == 1 and rare and not _SAID_OF_A_PERSON.match(text, end) and not text.endswith(_ROLES_BEFORE, 0, start):
        return None  # 单月, 于是: two characters with a rare surname are mostly a word (虞斌，男 is not)
    if given == 1 and end < len(text) and _is_given_character(text[end]) and text[end] not in _PLACE_ENDS:
        after = end + 1
        if after == len(text) or not _is_cjk(text[after]) or _ends_phrase(text, after):
            end = after
    if not _model_name_ok(text, start, end, surname):
        return None
    if start > 0 and text[start - 1] in _DIGIT_CHARS:
        return None  # the end of a number said in digits (…幺二三艾克斯: the X of an ID)
    if end - start - len(surname) == 1 and not _has_context(text, start, end):
        return None  # 单月 alone: the model had nothing to go on
    if _in_word(text, start) or _is_word_or_place(text, start, end):
        return None
    return start, end


def _model_findings(text: str) -> list[tuple[int, int]]:
    """Names the model finds where no name word announces them (see :mod:`recognizers.name_model`)."""
    starts = _unannounced_starts(text)
    for context in _PERSON_CONTEXT.finditer(text):  # where a name with no Chinese surname may be
        starts.append(context.end() if context.group() in _PERSON_ROLES else max(0, context.start() - 4))
    if not starts:
        return []
    starts.sort()
    from recognizers import name_model

    spans = (_vetted(text, start, end) for start, end in name_model.proposals(text, starts))
    return [span for span in spans if span is not None]


_LONGEST_NAME = 32  # characters: longer than any name a rule finds (安吉丽娜·茱莉 is 7)


def find(text: str, model: bool = True) -> list[tuple[int, int, Match]]:
    """``(start, end, match)`` for each name said where a name is expected, and (with ``model``)
    each name the model finds and the rules let through."""
    found = {key: match for key, match in _rule_findings(text).items() if not _in_a_title(text, *key)}
    if model:
        keys = sorted(found)  # looked up by bisection: a long call holds many names
        for start, end in _model_findings(text):
            near = keys[bisect.bisect_left(keys, (start - _LONGEST_NAME,)) : bisect.bisect_left(keys, (end,))]
            overlapping = [key for key in near if key[0] < end and start < key[1]]
            if any(is_surname(found[key].value) or key[1] - key[0] >= end - start for key in overlapping):
                continue  # the rules' finding covers it, or is a surname said as one (王总)
            if _in_a_title(text, start, end):
                continue  # 《…瑞奇·鲍比的情歌》: a work's title
            for key in overlapping:
                del found[key]  # the model's boundary is wider: a rule cut the name
                keys.remove(key)
            found[(start, end)] = Match(ENTITY, 0.7, text[start:end], "a name by the model, checked by the rules")
            bisect.insort(keys, (start, end))
    return [(start, end, match) for (start, end), match in sorted(found.items())]


def _rule_findings(text: str) -> dict[tuple[int, int], Match]:
    """``(start, end) -> match`` for each name said where a name word expects one."""
    found: dict[tuple[int, int], Match] = {}
    for trigger in (match for pattern in _TRIGGERS for match in pattern.finditer(text)):
        is_title = trigger.group() in TITLES
        located = _before_title(text, trigger) if is_title else _after_word(text, trigger)
        if located is None:
            continue
        start, end, value = located
        score = (
            0.7 if is_title or trigger.group() in _QUESTIONS + _RELATIONS or trigger.group().startswith("，") else 0.85
        )
        reason = "surname and given name " + ("before a form of address" if is_title else "after a name word")
        if is_surname(value):
            score, reason = 0.6, "surname said as one"
        found.setdefault((start, end), Match(ENTITY, score, value, reason))
    return found


def looks_like_name(value: str) -> bool:
    """True for a value that is a whole name and nothing else (张三, 欧阳娜娜; not 高兴, 北京, 王总):
    how a column of bare names is told without its header.

    >>> [looks_like_name(v) for v in ("张三", " 欧阳娜娜 ", "高兴", "北京", "王总", "王建国先生")]
    [True, True, False, False, False, False]
    """
    value = value.strip()
    surname = surname_of(value[:3])
    given = value[len(surname) :]
    if not surname or not 1 <= len(given) <= 2 or not all(_is_cjk(char) for char in value):
        return False
    if any(char in _NEVER_GIVEN for char in given) or value.endswith(_FORMS_OF_ADDRESS):
        return False
    return not _is_word_or_place(value, 0, len(value)) and value not in _words() and value not in _common_words()


def mask(value: str) -> str:
    """Keep the surname, star the given name; a surname alone is starred whole."""
    if is_surname(value):
        return "*" * len(value)
    kept = len(surname_of(value)) or 1
    return value[:kept] + "*" * (len(value) - kept)
