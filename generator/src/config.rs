//! The spec config (`codegen.yaml` beside the docs): what a user must be able to say that the
//! docs cannot.
