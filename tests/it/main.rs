//! Integration tests through the public API, built as one test binary.

mod allocations;
mod api;
mod bytes;
mod complex;
mod examples;
#[path = "../../fuzz/src/lib.rs"]
mod fuzz;
mod grammar;
mod guard;
mod matmul;
#[path = "../data/npjson.rs"]
mod npjson;
mod numpy_table;
mod promotion;
mod prop;
mod reduce;
mod slice_prop;
mod support;
