"""CN_ADDRESS: street addresses (divisions, then road and number, estate, building and room).

Table rows mark the expected finding with ⟦ ⟧ (see ``strategies.unmark``).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import unmark

from recognizers import address
from recognizers.masking import mask
from recognizers.scanner import scan

ENTITY = address.ENTITY


def _found(text: str) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in scan(text) if f.entity == ENTITY]


ADDRESSES = [
    "地址是⟦武汉市洪山区珞喻路1037号3栋2单元1502室⟧",
    "地址是⟦湖北省武汉市洪山区珞喻路1037号⟧",
    "客户：我家住⟦北京市朝阳区望京西园三区221号楼1单元502⟧",
    "收货地址：⟦广东省深圳市南山区科技园南区高新南一道6号⟧",
    "寄到⟦浙江杭州西湖区文三路90号⟧东部软件园",
    "⟦上海市浦东新区张江镇碧波路690号⟧",
    "客户：⟦四川省成都市武侯区人民南路四段12号⟧",
    "⟦江苏省南京市鼓楼区中山北路200号⟧",
    "我家在⟦湖北省黄冈市红安县八里湾镇陡山村3组⟧",
    "住在⟦阳光花园5栋⟧",
    "我住在⟦珞喻路1037号⟧",
    "地址：⟦朝阳区建国路88号SOHO现代城A座⟧",
    "快递送到⟦天河区体育西路189号⟧就行",
    "我现住⟦广州市海珠区新港中路397号⟧",
    "住址是⟦郑州市金水区花园路21号院3号楼⟧",
    "您的账单地址是⟦重庆市渝北区龙湖花园⟧对吗",
    "坐席：收货地址⟦北京市海淀区学院路30号科大天工大厦B座⟧，没错吧？",
    "客户：家住⟦杭州市余杭区五常街道文一西路969号⟧。",
    "客户：现住⟦福建省厦门市思明区湖滨南路90号1单元602室⟧。",
    "客户：我住在⟦成都市锦江区春熙路南段8号⟧。",
]
# ASR cut the address with a comma, a space, a pause or a filler: still one address.
SPLIT_BY_ASR = [
    "客户：寄到⟦杭州市西湖区，嗯，长江路407号，嗯，保利公馆8号楼4单元33层⟧就行。",
    "坐席：户籍地址是⟦深圳市南山区……光谷大道995号⟧吗？",
    "客户：地址是⟦郑州市金水区 建设大街1836号⟧。",
    "客户：我住在⟦成都市武侯区，中山路5号⟧。",
    "坐席：您的通讯地址⟦杭州市西湖区 珞喻路736号 金色家园10栋5单元2703室⟧，需要更新吗？",
    "客户：我住在⟦成都市武侯区，嗯，学府路1810号，嗯，阳光花园7栋1203⟧。",
]


@pytest.mark.parametrize("marked", ADDRESSES + SPLIT_BY_ASR)
def test_street_addresses_are_found(marked):
    text, spans = unmark(marked)
    assert _found(text) == spans


NOT_ADDRESSES = [
    "我在武汉上班",
    "我在武汉市上班，住在洪山区",
    "我是湖北人，在北京工作",
    "张家界旅游挺好的",
    "这个市场的小区有5栋楼",
    "6月3号去市区办事",
    "北京路5号",  # a road and number with no division and no address word: any place
    "我们在市中心的一个路口3号门",
    "地址我等下发给您",
    "武汉市的房价涨了",
    "他们公司在深圳市南山区",
    "我知道了，6号上午到",
    "我下个月去武汉市出差3号回来",
    "北京市5号线地铁站",
    "上海市浦东新区9号放假",
    "我住在武汉，洪山区那边",
    "我在武汉市，有很多小区",
    "我下个月去武汉市出差，3号回来",
    "我们单位在武汉市洪山区，具体我不清楚",
]


@pytest.mark.parametrize("text", NOT_ADDRESSES)
def test_bare_places_and_dates_are_not_addresses(text):
    assert _found(text) == []


EMBEDDED = [
    "客服：收件人李明，地址是⟦武汉市洪山区珞喻路1037号⟧，电话13812345678，对吧？客户：对。",
    "客户：我叫王建国，住在⟦湖北省武汉市洪山区关山街道光谷大道77号⟧，车牌鄂A12345",
    "客服：好的，我们核对一下，您的地址是⟦北京市海淀区中关村大街27号⟧，邮编100080。",
]


@pytest.mark.parametrize("marked", EMBEDDED)
def test_addresses_inside_dialogue(marked):
    text, spans = unmark(marked)
    assert _found(text) == spans


def test_a_number_inside_an_address_belongs_to_it():
    text = "地址是武汉市洪山区珞喻路10086号"
    assert [f.entity for f in scan(text)] == [ENTITY]


@pytest.mark.parametrize(
    "value, masked",
    [
        ("湖北省武汉市洪山区珞喻路1037号3栋2单元1502室", "湖北省武汉市洪山区" + "*" * 18),
        ("武汉市洪山区珞喻路1037号", "武汉市洪山区********"),
        ("珞喻路1037号", "********"),
        ("广东省深圳市南山区科技园南区高新南一道6号", "广东省深圳市南山区" + "*" * 12),
    ],
)
def test_the_mask_keeps_the_divisions_down_to_the_district(value, masked):
    assert mask(ENTITY, value) == masked


def test_the_finding_is_masked():
    (finding,) = scan("地址是湖北省武汉市洪山区珞喻路1037号")
    assert finding.masked == "湖北省武汉市洪山区********"


DIVISIONS = [
    "湖北省武汉市洪山区",
    "北京市朝阳区",
    "广东省深圳市南山区",
    "四川成都武侯区",
    "上海市浦东新区",
    "江苏省苏州市",
]
ROADS = ["珞喻路", "人民南路", "中山北路", "解放大道", "建设街", "文三路"]
BUILDINGS = ["", "3栋2单元1502室", "5号楼", "12层", "A座"]


@settings(max_examples=150, deadline=None)
@given(
    division=st.sampled_from(DIVISIONS),
    road=st.sampled_from(ROADS),
    number=st.integers(1, 9999),
    building=st.sampled_from(BUILDINGS),
    before=st.sampled_from(("地址是", "客户：我住在", "寄到", "", "好的，")),
    after=st.sampled_from(("", "，谢谢", "。", "，对吗？")),
)
def test_divisions_road_and_number_make_an_address(division, road, number, building, before, after):
    written = f"{division}{road}{number}号{building}"
    text = before + written + after
    findings = [f for f in scan(text) if f.entity == ENTITY]
    assert [(f.start, f.end) for f in findings] == [(len(before), len(before) + len(written))]
    assert findings[0].masked == division + "*" * (len(written) - len(division))


# --- issue 23: addresses down to the door -----------------------------------------------------

DOWN_TO_THE_DOOR = [
    "地址：⟦九曲小区9-49-644⟧",
    "收货地址：⟦深圳市盐田区万科东海岸21-102⟧",
    "我家在⟦嘉兴市南湖区新仓镇，塔山村，前进组⟧",
    "住在⟦阳光花园3栋2单元501⟧",
    "⟦杭州市西湖区文三路90号3栋2单元501室⟧",
    "⟦盐田区山海四季城F栋17A⟧，13111111111",
    "⟦深圳市龙岗区南湾街道尚峰花园4C2231⟧",
    "⟦宁波市海曙区国丰街89弄5号799⟧",
    "⟦嘉兴濮院镇国贸大厦8924⟧",
    "张三 13800000000 ⟦武康镇蓝色港湾87幢1451室⟧",
    "⟦浙江省嵊州市甘霖镇杜暮头村⟧",
    "寄到⟦湖北省黄冈市红安县八里湾镇陡山村3组12号⟧",
    "地址是⟦武汉市洪山区 珞喻路1037号 3栋 2单元 1502室⟧，谢谢",
    "地址是⟦武汉市 洪山区 珞喻路1037号 3栋 2单元 1502室⟧，谢谢",  # spaces between divisions
    "⟦浙江省-台州市-黄岩区庆丰大道110号⟧",
    "李四 13912345678 ⟦江苏省 苏州市 吴江区 干将东路678号江苏大厦11楼⟧",
    "⟦宁波市江北区洪塘街道长阳路1017⟧",  # a house number with no 号
    "地址：⟦武汉市洪山区珞喻路1037号⟧，电话13812345678",  # digits after a comma are said next
    "⟦浙江省温岭市横峰镇下叶1049号⟧",
    "⟦绍兴市越城区浙江绍兴市越城区胜利东路1337号⟧",  # divisions written twice
    "⟦杭州市江干区九堡三村东苑2排6号⟧",
    "⟦广东省深圳市盐田区东海三街山海四季城F4E⟧",  # a flat after a place with no estate word
    "⟦广东省清远市 清城区洲心街道，金茂家园一栋一楼100号⟧商铺",  # 街道 is a street office
    "⟦江西南昌市青山湖区广兰大道418号东华理工大学核工系南区9栋1112室⟧",
]


@pytest.mark.parametrize("marked", DOWN_TO_THE_DOOR)
def test_addresses_are_found_down_to_the_door(marked):
    text, spans = unmark(marked)
    assert _found(text) == spans


@pytest.mark.parametrize(
    "value, masked",
    [
        ("深圳市盐田区万科东海岸21-102", "深圳市盐田区" + "*" * 11),
        ("嘉兴市南湖区新仓镇，塔山村，前进组", "嘉兴市南湖区" + "*" * 11),
        ("九曲小区9-49-644", "*" * 12),
        ("深圳市 南山区 南商路碧海天家园A89B", "深圳市 南山区" + "*" * 13),
    ],
)
def test_nothing_below_the_district_is_left(value, masked):
    assert mask(ENTITY, value) == masked


SMALL_TALK = [
    "我在乌镇玩了两天",
    "我们镇上有个超市",
    "山东省农村信用社打来的",
    "江苏省文联党组开会",
    "下周三去杭州市西湖区玩",
    "您在深圳市哪个区",
    "武汉市洪山区中山路100米左右就到",
]


@pytest.mark.parametrize("text", SMALL_TALK)
def test_towns_and_places_in_small_talk_are_not_addresses(text):
    assert _found(text) == []


@settings(max_examples=120, deadline=None)
@given(
    division=st.sampled_from(["", *DIVISIONS]),
    estate=st.sampled_from(["九曲小区", "阳光花园", "万科东海岸", "碧海苑"]),
    code=st.tuples(st.integers(1, 99), st.integers(1, 99), st.integers(101, 3299)),
    parts=st.integers(2, 3),
    separator=st.sampled_from(["-", "－"]),
    before=st.sampled_from(("地址：", "收货地址", "住在", "寄到")),
    after=st.sampled_from(("", "，谢谢", "。", " 13812345678")),
)
def test_any_compact_unit_code_is_part_of_the_address(division, estate, code, parts, separator, before, after):
    written = division + estate + separator.join(str(number) for number in code[-parts:])
    text = before + written + after
    findings = [f for f in scan(text) if f.entity == ENTITY]
    assert [(f.start, f.end) for f in findings] == [(len(before), len(before) + len(written))]
    assert findings[0].masked == division + "*" * (len(written) - len(division))


# --- divisions written without their level word (宁波鄞州, 绍兴柯桥, 慈溪) ---------------------------

# A county said without 区/县/市 right after the prefecture it is under, and a county-level city
# said on its own: the divisions of the address, kept by the mask.
SPOKEN_DIVISIONS = ["宁波鄞州", "绍兴柯桥", "上海浦东", "温州瓯海", "宁波江北", "慈溪", "乐清", "浙江温岭", "杭州萧山"]


@settings(max_examples=120, deadline=None)
@given(
    division=st.sampled_from(SPOKEN_DIVISIONS),
    road=st.sampled_from(ROADS),
    number=st.integers(1, 9999),
    building=st.sampled_from(BUILDINGS),
    before=st.sampled_from(("", "地址：", "收件人 王芳 13812345678 ", "寄到")),
    after=st.sampled_from(("", "，谢谢", " 13812345678")),
)
def test_divisions_said_without_their_level_word_start_the_address(division, road, number, building, before, after):
    written = f"{division}{road}{number}号{building}"
    text = before + written + after
    findings = [f for f in scan(text) if f.entity == ENTITY]
    assert [(f.start, f.end) for f in findings] == [(len(before), len(before) + len(written))]
    assert findings[0].masked == division + "*" * (len(written) - len(division))


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("江苏省苏州市解放大道1号", "江苏省苏州市"),  # 解放区 is in 焦作, not in 苏州: 解放大道 is the road
        ("北京朝阳路5号", "北京"),  # 朝阳区 is in 北京, but 朝阳路 is the road (no detail after 朝阳 alone)
        ("宁波鄞州中山路5号", "宁波鄞州"),
    ],
)
def test_a_county_without_its_level_word_is_one_only_under_its_prefecture(text, kept):
    (finding,) = [f for f in scan(text) if f.entity == ENTITY]
    assert finding.masked == kept + "*" * (len(text) - len(kept))


# --- after the divisions, a road with no number, or a named place after a town ------------

PLACE_NAMES = ["六里三湾浴室", "嘉丽泽农场", "铭球机械有限公司", "初级中学", "田宅工业区"]
TOWNS = ["澉浦镇", "五常街道", "杨林镇", "城东街道"]
PIECE_ENDS = ("", "，", " 13812345678", "，张三收", "13812345678")


@settings(max_examples=120, deadline=None)
@given(
    division=st.sampled_from(DIVISIONS + ["浙江省海盐县", "宁波鄞州"]),
    detail=st.one_of(
        st.sampled_from(ROADS),  # a road with no number, ending a piece of a label
        st.tuples(st.sampled_from(TOWNS), st.sampled_from(PLACE_NAMES)).map("".join),
    ),
    before=st.sampled_from(("", "收件人：李娜 ", "地址：")),
    after=st.sampled_from(PIECE_ENDS),
)
def test_a_road_or_a_named_place_after_divisions_ends_the_address_at_the_end_of_the_piece(
    division, detail, before, after
):
    written = division + detail
    text = before + written + after
    findings = [f for f in scan(text) if f.entity == ENTITY]
    assert [(f.start, f.end) for f in findings] == [(len(before), len(before) + len(written))]


NOT_A_PLACE = [
    "我在杭州市延安路上班",  # what is said after a place
    "宁波市鄞州区中山路附近",
    "成都市新筑路桥机械股份有限公司独立董事",  # a post held at a company
    "天津市宝坻石桥工业园区管理委员会主任",
    "四川成渝高速公路股份有限公司副总经理",
    "北京报道",  # 报道, 管道: words, not roads
    "淄博龙泉管道工程有限公司",
    "浙江省杭州市西湖区很漂亮",
]


@pytest.mark.parametrize("text", NOT_A_PLACE)
def test_posts_speech_and_words_after_divisions_are_not_addresses(text):
    assert _found(text) == []


# --- 和 inside a name (永和镇, 和睦桥村, 和义路) -------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    division=st.sampled_from(DIVISIONS),
    named=st.sampled_from(["永和镇青峰村", "乔司镇和睦桥村三组", "和义路", "汇和路", "和平路"]),
    number=st.integers(1, 999),
    building=st.sampled_from(BUILDINGS),
    after=st.sampled_from(("", "，谢谢", " 13812345678")),
)
def test_names_holding_he_stay_in_the_address(division, named, number, building, after):
    written = f"{division}{named}{number}号{building}"
    findings = [f for f in scan(written + after) if f.entity == ENTITY]
    assert [(f.start, f.end) for f in findings] == [(0, len(written))]


@pytest.mark.parametrize(
    "marked",
    [
        "地址：⟦文三路⟧和莫干山路交叉口",  # 和 joins two roads: the first is the address said
        "住在⟦阳光小区⟧和幸福花园之间",
    ],
)
def test_he_between_two_places_ends_the_first(marked):
    text, spans = unmark(marked)
    assert _found(text) == spans


# --- an ID said in groups right after a place is the ID, not a unit code (丁乡1-1 0 1052…) --------


@settings(max_examples=60, deadline=None)
@given(
    place=st.sampled_from(["丁乡", "家在丁丁", "九曲小区", "住在阳光花园"]),
    cuts=st.lists(st.integers(1, 17), min_size=1, max_size=4, unique=True),
    separator=st.sampled_from([" ", "-"]),
)
def test_an_id_said_in_groups_after_a_place_is_found_whole(place, cuts, separator):
    number = "110105200001010008"
    pieces = [number[low:high] for low, high in zip([0, *sorted(cuts)], [*sorted(cuts), len(number)], strict=True)]
    said = separator.join(pieces)
    findings = [(f.entity, f.start, f.end) for f in scan(place + said)]
    assert ("CN_RESIDENT_ID", len(place), len(place) + len(said)) in findings


@pytest.mark.parametrize("said", ["0-1 0 20000000", "０１０ ２０００ ００００", "0571-8888 6666"])
@pytest.mark.parametrize("place", ["丁镇", "九曲小区"])
def test_a_landline_said_in_groups_after_a_place_is_found_whole(place, said):
    findings = [(f.entity, f.start, f.end) for f in scan(place + said)]
    assert ("CN_PHONE_NUMBER", len(place), len(place) + len(said)) in findings
