//! Integration tests through the public API, built as one test binary.

mod api;
mod cli;
mod grammar;
mod grid;
mod numpy_table;
mod prop;
mod reduce;
mod support;
