//! Who is who: wallet providers named in bank rows (支付宝, 财付通 …), banks named in funding
//! methods (工商银行(9876) → icbc), their display names and customer-service hotlines.

/// Wallet provider names as they appear in bank statements (counterparty, place, details).
const PROVIDERS: &[(&str, &[&str])] = &[
    ("alipay", &["支付宝", "alipay", "蚂蚁", "ant financial"]),
    ("wechat", &["财付通", "tenpay", "微信", "wechat", "weixin"]),
    ("paypal", &["paypal"]),
    ("unionpay-quickpass", &["云闪付"]),
    ("jd-pay", &["京东支付", "网银在线", "jd pay"]),
    ("meituan-pay", &["美团支付", "三快"]),
    ("octopus", &["octopus", "八达通"]),
    ("revolut", &["revolut"]),
    // `WISE US INC` is how US card statements name a Wise top-up paid by card.
    ("wise", &["transferwise", "wise payments", "wise europe", "wise us inc", "wise.com"]),
    // `GOOGLE *Google One g.co/helppay#`, `GOOGLE*YOUTUBE`: Google bills its own charges (Play,
    // One, YouTube, balance top-ups) through Google Payments, whose Takeout transactions CSV
    // lists each with its card, so such a card row is the debit of a Google Pay row. A shop
    // paid with Google Pay shows under the shop's own name, never as `GOOGLE *`.
    ("google-pay", &["google pay", "googlepay", "google wallet", "google *", "google*", "g.co/helppay"]),
    ("apple-cash", &["apple cash"]),
];

/// The wallet provider named anywhere in `texts`, e.g. `深圳市财付通支付科技有限公司` → `wechat`.
pub fn recognise<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
    let joined: String = texts.into_iter().collect::<Vec<_>>().join(" ");
    // Bank rows repeat their counterparties and places: each text is looked at once.
    cached(&PROVIDER_OF, &joined, |text| {
        let lower = lowercase_for_names(text);
        PROVIDERS.iter().find(|(_, names)| names.iter().any(|n| lower.contains(n))).map(|(p, _)| *p)
    })
}

/// Texts already looked up, per thread: a million-row read asks about the same few funding
/// methods and counterparties again and again. Bounded, so unique texts cannot grow it.
type Seen = std::cell::RefCell<std::collections::HashMap<Box<str>, Option<&'static str>>>;

thread_local! {
    static PROVIDER_OF: Seen = Seen::default();
    static BANK_OF: Seen = Seen::default();
}

/// How many texts each cache keeps.
const CACHED_TEXTS: usize = 4096;

fn cached(
    cache: &'static std::thread::LocalKey<Seen>,
    text: &str,
    look_up: impl FnOnce(&str) -> Option<&'static str>,
) -> Option<&'static str> {
    if let Some(found) = cache.with_borrow(|seen| seen.get(text).copied()) {
        return found;
    }
    let found = look_up(text);
    cache.with_borrow_mut(|seen| {
        if seen.len() < CACHED_TEXTS {
            seen.insert(text.into(), found);
        }
    });
    found
}

/// `text` lowercased as far as matching the (lowercase ASCII or caseless Chinese) names of
/// [`PROVIDERS`] and [`BANKS`] can tell: unchanged, without a copy, unless it holds an ASCII
/// capital or one of the few other characters whose lowercase holds an ASCII letter (`K`
/// KELVIN SIGN, `İ`); other characters' lowercase forms are never part of a name.
fn lowercase_for_names(text: &str) -> std::borrow::Cow<'_, str> {
    let changes = |c: char| c.is_ascii_uppercase() || (!c.is_ascii() && LOWERCASE_TO_ASCII.contains(&c));
    if text.chars().any(changes) { text.to_lowercase().into() } else { text.into() }
}

/// The non-ASCII characters whose lowercase holds an ASCII character.
const LOWERCASE_TO_ASCII: [char; 2] = ['\u{130}', '\u{212a}'];

/// Bank names in funding methods (`工商银行(9876)`) and their statement account prefixes.
const BANKS: &[(&str, &[&str])] = &[
    ("icbc", &["工商银行", "工行", "icbc"]),
    ("ccb", &["建设银行", "建行", "ccb"]),
    ("cmb", &["招商银行", "招行", "cmb"]),
    ("boc", &["中国银行", "中行", "bank of china"]),
    ("abc", &["农业银行", "农行"]),
    ("bocom", &["交通银行", "交行"]),
    ("psbc", &["邮储银行", "邮政储蓄"]),
    ("cib", &["兴业银行"]),
    ("spdb", &["浦发银行"]),
    ("citic", &["中信银行"]),
    ("cmbc", &["民生银行"]),
    ("ceb", &["光大银行"]),
    ("pab", &["平安银行"]),
    ("cgb", &["广发银行", "广发"]),
    ("hsbc", &["汇丰银行", "汇丰", "hsbc"]),
];

