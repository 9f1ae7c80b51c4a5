"""The Chinese the zh-CN spot-check report shows for codes: findings, row and list reasons,
entities and the notes of a list check. The codes themselves stay in report.json and review.csv
(they are an interface, :mod:`screen.reasons`); the page an auditor reads says what they mean.

>>> finding_name("residual_pii"), finding_name("consent_expired"), finding_name("CN_PHONE_NUMBER")
('残留个人信息', '同意已过期', '手机号码')
>>> place_name("line 3"), place_name("row 61")
('第 3 行', '第 61 行')
"""

from __future__ import annotations

import re

FINDINGS = {
    "residual_pii": "残留个人信息",
    "optout_phrase": "拒绝来电表述",
    "unreadable_record": "无法读取的记录",
    "row_rejected": "被拒绝的行",
    "sensitive_data": "含敏感信息",
    "masked": "已脱敏",
    # row reasons (screen.reasons.ROW_REASONS)
    "phone_invalid": "号码无效",
    "consent_missing": "缺少同意记录",
    "consent_time_invalid": "同意时间无法识别",
    "consent_in_future": "同意时间晚于筛查时间",
    "consent_expired": "同意已过期",
    "scope_mismatch": "同意范围不含本次用途",
    "recipient_not_named": "同意未列明本机构为接收方",
    "channel_unknown": "同意渠道不明",
    "dnc_listed": "在免打扰名单上",
    "consent_revoked": "已撤回同意",
    "phone_duplicate": "号码重复",
}
ENTITIES = {
    "CN_RESIDENT_ID": "居民身份证号",
    "CN_PHONE_NUMBER": "手机号码",
    "CN_BANK_CARD": "银行卡号",
    "CN_PASSPORT": "护照号",
    "EMAIL_ADDRESS": "电子邮箱",
    "PERSON": "姓名",
    "CN_ADDRESS": "地址",
    "CN_QQ_NUMBER": "QQ 号",
    "CN_WECHAT_ID": "微信号",
    "CN_LICENSE_PLATE": "车牌号",
    "CN_BUSINESS_NUMBER": "企业或服务号码",
}
# screen.reasons.LIST_REASONS, said in Chinese
LIST_REASONS = {
    "manifest_missing": "没有清单说明文件：无从得知名单来源及名单中的人同意了什么",
    "manifest_invalid": "清单说明文件缺少字段或字段类型不对",
    "checksum_mismatch": "名单文件的 SHA-256 与清单说明不符：文件不是所描述的那一份",
    "record_count_mismatch": "名单行数与清单说明的记录数不符",
    "provider_blocked": "名单提供方在策略的屏蔽名单上",
    "purpose_not_covered": "清单说明的用途不含本次营销活动的用途",
    "recipient_not_named": "合作方或经纪名单的接收方未列明本机构（《个人信息保护法》第二十三条）",
    "consent_columns_missing": "名单缺少同意编号、同意时间、同意渠道或同意范围列",
    "sensitive_data_present": "某列含身份证号、银行卡号、家庭住址、与身份证号并列的姓名或财务信息",
    "too_many_bad_rows": "未通过检查的行数超过策略允许的比例",
}
# the IANA zones a Chinese reader knows by another name
ZONES = {"Asia/Shanghai": "北京时间", "Asia/Urumqi": "乌鲁木齐时间", "Asia/Hong_Kong": "香港时间"}


def finding_name(code: str) -> str:
    """A finding, row reason or entity code in Chinese; an unknown code as it is."""
    return FINDINGS.get(code) or ENTITIES.get(code) or code


def place_name(place: str) -> str:
    """``line 3`` / ``row 61`` as 第 3 行 / 第 61 行."""
    found = re.fullmatch(r"(?:line|row) (\d+)", place)
    return f"第 {found.group(1)} 行" if found else place


def zone_name(zone: str) -> str:
    return ZONES.get(zone, zone)


_JUDGED = re.compile(r"judged as of (\S+)")
_LIST_REASONS_NOTE = re.compile(r"(.+): list reasons (.+)")


def note(text: str, not_checked: str) -> str:
    """A note of the list check in Chinese (``not_checked``: the English of the first one)."""
    if text == not_checked:
        return "每份名单都按名单筛查的方式整份筛查，抽中的行带有其行原因；此处未查询台账的免打扰和撤回记录。"
    if found := _JUDGED.fullmatch(text):
        return f"评估时点：{found.group(1)}"
    if found := _LIST_REASONS_NOTE.fullmatch(text):
        codes = found.group(2)
        named = "无" if codes == "none" else "、".join(LIST_REASON_NAMES.get(code, code) for code in codes.split(", "))
        return f"{found.group(1)}：名单原因 {named}"
    return text


LIST_REASON_NAMES = {
    "manifest_missing": "缺少清单说明",
    "manifest_invalid": "清单说明无效",
    "checksum_mismatch": "校验值不符",
    "record_count_mismatch": "记录数不符",
    "provider_blocked": "提供方被屏蔽",
    "purpose_not_covered": "用途不符",
    "recipient_not_named": "未列明接收方",
    "consent_columns_missing": "缺少同意信息列",
    "sensitive_data_present": "含敏感信息",
    "too_many_bad_rows": "不合格行过多",
}
