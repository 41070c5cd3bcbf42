//! Any bytes as model docs, in a dialect the first byte picks, through the whole pipeline
//! (reader, lowering, emitter): the generator must return files or diagnostics, never panic.
//! The body is `tests::fuzz::markdown_reader`, which the regression tests replay.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = tests::fuzz::markdown_reader(data);
});
