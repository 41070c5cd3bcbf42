//! Any bytes as an OpenAPI document, read once as YAML and once as JSON through the whole
//! pipeline (reader, lowering, emitter): the generator must return files or diagnostics, never
//! panic. The body is `tests::fuzz::openapi_reader`, which the regression tests replay.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = tests::fuzz::openapi_reader(data);
});
