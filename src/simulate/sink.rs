//! Routes each row, in time order, to the exports that show it: the Alipay export, the WeChat
//! exports whose periods hold its day, the ICBC statement covering its day (none in the gap;
//! the running balance counts every movement), the attempts log. Records truth as it goes.

use super::alipay::AlipayExport;
use super::attempts::AttemptsLog;
use super::event::{Dir, Event, Row};
use super::icbc::IcbcExport;
use super::spool::Spool;
use super::truth::{Failed, Handle, Placement, Truth};
use super::wechat::WeChatExport;
use super::world::Layout;
use crate::classify::classify;
use crate::model::FailureInfo;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Files in index order: Alipay, the WeChat exports, the ICBC statements, the attempts log.
pub struct Sink {
    dir: PathBuf,
    layout: Layout,
    alipay: (String, AlipayExport),
    wechat: Vec<(String, (u32, u32), WeChatExport)>,
    icbc: Vec<(String, (u32, u32), IcbcExport)>,
    attempts: (String, AttemptsLog),
    balances: BTreeMap<&'static str, Decimal>,
    /// Truth entries told of by the statement row after the next (omitted) one: D003.
    after_omitted: Vec<usize>,
    last_bank: Option<Handle>,
    /// D002: the last row before the gap and the first after it; D004: the overlap.
    pub gap_incident: Option<usize>,
    pub overlap_incident: Option<usize>,
    gap_edges: (Option<Handle>, Option<Handle>),
    pub rows: u64,
}

fn name_span(l: &Layout, prefix: &str, (a, b): (u32, u32)) -> String {
    format!("{prefix}-{}_{}.csv", l.date(a).format("%Y-%m-%d"), l.date(b).format("%Y-%m-%d"))
}

impl Sink {
    pub fn create(dir: &Path, layout: &Layout, opening: Decimal) -> Result<Sink, String> {
        let spool = |name: &str| Spool::create(dir.join(format!(".{name}.spool")));
        let last = layout.days - 1;
        let wx = match layout.wechat_overlap {
            Some((a, b)) => vec![(0, b), (a, last)],
            None => vec![(0, last)],
        };
        let bank = match layout.icbc_gap {
            Some((a, b)) => vec![(0, a - 1), (b + 1, last)],
            None => vec![(0, last)],
        };
        let mut wechat = Vec::new();
        for (k, span) in wx.into_iter().enumerate() {
            let name = name_span(layout, "wechat", span);
            wechat.push((name.clone(), span, WeChatExport::new(spool(&name)?, k == 0)));
        }
        let mut icbc = Vec::new();
        for span in bank {
            let name = name_span(layout, "icbc-4321", span);
            icbc.push((name.clone(), span, IcbcExport::new(spool(&name)?)));
        }
        let alipay = name_span(layout, "alipay", (0, last));
        Ok(Sink {
            dir: dir.to_path_buf(),
            layout: layout.clone(),
            alipay: (alipay.clone(), AlipayExport::new(spool(&alipay)?)),
            wechat,
            icbc,
            attempts: ("attempts.csv".into(), AttemptsLog::create(&dir.join("attempts.csv"))?),
            balances: BTreeMap::from([("CNY", opening), ("USD", Decimal::new(125_000, 2))]),
            after_omitted: Vec::new(),
            last_bank: None,
            gap_incident: None,
            overlap_incident: None,
            gap_edges: (None, None),
            rows: 0,
        })
    }

    fn index_wechat(k: usize) -> usize {
        1 + k
    }
    fn index_icbc(&self, k: usize) -> usize {
        1 + self.wechat.len() + k
    }
    fn index_attempts(&self) -> usize {
        1 + self.wechat.len() + self.icbc.len()
    }

