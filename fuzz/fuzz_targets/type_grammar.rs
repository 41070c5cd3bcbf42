//! Any text as the Type cell of a Fields table, parsed by every dialect's grammar. The body
//! is `tests::fuzz::type_grammar`, which the regression tests replay.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = tests::fuzz::type_grammar(data);
});
