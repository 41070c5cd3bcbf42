//! The manifest's contents: the hash of a file's contents (CRLF read as LF), and the manifest
//! rendered from and parsed into paths with their hashes.

use std::collections::{BTreeMap, BTreeSet};

use super::paths::{check_path, normalize_newlines};
use super::{MANIFEST, MANIFEST_HEADER};

/// A 128-bit hash of `bytes` with every CRLF read as LF: two multiply-rotate lanes over
/// little-endian 8-byte words (FNV's 64-bit prime and the golden ratio as multipliers), then
/// the length and a final mix. Stable across platforms and Rust versions, as the manifest
/// outlives the run; about ten times faster than byte-wise FNV-1a. Not a defence against
/// forgery, which would only let a user make specgen overwrite the user's own file: it tells
/// whether a file changed since it was written.
pub(super) fn content_hash(bytes: &[u8]) -> u128 {
    if bytes.contains(&b'\r') {
        return content_hash_raw(normalize_newlines(&String::from_utf8_lossy(bytes)).as_bytes());
    }
    content_hash_raw(bytes)
}

fn content_hash_raw(bytes: &[u8]) -> u128 {
    const K1: u64 = 0x0000_0100_0000_01b3;
    const K2: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().expect("chunks of 8 bytes"));
        a = (a ^ word).wrapping_mul(K1).rotate_left(29);
        b = (b ^ word).wrapping_mul(K2).rotate_left(23);
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    let word = u64::from_le_bytes(tail) ^ ((bytes.len() as u64) << 3);
    a = (a ^ word).wrapping_mul(K1).rotate_left(29);
    b = (b ^ word).wrapping_mul(K2).rotate_left(23);
    let mix = |mut x: u64| {
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^ (x >> 33)
    };
    let (a, b) = (mix(a ^ b.rotate_left(32)), mix(b ^ a));
    (u128::from(a) << 64) | u128::from(b)
}

pub(super) fn render_manifest(entries: &BTreeMap<String, BTreeSet<u128>>) -> String {
    let mut out = String::with_capacity(64 * entries.len() + MANIFEST_HEADER.len() + 1);
    out.push_str(MANIFEST_HEADER);
    out.push('\n');
    for (path, hashes) in entries {
        for hash in hashes {
            out.push_str(&format!("{hash:032x} {path}\n"));
        }
    }
    out
}

/// The entries of a manifest, or the number of the first line that is not one.
pub(super) fn parse_manifest(text: &str) -> Result<BTreeMap<String, BTreeSet<u128>>, usize> {
    let mut entries: BTreeMap<String, BTreeSet<u128>> = BTreeMap::new();
    for (idx, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (hash, path) = line.split_once(' ').ok_or(idx + 1)?;
        let hash = (hash.len() == 32)
            .then(|| u128::from_str_radix(hash, 16).ok())
            .flatten()
            .ok_or(idx + 1)?;
        if check_path(path).is_err() || path == MANIFEST {
            return Err(idx + 1);
        }
        entries.entry(path.to_string()).or_default().insert(hash);
    }
    Ok(entries)
}
