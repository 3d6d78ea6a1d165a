//! The schema's parts as `Option` fields (`Stmt/Acct`, `Bal`, `Ntry`), filled from element
//! values by their path, then mapped into the model: an entry that cannot be read is a
//! rejected row, never a panic (see the module documentation for what each field means).

use crate::ingest::{Coverage, Parsed, Rejected, SourceText, balances};
use crate::institutions;
use crate::model::{
    Account, Direction, FailureInfo, Kind, Money, Precision, Side, Status, Timestamp, Transaction, Zone, last4_digits,
    parse_amount,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// A statement being read: its account, balances and the rows read so far.
pub struct Stmt {
    iban: Option<String>,
    other_id: Option<String>,
    servicer: Option<String>,
    bic: Option<String>,
    from: Option<String>,
    to: Option<String>,
    pub balances: Vec<Balance>,
    /// The zone of days and times without an offset.
    zone: Zone,
    out: Parsed,
}

#[derive(Default)]
pub struct Balance {
    code: Option<String>,
    amount: Option<(String, Option<String>)>,
    debit: bool,
    date: Option<String>,
}

/// One `Ntry`, each field as written.
#[derive(Default)]
pub struct Entry {
    pub line: usize,
    pub start: usize,
    amount: Option<(String, Option<String>)>,
    /// `AmtDtls/InstdAmt` and `AmtDtls/TxAmt`, as printed: the original of a converted entry.
    details: Vec<(String, Option<String>)>,
    indicator: Option<String>,
    reversal: bool,
    status: Option<String>,
    booked: Option<String>,
    value_date: Option<String>,
    entry_ref: Option<String>,
    servicer_ref: Option<String>,
    end_to_end: Option<String>,
    creditor: Option<String>,
    debtor: Option<String>,
    remittance: Vec<String>,
    info: Option<String>,
    return_code: Option<String>,
    return_info: Option<String>,
    returned: bool,
}

fn set(slot: &mut Option<String>, v: &str) {
    if slot.is_none() && !v.is_empty() {
        *slot = Some(v.to_string());
    }
}

impl Stmt {
    pub fn new(zone: Zone) -> Self {
        Stmt {
            iban: None,
            other_id: None,
            servicer: None,
            bic: None,
            from: None,
            to: None,
            balances: Vec::new(),
            zone,
            out: Parsed::default(),
        }
    }

    pub fn field(&mut self, parents: &[&str], name: &str, v: &str) {
        match (parents, name) {
            ([.., "Acct", "Id"], "IBAN") => set(&mut self.iban, v),
            ([.., "Acct", "Id", "Othr"], "Id") => set(&mut self.other_id, v),
            ([.., "Svcr", "FinInstnId"], "Nm") => set(&mut self.servicer, v),
            ([.., "Svcr", "FinInstnId"], "BIC" | "BICFI") => set(&mut self.bic, v),
            ([.., "Stmt", "FrToDt"], "FrDtTm") => set(&mut self.from, v),
            ([.., "Stmt", "FrToDt"], "ToDtTm") => set(&mut self.to, v),
            _ => {}
        }
    }

    /// The account label (see the module documentation).
    fn account(&self) -> String {
        let named = self
            .servicer
            .as_deref()
            .map(|n| institutions::bank_of(n).map_or_else(|| super::super::ofx::slug(n), str::to_string));
        let bic = self.bic.as_deref().and_then(|b| b.get(..4)).map(str::to_ascii_lowercase);
        let institution = named.filter(|n| !n.is_empty()).or(bic).unwrap_or_else(|| "bank".into());
        let id = self.iban.as_deref().or(self.other_id.as_deref());
        Account::label(&institution, id.and_then(last4_digits).as_deref())
    }

    pub fn add(&mut self, src: &SourceText, e: Entry, raw: &str) {
        let account = self.account();
        self.out.rows += 1;
        match e.read(src, &account, self.zone) {
            Ok(t) => self.out.transactions.push(t),
            Err(reason) => {
                let raw = crate::ingest::table::head(raw.trim(), 1 << 10).to_string();
                self.out.rejected.push(Rejected { source: src.at(e.line), reason, raw });
            }
        }
    }

    pub fn reject(&mut self, rejected: Rejected) {
        self.out.rows += 1;
        self.out.rejected.push(rejected);
    }

    pub fn finish(mut self) -> Parsed {
        self.out.account = self.account();
        let find = |codes: &[&str]| {
            codes
                .iter()
                .find_map(|c| self.balances.iter().find(|b| b.code.as_deref() == Some(*c)))
                .and_then(Balance::money)
        };
        let (opening, closing) = (find(&["OPBD", "PRCD"]), find(&["CLBD"]));
        balances::place(&mut self.out.transactions, opening.as_ref(), closing.as_ref());
        let time = |raw: &str| timestamp(raw, self.zone);
        let period = (self.from.as_deref().map(time), self.to.as_deref().map(time));
        if let (Some(Ok(from)), Some(Ok(to))) = period {
            self.out.declared_coverage = Some(Coverage { from: from.at, to: to.latest() });
        }
        self.out
    }
}

impl Balance {
    pub fn field(&mut self, parents: &[&str], name: &str, v: &str, currency: Option<&str>) {
        match (parents, name) {
            ([.., "Bal", "Tp", "CdOrPrtry"], "Cd") => set(&mut self.code, v),
            ([.., "Bal"], "Amt") => self.amount = Some((v.to_string(), currency.map(str::to_string))),
            ([.., "Bal"], "CdtDbtInd") => self.debit = v == "DBIT",
            ([.., "Bal", "Dt"], "Dt" | "DtTm") => set(&mut self.date, v),
            _ => {}
        }
    }

    fn money(&self) -> Option<Money> {
        let (amount, currency) = self.amount.as_ref()?;
        let value = parse_amount(amount).ok()?;
        Some(Money::new(if self.debit { -value } else { value }, currency.clone()?))
    }
}

impl Entry {
    pub fn new(line: usize, start: usize) -> Self {
        Entry { line, start, ..Entry::default() }
    }

    pub fn field(&mut self, parents: &[&str], name: &str, v: &str, currency: Option<&str>) {
        let party = parents.iter().rposition(|p| *p == "RltdPties").and_then(|i| parents.get(i + 1)).copied();
        match (parents, name) {
            ([.., "Ntry"], "Amt") => self.amount = Some((v.to_string(), currency.map(str::to_string))),
            ([.., "AmtDtls", "InstdAmt" | "TxAmt"], "Amt") => {
                self.details.push((v.to_string(), currency.map(str::to_string)))
            }
            ([.., "Ntry"], "CdtDbtInd") => set(&mut self.indicator, v),
            ([.., "Ntry"], "RvslInd") => self.reversal = v.eq_ignore_ascii_case("true") || v == "1",
            ([.., "Ntry"], "Sts") | ([.., "Ntry", "Sts"], "Cd") => set(&mut self.status, v),
            ([.., "Ntry", "BookgDt"], "Dt" | "DtTm") => set(&mut self.booked, v),
            ([.., "Ntry", "ValDt"], "Dt" | "DtTm") => set(&mut self.value_date, v),
            ([.., "Ntry"], "NtryRef") => set(&mut self.entry_ref, v),
            ([.., "Ntry"], "AcctSvcrRef") => set(&mut self.servicer_ref, v),
            ([.., "Refs"], "EndToEndId") if v != "NOTPROVIDED" => set(&mut self.end_to_end, v),
            ([.., "RmtInf"], "Ustrd") if !v.is_empty() => self.remittance.push(v.to_string()),
            ([.., "Ntry"], "AddtlNtryInf") | ([.., "TxDtls"], "AddtlTxInf") => set(&mut self.info, v),
            ([.., "RtrInf", "Rsn"], "Cd" | "Prtry") => set(&mut self.return_code, v),
            ([.., "RtrInf"], "AddtlInf") => set(&mut self.return_info, v),
            ([.., "RtrInf"], _) => self.returned = true,
            (_, "Nm") => match party {
                Some("Cdtr" | "UltmtCdtr") => set(&mut self.creditor, v),
                Some("Dbtr" | "UltmtDbtr") => set(&mut self.debtor, v),
                _ => {}
            },
            _ => {}
        }
    }

    fn read(&self, src: &SourceText, account: &str, zone: Zone) -> Result<Transaction, String> {
        let (raw, currency) = self.amount.as_ref().ok_or("the entry has no amount (Amt)")?;
        let value = parse_amount(raw).map_err(|e| format!("Amt: {e}"))?;
        let currency = currency.clone().ok_or_else(|| format!("the amount {raw:?} has no currency (Ccy)"))?;
        let direction = match self.indicator.as_deref() {
            Some("CRDT") => Direction::In,
            Some("DBIT") => Direction::Out,
            other => return Err(format!("CdtDbtInd {:?} is neither CRDT nor DBIT", other.unwrap_or(""))),
        };
        let status = match self.status.as_deref() {
            Some("BOOK") | None => Status::Success,
            Some("PDNG" | "INFO" | "FUTR") => Status::Pending,
            Some(other) => return Err(format!("entry status {other:?} is not BOOK, PDNG, INFO or FUTR")),
        };
        let date =
            self.booked.as_deref().or(self.value_date.as_deref()).ok_or("the entry has no date (BookgDt or ValDt)")?;
        let time = timestamp(date, zone)?;
        let mut t = Transaction::new(
            src.at(self.line),
            Side::Bank,
            account,
            time,
            Money::new(value.abs(), currency),
            direction,
        );
        t.status = status;
        t.original = self.original(&t.money.currency);
        let (theirs, ours) = match direction {
            Direction::Out => (&self.creditor, &self.debtor),
            _ => (&self.debtor, &self.creditor),
        };
        t.counterparty = theirs.clone().or_else(|| ours.clone());
        t.description = (!self.remittance.is_empty()).then(|| self.remittance.join(" ")).or_else(|| self.info.clone());
        t.reference = self.servicer_ref.clone().or_else(|| self.entry_ref.clone()).or_else(|| self.end_to_end.clone());
        t.merchant_reference = self.end_to_end.clone().filter(|r| t.reference.as_ref() != Some(r));
        t.card_last4 = Account::parse(account).card.map(str::to_string);
        let texts = [t.counterparty.as_deref(), t.description.as_deref()];
        t.provider = institutions::recognise(texts.iter().flatten().copied()).map(str::to_string);
        let words = texts.iter().flatten().copied().collect::<Vec<_>>().join(" ");
        t.kind = crate::ingest::cells::kind_from_summary(&words, direction);
        if self.reversal || self.returned || self.return_code.is_some() {
            // A returned or reversed debit: money back for a payment that failed.
            t.kind = Kind::Refund;
            if self.return_code.is_some() || self.return_info.is_some() {
                t.failure = Some(FailureInfo { code: self.return_code.clone(), message: self.return_info.clone() });
            }
        } else if t.kind == Kind::Other && direction == Direction::Out {
            t.kind = Kind::Payment;
        }
        Ok(t)
    }
}

impl Entry {
    /// The amount the bank printed in another currency than the entry's (`AmtDtls/InstdAmt` or
    /// `TxAmt`). A batch entry whose transactions print different ones has none: no single
    /// amount is the entry's.
    fn original(&self, currency: &str) -> Option<Money> {
        let mut foreign = self.details.iter().filter_map(|(raw, ccy)| {
            let ccy = ccy.as_deref().filter(|c| *c != currency)?;
            Some(Money::new(parse_amount(raw).ok()?.abs(), ccy))
        });
        let first = foreign.next()?;
        foreign.all(|m| m == first).then_some(first)
    }
}

/// `2024-01-05` (a day), `2024-01-05T10:30:00+01:00` or `…Z` (its offset), `2024-01-05T10:30:00`
/// (in `zone`, like a bare date).
fn timestamp(raw: &str, zone: Zone) -> Result<Timestamp, String> {
    let s = raw.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        let at = zone.localize(&d.and_time(chrono::NaiveTime::MIN)).ok_or("a day out of range")?;
        return Ok(Timestamp { at, precision: Precision::Day });
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(s) {
        return Ok(Timestamp { at, precision: Precision::Second });
    }
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .map_err(|_| format!("{raw:?} is not an ISO date (2024-01-05) or date-time (2024-01-05T10:30:00+01:00)"))?;
    let at = zone.localize(&naive).ok_or("a time out of range")?;
    Ok(Timestamp { at, precision: Precision::Second })
}
