//! Any text as the Type cell of a Fields table, parsed by every dialect's grammar.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specgen::files::FileId;
use specgen::markdown::{doc, types};

fuzz_target!(|data: &[u8]| {
    let cell = String::from_utf8_lossy(data).replace(['\n', '\r', '|'], " ");
    let text = format!(
        "# T\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `f` | {cell} | :heavy_check_mark: | N/A |\n"
    );
    let parsed = doc::parse(FileId(0), &text);
    let Some(row) = parsed
        .sections
        .first()
        .and_then(|s| s.tables.first())
        .and_then(|t| t.rows.first())
    else {
        return;
    };
    let Some(ty) = row.cells.get(1) else { return };
    for dialect in types::Dialect::ALL {
        let _ = types::parse(dialect, &ty.inlines);
    }
});
