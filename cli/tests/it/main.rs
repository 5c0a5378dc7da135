//! The `numjit` command's tests, built as one test binary: the binary's contract (exit codes, `.npy`
//! round trips, scripts, a pseudo-terminal session) and numexpr's expression grid through `numjit eval`.

mod cli;
mod grid;
#[path = "../../../tests/data/npjson.rs"]
mod npjson;
mod printing;
mod session;
