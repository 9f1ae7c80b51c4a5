"""The issue-13 part of the evaluation set (``ent-NNNN``, ``source`` ``entities``): names,
addresses, QQ numbers, WeChat IDs and licence plates in call-center dialogue, and hard negatives.

Each record has a ``shape``. Names come from Faker ``zh_CN`` (``name()``, ``last_name()``,
``first_name()``) plus the compound surnames 欧阳, 司马, 诸葛 and 上官 and three-character names;
addresses from Faker ``zh_CN`` ``address()`` (its postcode left out of the label) and from
hand-built forms on real divisions (武汉市洪山区珞喻路1037号3栋2单元1502室, …小区, …花园, 号楼).
Faker and the rest are seeded with :data:`SEED`, apart from the records above, so this part is
the same on every run with a given Faker version and adding it changes no earlier record.

Span conventions (what a recognizer is supposed to cover):

- PERSON: the name as said, surname to given name (王建国, 欧阳娜娜). A surname with a form of
  address (王先生, 李女士) or after 我姓 alone is a PERSON over the surname only (王): it
  identifies the customer of the call. 我姓王，叫建国 is one span from 王 to 国. A name split by
  ASR (王 建国, 王，建国) is one span over the whole, separators included.
- CN_ADDRESS: from the first division said (province, city or district; 湖北省…, 武汉市…) or,
  without one, from the first word after the address word (住在阳光花园…), to the end of the last
  detail (number, estate, building, unit, floor or room: …1502室, …阳光花园). A postcode after it is
  not part. An address split by ASR commas or spaces is one span over the whole.
- CN_QQ_NUMBER, CN_WECHAT_ID, CN_LICENSE_PLATE: the number, ID or plate as written, separators
  inside it included (鄂A·12345), without the word before it.

Hard negatives (``shape`` ``negative_*``) carry no label: company, product and place names
(平安保险, 王者荣耀, 张家界, 黄金周), common words that start with a surname character (高兴,
常常, 方便, 马上, 于是, 金额 …), bare city or district names (我在武汉上班), and QQ/WeChat/plate
look-alikes (QQ音乐, 微信支付, A座).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from faker import Faker

SEED = 20261213
PERSON, ADDRESS, QQ, WECHAT, PLATE = "PERSON", "CN_ADDRESS", "CN_QQ_NUMBER", "CN_WECHAT_ID", "CN_LICENSE_PLATE"
ENTITIES = (PERSON, ADDRESS, QQ, WECHAT, PLATE)

COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官")
SPOKEN = dict(zip("0123456789", "零一二三四五六七八九"))

# ---------------------------------------------------------------------------------------------
# Templates: {N} a full name, {M} a second full name, {S} a surname alone, {X} the field's
# labelled value (address, QQ, WeChat ID, plate); other fields are unlabelled fillers.

INTRODUCTIONS = (
    "客户：我叫{N}。",
    "客户：你好，我是{N}，上周打过电话的。",
    "客户：本人{N}，身份证丢了要挂失。",
    "客户：我的名字是{N}。",
    "客户：我是{N}，我想问一下我的账单。",
    "客户：喂，你好，我叫{N}，刚才你们打给我了。",
    "坐席：请问您怎么称呼？\n客户：我叫{N}。",
    "客户：本人是{N}，要办理停机。",
    "客户：嗯，我的名字叫{N}，您查一下。",
    "客户：你好，我是{N}啊，{company}那个单子是我的。",
)
FIELDS = (
    "客户：姓名{N}，电话我等会儿发你。",
    "坐席：户名是{N}对吧？",
    "坐席：收件人写{N}吗？\n客户：对。",
    "客户：收件人{N}，电话就是这个号。",
    "坐席：联系人填的是{N}。",
    "坐席：投保人{N}，被保险人是{M}，对吗？",
    "坐席：持卡人{N}，卡片已经冻结了。",
    "客户：持卡人是{N}，是我爸爸。",
    "坐席：被保险人{N}，保额五十万。",
    "客户：收货人：{N}，地址不变。",
    "坐席：开户名{N}，开户行是{bank}。",
    "坐席：您这边的联系人是{N}，需要改吗？",
    "客户：姓名：{N}，性别男。",
    "坐席：借款人{N}，已经逾期三天了。",
    "客户：受益人写{N}就行。",
)
AGENT_CHECKS = (
    "坐席：您好，请问是{N}吗？",
    "坐席：请问您是{N}本人吗？\n客户：是的。",
    "坐席：您好，这边是{company}，请问是{N}吗？",
    "坐席：喂，您好，请问是{N}先生吗？",
    "坐席：请问是{N}女士吧？我是{bank}信用卡中心的。",
    "坐席：您是{N}本人吗？",
    "客服：你好，请问是{N}吗，打扰您两分钟。",
)
WITH_TITLES = (
    "坐席：{N}先生，您的快递到了。",
    "客户：我找一下{N}经理。",
    "坐席：好的{N}女士，我帮您查一下。",
    "客户：你们{N}老师上次说可以退。",
    "坐席：{N}小姐您好，您的保单已经生效了。",
    "客户：帮我转给{N}总。",
    "坐席：{N}阿姨，您慢点说，不着急。",
)
SURNAME_TITLES = (
    "坐席：{S}先生您好，我这边是{bank}信用卡中心的。",
    "客户：我姓{S}。",
    "坐席：好的，{S}女士，还有别的问题吗？",
    "客户：你让{S}经理给我回个电话。",
    "坐席：{S}阿姨，您慢点说。",
    "坐席：{S}总，合同已经发您邮箱了。",
    "客户：上次是一个{S}小姐接的电话。",
    "坐席：{S}老师您好，孩子的课程续费了吗？",
)
WITHOUT_TRIGGER = (
    "客户：对，{N}，就是我。",
    "坐席：好的，{N}，您的订单已经取消了。",
    "客户：帮我转给{N}吧，他负责这个。",
    "客户：我老公{N}也在这儿。",
    "客户：这张卡是{N}的，我替他还。",
)

ADDRESS_LEADS = (
    ("客户：地址是", "。"),
    ("坐席：收货地址是", "对吗？"),
    ("客户：寄到", "就行。"),
    ("客户：我家住", "，你们过来吧。"),
    ("坐席：您的通讯地址", "，需要更新吗？"),
    ("客户：家庭住址：", "，邮编我不记得了。"),
    ("客户：我住在", "。"),
    ("坐席：户籍地址是", "吗？"),
)
QQ_LEADS = (
    ("客户：QQ号是", "。"),
    ("客户：加我扣扣", "吧。"),
    ("坐席：您的QQ号码", "对吧？"),
    ("客户：我QQ：", "，晚上在线。"),
    ("客户：qq ", "，验证写你们公司。"),
)
WECHAT_LEADS = (
    ("客户：微信号", "。"),
    ("客户：加我vx：", "，备注一下。"),
    ("客户：我微信是", "，你加一下。"),
    ("坐席：您的微信号是", "吗？"),
    ("客户：WX ", "，发我就行。"),
)
PLATE_LEADS = (
    ("客户：我车牌号是", "。"),
    ("坐席：车牌", "的车主是您吗？"),
    ("客户：车是", "，白色的。"),
    ("坐席：您的车辆", "保险下个月到期。"),
    ("客户：", "，昨天在高速上被拍了。"),
    ("客户：牌照", "，你们查一下。"),
)

NEGATIVES = (
    "坐席：您好，这里是{company}，占用您一分钟。",
    "客户：我在{city}上班，平时比较忙。",
    "客户：我是{city}的，上周刚回来。",
    "客户：很高兴你们打过来，但是我现在不方便。",
    "客户：我常常玩王者荣耀，充了不少钱。",
    "客户：黄金周我们去了张家界，刚回来。",
    "坐席：您的余额还有两千，这笔金额已经冻结了。",
    "客户：马上就到家了，周末再说吧。",
    "客户：我是做林业的，平时都在江边。",
    "客户：于是我就打了你们电话，白天一直没人接。",
    "坐席：请问您现在方便接电话吗？",
    "客户：我叫了外卖，还没到。",
    "客户：请问是{company}吗？",
    "坐席：本人确认一下，您是要办理分期吗？",
    "客户：姓名那栏我空着了。",
    "客户：我住在{city}，{district}那边。",
    "客户：我家在{city}，离公司不远。",
    "坐席：地址我们会短信发给您。",
    "客户：我买的是小米手机，华为的也看过。",
    "客户：我是王者荣耀的玩家，不是你们说的那个人。",
    "坐席：总共是三千二，总是这个数。",
    "客户：老师说孩子要交费。",
    "客户：我先生不在家，他白天上班。",
    "客户：王老吉一箱多少钱？",
    "客户：我在{district}，金融港那边上班。",
    "客户：我是{company}的员工，想问一下团险。",
    "坐席：{company}的理赔已经到账了。",
    "客户：我姓名没填错，你们系统有问题。",
    "客户：我平时常常出差，黄金时间都在路上。",
    "客户：我是方便面厂的，高温天白天不接电话。",
    "客户：周末我去黄山，马上出发。",
    "客户：QQ音乐的会员费扣了二十五元。",
    "客户：微信支付了，你们查一下。",
    "坐席：我们在A座十二楼，您到前台就行。",
    "客户：我用的是微信，没有QQ。",
    "客户：车牌还没上，新车。",
    "客户：我在{city}出差，三号回来。",
    "客户：我是{province}人，在{city}打工。",
    "坐席：请问您是本人吗？",
    "客户：你是哪个公司的？",
    "客户：我叫你们经理来。",
    "客户：联系人那里写我自己就行。",
    "坐席：收件人电话要写全。",
    "客户：我们单位在{city}{district}，具体我不清楚。",
    "客户：我常住{city}，户籍也在这边。",
    "客户：高兴什么，钱都没到账。",
    "客户：江边那套房子卖了，于是搬到城里了。",
    "坐席：白天打您电话没人接，金额是四千。",
)

COMPANIES = (
    "平安保险",
    "招商银行",
    "中国人寿",
    "华为",
    "王老吉",
    "周大福",
    "李宁",
    "马应龙药业",
    "金山办公",
    "高德地图",
    "张家界旅游公司",
    "方正证券",
    "黄金海岸酒店",
    "江南皮革厂",
    "万科物业",
)
BANKS = ("招商银行", "工商银行", "建设银行", "中国银行", "平安银行", "交通银行")
# Real divisions (province, city, district); the city may stand alone (直辖市).
DIVISIONS = (
    ("湖北省", "武汉市", "洪山区"),
    ("广东省", "深圳市", "南山区"),
    ("浙江省", "杭州市", "西湖区"),
    ("江苏省", "南京市", "鼓楼区"),
    ("四川省", "成都市", "武侯区"),
    ("", "北京市", "朝阳区"),
    ("", "上海市", "浦东新区"),
    ("山东省", "济南市", "历下区"),
    ("湖南省", "长沙市", "岳麓区"),
    ("河南省", "郑州市", "金水区"),
    ("福建省", "厦门市", "思明区"),
    ("陕西省", "西安市", "雁塔区"),
    ("辽宁省", "沈阳市", "和平区"),
    ("安徽省", "合肥市", "蜀山区"),
)
ROADS = ("珞喻路", "中山路", "解放大道", "建设大街", "人民路", "文化街", "长江路", "学府路", "科技园南路", "光谷大道")
ESTATES = ("阳光花园", "幸福小区", "金色家园", "翠湖苑", "万科城市花园", "保利公馆", "东湖新村", "锦绣华庭小区")
TOWNS = ("关山街道", "新华村", "城关镇", "花山社区")
WECHAT_SYLLABLES = ("zhang", "wang", "li", "liu", "chen", "xiao", "mei", "jun", "hao", "lin", "yu", "fei", "tian")
PROVINCE_LETTERS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


class EntityShapes:
    """One method per shape; each returns ``(pieces, lookalikes)`` (see ``_assemble``)."""

    def __init__(self, rng: random.Random, fake: Faker):
        self.rng, self.fake = rng, fake
        self.negatives_made = 0

    @staticmethod
    def label(written: str, entity: str, form: str) -> dict:
        return {"written": written, "entity": entity, "form": form}

    def digits(self, count: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(count))

    # names -----------------------------------------------------------------------------------
    def given(self) -> str:
        return self.fake.first_name()

    def surname(self) -> str:
        if self.rng.random() < 0.2:
            return self.rng.choice(COMPOUND_SURNAMES)
        return self.fake.last_name()

    def full_name(self) -> str:
        """Faker's name() half the time, otherwise a (possibly compound) surname and a one- or
        two-character given name, three characters in most of them."""
        roll = self.rng.random()
        if roll < 0.5:
            return self.fake.name()
        given = self.given()
        while roll < 0.85 and len(given) != 2:
            given = self.given()
        return self.surname() + given

    def fillers(self) -> dict:
        city, district = self.rng.choice(DIVISIONS)[1:]
        return {
            "company": self.rng.choice(COMPANIES),
            "bank": self.rng.choice(BANKS),
            "city": self.rng.choice((city, city[:-1])),
            "district": district,
            "province": self.rng.choice(("湖北", "河南", "四川", "山东", "广东")),
        }

    def template(self, templates: tuple[str, ...], shape: str, **labels: str) -> tuple[list, list]:
        values = {**self.fillers(), **labels}
        return _pieces(self.rng.choice(templates), values, shape), []

    def named(self, templates: tuple[str, ...], shape: str) -> tuple[list, list]:
        return self.template(templates, shape, N=self.full_name(), M=self.full_name())

    def surname_title(self) -> tuple[list, list]:
        return self.template(SURNAME_TITLES, "surname_title", S=self.surname())

    def surname_then_given(self) -> tuple[list, list]:
        surname, given = self.surname(), self.given()
        if self.rng.random() < 0.5:
            written = f"{surname}，叫{given}" if self.rng.random() < 0.5 else f"{surname}叫{given}"
            return ["客户：我姓", self.label(written, PERSON, "surname_then_given"), "。"], []
        lead = f"客户：我姓{surname}，叫"
        return [lead, self.label(surname + given, PERSON, "surname_then_given"), "，您记一下。"], []

    def split_name(self) -> tuple[list, list]:
        surname, given = self.surname(), self.given()
        written = surname + self.rng.choice((" ", "，", " 呃 ", "……")) + given
        lead, tail = self.rng.choice((("客户：我叫", "。"), ("坐席：请问是", "吗？"), ("客户：户名", "，对。")))
        return [lead, self.label(written, PERSON, "asr_split"), tail], []

    # addresses -------------------------------------------------------------------------------
    def faker_address(self) -> tuple[list, list]:
        address, _, postcode = self.fake.address().partition(" ")
        lead, tail = self.rng.choice(ADDRESS_LEADS)
        pieces = [lead, self.label(address, ADDRESS, "faker_address")]
        return [*pieces, f"，邮编{postcode}。" if postcode and self.rng.random() < 0.3 else tail], []

    def building(self) -> str:
        block, unit, floor = self.rng.randint(1, 30), self.rng.randint(1, 6), self.rng.randint(1, 33)
        room = f"{floor}{self.rng.randint(1, 4):02d}"
        return self.rng.choice(
            (
                f"{block}栋{unit}单元{room}室",
                f"{block}号楼{room}",
                f"{block}幢{room}室",
                f"{block}号楼{unit}单元{floor}层",
                f"{block}栋{room}",
            )
        )

    def built_address(self, divisions_kept: int) -> str:
        province, city, district = self.rng.choice(DIVISIONS)
        divisions = (province + city + district, city + district, district)[3 - divisions_kept]
        road = f"{self.rng.choice(ROADS)}{self.rng.randint(1, 1999)}号"
        town = self.rng.choice(TOWNS) if self.rng.random() < 0.15 else ""
        detail = self.rng.choice(
            (
                road + self.building(),
                road + self.rng.choice(ESTATES) + self.building(),
                self.rng.choice(ESTATES) + self.building(),
                road,
                road + self.rng.choice(ESTATES),
            )
        )
        return divisions + town + detail

    def hand_address(self) -> tuple[list, list]:
        address = self.built_address(self.rng.choice((1, 2, 3)))
        lead, tail = self.rng.choice(ADDRESS_LEADS)
        return [lead, self.label(address, ADDRESS, "built_address"), tail], []

    def estate_after_word(self) -> tuple[list, list]:
        address = self.rng.choice(ESTATES) + self.building()
        lead, tail = self.rng.choice(
            (("客户：我住在", "。"), ("客户：地址是", "，门口有保安。"), ("客户：寄到", "吧。"))
        )
        return [lead, self.label(address, ADDRESS, "estate_after_word"), tail], []

    def split_address(self) -> tuple[list, list]:
        province, city, district = self.rng.choice(DIVISIONS)
        road = f"{self.rng.choice(ROADS)}{self.rng.randint(1, 1999)}号"
        separator = self.rng.choice(("，", " ", "，嗯，", "……"))
        parts = [city + district, road, self.rng.choice(ESTATES) + self.building()]
        written = separator.join(parts[: self.rng.choice((2, 3))])
        lead, tail = self.rng.choice(ADDRESS_LEADS)
        return [lead, self.label(written, ADDRESS, "asr_split_address"), tail], []

    # numbers and IDs -------------------------------------------------------------------------
    def qq(self) -> tuple[list, list]:
        number = str(self.rng.randint(1, 9)) + self.digits(self.rng.randint(4, 10))
        written = "".join(SPOKEN[d] for d in number) if self.rng.random() < 0.25 else number
        lead, tail = self.rng.choice(QQ_LEADS)
        return [lead, self.label(written, QQ, "qq"), tail], []

    def wechat_id(self) -> str:
        while True:
            word = "".join(self.rng.choice(WECHAT_SYLLABLES) for _ in range(self.rng.randint(1, 3)))
            tail = self.rng.choice(
                ("", self.digits(self.rng.randint(2, 6)), "_" + self.digits(2), "-" + self.digits(3))
            )
            value = word + tail
            if self.rng.random() < 0.2:
                value = value.capitalize()
            if 6 <= len(value) <= 20:
                return value

    def wechat(self) -> tuple[list, list]:
        lead, tail = self.rng.choice(WECHAT_LEADS)
        return [lead, self.label(self.wechat_id(), WECHAT, "wechat"), tail], []

    def plate_value(self, kind: str) -> str:
        office = self.rng.choice(PROVINCE_LETTERS) + self.rng.choice(PLATE_LETTERS)
        letters = PLATE_LETTERS + "0123456789" * 3
        if kind == "ordinary":
            return office + "".join(self.rng.choice(letters) for _ in range(5))
        if kind == "new_energy":
            if self.rng.random() < 0.7:
                return office + self.rng.choice("DF") + self.rng.choice(letters) + self.digits(4)
            return office + self.digits(5) + self.rng.choice("DF")
        if kind == "embassy":
            return "使" + self.digits(6)
        return office + self.digits(4) + self.rng.choice("领学警挂")

    def plate(self, kind: str) -> tuple[list, list]:
        value = self.plate_value(kind)
        if value[0] != "使" and self.rng.random() < 0.2:
            value = value[:2] + "·" + value[2:]
        lead, tail = self.rng.choice(PLATE_LEADS)
        return [lead, self.label(value, PLATE, f"plate_{kind}"), tail], []

    def negative(self) -> tuple[list, list]:
        """Each negative template in turn, so every one of them is in the set."""
        template = NEGATIVES[self.negatives_made % len(NEGATIVES)]
        self.negatives_made += 1
        return _pieces(template, self.fillers(), "negative"), ["hard_negative"]


LABELLED_FIELDS = frozenset("NMS")


def _pieces(template: str, values: dict, form: str) -> list:
    """Template text with {N} {M} (names), {S} (surname) labelled PERSON, other fields filled."""
    pieces: list = []
    position = 0
    for field in re.finditer(r"\{(\w+)\}", template):
        pieces.append(template[position : field.start()])
        value = values[field.group(1)]
        pieces.append(EntityShapes.label(value, PERSON, form) if field.group(1) in LABELLED_FIELDS else value)
        position = field.end()
    pieces.append(template[position:])
    return pieces


# shape name -> (how many records, how to make one)
SHAPES: dict[str, tuple[int, Callable[[EntityShapes], tuple[list, list]]]] = {
    "person_introduction": (40, lambda s: s.named(INTRODUCTIONS, "introduction")),
    "person_form_field": (50, lambda s: s.named(FIELDS, "form_field")),
    "person_agent_check": (40, lambda s: s.named(AGENT_CHECKS, "agent_check")),
    "person_title": (30, lambda s: s.named(WITH_TITLES, "title")),
    "person_surname_title": (30, EntityShapes.surname_title),
    "person_surname_then_given": (20, EntityShapes.surname_then_given),
    "person_without_trigger": (20, lambda s: s.named(WITHOUT_TRIGGER, "without_trigger")),
    "person_asr_split": (20, EntityShapes.split_name),
    "address_faker": (40, EntityShapes.faker_address),
    "address_built": (60, EntityShapes.hand_address),
    "address_estate_after_word": (20, EntityShapes.estate_after_word),
    "address_asr_split": (20, EntityShapes.split_address),
    "qq_number": (30, EntityShapes.qq),
    "wechat_id": (30, EntityShapes.wechat),
    "plate_ordinary": (16, lambda s: s.plate("ordinary")),
    "plate_new_energy": (12, lambda s: s.plate("new_energy")),
    "plate_special": (8, lambda s: s.plate("special")),
    "plate_embassy": (4, lambda s: s.plate("embassy")),
    "negative_hard": (130, EntityShapes.negative),
}


def entity_shapes(seed: int = SEED) -> EntityShapes:
    """The shape maker of the issue-13 records, seeded (its Faker too)."""
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    return EntityShapes(random.Random(seed), fake)
