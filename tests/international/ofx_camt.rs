//! (issue 11: filled in by the ofx_camt work)
