//! (issue 11: filled in by the cards work)
