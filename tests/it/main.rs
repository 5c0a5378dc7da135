//! Integration tests through the public API, built as one test binary.

mod api;
mod cli;
#[path = "../../fuzz/src/lib.rs"]
mod fuzz;
mod grammar;
mod grid;
mod guard;
mod numpy_table;
mod promotion;
mod prop;
mod reduce;
mod support;
