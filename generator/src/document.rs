//! YAML and JSON documents as specgen reads them: the value tree both parse into
//! ([`tree::Node`]), and where each of its nodes is in the text ([`locate::Outline`]). Read
//! by the OpenAPI reader and by the spec config; neither reader owns it, so the config does
//! not depend on the OpenAPI reader.

pub(crate) mod locate;
pub mod tree;
