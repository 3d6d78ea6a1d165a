//! The encoding a mapping file names: its spellings, and checking a decoded file against it.

use super::Mapping;
use crate::ingest::SourceText;

/// The encoding a mapping file expects; the file is decoded automatically, then checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expected {
    Auto,
    Utf8,
    Gbk,
    Utf16,
    Utf16Le,
    Utf16Be,
}

impl Expected {
    /// `encoding = "…"` as written: case, `-` and `_` do not matter, GBK has its aliases.
    pub(super) fn from_label(label: &str) -> Result<Expected, String> {
        let key: String = label.to_ascii_lowercase().chars().filter(|c| *c != '-' && *c != '_').collect();
        Ok(match key.as_str() {
            "auto" => Expected::Auto,
            "utf8" => Expected::Utf8,
            "gbk" | "gb18030" | "gb2312" => Expected::Gbk,
            "utf16" => Expected::Utf16,
            "utf16le" => Expected::Utf16Le,
            "utf16be" => Expected::Utf16Be,
            _ => {
                return Err(format!(
                    "encoding {label:?} is not one of auto, utf-8, gbk, gb18030, utf-16, utf-16le, utf-16be"
                ));
            }
        })
    }
}

impl Mapping {
    /// The encoding was detected when the file was read; a mapping that names one only checks it.
    pub(super) fn check_encoding(&self, src: &SourceText) -> Result<(), String> {
        let found = src.encoding;
        let ascii = src.text.is_ascii() && found == "UTF-8";
        let ok = match self.encoding {
            Expected::Auto => true,
            Expected::Utf8 => found == "UTF-8",
            Expected::Gbk => found == "GB18030" || ascii,
            Expected::Utf16 => found.starts_with("UTF-16"),
            Expected::Utf16Le => found == "UTF-16LE",
            Expected::Utf16Be => found == "UTF-16BE",
        };
        if ok {
            return Ok(());
        }
        Err(format!(
            "the mapping file {} says encoding = {:?}, but this file reads as {found}; set encoding = \"auto\" \
             in the mapping file to accept it, or export the file again in {}",
            self.path, self.encoding_label, self.encoding_label
        ))
    }
}
