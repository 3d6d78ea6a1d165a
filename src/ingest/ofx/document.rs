//! The OFX document as the schema shapes it, read from the tag stream in one pass: the
//! institution (`SIGNONMSGSRSV1/SONRS/FI/ORG`), then each statement (`STMTRS` with
//! `BANKACCTFROM`, or `CCSTMTRS` with `CCACCTFROM`): its currency, account, period, ledger
//! balance and transactions (`STMTTRN`), every field kept as written. An aggregate that is never
//! closed (`<STMTTRN>` without `</STMTTRN>` before the next one, or a file cut off) is a problem
//! at the line that opened it, so the transaction it holds is a rejected row, never a guess.

use super::lexer::{Lexer, Token};

#[derive(Debug, Default)]
pub struct Document {
    pub org: Option<String>,
    pub statements: Vec<Statement>,
    /// Problems outside any statement: (1-based line, reason).
    pub problems: Vec<(usize, String)>,
}

#[derive(Debug, Default)]
pub struct Statement {
    /// A credit-card statement (`CCSTMTRS`).
    pub card: bool,
    pub curdef: Option<String>,
    pub bank_id: Option<String>,
    pub acct_id: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// `LEDGERBAL`: the balance amount and its `DTASOF`.
    pub ledger: (Option<String>, Option<String>),
    pub entries: Vec<Entry>,
    pub problems: Vec<(usize, String)>,
}

/// One `STMTTRN`, each element as written.
#[derive(Debug, Default)]
pub struct Entry {
    pub line: usize,
    pub trntype: Option<String>,
    pub posted: Option<String>,
    pub user: Option<String>,
    pub amount: Option<String>,
    pub fitid: Option<String>,
    pub name: Option<String>,
    pub payee: Option<String>,
    pub memo: Option<String>,
    pub checknum: Option<String>,
    /// `CURRENCY` (the amount is in it) and `ORIGCURRENCY` (the amount is in CURDEF, converted
    /// from it): `CURSYM` and `CURRATE`.
    pub currency: (Option<String>, Option<String>),
    pub orig: (Option<String>, Option<String>),
}

const STATEMENTS: [&str; 2] = ["STMTRS", "CCSTMTRS"];

/// OFX nests about ten aggregates deep (`OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/
/// STMTTRN/PAYEE`); a file nested deeper than this is not an export, and is not read past
/// the tag that goes deeper (which also bounds the work of matching an end tag to its start).
const MAX_DEPTH: usize = 64;

/// Problems reported one by one; any more are said once, as a count.
const MAX_PROBLEMS: usize = 100;

/// Reads the document whose first tag is at byte `start`, on 1-based `line`.
pub fn read(text: &str, start: usize, line: usize) -> Document {
    let mut r = Reader::default();
    let mut lexer = Lexer::new(text, start, line);
    while let Some(token) = lexer.next_token() {
        match token {
            Ok((Token::Open(name), at)) if r.stack.len() >= MAX_DEPTH => {
                r.problem(
                    at,
                    format!(
                        "<{name}> nests aggregates more than {MAX_DEPTH} deep (an OFX statement has about ten levels): the file is not read past this line"
                    ),
                );
                r.stopped = Some(at);
                break;
            }
            Ok((Token::Open(name), at)) => r.open(name, at),
            Ok((Token::Close(name), at)) => r.close(&name, at),
            Ok((Token::Leaf(name, value), _)) => r.leaf(&name, value),
            Err(e) => {
                let at = r.stack.last().map_or(line, |(_, l)| *l);
                r.problem(at, e);
                r.stopped = Some(at);
                break;
            }
        }
    }
    // The end of the file closes everything still open: the transaction being read is lost,
    // and the file is cut off (said once, at the outermost aggregate).
    // A file not read to its end (a tag that never ends, nesting too deep) was said already.
    if let Some((entry, _)) = r.entry.take() {
        let why = match r.stopped {
            Some(at) => format!("this <STMTTRN> is not read: the file is not read past line {at}"),
            None => "this <STMTTRN> is never closed: the file ends inside it".into(),
        };
        r.problem(entry.line, why);
    }
    if let (Some((name, at)), None) = (r.stack.first().cloned(), r.stopped) {
        r.problem(at, format!("the file ends before </{name}> (opened on this line): it may be cut off"));
    }
    if let Some((line, more)) = r.unlisted {
        r.listed = 0;
        r.problem(line, format!("{more} more problems like the ones above from this line on are not listed"));
    }
    r.finish_statement();
    r.doc
}

#[derive(Default)]
struct Reader {
    doc: Document,
    stack: Vec<(String, usize)>,
    statement: Option<Statement>,
    /// The transaction being read, and the statement depth it belongs to.
    entry: Option<(Entry, usize)>,
    /// The line past which the file is not read, when it is not read to its end.
    stopped: Option<usize>,
    /// Problems listed, and the line of the first one not listed with how many there are.
    listed: usize,
    unlisted: Option<(usize, usize)>,
}

