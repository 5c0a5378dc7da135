//! The `compile` target: see the crate's documentation (`src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| numjit_fuzz::compile(data));
