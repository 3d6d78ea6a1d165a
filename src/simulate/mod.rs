//! `simulate`: a synthetic household's exports in the real layouts (Alipay GBK, two WeChat
//! Pay bills that overlap, two ICBC statements with a gap, the attempts log) and `truth.json`,
//! the incidents planted in them. Deterministic per seed; rows are written as the days are
//! lived, so memory stays bounded whatever `--scale` asks for.

mod alipay;
mod attempts;
mod event;
mod icbc;
mod incidents;
mod income;
mod life;
mod patterns;
mod payees;
mod rng;
mod sink;
mod spool;
mod stories;
mod suspicious;
pub mod truth;
pub mod vocab;
mod wechat;
mod world;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::path::PathBuf;
use world::{Layout, World};

/// What to simulate.
#[derive(Debug, Clone)]
pub struct Options {
    pub seed: u64,
    pub days: u32,
    /// A multiplier on ordinary daily volume (incidents keep their count).
    pub scale: f64,
    pub out: PathBuf,
    /// Ordinary life only: no incidents, one export per source.
    pub ordinary: bool,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Summary {
    /// File names and data rows.
    pub files: Vec<(String, u64)>,
    pub rows: u64,
    pub incidents: usize,
}

/// Days the planted incidents need (history for the S rules, a gap, an overlap, a refund window).
pub const MIN_DAYS: u32 = 60;

pub fn run(o: &Options) -> Result<Summary, String> {
    if o.days == 0 || o.days > 36_500 {
        return Err(format!("--days must be between 1 and 36500, got {}", o.days));
    }
    if !o.ordinary && o.days < MIN_DAYS {
        return Err(format!("planting every incident needs --days {MIN_DAYS} or more (or --ordinary), got {}", o.days));
    }
    if !(o.scale.is_finite() && o.scale > 0.0 && o.scale <= 100_000.0) {
        return Err(format!("--scale must be a positive number up to 100000, got {}", o.scale));
    }
    std::fs::create_dir_all(&o.out).map_err(|e| format!("{}: cannot create: {e}", o.out.display()))?;
    clear_previous(&o.out)?;
    let mut w = World::new(o.seed, layout(o));
    if !o.ordinary {
        // P006's days: its card fails on two days running and recovers on the third.
        let upgrade = w.layout.upgrade_day;
        w.reserve([upgrade - 2, upgrade - 1, upgrade]);
        incidents::plant(&mut w);
        patterns::plant(&mut w);
        suspicious::plant(&mut w);
    }
    let opening = Decimal::new((1_500_000.0 * o.scale).round() as i64 + 648_035, 2);
    let mut out = sink::Sink::create(&o.out, &w.layout, opening)?;
    (out.gap_incident, out.overlap_incident) = (w.gap_incident, w.overlap_incident);
    for d in 0..o.days {
        life::day(&mut w, d);
        for e in w.pop_before(w.layout.at(d + 1, 0)) {
            out.emit(&e, &mut w.truth)?;
        }
    }
    let rows = out.rows;
    let placements = out.finish(&mut w.truth)?;
    let truth = w.truth.finish(&placements, (o.seed, o.days, o.scale, o.ordinary));
    let path = o.out.join("truth.json");
    let mut text = serde_json::to_string_pretty(&truth).map_err(|e| format!("{}: {e}", path.display()))?;
    text.push('\n');
    std::fs::write(&path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    Ok(Summary {
        files: placements.iter().map(|p| (p.path.clone(), p.rows)).collect(),
        rows,
        incidents: truth.incidents.len(),
    })
}

/// Makes sure `dir` holds nothing but an earlier simulation (whose files are removed): exports
/// of two runs in one folder would be read as one household.
fn clear_previous(dir: &std::path::Path) -> Result<(), String> {
    let listing = |e: std::io::Error| format!("{}: cannot list: {e}", dir.display());
    let names: Vec<String> = std::fs::read_dir(dir)
        .map_err(listing)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()).map_err(listing))
        .collect::<Result<_, _>>()?;
    if names.is_empty() {
        return Ok(());
    }
    let previous = std::fs::read_to_string(dir.join("truth.json")).ok();
    let truth: Option<truth::TruthFile> = previous.and_then(|t| serde_json::from_str(&t).ok());
    let Some(truth) = truth else {
        return Err(format!("{}: the folder is not empty; simulate writes into a new or empty folder", dir.display()));
    };
    let ours: Vec<&str> = truth.files.iter().map(|f| f.path.as_str()).chain(["truth.json"]).collect();
    let spooled = |n: &str| n.starts_with('.') && n.ends_with(".spool");
    if let Some(other) = names.iter().find(|n| !ours.contains(&n.as_str()) && !spooled(n)) {
        return Err(format!(
            "{}: holds {other}, which no earlier simulation wrote; use a new or empty folder",
            dir.display()
        ));
    }
    for name in names {
        let path = dir.join(&name);
        std::fs::remove_file(&path).map_err(|e| format!("{}: cannot remove: {e}", path.display()))?;
    }
    Ok(())
}

/// The calendar: the ICBC gap and the WeChat overlap at random days (none when ordinary).
fn layout(o: &Options) -> Layout {
    let mut r = rng::Rand::new(o.seed ^ 0x5eed_1a70);
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default() + chrono::Duration::days(r.int(0, 27));
    let days = i64::from(o.days);
    let (gap, overlap) = if o.ordinary {
        (None, None)
    } else {
        let g0 = r.int(days * 50 / 100, days * 60 / 100) as u32;
        let o0 = r.int(days * 25 / 100, days * 35 / 100) as u32;
        (Some((g0, g0 + r.int(4, 6) as u32)), Some((o0, o0 + r.int(3, 5) as u32)))
    };
    let dom = chrono::Datelike::day(&start);
    Layout {
        start,
        days: o.days,
        scale: o.scale,
        ordinary: o.ordinary,
        icbc_gap: gap,
        wechat_overlap: overlap,
        upgrade_day: if o.ordinary { 0 } else { r.int(7, 10) as u32 },
        rent_dom: if dom <= 24 { dom + 2 } else { 1 },
    }
}
