//! Rust types for the APIs described under `specs/`.
