//! The `differential` target: see the crate's documentation (`src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|case: numjit_fuzz::Case| numjit_fuzz::differential(&case));
