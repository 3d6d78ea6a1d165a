//! TODO(helper): wechat adapter.

use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::Side;

pub struct WeChat;

impl Adapter for WeChat {
    fn name(&self) -> &'static str {
        "wechat"
    }
    fn side(&self) -> Side {
        Side::Wallet
    }
    fn description(&self) -> &'static str {
        "wechat"
    }
    fn sniff(&self, _src: &SourceText) -> Option<usize> {
        None
    }
    fn parse(&self, _src: &SourceText, _header: usize, _opts: &IngestOptions) -> Result<Parsed, String> {
        Err("not yet".into())
    }
}
