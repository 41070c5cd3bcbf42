//! Workspace tests of the generator: golden fixtures and error fixtures.