/// Whether an account prefix (`icbc` in `icbc:4321`) is one of the banks we know.
pub fn is_bank_code(prefix: &str) -> bool {
    BANKS.iter().any(|(b, _)| *b == prefix)
}

/// The bank a funding method names: `工商银行储蓄卡(9876)` → `icbc`.
pub fn bank_of(method: &str) -> Option<&'static str> {
    cached(&BANK_OF, method, |method| {
        let lower = lowercase_for_names(method);
        BANKS.iter().find(|(_, names)| names.iter().any(|n| lower.contains(n))).map(|(b, _)| *b)
    })
}

/// The human name of a provider for messages.
pub fn display_name(provider: &str, zh: bool) -> &str {
    match (provider, zh) {
        ("alipay", false) => "Alipay",
        ("alipay", true) => "支付宝",
        ("wechat", false) => "WeChat Pay",
        ("wechat", true) => "微信支付",
        ("paypal", _) => "PayPal",
        ("jd-pay", false) => "JD Pay",
        ("jd-pay", true) => "京东支付",
        ("meituan-pay", false) => "Meituan Pay",
        ("meituan-pay", true) => "美团支付",
        ("octopus", false) => "Octopus",
        ("octopus", true) => "八达通",
        ("revolut", _) => "Revolut",
        ("wise", _) => "Wise",
        ("google-pay", _) => "Google Pay",
        ("apple-cash", _) => "Apple Cash",
        ("apple-card", _) => "Apple Card",
        (other, _) => other,
    }
}

/// Customer-service numbers users call about a wallet or a bank (mainland China hotlines; HSBC's
/// is its Hong Kong personal banking line).
pub fn hotline(name: &str) -> Option<&'static str> {
    Some(match name {
        "alipay" => "95188",
        "wechat" => "95017",
        "icbc" => "95588",
        "ccb" => "95533",
        "cmb" => "95555",
        "boc" => "95566",
        "abc" => "95599",
        "bocom" => "95559",
        "psbc" => "95580",
        "cib" => "95561",
        "spdb" => "95528",
        "citic" => "95558",
        "cmbc" => "95568",
        "ceb" => "95595",
        "pab" => "95511",
        "cgb" => "95508",
        "hsbc" => "+852 2233 3000",
        _ => return None,
    })
}

/// Where to reach a provider that has no phone line to call: its own support channel, with the
/// way there (`in the Wallet app`, a help-centre address), in English and Chinese. Advice reads
/// `hotline` first: a provider has one or the other.
pub fn support_channel(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "apple-card" | "apple-cash" => (
            "Apple Card support in the Wallet app (tap the card, then ⋯ and Message)",
            "钱包 App 中的 Apple Card 客服（点按卡片，再点 ⋯ 和“信息”）",
        ),
        "google-pay" => {
            ("Google Pay help (support.google.com/googlepay)", "Google Pay 帮助中心（support.google.com/googlepay）")
        }
        "paypal" => (
            "the PayPal Resolution Centre (paypal.com/resolutioncenter)",
            "PayPal 调解中心（paypal.com/resolutioncenter）",
        ),
        "revolut" => {
            ("Revolut support in the app's chat (Profile, then Help)", "Revolut App 内的在线客服（个人资料 → 帮助）")
        }
        "wise" => ("the Wise help centre (wise.com/help)", "Wise 帮助中心（wise.com/help）"),
        _ => return None,
    })
}

