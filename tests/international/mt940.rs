//! (issue 11: filled in by the mt940 work)
