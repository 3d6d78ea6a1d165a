//! Turns a file's bytes into text: UTF-8 with or without BOM, UTF-16 (BOM or NUL-heavy),
//! Windows-1252 (Western text: lone high bytes), else GB18030.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The decoded text and the name of the encoding it was read in. Line endings come out as
/// `\n` only (see [`normalise_line_endings`]).
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let (text, encoding) = decode_raw(bytes);
    (normalise_line_endings(text), encoding)
}

fn decode_raw(bytes: &[u8]) -> (String, &'static str) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes.get(bom_len..).unwrap_or_default());
        return (text.into_owned(), encoding.name());
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return (text.into_owned(), encoding.name());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => return (text.to_string(), UTF_8.name()),
        // Valid UTF-8 cut off inside its last character (an interrupted download): still UTF-8.
        Err(e) if e.error_len().is_none() => return (String::from_utf8_lossy(bytes).into_owned(), UTF_8.name()),
        Err(_) => {}
    }
    // Not valid UTF-8 throughout: decide on the evidence, never on one byte. UTF-8 text with a
    // few damaged lines (a bad copy, a cut download) has many lines of valid non-ASCII UTF-8;
    // GBK text has almost none, because GBK byte pairs rarely form UTF-8 for a whole line.
    let (valid, invalid) = utf8_evidence(bytes);
    if valid >= 2 * invalid {
        // The damaged bytes become U+FFFD; the rows holding them are flagged when read.
        return (String::from_utf8_lossy(bytes).into_owned(), UTF_8.name());
    }
    // Western text (an OFX file in Windows-1252, whatever its CHARSET header says, a Latin-1
    // CSV): its non-ASCII bytes stand alone between ASCII (`Caf\xe9`), where GBK's come in pairs.
    if mostly_lone_high_bytes(bytes) {
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
        return (text.into_owned(), WINDOWS_1252.name());
    }
    // GB18030 is a superset of GBK and GB2312: the Chinese exports that are not UTF-8 are this.
    let (text, _, _) = GB18030.decode(bytes);
    (text.into_owned(), "GB18030")
}

/// Lines with non-ASCII text that are valid UTF-8, and lines that are not. Counted by line, so
/// that a run of garbage (a damaged block, pasted binary) weighs as one bad line, not thousands.
fn utf8_evidence(bytes: &[u8]) -> (usize, usize) {
    let (mut valid, mut invalid) = (0, 0);
    for line in bytes.split(|b| *b == b'\n').filter(|l| !l.is_ascii()) {
        match std::str::from_utf8(line) {
            Ok(_) => valid += 1,
            Err(_) => invalid += 1,
        }
    }
    (valid, invalid)
}

/// Whether at least three in four runs of bytes above 0x7F are one byte long: accented
/// letters in Windows-1252, never a Chinese character in GBK (two bytes, both high).
fn mostly_lone_high_bytes(bytes: &[u8]) -> bool {
    let (mut lone, mut runs) = (0usize, 0usize);
    let mut run = 0usize;
    for &b in bytes.iter().chain([b'\n'].iter()) {
        if b >= 0x80 {
            run += 1;
            continue;
        }
        if run > 0 {
            runs += 1;
            lone += usize::from(run == 1);
        }
        run = 0;
    }
    runs > 0 && lone * 4 >= runs * 3
}

