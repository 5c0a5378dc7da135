//! Integration tests through the public API, built as one test binary.

mod api;
mod numpy_table;
mod prop;
mod support;
