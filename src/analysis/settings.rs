//! The `[patterns]` settings: peak hours of the local day.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Local peak hours as `HH:MM-HH:MM` spans, end excluded (P001).
    pub peak_hours: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { peak_hours: vec!["11:30-13:30".into(), "19:00-23:00".into()] }
    }
}

impl Settings {
    /// The peak spans in minutes of the day, `[from, to)`; a span may wrap past midnight.
    pub fn peak_minutes(&self) -> Result<Vec<(u32, u32)>, String> {
        self.peak_hours.iter().map(|span| parse_span(span)).collect()
    }

    pub fn validate(&self) -> Result<(), String> {
        self.peak_minutes().map(|_| ())
    }
}

fn parse_span(span: &str) -> Result<(u32, u32), String> {
    let bad = || format!("peak_hours: {span:?} must look like \"19:00-23:00\"");
    let (from, to) = span.split_once('-').ok_or_else(bad)?;
    let minute = |hm: &str| -> Option<u32> {
        let (h, m) = hm.trim().split_once(':')?;
        let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
        (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
    };
    let (from, to) = (minute(from).ok_or_else(bad)?, minute(to).ok_or_else(bad)?);
    if from == to {
        return Err(format!("peak_hours: {span:?} is empty"));
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_parse_and_nonsense_is_refused() {
        let s = Settings { peak_hours: vec!["11:30-13:30".into(), "22:00-01:00".into()] };
        assert_eq!(s.peak_minutes(), Ok(vec![(690, 810), (1320, 60)]));
        for bad in ["19-23", "25:00-26:00", "10:00-10:00", "x"] {
            assert!(Settings { peak_hours: vec![bad.into()] }.validate().is_err(), "{bad}");
        }
    }
}
