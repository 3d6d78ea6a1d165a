//! Statement balances on the rows: a statement that prints an opening and a closing balance
//! but no balance per row (CAMT.053's `OPBD`/`CLBD`, MT940's `:60F:`/`:62F:`, OFX's `LEDGERBAL`)
//! still has its rows checked against them, because D003 reads running balances from rows.
//!
//! The first booked row gets the opening balance plus its own amount (what the balance is
//! after it, if the statement is whole), the last booked row the closing balance as printed.
//! D003 then carries the balance across the rows between and reports a break when their sum
//! does not take the opening balance to the closing one: rows are missing.

use crate::model::{Direction, Money, Status, Transaction};

/// Puts `opening` and `closing` (either may be absent) on the booked rows of their currency,
/// in the order D003 reads them: line order, or its reverse when the first row is later than
/// the last (a statement listed newest first). Rows that are not booked (pending, failed) do not
/// move a booked balance and get none; a row's own printed balance is kept.
pub fn place(rows: &mut [Transaction], opening: Option<&Money>, closing: Option<&Money>) {
    let Some(currency) = opening.or(closing).map(|m| m.currency.clone()) else { return };
    let mut booked: Vec<usize> = (0..rows.len())
        .filter(|&i| rows.get(i).is_some_and(|t| t.status == Status::Success && t.money.currency == currency))
        .collect();
    let times = (booked.first().and_then(|&i| rows.get(i)), booked.last().and_then(|&i| rows.get(i)));
    if let (Some(first), Some(last)) = times
        && first.time.at > last.time.at
    {
        booked.reverse();
    }
    if let (Some(open), Some(row)) = (opening, booked.first().and_then(|&i| rows.get_mut(i))) {
        let signed = match row.direction {
            Direction::In => row.money.amount,
            Direction::Out => -row.money.amount,
            Direction::Neutral => rust_decimal::Decimal::ZERO,
        };
        if row.balance.is_none() {
            row.balance = open.amount.checked_add(signed);
        }
    }
    if let (Some(close), Some(row)) = (closing, booked.last().and_then(|&i| rows.get_mut(i))) {
        // The printed closing balance wins over one derived from the opening (a single row).
        row.balance = Some(close.amount);
    }
}

#[cfg(test)]
mod tests {
    use super::place;
    use crate::model::{Direction, Money, Precision, Side, SourceRef, Status, Timestamp, Transaction};
    use rust_decimal::Decimal;

    fn row(line: usize, day: u32, amount: i64, direction: Direction) -> Transaction {
        let at = chrono::DateTime::parse_from_rfc3339(&format!("2024-01-{day:02}T00:00:00+01:00")).unwrap();
        let source = SourceRef { path: "s.xml".into(), line };
        let money = Money::new(Decimal::from(amount), "EUR");
        Transaction::new(source, Side::Bank, "bank", Timestamp { at, precision: Precision::Day }, money, direction)
    }

    #[test]
    fn opening_on_the_first_booked_row_and_closing_on_the_last() {
        let mut rows = vec![row(3, 2, 10, Direction::Out), row(9, 3, 5, Direction::In), row(15, 4, 7, Direction::Out)];
        rows[2].status = Status::Pending;
        place(&mut rows, Some(&Money::new(Decimal::from(100), "EUR")), Some(&Money::new(Decimal::from(95), "EUR")));
        let balances: Vec<_> = rows.iter().map(|t| t.balance).collect();
        assert_eq!(balances, vec![Some(Decimal::from(90)), Some(Decimal::from(95)), None]);
    }

    #[test]
    fn newest_first_statements_get_them_the_other_way_round() {
        let mut rows = vec![row(3, 5, 10, Direction::Out), row(9, 3, 5, Direction::In)];
        place(&mut rows, Some(&Money::new(Decimal::from(100), "EUR")), Some(&Money::new(Decimal::from(95), "EUR")));
        assert_eq!(rows[0].balance, Some(Decimal::from(95)));
        assert_eq!(rows[1].balance, Some(Decimal::from(105)));
    }

    #[test]
    fn another_currency_gets_nothing() {
        let mut rows = vec![row(3, 2, 10, Direction::Out)];
        place(&mut rows, None, Some(&Money::new(Decimal::from(95), "USD")));
        assert_eq!(rows[0].balance, None);
    }
}
