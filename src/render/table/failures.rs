//! The header's picture of the failed top-ups: one line per cause (count and the amount tried)
//! and a histogram of the hour of day, the peak hours marked under it. Unicode blocks, or ASCII
//! when the locale is not UTF-8 (`terminal::unicode_locale`).

use super::wrap::{self, GLUE, glued, hanging};
use crate::finding::Cause;
use crate::report::Failures;

/// Bar heights, lowest first.
const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const ASCII_BARS: [char; 8] = ['.', ':', '-', '=', '+', '*', '#', '@'];

pub fn render(f: &Failures, width: usize, unicode: bool, zh: bool) -> Vec<String> {
    let mut out = Vec::new();
    if f.by_cause.is_empty() {
        return out;
    }
    let title = if zh {
        "失败充值按原因（笔数，尝试金额）："
    } else {
        "Failed top-ups by cause (count, amount tried):"
    };
    out.extend(hanging(title, width, 2));
    let rows: Vec<(String, String, String)> = f
        .by_cause
        .iter()
        .map(|c| {
            let amounts: Vec<String> =
                c.attempted.iter().map(|a| glued(&format!("{} {}", a.amount, a.currency))).collect();
            (format!("{} {}", code(c.cause), cause_label(c.cause, zh)), c.count.to_string(), amounts.join(", "))
        })
        .collect();
    let widest =
        |pick: fn(&(String, String, String)) -> &String| rows.iter().map(|r| wrap::width(pick(r))).max().unwrap_or(0);
    let (label_width, count_width, amount_width) = (widest(|r| &r.0), widest(|r| &r.1), widest(|r| &r.2));
    // Aligned in columns when a line of them fits, else each on its own.
    let aligned = 2 + label_width + 2 + count_width + 2 + amount_width <= width;
    let pad = |n: usize| GLUE.to_string().repeat(n);
    for (label, count, amounts) in &rows {
        let line = if aligned {
            format!(
                "  {}{}{}{}  {}{amounts}",
                glued(label),
                pad(label_width - wrap::width(label) + 2),
                pad(count_width - count.len()),
                count,
                pad(amount_width - wrap::width(amounts))
            )
        } else {
            format!("  {label}: {count}, {amounts}")
        };
        out.extend(hanging(&line, width, 2));
    }
    out.extend(histogram(f, width, unicode, zh));
    out
}

fn histogram(f: &Failures, width: usize, unicode: bool, zh: bool) -> Vec<String> {
    let max = f.by_hour.iter().map(|h| h.failed).max().unwrap_or(0);
    if max == 0 {
        return Vec::new();
    }
    let (bars, marker) = if unicode { (BLOCKS, '━') } else { (ASCII_BARS, '^') };
    let peaks = f.by_hour.iter().any(|h| h.peak);
    let title = match (peaks, zh) {
        (true, false) => format!("Failed top-ups by hour of day ({marker} peak hours {}):", f.peak_hours.join(", ")),
        (true, true) => format!("失败充值按时段（{marker} 为高峰时段 {}）：", f.peak_hours.join("、")),
        (false, false) => "Failed top-ups by hour of day:".to_string(),
        (false, true) => "失败充值按时段：".to_string(),
    };
    let mut out = hanging(&title, width, 2);
    // Two columns an hour when they fit, else one.
    let cell = if width >= 2 + 48 { 2 } else { 1 };
    let mut row = String::from("  ");
    let mut marks = String::from("  ");
    for h in &f.by_hour {
        // Any failure shows at least the lowest bar.
        let level = (h.failed * bars.len()).div_ceil(max);
        let bar = level.checked_sub(1).and_then(|i| bars.get(i)).copied().unwrap_or(' ');
        for _ in 0..cell {
            row.push(bar);
            marks.push(if h.peak { marker } else { ' ' });
        }
    }
    out.push(row.trim_end().to_string());
    if peaks {
        out.push(marks.trim_end().to_string());
    }
    let step = if cell == 2 { 3 } else { 6 };
    let mut axis = String::from("  ");
    for hour in (0..24).step_by(step) {
        let label = hour.to_string();
        axis.push_str(&format!("{label:<width$}", width = step * cell));
    }
    out.push(axis.trim_end().to_string());
    let busiest: Vec<String> = f
        .by_hour
        .iter()
        .filter(|h| h.failed == max)
        .take(3)
        .map(|h| format!("{:02}:00–{:02}:00", h.hour, (h.hour + 1) % 24))
        .collect();
    let mut note = if zh {
        format!("  最多：{}（{max} 笔）", busiest.join("、"))
    } else {
        format!("  Most: {} ({max} {})", busiest.join(", "), if busiest.len() > 1 { "each" } else { "failed" })
    };
    if f.untimed > 0 {
        note.push_str(&if zh {
            format!("；另有 {} 笔只有日期，未计入", f.untimed)
        } else {
            format!("; {} known only by date are left out", f.untimed)
        });
    }
    out.extend(hanging(&note, width, 2));
    out
}

/// The F code of a cause (F001 insufficient funds … F010 unknown).
fn code(cause: Cause) -> String {
    let n = Cause::ALL.iter().position(|c| *c == cause).map_or(10, |i| i + 1);
    format!("F{n:03}")
}

fn cause_label(cause: Cause, zh: bool) -> &'static str {
    let (en, cn) = match cause {
        Cause::InsufficientFunds => ("insufficient funds", "余额不足"),
        Cause::CardLocked => ("card locked", "卡被冻结"),
        Cause::CardExpired => ("card expired", "卡已过期"),
        Cause::CardBinding => ("card binding", "绑卡信息有误"),
        Cause::BankLimit => ("bank limit", "银行限额"),
        Cause::IdentityVerification => ("identity verification", "身份验证失败"),
        Cause::Network => ("network", "网络问题"),
        Cause::WalletSystem => ("wallet system", "系统故障"),
        Cause::RiskDeclined => ("risk declined", "风控拒绝"),
        Cause::Unknown => ("unclassified", "原因未识别"),
    };
    if zh { cn } else { en }
}
