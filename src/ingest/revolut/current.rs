//! Revolut's statement CSV from 2021 on: `Type,Product,Started Date,Completed Date,Description,
//! Amount,Fee,Currency,State,Balance`. Amounts are signed (`-12.50` left the account), the fee
//! is a separate positive cell, `Balance` is the balance of the row's currency after it and
//! empty on rows that moved nothing (declined, failed, most pending). `Completed Date` is empty
//! until a row completes, so a row's time is its `Started Date`: when the card was charged or
//! the payment made, the moment a bank's statement dates it by.
//!
//! Types: `TOPUP` (a card top-up `Top-Up by *1234`, a bank transfer in `Payment from …`),
//! `CARD_PAYMENT`, `TRANSFER`, `EXCHANGE`, `REFUND`/`CARD_REFUND`, `FEE`, `ATM`, `CASHBACK`,
//! `INTEREST`, …; states `COMPLETED`, `PENDING`, `DECLINED` and `FAILED` (attempts that failed,
//! kept with their state and description for the failure classifier) and `REVERTED` (reversed
//! after the fact: not a success).

use super::{REVOLUT, card_of};
use crate::ingest::table::{Row, check_width, collect_rows, column, read_export};
use crate::ingest::{Parsed, SourceText};
use crate::model::{
    Direction, FailureInfo, Kind, Money, Side, Status, Transaction, Zone, parse_amount, parse_timestamp,
};

pub const HEADER: &[&str] = &[
    "Type",
    "Product",
    "Started Date",
    "Completed Date",
    "Description",
    "Amount",
    "Fee",
    "Currency",
    "State",
    "Balance",
];

struct Cols {
    kind: Option<usize>,
    product: Option<usize>,
    started: Option<usize>,
    completed: Option<usize>,
    description: Option<usize>,
    amount: Option<usize>,
    fee: Option<usize>,
    currency: Option<usize>,
    state: Option<usize>,
    balance: Option<usize>,
}

pub fn parse(src: &SourceText, header_line: usize, zone: Zone, out: &mut Parsed) -> Result<(), String> {
    let (header, rows) = read_export(src, header_line)?;
    let col = |name: &str| column(&header, &[name]);
    let c = Cols {
        kind: col("Type"),
        product: col("Product"),
        started: col("Started Date"),
        completed: col("Completed Date"),
        description: col("Description"),
        amount: col("Amount"),
        fee: col("Fee"),
        currency: col("Currency"),
        state: col("State"),
        balance: col("Balance"),
    };
    // Revolut writes every cell, empty or not; a shorter row was cut.
    let width = header.len();
    collect_rows(out, src, &rows, |row| {
        check_width(row, width, width)?;
        read(row, &c, src, zone)
    });
    Ok(())
}

fn read(row: &Row, c: &Cols, src: &SourceText, zone: Zone) -> Result<Transaction, String> {
    let raw_time = row.get(c.started).or_else(|| row.get(c.completed)).ok_or("the started date is empty")?;
    let time =
        parse_timestamp(raw_time, zone).map_err(|_| format!("started date {raw_time:?} is not a date and time"))?;
    let raw_amount = row.get(c.amount).ok_or("the amount is empty")?;
    let amount = parse_amount(raw_amount).map_err(|e| format!("amount: {e}"))?;
    let currency = row.get(c.currency).ok_or("the currency is empty")?;
    if currency.len() != 3 || !currency.chars().all(|ch| ch.is_ascii_uppercase()) {
        return Err(format!("currency {currency:?} is not an ISO 4217 code"));
    }
    let direction = if amount.is_zero() {
        Direction::Neutral
    } else if amount.is_sign_negative() {
        Direction::Out
    } else {
        Direction::In
    };
    let state = row.get(c.state).ok_or("the state is empty")?;
    let status = match state.to_ascii_uppercase().as_str() {
        "COMPLETED" => Status::Success,
        "PENDING" => Status::Pending,
        "DECLINED" | "FAILED" => Status::Failed,
        "REVERTED" | "CANCELLED" | "CANCELED" => Status::Cancelled,
        other => {
            return Err(format!(
                "state {other:?} is not one Revolut writes (COMPLETED, PENDING, DECLINED, FAILED, REVERTED)"
            ));
        }
    };
    let mut t =
        Transaction::new(src.at(row.line), Side::Wallet, REVOLUT, time, Money::new(amount.abs(), currency), direction);
    t.provider = Some(REVOLUT.into());
    t.status = status;
    let description = row.text(c.description);
    let type_text = row.get(c.kind).unwrap_or_default().to_ascii_uppercase();
    t.kind = kind(&type_text, direction);
    if let Some(raw) = row.get(c.fee) {
        let fee = parse_amount(raw).map_err(|e| format!("fee: {e}"))?.abs();
        t.fee = (!fee.is_zero()).then_some(fee);
    }
    if let Some(raw) = row.get(c.balance) {
        t.balance = Some(parse_amount(raw).map_err(|e| format!("balance: {e}"))?);
    }
    if t.kind == Kind::TopUp {
        // `Top-Up by *1234` names the funding card; `Payment from …` the sender of a transfer.
        t.card_last4 = description.as_deref().and_then(card_of);
        t.method = super::method_of(description.as_deref(), t.card_last4.as_deref());
    } else {
        t.counterparty = description.clone();
    }
    if status == Status::Failed {
        // Revolut's export gives no reason: the state is all there is (the description names
        // the card, not what went wrong).
        t.failure = Some(FailureInfo { code: Some(state.to_string()), message: None });
    }
    let product = row.get(c.product).filter(|p| !p.eq_ignore_ascii_case("Current"));
    t.description = match (description, product) {
        (Some(d), Some(p)) => Some(format!("{d} ({p})")),
        (d, p) => d.or(p.map(str::to_string)),
    };
    Ok(t)
}

/// The kind from Revolut's `Type`.
/// The kind from `Type`: `TOPUP`, `CARD_PAYMENT`, … or, in exports since 2025, the same words
/// written for people (`Topup`, `Card Payment`, `Card Refund`, `Deposit` for money paid in from
/// a card or bank).
fn kind(type_text: &str, direction: Direction) -> Kind {
    let code = type_text.trim().to_ascii_uppercase().replace([' ', '-'], "_");
    match code.as_str() {
        "TOPUP" | "TOP_UP" | "DEPOSIT" if direction != Direction::Out => Kind::TopUp,
        "CARD_PAYMENT" | "ATM" => Kind::Payment,
        "TRANSFER" => Kind::Transfer,
        "REFUND" | "CARD_REFUND" | "TOPUP_RETURN" => Kind::Refund,
        "FEE" => Kind::Fee,
        "CASHBACK" | "REWARD" | "INTEREST" => Kind::Income,
        "EXCHANGE" => Kind::Other,
        _ => crate::ingest::wallet_bill::kind_by_direction(direction),
    }
}

#[cfg(test)]
mod tests {
    use super::kind;
    use crate::model::{Direction, Kind};

    #[test]
    fn the_words_of_newer_exports_are_the_same_kinds() {
        for (text, direction, want) in [
            ("TOPUP", Direction::In, Kind::TopUp),
            ("Topup", Direction::In, Kind::TopUp),
            ("Deposit", Direction::In, Kind::TopUp),
            ("Card Payment", Direction::Out, Kind::Payment),
            ("Card Refund", Direction::In, Kind::Refund),
            ("Transfer", Direction::Out, Kind::Transfer),
            ("Exchange", Direction::Out, Kind::Other),
        ] {
            assert_eq!(kind(text, direction), want, "{text}");
        }
    }
}
