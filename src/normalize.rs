//! normalize (in progress)
