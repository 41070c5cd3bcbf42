//! Which enums read values their spec does not list. Vendors add enum values without notice,
//! and a response holding one must still read, so every enum is open unless the config closes
//! it (`closed_enums`). An enum the spec declares open accepts any value; one opened here keeps
//! the value as well, but `validate()` reports it, so a request with a value the spec does not
//! list is still caught before it is sent.

use super::{Api, TypeKind};

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

/// Which enums the config closes (its `closed_enums` key).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ClosedEnums {
    /// Every enum is open (the default).
    #[default]
    None,
    /// Every enum is closed.
    All,
    /// The enums of these names (as the spec spells them, or as named in Rust).
    Named(Vec<String>),
}

impl ClosedEnums {
    /// Whether the enum named `name` in the spec (`rust_name` in Rust) is closed.
    pub fn closes(&self, name: &str, rust_name: &str) -> bool {
        match self {
            ClosedEnums::None => false,
            ClosedEnums::All => true,
            ClosedEnums::Named(names) => names.iter().any(|it| it == name || it == rust_name),
        }
    }
}
