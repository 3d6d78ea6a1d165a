//! The household's recurring payees: merchants each wallet pays (with amounts and hours),
//! shops the ICBC card pays in, and the monthly bills.

use super::event::Wallet;

/// A recurring payee: bill kind, name, goods (`{n}` = order number), amount range in cents, hours.
pub struct Merchant {
    pub kind: &'static str,
    pub name: &'static str,
    pub goods: &'static str,
    pub cents: (i64, i64),
    pub hours: (i64, i64),
}

const fn m(
    kind: &'static str,
    name: &'static str,
    goods: &'static str,
    cents: (i64, i64),
    hours: (i64, i64),
) -> Merchant {
    Merchant { kind, name, goods, cents, hours }
}

#[rustfmt::skip]
pub const WECHAT: &[Merchant] = &[
    m("商户消费", "美团平台商户", "美团订单-{n}", (1800, 6200), (10, 22)),
    m("商户消费", "滴滴出行", "滴滴快车-上海", (1200, 4800), (7, 22)),
    m("商户消费", "全家FamilyMart", "全家便利店消费", (600, 3200), (7, 23)),
    m("商户消费", "罗森便利店", "罗森消费", (500, 2800), (7, 23)),
    m("商户消费", "星巴克", "星巴克咖啡", (2800, 4500), (8, 18)),
    m("商户消费", "麦当劳", "麦当劳餐厅点餐", (2200, 5600), (9, 21)),
    m("扫二维码付款", "老周蔬菜", "收款方备注:二维码收款", (800, 3600), (7, 19)),
    m("扫二维码付款", "阿英早餐", "收款方备注:二维码收款", (500, 1500), (7, 10)),
    m("商户消费", "拼多多平台商户", "拼多多订单-{n}", (900, 8800), (9, 23)),
    m("商户消费", "上海巴士", "乘车码-公交", (200, 400), (7, 21)),
];

#[rustfmt::skip]
pub const ALIPAY: &[Merchant] = &[
    m("餐饮美食", "瑞幸咖啡", "瑞幸咖啡订单", (900, 2900), (8, 17)),
    m("餐饮美食", "肯德基", "肯德基宅急送", (2600, 6800), (10, 21)),
    m("餐饮美食", "饿了么", "饿了么外卖订单", (1900, 5800), (10, 22)),
    m("交通出行", "上海地铁", "Metro大都会-乘车", (300, 700), (7, 22)),
    m("交通出行", "哈啰出行", "哈啰单车骑行", (150, 350), (7, 21)),
    m("日用百货", "盒马鲜生", "盒马订单", (3200, 11800), (9, 21)),
    m("日用百货", "淘宝平台商户", "淘宝订单-{n}", (1500, 11900), (9, 23)),
    m("生活服务", "美宜佳", "便利店消费", (400, 2600), (7, 23)),
];

/// ICBC card purchases in shops: place, counterparty, cents.
pub const SHOPS: &[(&str, &str, (i64, i64))] = &[
    ("上海联华超市有限公司", "上海联华超市有限公司", (3000, 18000)),
    ("上海百联世纪购物中心", "上海百联世纪购物中心有限公司", (5000, 16000)),
    ("中国石化上海石油分公司", "中国石化销售股份有限公司上海石油分公司", (10000, 18000)),
    ("屈臣氏上海南京西路店", "屈臣氏个人用品商店有限公司", (2000, 9000)),
];

/// A monthly bill: wallet, kind, payee, goods, cents, days after the rent.
pub type Bill = (Wallet, &'static str, &'static str, &'static str, (i64, i64), u32);

#[rustfmt::skip]
pub const BILLS: &[Bill] = &[
    (Wallet::WeChat, "商户消费", "上海燃气", "燃气费-户号3018****27", (5000, 9000), 1),
    (Wallet::WeChat, "商户消费", "上海城投水务", "水费-户号5507****19", (4000, 7000), 2),
    (Wallet::WeChat, "商户消费", "腾讯手机充值", "话费充值-陈哲", (5000, 5000), 3),
    (Wallet::Alipay, "充值缴费", "国网上海市电力公司", "电费-户号0217****36", (10000, 16000), 1),
    (Wallet::Alipay, "充值缴费", "中国移动", "话费充值-138****2716", (10000, 10000), 4),
];