/// A bank's name for messages: `icbc` → `ICBC` / `工商银行`.
pub fn bank_name(bank: &str, zh: bool) -> String {
    let names = BANKS.iter().find(|(b, _)| *b == bank).and_then(|(_, n)| n.first().copied());
    match (zh, names) {
        (true, Some(name)) => name.to_string(),
        // A card issuer named like a provider (`apple-card` → `Apple Card`).
        (_, None) if display_name(bank, zh) != bank => display_name(bank, zh).to_string(),
        _ => bank.to_ascii_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_from_bank_counterparties() {
        assert_eq!(recognise(["深圳市财付通支付科技有限公司"]), Some("wechat"));
        assert_eq!(recognise(["支付宝（中国）网络技术有限公司"]), Some("alipay"));
        assert_eq!(recognise(["", "Tenpay"]), Some("wechat"));
        assert_eq!(recognise(["张三"]), None);
        // English statements (HSBC Hong Kong) name the wallet in the description.
        assert_eq!(recognise(["WECHAT PAY HK              HONG KONG"]), Some("wechat"));
        assert_eq!(recognise(["ALIPAYHK TOP UP"]), Some("alipay"));
        assert_eq!(recognise(["OCTOPUS CARDS LTD"]), Some("octopus"));
        // European and US statements.
        assert_eq!(recognise(["Revolut**4821* Dublin"]), Some("revolut"));
        assert_eq!(recognise(["TRANSFERWISE LTD"]), Some("wise"));
        assert_eq!(recognise(["Wise Europe SA"]), Some("wise"));
        assert_eq!(recognise(["GOOGLE PAY TOP-UP"]), Some("google-pay"));
        // Card statements: Google's own charges, and a Wise top-up by card in the US.
        assert_eq!(recognise(["GOOGLE *Google One g.co/helppay# CA USA"]), Some("google-pay"));
        assert_eq!(recognise(["GOOGLE *YouTube Premium g.co/helppay#"]), Some("google-pay"));
        assert_eq!(recognise(["GOOGLE*YOUTUBE MUSIC"]), Some("google-pay"));
        assert_eq!(recognise(["WISE US INC"]), Some("wise"));
        // Google named without the billing star is no Google Pay row.
        assert_eq!(recognise(["GOOGLE FIBER INC"]), None);
        assert_eq!(recognise(["PAYPAL *ACME STORE 4029357733"]), Some("paypal"));
        // A shop called Wisemart is no Wise top-up.
        assert_eq!(recognise(["WISEMART GROCERIES"]), None);
    }

    #[test]
    fn every_provider_has_a_way_to_be_reached() {
        // Advice names a hotline or the provider's own channel: never an empty "contact support".
        for (provider, _) in
            PROVIDERS.iter().filter(|(p, _)| !matches!(*p, "unionpay-quickpass" | "jd-pay" | "meituan-pay" | "octopus"))
        {
            assert!(hotline(provider).is_some() || support_channel(provider).is_some(), "{provider}");
        }
        assert_eq!(
            support_channel("paypal").map(|c| c.0),
            Some("the PayPal Resolution Centre (paypal.com/resolutioncenter)")
        );
        assert_eq!(bank_name("apple-card", false), "Apple Card");
        assert_eq!(bank_name("icbc", false), "ICBC");
    }

    #[test]
    fn only_the_listed_characters_lowercase_to_ascii() {
        let to_ascii = |c: char| !c.is_ascii() && c.to_lowercase().any(|l| l.is_ascii());
        let found: Vec<char> = (0..=0x10ffff).filter_map(char::from_u32).filter(|&c| to_ascii(c)).collect();
        assert_eq!(found, LOWERCASE_TO_ASCII);
        // Every name is already lowercase, so lowercasing the text is all matching needs.
        for (_, names) in PROVIDERS.iter().chain(BANKS) {
            assert!(names.iter().all(|n| n.to_lowercase() == *n), "{names:?}");
        }
    }

    #[test]
    fn looked_up_texts_give_what_a_fresh_look_up_gives() {
        let texts = ["工商银行储蓄卡(9876)", "HSBC Visa(2468)", "\u{212a}", "余额宝", "TENPAY", "财付通-罗森", ""];
        for text in texts.iter().cycle().take(3 * texts.len()) {
            let lower = text.to_lowercase();
            let bank = BANKS.iter().find(|(_, n)| n.iter().any(|n| lower.contains(n))).map(|(b, _)| *b);
            let provider = PROVIDERS.iter().find(|(_, n)| n.iter().any(|n| lower.contains(n))).map(|(p, _)| *p);
            assert_eq!((bank_of(text), recognise([*text])), (bank, provider), "{text}");
        }
        assert_eq!(bank_of("BANK OF \u{212a}HINA"), None);
        assert_eq!(bank_of("BAN\u{212a} OF CHINA"), Some("boc"));
    }

    #[test]
    fn banks_from_funding_methods() {
        assert_eq!(bank_of("工商银行储蓄卡(9876)"), Some("icbc"));
        assert_eq!(bank_of("交通银行信用卡(7449)"), Some("bocom"));
        assert_eq!(bank_of("中国银行(1234)"), Some("boc"));
        assert_eq!(bank_of("余额宝"), None);
        assert_eq!(bank_of("广发银行信用卡(8866)"), Some("cgb"));
        assert_eq!(bank_of("HSBC Visa(2468)"), Some("hsbc"));
    }
}
