//! OFX tags as a stream, for both dialects: SGML v1, whose leaf elements are never closed
//! (`<TRNAMT>-12.50` then the next tag), and XML v2, which closes them (`<TRNAMT>-12.50</TRNAMT>`).
//! A start tag followed by text is a leaf with that value (its end tag, if written, is taken
//! with it); a start tag followed by another tag opens an aggregate, unless it is one of the
//! statement's leaf elements written empty (SGML `<MEMO>` then `<TRNAMT>…`: an empty memo,
//! not an aggregate holding the rest of the transaction). Processing instructions
//! (`<?xml …?>`, `<?OFX …?>`), comments and a DOCTYPE are skipped; entity references other
//! than the five XML ones and character references are kept as written, never expanded.

/// One OFX tag, with the 1-based line of its text where it starts.
#[derive(Debug, PartialEq, Eq)]
pub enum Token {
    Open(String),
    Close(String),
    Leaf(String, String),
}

/// The OFX 1.x/2.x leaf elements of the signon and bank or card statement messages: never an
/// aggregate, even when written with no value.
const LEAVES: &[&str] = &[
    "CODE",
    "SEVERITY",
    "MESSAGE",
    "DTSERVER",
    "LANGUAGE",
    "DTPROFUP",
    "DTACCTUP",
    "ORG",
    "FID",
    "TRNUID",
    "CLTCOOKIE",
    "CURDEF",
    "BANKID",
    "BRANCHID",
    "ACCTID",
    "ACCTTYPE",
    "ACCTKEY",
    "DTSTART",
    "DTEND",
    "TRNTYPE",
    "DTPOSTED",
    "DTUSER",
    "DTAVAIL",
    "TRNAMT",
    "FITID",
    "CORRECTFITID",
    "CORRECTACTION",
    "SRVRTID",
    "CHECKNUM",
    "REFNUM",
    "SIC",
    "PAYEEID",
    "NAME",
    "EXTDNAME",
    "MEMO",
    "IMAGEREF",
    "IMAGEREFTYPE",
    "CURSYM",
    "CURRATE",
    "BALAMT",
    "DTASOF",
    "ADDR1",
    "ADDR2",
    "ADDR3",
    "CITY",
    "STATE",
    "POSTALCODE",
    "COUNTRY",
    "PHONE",
    "MKTGINFO",
    "INV401KSOURCE",
];

/// A cap on one value: a leaf longer than this is cut (text is only ever a name or a memo).
const MAX_VALUE: usize = 4 << 10;

pub struct Lexer<'a> {
    text: &'a str,
    at: usize,
    line: usize,
}

impl<'a> Lexer<'a> {
    /// Tokens of `text` from byte `start` (the first `<` of the document), which is on `line`.
    pub fn new(text: &'a str, start: usize, line: usize) -> Self {
        Lexer { text, at: start, line }
    }

    /// The next tag and the line it starts on; `None` at the end; `Err` on a tag that never
    /// ends (`<STMTTRN` at the end of the file).
    pub fn next_token(&mut self) -> Option<Result<(Token, usize), String>> {
        loop {
            let rest = self.text.get(self.at..)?;
            let lt = rest.find('<')?;
            self.advance(lt);
            let rest = self.text.get(self.at..)?;
            let line = self.line;
            if let Some(skip) = skip_markup(rest) {
                match skip {
                    Some(len) => self.advance(len),
                    None => return Some(Err(format!("line {line}: a comment or declaration that never ends"))),
                }
                continue;
            }
            let Some(gt) = rest.find('>') else {
                self.at = self.text.len();
                return Some(Err(format!("line {line}: a tag that never ends ({:?})", head(rest, 40))));
            };
            let inner = rest.get(1..gt).unwrap_or_default().trim();
            self.advance(gt + 1);
            if let Some(name) = inner.strip_prefix('/') {
                return Some(Ok((Token::Close(tag_name(name)), line)));
            }
            let name = tag_name(inner);
            if inner.ends_with('/') {
                return Some(Ok((Token::Leaf(name, String::new()), line)));
            }
            let rest = self.text.get(self.at..).unwrap_or_default();
            let end = rest.find('<').unwrap_or(rest.len());
            let raw = rest.get(..end).unwrap_or_default();
            let value = raw.trim();
            if value.is_empty() {
                // `<MEMO></MEMO>` and a bare `<MEMO>` are empty leaves; anything else opens an
                // aggregate.
                let close = format!("</{name}>");
                if starts_with_tag(rest.get(end..).unwrap_or_default(), &close) {
                    self.advance(end + close.len());
                    return Some(Ok((Token::Leaf(name, String::new()), line)));
                }
                if LEAVES.contains(&name.as_str()) {
                    return Some(Ok((Token::Leaf(name, String::new()), line)));
                }
                return Some(Ok((Token::Open(name), line)));
            }
            self.advance(end);
            let closing = format!("</{name}>");
            let after = self.text.get(self.at..).unwrap_or_default();
            if starts_with_tag(after, &closing) {
                self.advance(closing.len());
            }
            return Some(Ok((Token::Leaf(name, unescape(head(value, MAX_VALUE))), line)));
        }
    }