    pub fn emit(&mut self, e: &Event, truth: &mut Truth) -> Result<(), String> {
        let day = self.layout.day_of(e.at);
        let mut handles: Vec<Handle> = Vec::new();
        let reference: Option<String>;
        match &e.row {
            Row::Wallet(r) if r.wallet == super::event::Wallet::Alipay => {
                handles.push((0, self.alipay.1.write(e.at, r)?));
                reference = Some(r.reference.clone());
            }
            Row::Wallet(r) => {
                for (k, (_, (lo, hi), export)) in self.wechat.iter_mut().enumerate() {
                    if i64::from(*lo) <= day && day <= i64::from(*hi) {
                        let ordinal = export.write(e.at, r)?;
                        handles.push((Self::index_wechat(k), ordinal));
                    }
                }
                if let (Some(id), true) = (self.overlap_incident, handles.len() > 1) {
                    handles.iter().for_each(|h| truth.add(id, *h, Some(&r.reference)));
                }
                reference = Some(r.reference.clone());
            }
            Row::Bank(r) => {
                let balance = self.balances.entry(r.currency.0).or_default();
                *balance += if r.dir == Dir::In { r.amount } else { -r.amount };
                let balance = *balance;
                reference = None;
                let file = self
                    .icbc
                    .iter_mut()
                    .enumerate()
                    .find(|(_, (_, (lo, hi), _))| i64::from(*lo) <= day && day <= i64::from(*hi));
                match (r.omit, file) {
                    (true, _) => {
                        for &id in &e.tags {
                            self.last_bank.iter().for_each(|h| truth.add(id, *h, None));
                        }
                        self.after_omitted.extend(&e.tags);
                        return Ok(());
                    }
                    (false, Some((k, (_, _, export)))) => {
                        let ordinal = export.write(e.at, r, balance)?;
                        let handle = (self.index_icbc(k), ordinal);
                        handles.push(handle);
                        if r.currency.0 == "CNY" {
                            for id in std::mem::take(&mut self.after_omitted) {
                                truth.add(id, handle, None);
                            }
                            self.last_bank = Some(handle);
                            if k == 0 {
                                self.gap_edges.0 = Some(handle);
                            } else if self.gap_edges.1.is_none() {
                                self.gap_edges.1 = Some(handle);
                            }
                        }
                    }
                    (false, None) => {}
                }
            }
            Row::Attempt(r) => {
                let handle = (self.index_attempts(), self.attempts.1.write(e.at, r)?);
                handles.push(handle);
                reference = Some(r.reference.clone());
                if r.status == "failed" && r.raw_amount.is_none() {
                    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
                    let info = FailureInfo { code: opt(r.code), message: opt(r.message) };
                    let (label, currency, at) = (r.method, "CNY", e.at);
                    let reference = opt(&r.reference);
                    truth.failed(Failed { cause: classify(&info), label, currency, at, row: handle, reference });
                }
            }
        }
        self.rows += handles.len() as u64;
        for &id in &e.tags {
            for h in &handles {
                truth.add(id, *h, reference.as_deref());
            }
        }
        Ok(())
    }

    /// Writes every file; returns where their rows are.
    pub fn finish(self, truth: &mut Truth) -> Result<Vec<Placement>, String> {
        if let Some(id) = self.gap_incident {
            let (before, after) = self.gap_edges;
            before.into_iter().chain(after).for_each(|h| truth.add(id, h, None));
        }
        let l = &self.layout;
        let day_start = |d: u32| l.at(d, 0);
        let day_end = |d: u32| l.at(d, 86_399);
        let mut out = Vec::new();
        let exported = l.at(l.days, 9 * 3600 + 30 * 60 + 12);
        let place = |path: String, (rows, above): (u64, u64)| Placement { path, rows, above, reversed: true };
        let (name, export) = self.alipay;
        let done = export.finish(&self.dir.join(&name), (day_start(0), day_end(l.days - 1)), exported)?;
        out.push(place(name, done));
        for (name, (a, b), export) in self.wechat {
            let done = export.finish(&self.dir.join(&name), (day_start(a), day_end(b)), l.at(b + 1, 8 * 3600 + 765))?;
            out.push(place(name, done));
        }
        for (name, _, export) in self.icbc {
            let done = export.finish(&self.dir.join(&name))?;
            out.push(place(name, done));
        }
        let (name, log) = self.attempts;
        let (rows, above) = log.finish()?;
        out.push(Placement { path: name, rows, above, reversed: false });
        Ok(out)
    }
}
