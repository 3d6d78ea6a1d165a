//! The event loop: quick-xml events → each statement's account and balances, and each entry's
//! fields, handed to `entry` as soon as its `</Ntry>` is read. The only state is the path of
//! element names, the value being read (capped), and the statement and entry being read.

use super::entry::{Balance, Entry, Stmt};
use crate::ingest::{Parsed, Rejected, SourceText};
use crate::model::Zone;
use quick_xml::Reader;
use quick_xml::events::Event;

/// A value longer than this is cut (names and remittance lines are at most 140 characters).
const MAX_VALUE: usize = 4 << 10;
/// Deeper than any camt.053 message nests.
const MAX_DEPTH: usize = 64;

/// Every statement in the file, one `Parsed` each. An error before any statement started is
/// the file's; after, the entries read so far stay and the rest is one rejected row.
/// Days and times without an offset are read in `zone`.
pub fn read(src: &SourceText, zone: Zone) -> Result<Vec<Parsed>, String> {
    let text = src.text.as_str();
    let mut reader = Reader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut lines = Lines::default();
    let mut path: Vec<String> = Vec::new();
    let mut value = String::new();
    let mut out: Vec<Parsed> = Vec::new();
    let mut stmt: Option<Stmt> = None;
    let mut entry: Option<Entry> = None;
    let mut balance: Option<Balance> = None;
    let mut currency: Option<String> = None;
    let failure = loop {
        let event = reader.read_event();
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        match event {
            Ok(Event::Start(e)) => {
                let name = e.local_name().as_ref().to_string();
                value.clear();
                if path.len() >= MAX_DEPTH {
                    break Some((lines.line_of(text, at), format!("elements nest deeper than {MAX_DEPTH} levels")));
                }
                let line = lines.line_of(text, at.saturating_sub(1));
                match name.as_str() {
                    "Stmt" => stmt = Some(Stmt::new(zone)),
                    "Ntry" if stmt.is_some() => entry = Some(Entry::new(line, at)),
                    "Bal" if stmt.is_some() && entry.is_none() => balance = Some(Balance::default()),
                    "Amt" => {
                        let ccy = e.try_get_attribute("Ccy").ok().flatten();
                        currency = ccy.and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.trim().to_string())
                        });
                    }
                    _ => {}
                }
                path.push(name);
            }
            Ok(Event::End(_)) => {
                let name = path.pop().unwrap_or_default();
                let text_value = std::mem::take(&mut value);
                let v = text_value.trim();
                let parents: Vec<&str> = path.iter().map(String::as_str).collect();
                if let Some(e) = entry.as_mut() {
                    e.field(&parents, &name, v, currency.as_deref());
                } else if let Some(b) = balance.as_mut() {
                    b.field(&parents, &name, v, currency.as_deref());
                } else if let Some(s) = stmt.as_mut() {
                    s.field(&parents, &name, v);
                }
                match name.as_str() {
                    "Ntry" => {
                        if let (Some(e), Some(s)) = (entry.take(), stmt.as_mut()) {
                            let raw = text.get(e.start..at).unwrap_or_default();
                            s.add(src, e, raw);
                        }
                    }
                    "Bal" => {
                        if let (Some(b), Some(s)) = (balance.take(), stmt.as_mut()) {
                            s.balances.push(b);
                        }
                    }
                    "Stmt" => out.extend(stmt.take().map(|s| s.finish())),
                    _ => {}
                }
            }
            Ok(Event::Text(t)) => push(&mut value, &t),
            Ok(Event::CData(t)) => push(&mut value, &t),
            Ok(Event::GeneralRef(r)) => {
                // The five XML entities and character references; any other entity is kept as
                // written, never expanded (a DOCTYPE's declarations are not read).
                let name = r.into_inner();
                let c = match name.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    n => char_ref(n),
                };
                match c {
                    Some(c) => push(&mut value, c.encode_utf8(&mut [0; 4])),
                    None => push(&mut value, &format!("&{name};")),
                }
            }
            Ok(Event::Eof) => {
                break path.last().map(|open| {
                    let line = text.lines().count().max(1);
                    (line, format!("the file ends inside <{open}>: it may be cut off"))
                });
            }
            Ok(_) => {}
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                break Some((lines.line_of(text, at), format!("malformed XML: {e}")));
            }
        }
    };
    let Some((line, why)) = failure else { return Ok(out) };
    if stmt.is_none() && out.is_empty() {
        return Err(format!("line {line}: {why}"));
    }
    // The entry being read (or else the statement) is where reading stopped.
    let (line, reason) = match &entry {
        Some(e) => (e.line, format!("{why} (line {line}); this entry and the rest of the file are not read")),
        None => (line, format!("{why}; the rest of the file is not read")),
    };
    let raw = text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
    let rejected = Rejected { source: src.at(line), reason, raw: crate::ingest::table::head(raw, 1 << 10).to_string() };
    match stmt {
        Some(mut s) => {
            s.reject(rejected);
            out.push(s.finish());
        }
        None => {
            if let Some(last) = out.last_mut() {
                last.rows += 1;
                last.rejected.push(rejected);
            }
        }
    }
    Ok(out)
}

/// Appends to the value being read, up to its cap.
fn push(value: &mut String, more: &str) {
    let room = MAX_VALUE.saturating_sub(value.len());
    value.push_str(crate::ingest::table::head(more, room));
}

/// `#233` or `#xE9` → `é`.
fn char_ref(name: &str) -> Option<char> {
    let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
    };
    code.and_then(char::from_u32)
}

/// Byte offsets to 1-based lines, counting forward only (offsets only grow), so the whole
/// file is scanned once.
#[derive(Default)]
struct Lines {
    at: usize,
    line: usize,
}

impl Lines {
    fn line_of(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        if offset >= self.at {
            self.line += text.get(self.at..offset).map_or(0, |s| s.bytes().filter(|b| *b == b'\n').count());
            self.at = offset;
        } else {
            // Only an error position may look back; count it afresh.
            return text.get(..offset).map_or(0, |s| s.bytes().filter(|b| *b == b'\n').count()) + 1;
        }
        self.line + 1
    }
}
