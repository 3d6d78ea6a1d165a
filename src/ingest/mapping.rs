//! TODO(helper): user-described CSV layouts via a TOML mapping file (`--mapping FILE`).

use super::{Adapter, IngestOptions, Parsed, SourceText};
use crate::model::Side;

#[derive(Debug, Clone)]
pub struct Mapping {
    pub side: Side,
}

impl Mapping {
    pub fn load(path: &std::path::Path) -> Result<Mapping, String> {
        Err(format!("{}: mapping files are not supported yet", path.display()))
    }
}

impl Adapter for Mapping {
    fn name(&self) -> &'static str {
        "mapping"
    }
    fn side(&self) -> Side {
        self.side
    }
    fn description(&self) -> &'static str {
        "any CSV described by a TOML mapping file (--mapping FILE)"
    }
    fn sniff(&self, _src: &SourceText) -> Option<usize> {
        None
    }
    fn parse(&self, _src: &SourceText, _header: usize, _opts: &IngestOptions) -> Result<Parsed, String> {
        Err("not yet".into())
    }
}
