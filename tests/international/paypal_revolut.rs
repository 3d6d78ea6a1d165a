//! (issue 11: filled in by the paypal_revolut work)
