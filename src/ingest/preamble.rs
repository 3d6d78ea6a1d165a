//! What export preambles state: the period (`起始时间：[…] 终止时间：[…]`, `起止日期：2026年03月01日
//! 至 2026年03月31日`, …) and `key：value` lines such as `卡号: 1234****9876`.

use super::table::clean;
use super::{Coverage, DeclaredRows, Parsed, Rejected, SourceText};
use crate::model::{Zone, parse_timestamp};

/// What the preamble (and a footer) of an export states about it: the period it covers and
/// how many records it holds. A period that runs backwards is not believed: the line becomes
/// a rejected row, and coverage comes from the rows.
pub fn read_preamble(src: &SourceText, header_line: usize, zone: Zone, out: &mut Parsed) {
    out.declared_rows = declared_rows(src);
    let Some((line, period)) = stated_period(src, header_line, zone) else { return };
    if period.from <= period.to {
        out.declared_coverage = Some(period);
        return;
    }
    out.rows += 1;
    out.rejected.push(Rejected {
        source: src.at(line + 1),
        reason: format!(
            "the period this export states runs backwards (from {} to {}): coverage is taken from its rows",
            period.from.format("%Y-%m-%d %H:%M"),
            period.to.format("%Y-%m-%d %H:%M")
        ),
        raw: src.text.lines().nth(line).map(|l| clean(l).trim_end_matches(',').to_string()).unwrap_or_default(),
    });
}

/// The record count an export states (`共51笔记录`), in its preamble or its footer.
fn declared_rows(src: &SourceText) -> Option<DeclaredRows> {
    src.text.lines().enumerate().filter(|(_, line)| line.contains("笔记录")).find_map(|(i, line)| {
        let cell = clean(line.split(',').next().unwrap_or_default());
        let count = cell.trim_matches('"').strip_prefix('共')?.strip_suffix("笔记录")?;
        Some(DeclaredRows { count: count.trim().parse().ok()?, line: src.at(i + 1).line })
    })
}

/// The period a preamble states: the first line above the header that names a start (起始,
/// 起止, 开始) and holds two dates.
pub fn preamble_period(src: &SourceText, header_line: usize, zone: Zone) -> Option<Coverage> {
    stated_period(src, header_line, zone).map(|(_, period)| period)
}

/// [`preamble_period`] as written (possibly backwards), with its 0-based line.
fn stated_period(src: &SourceText, header_line: usize, zone: Zone) -> Option<(usize, Coverage)> {
    src.text.lines().take(header_line).enumerate().find_map(|(i, line)| {
        if !(line.contains("起始") || line.contains("起止") || line.contains("开始")) {
            return None;
        }
        let stamps: Vec<_> = dates_in(line).iter().filter_map(|s| parse_timestamp(s, zone).ok()).collect();
        match stamps.as_slice() {
            [from, to, ..] => Some((i, Coverage { from: from.at, to: to.latest() })),
            _ => None,
        }
    })
}

/// The dates (with their times, if any) written in `line`, as `YYYY-MM-DD[ HH:MM[:SS]]`:
/// `2026-03-01`, `2026/3/1`, `2026.03.01`, `2026年03月01日`, whatever surrounds them.
fn dates_in(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(c) = chars.get(i) {
        let after_digit = i.checked_sub(1).and_then(|p| chars.get(p)).is_some_and(char::is_ascii_digit);
        let starts_number = c.is_ascii_digit() && !after_digit;
        match starts_number.then(|| date_at(&chars, i)).flatten() {
            Some((text, end)) => {
                found.push(text);
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// A date (and time) starting at `i`, normalised, and where it ends.
fn date_at(chars: &[char], i: usize) -> Option<(String, usize)> {
    let mut at = i;
    let year = digits(chars, &mut at, 4, 4)?;
    separator(chars, &mut at, &['-', '/', '.', '年'])?;
    let month = digits(chars, &mut at, 1, 2)?;
    separator(chars, &mut at, &['-', '/', '.', '月'])?;
    let day = digits(chars, &mut at, 1, 2)?;
    if chars.get(at) == Some(&'日') {
        at += 1;
    }
    let mut text = format!("{year}-{month:0>2}-{day:0>2}");
    let mut after = at;
    while chars.get(after) == Some(&' ') {
        after += 1;
    }
    if after > at {
        let mut t = after;
        if let Some(hour) = digits(chars, &mut t, 1, 2)
            && separator(chars, &mut t, &[':']).is_some()
            && let Some(minute) = digits(chars, &mut t, 2, 2)
        {
            text.push_str(&format!(" {hour:0>2}:{minute}"));
            let mut s = t;
            if separator(chars, &mut s, &[':']).is_some()
                && let Some(second) = digits(chars, &mut s, 2, 2)
            {
                text.push_str(&format!(":{second}"));
                t = s;
            }
            at = t;
        }
    }
    Some((text, at))
}

fn digits(chars: &[char], at: &mut usize, min: usize, max: usize) -> Option<String> {
    let run: String = chars.iter().skip(*at).take_while(|c| c.is_ascii_digit()).collect();
    if run.len() < min || run.len() > max {
        return None;
    }
    *at += run.len();
    Some(run)
}

fn separator(chars: &[char], at: &mut usize, allowed: &[char]) -> Option<()> {
    let c = chars.get(*at)?;
    allowed.contains(c).then(|| *at += 1)
}

/// A `key：value` line of a preamble (full-width or ASCII colon), e.g. `卡号: 1234****9876`.
pub fn preamble_value(src: &SourceText, header_line: usize, key: &str) -> Option<String> {
    src.text.lines().take(header_line).flat_map(|line| line.split(',')).find_map(|cell| {
        let cell = clean(cell).trim_matches('"').to_string();
        let rest = cell.strip_prefix(key)?;
        let value = rest.trim_start_matches([':', '：', ' ']).trim_matches(['[', ']']);
        (!value.is_empty()).then(|| value.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::dates_in;

    #[test]
    fn dates_in_the_ways_preambles_write_them() {
        assert_eq!(
            dates_in("起始时间：[2026-03-01 00:00:00]    终止时间：[2026-03-31 23:59:59]"),
            ["2026-03-01 00:00:00", "2026-03-31 23:59:59"]
        );
        assert_eq!(dates_in("起始时间:2026-03-01 00:00:00 终止时间:2026-03-31 23:59:59").len(), 2);
        assert_eq!(dates_in("起止日期：2026年3月1日 至 2026年03月31日"), ["2026-03-01", "2026-03-31"]);
        assert_eq!(dates_in("起止日期：2026-03-01 - 2026-03-31"), ["2026-03-01", "2026-03-31"]);
        assert_eq!(dates_in("2026/03/01 08:05 – 2026/03/31"), ["2026-03-01 08:05", "2026-03-31"]);
        assert!(dates_in("共 20260301 笔 12345-6").is_empty());
    }
}