impl Reader {
    fn open(&mut self, name: String, at: usize) {
        if STATEMENTS.contains(&name.as_str()) {
            if self.statement.is_some() {
                self.problem(at, format!("<{name}> starts inside a statement that was never closed"));
                self.finish_statement();
            }
            self.statement = Some(Statement { card: name == "CCSTMTRS", ..Statement::default() });
        } else if name == "STMTTRN" {
            if let Some((open, _)) = self.entry.take() {
                self.problem(
                    open.line,
                    "this <STMTTRN> is never closed (another one starts before its </STMTTRN>)".into(),
                );
            }
            self.entry = Some((Entry { line: at, ..Entry::default() }, self.stack.len()));
        }
        self.stack.push((name, at));
    }

    fn close(&mut self, name: &str, at: usize) {
        // An end tag with no start tag open is a stray leaf end tag; SGML allows them.
        let Some(pos) = self.stack.iter().rposition(|(n, _)| n == name) else { return };
        for (inner, opened) in self.stack.split_off(pos + 1).into_iter().rev() {
            if inner == "STMTTRN" {
                if let Some((entry, _)) = self.entry.take() {
                    self.problem(
                        entry.line,
                        format!("this <STMTTRN> is never closed (</{name}> on line {at} comes first)"),
                    );
                }
            } else {
                self.problem(
                    opened,
                    format!("<{inner}> opened here is never closed (</{name}> on line {at} comes first)"),
                );
            }
        }
        self.stack.pop();
        if name == "STMTTRN" {
            if let Some((entry, _)) = self.entry.take() {
                match self.statement.as_mut() {
                    Some(s) => s.entries.push(entry),
                    None => self.problem(entry.line, "a <STMTTRN> outside any statement (STMTRS or CCSTMTRS)".into()),
                }
            }
        } else if STATEMENTS.contains(&name) {
            self.finish_statement();
        }
    }

    fn leaf(&mut self, name: &str, value: String) {
        let parent = self.stack.last().map(|(n, _)| n.as_str()).unwrap_or_default();
        let value = Some(value).filter(|v| !v.is_empty());
        if parent == "FI" && name == "ORG" {
            self.doc.org = value;
            return;
        }
        if let Some((entry, depth)) = self.entry.as_mut() {
            let slot = match (self.stack.len() - *depth, parent, name) {
                (1, _, "TRNTYPE") => &mut entry.trntype,
                (1, _, "DTPOSTED") => &mut entry.posted,
                (1, _, "DTUSER") => &mut entry.user,
                (1, _, "TRNAMT") => &mut entry.amount,
                (1, _, "FITID") => &mut entry.fitid,
                (1, _, "NAME") => &mut entry.name,
                (1, _, "MEMO") => &mut entry.memo,
                (1, _, "CHECKNUM") => &mut entry.checknum,
                (2, "PAYEE", "NAME") => &mut entry.payee,
                (2, "CURRENCY", "CURSYM") => &mut entry.currency.0,
                (2, "CURRENCY", "CURRATE") => &mut entry.currency.1,
                (2, "ORIGCURRENCY", "CURSYM") => &mut entry.orig.0,
                (2, "ORIGCURRENCY", "CURRATE") => &mut entry.orig.1,
                _ => return,
            };
            *slot = value;
            return;
        }
        let Some(s) = self.statement.as_mut() else { return };
        let slot = match (parent, name) {
            ("STMTRS" | "CCSTMTRS", "CURDEF") => &mut s.curdef,
            ("BANKACCTFROM" | "CCACCTFROM", "BANKID") => &mut s.bank_id,
            ("BANKACCTFROM" | "CCACCTFROM", "ACCTID") => &mut s.acct_id,
            ("BANKTRANLIST", "DTSTART") => &mut s.start,
            ("BANKTRANLIST", "DTEND") => &mut s.end,
            ("LEDGERBAL", "BALAMT") => &mut s.ledger.0,
            ("LEDGERBAL", "DTASOF") => &mut s.ledger.1,
            _ => return,
        };
        *slot = value;
    }

    fn finish_statement(&mut self) {
        if let Some(s) = self.statement.take() {
            self.doc.statements.push(s);
        }
    }

    /// A problem belongs to the statement being read, else the last one read, else the file.
    fn problem(&mut self, line: usize, reason: String) {
        if self.listed >= MAX_PROBLEMS {
            let (_, more) = self.unlisted.get_or_insert((line, 0));
            *more += 1;
            return;
        }
        self.listed += 1;
        let target = match (self.statement.as_mut(), self.doc.statements.last_mut()) {
            (Some(s), _) | (None, Some(s)) => &mut s.problems,
            (None, None) => &mut self.doc.problems,
        };
        target.push((line, reason));
    }
}
