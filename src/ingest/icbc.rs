//! TODO(helper): icbc-debit adapter.

use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::Side;

pub struct IcbcDebit;

impl Adapter for IcbcDebit {
    fn name(&self) -> &'static str {
        "icbc-debit"
    }
    fn side(&self) -> Side {
        Side::Bank
    }
    fn description(&self) -> &'static str {
        "icbc-debit"
    }
    fn sniff(&self, _src: &SourceText) -> Option<usize> {
        None
    }
    fn parse(&self, _src: &SourceText, _header: usize, _opts: &IngestOptions) -> Result<Parsed, String> {
        Err("not yet".into())
    }
}
