//! Writing outputs: every file convgen writes goes through [`write_atomic`], so that a failure
//! never leaves a half-written file nor touches an earlier output.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `dir/name` atomically: a temporary file in `dir`, then a rename.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let target = dir.join(name);
    let mut tmp = tempfile::Builder::new()
        .prefix(".convgen-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like a plain `File::create` under the usual umask (tempfile makes files 0600).
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(target)
}
