//! Hand-written inline SVG for `--format html`: an hour-of-day histogram with shaded spans,
//! horizontal bars, a cumulative step line over time, and a card's reconciliation timeline.
//! Charts take plain data and words already translated; every text goes through
//! [`escape`]. Coordinates are whole pixels from integer and Decimal arithmetic (no floats:
//! an amount is never rounded through one), and every axis starts at zero.

use super::html_text::escape;
use crate::model::{Status, format_amount};
use crate::report::{CardEvent, CardTimeline, EventKind};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The width every chart is drawn at; the page scales it to its column.
const WIDTH: i64 = 960;
/// Left margin (axis labels, lane names) and right margin of the plots.
const LEFT: i64 = 56;
const RIGHT: i64 = 16;

/// An SVG element under construction: `<svg>` with its `<title>` (the accessible name and
/// the tooltip), then the shapes pushed.
struct Canvas {
    height: i64,
    body: String,
}

impl Canvas {
    fn new(height: i64, title: &str) -> Canvas {
        Canvas { height, body: format!("<title>{}</title>", escape(title)) }
    }

    fn rect(&mut self, x: i64, y: i64, w: i64, h: i64, class: &str, tip: Option<&str>) {
        let _ =
            write!(self.body, r#"<rect class="{class}" x="{x}" y="{y}" width="{}" height="{}">"#, w.max(0), h.max(0));
        self.tip_and_close(tip, "rect");
    }

    fn line(&mut self, (x1, y1): (i64, i64), (x2, y2): (i64, i64), class: &str) {
        let _ = write!(self.body, r#"<line class="{class}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>"#);
    }

    fn text(&mut self, x: i64, y: i64, anchor: &str, class: &str, text: &str) {
        let _ = write!(
            self.body,
            r#"<text class="{class}" x="{x}" y="{y}" text-anchor="{anchor}">{}</text>"#,
            escape(text)
        );
    }

    /// A marker: `shape` is an SVG path centred on (x, y).
    fn mark(&mut self, x: i64, y: i64, shape: &str, class: &str, tip: &str) {
        let _ = write!(self.body, r#"<path class="{class}" transform="translate({x} {y})" d="{shape}">"#);
        self.tip_and_close(Some(tip), "path");
    }

    fn tip_and_close(&mut self, tip: Option<&str>, tag: &str) {
        if let Some(tip) = tip {
            let _ = write!(self.body, "<title>{}</title>", escape(tip));
        }
        let _ = write!(self.body, "</{tag}>");
    }

    fn finish(self, class: &str) -> String {
        format!(r#"<svg class="chart {class}" viewBox="0 0 {WIDTH} {}" role="img">{}</svg>"#, self.height, self.body)
    }
}

/// A round step for about `ticks` gridlines up to `max` (1, 2 or 5 times a power of ten).
/// Checked arithmetic: an absurd amount from input must not overflow into a panic.
fn nice_step(max: Decimal, ticks: u32) -> Decimal {
    let rough = (max / Decimal::from(ticks.max(1))).max(Decimal::new(1, 2));
    let mut power = Decimal::new(1, 2);
    while let Some(next) = power.checked_mul(Decimal::TEN).filter(|n| *n <= rough) {
        power = next;
    }
    [Decimal::ONE, Decimal::TWO, Decimal::from(5), Decimal::TEN]
        .into_iter()
        .filter_map(|m| m.checked_mul(power))
        .find(|s| *s >= rough)
        .unwrap_or(rough)
}

/// `value / max` of `span` pixels, rounded to a whole pixel (divided first: no overflow).
fn scale(value: Decimal, max: Decimal, span: i64) -> i64 {
    if max <= Decimal::ZERO {
        return 0;
    }
    (value / max * Decimal::from(span)).round().to_i64().unwrap_or(0)
}

/// Horizontal gridlines and their labels from 0 to the first step at or above `max`; returns
/// that top value, which the bars are scaled against. Steps are at least `least` (1 for counts).
fn y_axis(
    c: &mut Canvas,
    left: i64,
    max: Decimal,
    least: Decimal,
    (top, bottom): (i64, i64),
    label: &dyn Fn(Decimal) -> String,
) -> Decimal {
    let step = nice_step(max, 4).max(least);
    let mut ceiling = step;
    while ceiling < max {
        match ceiling.checked_add(step) {
            Some(next) => ceiling = next,
            None => break,
        }
    }
    let mut v = Some(Decimal::ZERO);
    while let Some(at) = v.filter(|v| *v <= ceiling) {
        let y = bottom - scale(at, ceiling, bottom - top);
        c.line((left, y), (WIDTH - RIGHT, y), if at.is_zero() { "axis" } else { "grid" });
        c.text(left - 6, y + 4, "end", "tick", &label(at));
        v = at.checked_add(step);
    }
    ceiling
}

/// Failed top-ups per hour of day (`counts[h]`), with `spans` (minutes of the day, `[from,
/// to)`, wrapping past midnight) shaded as the peak hours. `note` is written under the axis.
pub fn hours(title: &str, counts: &[usize], spans: &[(u32, u32)], peak_label: &str, note: &str) -> String {
    let (top, bottom) = (28, 190);
    let mut c = Canvas::new(if note.is_empty() { bottom + 24 } else { bottom + 44 }, title);
    let plot = WIDTH - LEFT - RIGHT;
    let minute_x = |m: u32| LEFT + plot * i64::from(m) / 1440;
    for &(from, to) in spans {
        let parts = if from <= to { vec![(from, to)] } else { vec![(from, 1440), (0, to)] };
        for (a, b) in parts {
            c.rect(minute_x(a), top - 8, minute_x(b) - minute_x(a), bottom - top + 8, "peak", Some(peak_label));
        }
    }
    let max = Decimal::from(counts.iter().copied().max().unwrap_or(0).max(1));
    let ceiling = y_axis(&mut c, LEFT, max, Decimal::ONE, (top, bottom), &|v| v.normalize().to_string());
    let slot = plot / 24;
    for (hour, &n) in counts.iter().enumerate().take(24) {
        let x = LEFT + plot * hour as i64 / 24;
        let h = scale(Decimal::from(n), ceiling, bottom - top);
        let tip = format!("{hour:02}:00–{hour:02}:59 · {n}");
        c.rect(x + 3, bottom - h, slot - 6, h, "bar", Some(&tip));
        if n > 0 {
            c.text(x + slot / 2, bottom - h - 4, "middle", "value", &n.to_string());
        }
        c.text(x + slot / 2, bottom + 16, "middle", "tick", &format!("{hour:02}"));
    }
    c.rect(LEFT, 4, 14, 12, "peak", None);
    c.text(LEFT + 20, 14, "start", "legend", peak_label);
    c.text(LEFT, bottom + 38, "start", "note", note);
    c.finish("hours")
}

/// One horizontal bar per row: `label`, a count, and `note` written after the bar.
pub struct Bar {
    pub label: String,
    pub value: usize,
    pub note: String,
}

pub fn bars(title: &str, rows: &[Bar], class: &str) -> String {
    let (label_w, row_h) = (260, 30);
    let mut c = Canvas::new(row_h * rows.len().max(1) as i64 + 12, title);
    let max = rows.iter().map(|r| r.value).max().unwrap_or(0).max(1);
    // The widest bar leaves room for its count and note.
    let span = WIDTH - label_w - 300;
    for (i, r) in rows.iter().enumerate() {
        let y = 6 + row_h * i as i64;
        let w = scale(Decimal::from(r.value), Decimal::from(max), span).max(2);
        c.text(label_w - 10, y + 19, "end", "label", &r.label);
        c.rect(label_w, y + 4, w, row_h - 10, "bar", Some(&format!("{} · {}", r.label, r.value)));
        c.text(label_w + w + 8, y + 19, "start", "value", &format!("{}  {}", r.value, r.note));
    }
    c.finish(class)
}

/// The time axis shared by the charts over time: `from` to `to` across the plot.
#[derive(Clone, Copy)]
pub struct TimeAxis {
    pub from: DateTime<FixedOffset>,
    pub to: DateTime<FixedOffset>,
}

impl TimeAxis {
    fn x(&self, at: DateTime<FixedOffset>, left: i64) -> i64 {
        let span = (self.to - self.from).num_seconds().max(1);
        let off = (at - self.from).num_seconds().clamp(0, span);
        let plot = WIDTH - left - RIGHT;
        left + i64::try_from(i128::from(plot) * i128::from(off) / i128::from(span)).unwrap_or(0)
    }

    /// Day ticks at local midnights, every 1, 2, 7, 14 or 30 days so that at most ~12 show.
    fn ticks(&self, c: &mut Canvas, left: i64, top: i64, bottom: i64) {
        let days = (self.to - self.from).num_days().max(1);
        let every = [1, 2, 7, 14, 30, 91, 365].into_iter().find(|d| days / d <= 12).unwrap_or(730);
        let zone = *self.from.offset();
        let Some(mut day) = zone.from_local_datetime(&self.from.date_naive().and_time(NaiveTime::MIN)).single() else {
            return;
        };
        let mut n = 0;
        while day <= self.to {
            if day >= self.from && n % every == 0 {
                let x = self.x(day, left);
                c.line((x, top), (x, bottom), "grid");
                c.text(x, bottom + 16, "middle", "tick", &day.format("%m-%d").to_string());
            }
            day += Duration::days(1);
            n += 1;
        }
    }
}

/// One step of the cumulative line: at `at`, `amount` more; `label` is written by the step.
pub struct Step {
    pub at: DateTime<FixedOffset>,
    pub amount: Decimal,
    pub label: String,
    pub tip: String,
}

/// The running total of `steps` (sorted by time) over `axis`, in `currency`.
pub fn cumulative(title: &str, steps: &[Step], axis: TimeAxis, currency: &str) -> String {
    let (top, bottom) = (24, 200);
    let mut c = Canvas::new(bottom + 24, title);
    let total = steps.iter().fold(Decimal::ZERO, |sum, s| sum.saturating_add(s.amount));
    let left = LEFT + 24;
    axis.ticks(&mut c, left, top, bottom);
    let ceiling = y_axis(&mut c, left, total.max(Decimal::ONE), Decimal::ONE, (top, bottom), &|v| {
        v.round().normalize().to_string()
    });
    let mut run = Decimal::ZERO;
    let mut d = format!("M{left} {bottom}");
    for s in steps {
        let x = axis.x(s.at, left);
        let _ = write!(d, " H{x}");
        run = run.saturating_add(s.amount);
        let _ = write!(d, " V{}", bottom - scale(run, ceiling, bottom - top));
    }
    let _ = write!(d, " H{}", WIDTH - RIGHT);
    let _ = write!(c.body, r#"<path class="step" d="{d}"/>"#);
    run = Decimal::ZERO;
    // A label goes above its step, else below, where it overlaps no other label; a step with
    // room on neither side keeps only its tooltip.
    let mut placed: Vec<(i64, i64, i64, i64)> = Vec::new();
    for s in steps {
        run = run.saturating_add(s.amount);
        let (x, y) = (axis.x(s.at, left), bottom - scale(run, ceiling, bottom - top));
        c.mark(x, y, "M-4 0a4 4 0 1 0 8 0a4 4 0 1 0 -8 0", "risk", &s.tip);
        // Near the right edge a label is written leftwards so that it stays inside.
        let width = 8 * s.label.chars().count() as i64;
        let (from, to, lx, anchor) = if x > WIDTH - RIGHT - width - 8 {
            (x - width - 6, x, x - 6, "end")
        } else {
            (x, x + width + 6, x + 6, "start")
        };
        let free = |ty: i64| {
            ty - 12 > top - 20
                && ty < bottom
                && placed.iter().all(|&(a, b, c, d)| to < a || from > c || ty + 3 < b || ty - 12 > d)
        };
        if let Some(ty) = [y - 9, y + 17].into_iter().find(|&ty| free(ty)) {
            c.text(lx, ty, anchor, "value", &s.label);
            placed.push((from, ty - 12, to, ty + 3));
        }
    }
    c.text(WIDTH - RIGHT, top - 10, "end", "legend", &format!("{} {currency}", format_amount(total)));
    c.finish("risk")
}

/// What the timeline writes: lane names, the notes for a card without a statement and for a
/// busy card, and the tooltip of a day's ordinary rows of a busy card (count, first row, day).
pub struct Lanes<'a> {
    pub wallet: &'a str,
    pub debits: &'a str,
    pub refunds: &'a str,
    pub no_statement: &'a str,
    pub busy: &'a str,
    pub per_day: &'a dyn Fn(usize, &CardEvent, NaiveDate) -> String,
}

/// A card with more rows than this draws its ordinary rows (credited top-ups, matched debits,
/// payments) one mark per day, and joins only problems and refunds: thousands of marks and
/// lines would be a solid band that hides the problems and makes the page heavy.
pub const DETAIL_LIMIT: usize = 600;

/// Markers, centred on their point.
const CIRCLE: &str = "M-5 0a5 5 0 1 0 10 0a5 5 0 1 0 -10 0";
const CROSS: &str = "M-5 -5L5 5M5 -5L-5 5";
const SQUARE: &str = "M-5 -5h10v10h-10z";
const DIAMOND: &str = "M0 -5L5 0L0 5L-5 0z";
const TRIANGLE: &str = "M0 -6L6 5H-6z";

/// A marker of the timeline's key: `shape` is `circle`, `cross`, `square`, `diamond` or
/// `triangle`, drawn with the timeline's `class`.
pub fn icon(shape: &str, class: &str) -> String {
    let d = match shape {
        "cross" => CROSS,
        "square" => SQUARE,
        "diamond" => DIAMOND,
        "triangle" => TRIANGLE,
        _ => CIRCLE,
    };
    format!(
        r#"<svg class="icon" viewBox="-7 -7 14 14" aria-hidden="true"><path class="{}" d="{d}"/></svg>"#,
        escape(class)
    )
}

/// One card's timeline: the wallet lane (top-ups by status, payments), the bank's debits
/// (on the periods its statements cover) and its refunds, each debit joined to what it paid
/// and each refund to its debit. A debit that answers nothing or a failed top-up and was not
/// refunded, or a second debit for one top-up, is drawn as a problem (one outside every export
/// of its wallet as not checked); so is a succeeded top-up without a debit while the statement
/// covers its day.
pub fn timeline(
    title: &str,
    card: &CardTimeline,
    axis: TimeAxis,
    lanes: &Lanes,
    tip: &dyn Fn(&CardEvent) -> String,
) -> String {
    let left = 130;
    let lane_y = |k: EventKind| match k {
        EventKind::TopUp | EventKind::Payment => 26,
        EventKind::Debit => 62,
        EventKind::Refund => 98,
    };
    let ev = &card.events;
    // A card with no statement and no debit has only its wallet lane, and says why.
    let bank_side =
        !card.coverage.is_empty() || ev.iter().any(|e| matches!(e.kind, EventKind::Debit | EventKind::Refund));
    let bottom = if bank_side { 118 } else { 62 };
    let mut c = Canvas::new(bottom + 26, title);
    for (from, to) in &card.coverage {
        let (a, b) = (axis.x(*from, left), axis.x(*to, left));
        c.rect(a, 46, b - a, 70, "covered", None);
    }
    axis.ticks(&mut c, left, 12, bottom);
    let mut names = vec![(lanes.wallet, EventKind::TopUp)];
    if bank_side {
        names.extend([(lanes.debits, EventKind::Debit), (lanes.refunds, EventKind::Refund)]);
    }
    for (name, k) in names {
        c.text(left - 10, lane_y(k) + 4, "end", "label", name);
        c.line((left, lane_y(k)), (WIDTH - RIGHT, lane_y(k)), "lane");
    }
    if card.coverage.is_empty() {
        c.text(left + 8, lane_y(EventKind::TopUp) + 26, "start", "note", lanes.no_statement);
    }
    let pos = |e: &CardEvent| {
        // A date-only bank row stands for its whole day: drawn at midday.
        let at = if e.date_only { e.at + Duration::hours(12) } else { e.at };
        (axis.x(at, left), lane_y(e.kind))
    };
    // Who answers whom, counted once (linear in the rows, however busy the card).
    let mut debits_for = vec![0usize; ev.len()];
    let mut refunded = vec![false; ev.len()];
    for e in ev {
        let Some(slot) = e.answers else { continue };
        match e.kind {
            EventKind::Debit => debits_for.get_mut(slot).into_iter().for_each(|n| *n += 1),
            EventKind::Refund => refunded.get_mut(slot).into_iter().for_each(|r| *r = true),
            _ => {}
        }
    }
    let mut seen = vec![false; ev.len()];
    let marks: Vec<(&str, &str, bool)> = ev
        .iter()
        .enumerate()
        .map(|(i, e)| match (e.kind, e.status) {
            (EventKind::TopUp, Status::Success) => {
                let covered = card.coverage.iter().any(|(a, b)| *a <= e.at && e.at <= *b);
                let missing = debits_for.get(i) == Some(&0) && covered;
                (CIRCLE, if missing { "top-up problem" } else { "top-up ok" }, missing)
            }
            (EventKind::TopUp, Status::Failed) => (CROSS, "top-up failed", false),
            (EventKind::TopUp, Status::Pending) => (CIRCLE, "top-up pending", false),
            (EventKind::TopUp, Status::Cancelled) => (CROSS, "top-up cancelled", false),
            (EventKind::Payment, _) => (DIAMOND, "payment", false),
            (EventKind::Debit, _) => {
                let target = e.answers.and_then(|j| ev.get(j));
                let failed = target.is_some_and(|t| t.kind == EventKind::TopUp && t.status != Status::Success);
                // The first debit of a top-up is its debit; a later one a duplicate.
                let second = e.answers.and_then(|j| seen.get_mut(j)).is_some_and(|s| std::mem::replace(s, true));
                let bad = (target.is_none() || failed || second) && !refunded.get(i).copied().unwrap_or(false);
                match (bad, e.unchecked) {
                    (true, true) => (SQUARE, "debit unchecked", false),
                    (true, false) => (SQUARE, "debit problem", true),
                    (false, _) => (SQUARE, "debit", false),
                }
            }
            (EventKind::Refund, _) => (TRIANGLE, "refund", false),
        })
        .collect();
    let busy = ev.len() > DETAIL_LIMIT;
    // Ordinary rows of a busy card: one mark per lane, kind and day, its count in the tooltip.
    let ordinary = |class: &str| busy && matches!(class, "top-up ok" | "debit" | "payment");
    let problem = |i: usize| marks.get(i).is_some_and(|m| m.2);
    for (i, e) in ev.iter().enumerate() {
        let Some(j) = e.answers else { continue };
        let Some(other) = ev.get(j) else { continue };
        if !busy || problem(i) || problem(j) || e.kind == EventKind::Refund {
            c.line(pos(other), pos(e), "link");
        }
    }
    let mut days: BTreeMap<(i64, &str, NaiveDate), (usize, &CardEvent, &str)> = BTreeMap::new();
    for (e, &(shape, class, _)) in ev.iter().zip(&marks).filter(|(_, m)| ordinary(m.1)) {
        let day = days.entry((pos(e).1, class, e.at.date_naive())).or_insert((0, e, shape));
        day.0 += 1;
    }
    for ((y, class, date), (n, e, shape)) in &days {
        let at = e.at.date_naive().and_time(NaiveTime::MIN + Duration::hours(12));
        let x = e.at.offset().from_local_datetime(&at).single().map_or(pos(e).0, |t| axis.x(t, left));
        c.mark(x, *y, shape, class, &(lanes.per_day)(*n, e, *date));
    }
    // Problems last, so that nothing is drawn over them.
    let mut order: Vec<usize> = (0..ev.len()).filter(|&i| marks.get(i).is_some_and(|m| !ordinary(m.1))).collect();
    order.sort_by_key(|&i| problem(i));
    for i in order {
        let (Some(e), Some(&(shape, class, _))) = (ev.get(i), marks.get(i)) else { continue };
        let (x, y) = pos(e);
        c.mark(x, y, shape, class, &tip(e));
    }
    if busy {
        c.text(WIDTH - RIGHT, bottom - 4, "end", "note", lanes.busy);
    }
    c.finish("timeline")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round_and_bars_scale_without_floats() {
        assert_eq!(nice_step(Decimal::from(7), 4), Decimal::TWO);
        assert_eq!(nice_step(Decimal::from(2506), 4), Decimal::from(1000));
        assert_eq!(nice_step(Decimal::from(1), 4), Decimal::new(5, 1));
        assert_eq!(scale(Decimal::from(3), Decimal::from(12), 160), 40);
        assert_eq!(scale(Decimal::ONE, Decimal::ZERO, 160), 0);
        // The largest amounts a file can state scale without overflowing.
        assert!(nice_step(Decimal::MAX, 4) >= Decimal::MAX / Decimal::from(4));
        assert_eq!(scale(Decimal::MAX, Decimal::MAX, 160), 160);
    }

    #[test]
    fn text_in_charts_is_escaped() {
        let svg = bars("<b>t</b>", &[Bar { label: "<script>x</script>".into(), value: 1, note: "&".into() }], "c");
        assert!(!svg.contains("<script>") && !svg.contains("<b>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;x&lt;/script&gt;") && svg.contains("&amp;"));
    }
}
