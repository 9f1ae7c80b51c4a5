"""A few call-center lines with every entity in written and spoken forms, names and addresses too.

Used by the documentation, the parity test between the Presidio path and the scan path, and as a
smoke test; all numbers are synthetic (valid shapes, no real person).
"""

SAMPLE_TEXTS = (
    "客户手机幺三八 一二三四 五六七八，谢谢",
    "我的手机号是13812345678，座机010-62345678",
    "电话+86 138-1234-5678 或者 0086 13912345678",
    "身份证 幺幺零幺零五一九四九幺二三幺零零二X",
    "身份证号11010519491231002x，老证号110105491231002",
    "卡号6222021234567890128，开户行工商银行",
    "客服电话95588，投诉400-820-8820",
    "护照号E12345678，邮箱zhangwei@163.com",
    "金额3800万元，2018年6月6日，验证码382916，邮编100080，已脱敏138****5678，尾号1234",
    "订单号13812345678，保单号2026112200013579",
    "１３８１２３４５６７８和138一二三四5678",
    "您好，请问是李秀英女士吗？我叫王建国，户名是欧阳娜娜",
    "地址是湖北省武汉市洪山区珞喻路1037号3栋2单元1502室，我在武汉上班",
    "加我微信zhangwei_88，QQ号12345678，车牌鄂A12345",
)
