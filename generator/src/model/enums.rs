//! Which enums read values their spec does not list. Vendors add enum values without notice,
//! and a response holding one must still read, so every enum is open unless the config closes
//! it (`closed_enums`). An enum the spec declares open accepts any value; one opened here keeps
//! the value as well, but `validate()` reports it, so a request with a value the spec does not
//! list is still caught before it is sent.

use super::{Api, TypeKind};
use crate::config::ClosedEnums;

/// Opens every enum of `api` that `closed` does not close and the spec does not declare open
/// already, marking it [`strict`](super::Enum::strict).
pub fn open_enums(api: &mut Api, closed: &ClosedEnums) {
    for ty in &mut api.types {
        let TypeKind::Enum(it) = &mut ty.kind else {
            continue;
        };
        if !it.open && !closed.closes(&ty.name, &ty.rust_name) {
            it.open = true;
            it.strict = true;
        }
    }
}
