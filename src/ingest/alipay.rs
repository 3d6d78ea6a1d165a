//! TODO(helper): alipay adapter.

use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::Side;

pub struct Alipay;

impl Adapter for Alipay {
    fn name(&self) -> &'static str {
        "alipay"
    }
    fn side(&self) -> Side {
        Side::Wallet
    }
    fn description(&self) -> &'static str {
        "alipay"
    }
    fn sniff(&self, _src: &SourceText) -> Option<usize> {
        None
    }
    fn parse(&self, _src: &SourceText, _header: usize, _opts: &IngestOptions) -> Result<Parsed, String> {
        Err("not yet".into())
    }
}
