//! The integration tests of the generator, as one test binary: each module is one area
//! (goldens, OpenAPI, validation, cross-check, diff, injection, fuzz regressions), and
//! linking the generator once instead of once per area keeps the build small.

mod crosscheck;
mod degrade;
mod dialects;
mod diff;
mod fuzz_regressions;
mod golden;
mod groups;
mod injection;
mod openapi;
mod validate;
