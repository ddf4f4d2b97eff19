//! The fingerprint printed on every page: the first 12 hex digits of the SHA-256 of the
//! canonical input of a convention folder.

use sha2::{Digest, Sha256};

use crate::load::{self, AnnexFile, Workspace};

/// Canonical input of a convention, hashed for its fingerprint: for `convention.toml`, then
/// each annex file in year order, the bytes `<relative name>\n<length in bytes>\n<file bytes>`
/// where the name is relative to the convention folder (`convention.toml`, `annexes/2025.toml`).
pub fn fingerprint(ws: &Workspace, unit: &load::Unit) -> String {
    let mut files: Vec<(String, &[u8])> = vec![(
        load::CONVENTION_FILE.to_string(),
        ws.sources.get(unit.file).text.as_bytes(),
    )];
    let mut annexes: Vec<&AnnexFile> = unit.annexes.iter().collect();
    annexes.sort_by_key(|a| {
        (
            a.annex
                .as_ref()
                .map(|x| x.header.year.value)
                .unwrap_or(i64::MAX),
            ws.sources.get(a.file).display.clone(),
        )
    });
    for a in annexes {
        let src = ws.sources.get(a.file);
        let name = src
            .path
            .file_name()
            .map(|n| format!("{}/{}", load::ANNEX_DIR, n.to_string_lossy()))
            .unwrap_or_default();
        files.push((name, src.text.as_bytes()));
    }
    let mut hash = Sha256::new();
    for (name, bytes) in files {
        hash.update(format!("{name}\n{}\n", bytes.len()).as_bytes());
        hash.update(bytes);
    }
    let digest = hash.finalize();
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}
