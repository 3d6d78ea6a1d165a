//! The simulation's state: the calendar (which files cover which days), the seeded draws, the
//! queue of rows not yet written, references, and the windows ordinary life must keep out of.

use super::event::{Event, Row, Time, Wallet};
use super::rng::Rand;
use super::truth::Truth;
use chrono::{Duration, NaiveDate};
use std::collections::{BTreeSet, BinaryHeap};

/// Which days the exports cover (day indices from 0, inclusive ranges).
#[derive(Debug, Clone)]
pub struct Layout {
    pub start: NaiveDate,
    pub days: u32,
    pub scale: f64,
    pub ordinary: bool,
    /// Days no ICBC statement covers (the statements before and after it are two files).
    pub icbc_gap: Option<(u32, u32)>,
    /// Days both WeChat exports hold (the first ends, the second starts, inside it).
    pub wechat_overlap: Option<(u32, u32)>,
    /// The day the Alipay app is upgraded (before it, attempts carry the old version).
    pub upgrade_day: u32,
    /// Day of the month the rent and the bills are due from (all within the first week).
    pub rent_dom: u32,
}

impl Layout {
    pub fn date(&self, day: u32) -> NaiveDate {
        self.start + Duration::days(i64::from(day))
    }

    pub fn at(&self, day: u32, seconds: i64) -> Time {
        self.date(day).and_time(chrono::NaiveTime::MIN) + Duration::seconds(seconds)
    }

    /// The day index of `t` (negative or past the end when outside the period).
    pub fn day_of(&self, t: Time) -> i64 {
        (t.date() - self.start).num_days()
    }
}

/// Reference styles of the two wallets.
#[derive(Clone, Copy)]
pub enum Ref {
    WxTopUp,
    WxPay,
    WxTransfer,
    WxRedPacket,
    WxRefund,
    AliPay,
    AliTopUp,
    AliWithdraw,
    AliTransfer,
    Merchant,
}

pub struct World {
    pub rng: Rand,
    pub layout: Layout,
    pub truth: Truth,
    queue: BinaryHeap<Event>,
    seq: u64,
    serial: u64,
    /// Windows in which ordinary life makes no payment from a wallet.
    pub quiet: Vec<(Wallet, Time, Time)>,
    /// Windows in which ordinary life makes no top-up attempt with a wallet.
    pub calm: Vec<(Wallet, Time, Time)>,
    /// Days with planted attempts: ordinary failures stay away from them.
    pub busy: BTreeSet<i64>,
    taken: BTreeSet<u32>,
    /// The D002 (coverage gap) and D004 (overlap) incidents the writer fills in.
    pub gap_incident: Option<usize>,
    pub overlap_incident: Option<usize>,
}

impl World {
    pub fn new(seed: u64, layout: Layout) -> World {
        World {
            rng: Rand::new(seed),
            layout,
            truth: Truth::default(),
            queue: BinaryHeap::new(),
            seq: 0,
            serial: 0,
            quiet: Vec::new(),
            calm: Vec::new(),
            busy: BTreeSet::new(),
            taken: BTreeSet::new(),
            gap_incident: None,
            overlap_incident: None,
        }
    }

    /// Queues a row; it is written when the day loop reaches its time.
    pub fn push(&mut self, at: Time, row: Row, tags: &[usize]) {
        self.seq += 1;
        self.queue.push(Event { at, seq: self.seq, row, tags: tags.to_vec() });
    }

    /// The queued events before `end`, earliest first.
    pub fn pop_before(&mut self, end: Time) -> Vec<Event> {
        let mut out = Vec::new();
        while self.queue.peek().is_some_and(|e| e.at < end) {
            out.extend(self.queue.pop());
        }
        out
    }

    pub fn is_quiet(&self, wallet: Wallet, at: Time) -> bool {
        self.quiet.iter().any(|(w, from, to)| *w == wallet && *from <= at && at <= *to)
    }

    pub fn is_calm(&self, wallet: Wallet, at: Time) -> bool {
        self.calm.iter().any(|(w, from, to)| *w == wallet && *from <= at && at <= *to)
    }

    /// A day in [lo, hi] no other plant took, when one is left (else any day in the range).
    pub fn free_day(&mut self, lo: u32, hi: u32) -> u32 {
        let hi = hi.max(lo).min(self.layout.days - 1);
        let lo = lo.min(hi);
        let free: Vec<u32> = (lo..=hi).filter(|d| !self.taken.contains(d)).collect();
        let day = self.rng.pick(&free).unwrap_or_else(|| self.rng.int(i64::from(lo), i64::from(hi)) as u32);
        self.taken.insert(day);
        day
    }

    /// Keeps `days` from the plants that pick a free day.
    pub fn reserve(&mut self, days: impl IntoIterator<Item = u32>) {
        self.taken.extend(days);
    }

    /// A day among `days` no other plant took, when one is left (else any of them).
    pub fn free_day_among(&mut self, days: &[u32]) -> u32 {
        let free: Vec<u32> = days.iter().copied().filter(|d| !self.taken.contains(d)).collect();
        let day = self.rng.pick(&free).or_else(|| self.rng.pick(days)).unwrap_or(self.layout.days / 2);
        self.taken.insert(day);
        day
    }

    /// A provider reference in the wallet's style; unique through a serial number.
    pub fn reference(&mut self, style: Ref, at: Time) -> String {
        self.serial += 1;
        let serial = format!("{:08}", self.serial % 100_000_000);
        let mut rnd = |n: usize| self.rng.digits(n);
        let (ymd, yymmdd) = (at.format("%Y%m%d").to_string(), at.format("%y%m%d").to_string());
        match style {
            Ref::WxTopUp => format!("1101{yymmdd}1000{}{serial}", rnd(8)),
            Ref::WxPay => format!("4200002{}{ymd}{}{serial}", rnd(3), rnd(2)),
            Ref::WxTransfer => format!("1000050001{ymd}{}{serial}", rnd(6)),
            Ref::WxRedPacket => format!("1000039901{ymd}{}{serial}", rnd(6)),
            Ref::WxRefund => format!("5030002{}{ymd}{}{serial}", rnd(3), rnd(2)),
            Ref::AliPay => format!("{ymd}22001{}{serial}", rnd(7)),
            Ref::AliTopUp => format!("{ymd}11007{}{serial}", rnd(7)),
            Ref::AliWithdraw => format!("{ymd}20001{}{serial}", rnd(7)),
            Ref::AliTransfer => format!("{ymd}20004{}{serial}", rnd(7)),
            Ref::Merchant => format!("{}{}{serial}", at.format("%Y%m%d%H%M"), rnd(2)),
        }
    }
}