/// `\r\n` and lone `\r` line endings become `\n`. A file with no `\n` at all uses `\r` as its
/// line ending (classic Mac); in any other file a lone `\r` is a stray character inside a cell,
/// and becomes a space, so that it cannot split a row. Line numbers are unchanged.
pub fn normalise_line_endings(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let cr_is_line_end = !text.contains('\n');
    let mut out = String::with_capacity(text.len());
    // Copied between `\r`s a run at a time (a CRLF file of 17 MB, char by char, took 0.1 s).
    let mut rest = text.as_str();
    while let Some((before, after)) = rest.split_once('\r') {
        out.push_str(before);
        if !after.starts_with('\n') {
            out.push(if cr_is_line_end { '\n' } else { ' ' });
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// [`decode`] of bytes the caller gives up: valid UTF-8, the usual case, becomes the text
/// without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> (String, &'static str) {
    if Encoding::for_bom(&bytes).is_some() || utf16_without_bom(&bytes).is_some() {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (normalise_line_endings(text), UTF_8.name()),
        Err(e) => decode(e.as_bytes()),
    }
}

/// UTF-16 without a BOM shows as ASCII text with every other byte zero. The other bytes hold
/// far fewer zeros, not necessarily none: a CJK character like 一 (U+4E00) has a zero byte too.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..bytes.len().min(512) & !1).unwrap_or_default();
    if sample.len() < 4 {
        return None;
    }
    let zeros_at = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|b| **b == 0).count();
    let half = sample.len() / 2;
    // Over 30 % zeros at one parity, under 5 % at the other.
    let many = |zeros: usize| zeros * 10 > half * 3;
    let few = |zeros: usize| zeros * 20 < half;
    if many(zeros_at(1)) && few(zeros_at(0)) {
        Some(UTF_16LE)
    } else if many(zeros_at(0)) && few(zeros_at(1)) {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "交易时间,金额\n2026-03-04 21:13:05,¥500.00\n";

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let cases: [&[u8]; 9] = [
            TEXT.as_bytes(),
            b"\xEF\xBB\xBFa,b\r\n1,2\r\n",
            b"a,b\r1,2\r",
            b"a,b\n1,\r2\r\n3\r",
            b"\xff\xfea\x00,\x00b\x00",
            b"a\x00,\x00b\x00\r\x00\n\x00",
            b"\xbd\xbb\xd2\xd7,\xbd\xf0\xb6\xee\r\n",
            b"caf\xe9,1\n",
            b"\xe4\xba\xa4\xe6",
        ];
        for bytes in cases {
            assert_eq!(decode_owned(bytes.to_vec()), decode(bytes), "{bytes:?}");
        }
    }

    #[test]
    fn returns_are_normalised_a_run_at_a_time() {
        assert_eq!(normalise_line_endings("a\r\nb\rc\n\r".into()), "a\nb c\n ");
        assert_eq!(normalise_line_endings("a\rb\r\r".into()), "a\nb\n\n");
        assert_eq!(normalise_line_endings("交易\r\n\r\n金额\r".into()), "交易\n\n金额 ");
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(TEXT.as_bytes()), (TEXT.to_string(), "UTF-8"));
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(TEXT.as_bytes());
        assert_eq!(decode(&with_bom).0, TEXT);
    }

    #[test]
    fn utf8_cut_off_inside_its_last_character_stays_utf8() {
        let bytes = TEXT.as_bytes();
        let cut = &bytes[..bytes.len() - 3];
        let mut truncated = cut.to_vec();
        truncated.extend_from_slice(&"元".as_bytes()[..2]);
        let (text, encoding) = decode(&truncated);
        assert_eq!(encoding, "UTF-8");
        assert!(text.starts_with("交易时间,金额"));
    }

    #[test]
    fn one_bad_byte_in_utf8_text_keeps_it_utf8() {
        let mut bytes = "交易时间,金额,状态\n2026-03-04 21:13:05,500.00,余额不足\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"2026-03-05 08:00:00,\xff20.00,\xe5\xa4\n");
        let (text, encoding) = decode(&bytes);
        assert_eq!(encoding, "UTF-8");
        assert!(text.contains("余额不足"));
        assert_eq!(text.matches('\u{fffd}').count(), 2);
    }

    #[test]
    fn line_endings_become_newlines_and_stray_returns_spaces() {
        assert_eq!(decode(b"a,b\r\n1,2\r\n").0, "a,b\n1,2\n");
        assert_eq!(decode(b"a,b\r1,2\r").0, "a,b\n1,2\n");
        assert_eq!(decode(b"a,b\n1,Card\rexpired\n").0, "a,b\n1,Card expired\n");
    }

    #[test]
    fn gbk_bytes_decode_as_gb18030() {
        let (bytes, _, _) = GB18030.encode(TEXT);
        assert_eq!(decode(&bytes), (TEXT.to_string(), "GB18030"));
    }

    #[test]
    fn western_text_in_windows_1252_is_not_read_as_gbk() {
        let (bytes, _, _) = WINDOWS_1252.encode("<NAME>Caf\u{e9} M\u{fc}ller\n<MEMO>D\u{e9}p\u{f4}t \u{a3}5\n");
        assert_eq!(decode(&bytes), ("<NAME>Café Müller\n<MEMO>Dépôt £5\n".to_string(), "windows-1252"));
        let (gbk, _, _) = GB18030.encode("<NAME>咖啡 Müller 元\n");
        assert_eq!(decode(&gbk).1, "GB18030", "pairs of high bytes are GBK");
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let units: Vec<u8> = TEXT.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend_from_slice(&units);
        assert_eq!(decode(&with_bom).0, TEXT);
        let ascii = "time,amount,status\n2026-01-01 10:00,5.00,failed\n";
        let le: Vec<u8> = ascii.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&le), (ascii.to_string(), "UTF-16LE"));
        let be: Vec<u8> = ascii.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&be), (ascii.to_string(), "UTF-16BE"));
    }

    #[test]
    fn utf16_without_bom_with_a_zero_byte_in_a_cjk_char() {
        // 一 is U+4E00: one of its two bytes is zero, as in the ASCII characters around it.
        let text = "time,amount,status,error_message\n2026-03-04 21:13:05,500.00,failed,请换一张卡\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&le), (text.to_string(), "UTF-16LE"));
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(decode(&be), (text.to_string(), "UTF-16BE"));
    }
}
