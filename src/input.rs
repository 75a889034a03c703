//! input (in progress)