    fn advance(&mut self, len: usize) {
        let end = (self.at + len).min(self.text.len());
        self.line += self.text.get(self.at..end).map_or(0, |s| s.bytes().filter(|b| *b == b'\n').count());
        self.at = end;
    }
}

/// The length of a comment, processing instruction or declaration at the start of `rest`
/// (`Some(None)` when it never ends); `None` when `rest` starts a tag.
fn skip_markup(rest: &str) -> Option<Option<usize>> {
    let end =
        |open: &str, close: &str| rest.strip_prefix(open).map(|r| r.find(close).map(|i| open.len() + i + close.len()));
    if let Some(found) = end("<!--", "-->").or_else(|| end("<?", "?>")) {
        return Some(found);
    }
    if rest.starts_with("<!") {
        // A DOCTYPE with an internal subset ends at `]>`; its entity declarations are not read.
        // The `[` is looked for inside the declaration only (before its first `>`), never in
        // the rest of the file: `<!>` repeated is read in one pass.
        let Some(gt) = rest.find('>') else { return Some(None) };
        let subset = rest.get(..gt).is_some_and(|d| d.contains('['));
        return Some(if subset { rest.find("]>").map(|i| i + 2) } else { Some(gt + 1) });
    }
    None
}

/// Whether `text` starts with `tag` in any letter case.
fn starts_with_tag(text: &str, tag: &str) -> bool {
    text.get(..tag.len()).is_some_and(|p| p.eq_ignore_ascii_case(tag))
}

/// `STMTTRN` from `STMTTRN`, `stmttrn`, `STMTTRN attr="x"`: upper case, no attributes.
fn tag_name(inner: &str) -> String {
    inner.trim_end_matches('/').split_whitespace().next().unwrap_or_default().to_ascii_uppercase()
}

/// The first `max` bytes of `s` at most, cut at a character boundary.
fn head(s: &str, max: usize) -> &str {
    super::super::table::head(s, max)
}

/// The five XML entities and character references; anything else stays as written (`&lol9;`
/// is text, not an entity to expand).
fn unescape(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let reference = after.find(';').filter(|&i| i <= 12).map(|i| (&after[1..i], i + 1));
        let known = reference.and_then(|(name, len)| {
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
                    };
                    code.and_then(char::from_u32)?
                }
            };
            Some((c, len))
        });
        match known {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{Lexer, Token};

    fn tokens(text: &str) -> Vec<(Token, usize)> {
        let mut lexer = Lexer::new(text, 0, 1);
        std::iter::from_fn(|| lexer.next_token()).map(|t| t.unwrap()).collect()
    }

    #[test]
    fn sgml_leaves_and_xml_leaves_read_alike() {
        let sgml = tokens("<STMTTRN>\n<TRNAMT>-12.50\n<NAME>A &amp; B\n</STMTTRN>");
        let xml = tokens("<STMTTRN>\n<TRNAMT>-12.50</TRNAMT>\n<NAME>A &amp; B</NAME>\n</STMTTRN>");
        assert_eq!(sgml, xml);
        assert_eq!(sgml[1], (Token::Leaf("TRNAMT".into(), "-12.50".into()), 2));
        assert_eq!(sgml[2].0, Token::Leaf("NAME".into(), "A & B".into()));
        assert_eq!(sgml[3], (Token::Close("STMTTRN".into()), 4));
    }

    #[test]
    fn unknown_entities_stay_text_and_markup_is_skipped() {
        let t = tokens(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<!-- c -->\n<MEMO>&a;&#233;</MEMO><X></X>",
        );
        assert_eq!(t[0], (Token::Leaf("MEMO".into(), "&a;é".into()), 4));
        assert_eq!(t[1].0, Token::Leaf("X".into(), String::new()));
    }

    #[test]
    fn a_bare_leaf_with_no_value_is_empty_not_an_aggregate() {
        let t = tokens("<STMTTRN>\n<MEMO>\n<TRNAMT>-5.00\n<PAYEE>\n<NAME>X\n</PAYEE>\n</STMTTRN>");
        assert_eq!(t[1], (Token::Leaf("MEMO".into(), String::new()), 2));
        assert_eq!(t[2].0, Token::Leaf("TRNAMT".into(), "-5.00".into()));
        assert_eq!(t[3].0, Token::Open("PAYEE".into()));
    }

    #[test]
    fn a_tag_that_never_ends_is_an_error() {
        let mut lexer = Lexer::new("<OFX>\n<STMTTRN", 0, 1);
        assert!(lexer.next_token().unwrap().is_ok());
        assert!(lexer.next_token().unwrap().unwrap_err().contains("line 2"));
    }
}
