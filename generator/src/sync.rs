//! Writing a generated tree to disk: only files whose contents changed are rewritten, files the
//! generator no longer produces are removed, and `--check` style callers get a unified diff
//! instead. This is the one module of the library that touches the filesystem; `generate`
//! never calls it.
