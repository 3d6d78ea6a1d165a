//! Account labels: `icbc:4321` (a card's statement: institution and the card's last four
//! digits), `icbc` (a statement that names no card), `alipay`, `wechat`, `attempts`.

/// A parsed account label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account<'a> {
    /// `icbc`, `alipay`, or the name a mapping file gives.
    pub institution: &'a str,
    /// The card's last four digits, when the statement names a card.
    pub card: Option<&'a str>,
}

impl<'a> Account<'a> {
    pub fn parse(label: &'a str) -> Self {
        match label.split_once(':') {
            Some((institution, card)) => Account { institution, card: Some(card) },
            None => Account { institution: label, card: None },
        }
    }

    /// The label of an institution's statement, of one card when the digits are known.
    pub fn label(institution: &str, card: Option<&str>) -> String {
        match card {
            Some(digits) => format!("{institution}:{digits}"),
            None => institution.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Account;

    #[test]
    fn labels_round_trip() {
        assert_eq!(Account::parse("icbc:4321"), Account { institution: "icbc", card: Some("4321") });
        assert_eq!(Account::parse("wechat"), Account { institution: "wechat", card: None });
        assert_eq!(Account::label("icbc", Some("4321")), "icbc:4321");
        assert_eq!(Account::label("icbc", None), "icbc");
    }
}
