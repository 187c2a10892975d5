//! The on-disk compile cache: each component is compiled once and its
//! machine code kept, keyed by the component's content hash and the engine's
//! full configuration.
//!
//! wasmtime's own compatibility check of precompiled code ignores NaN
//! canonicalization, so the key includes our engine settings as well as
//! wasmtime's compatibility hash (which covers its version). Loading
//! precompiled code is trusting it as native code: every file is signed with
//! an HMAC under a key that only this cache holds, and a file whose signature
//! does not check out is recompiled, never loaded.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use wasmtime::Engine;
use wasmtime::component::Component;

type HmacSha256 = Hmac<Sha256>;
const TAG: usize = 32;

/// A directory of compiled components.
#[derive(Debug)]
pub struct CompileCache {
    dir: PathBuf,
    key: [u8; 32],
}

/// SHA-256 of `bytes`, in hex.
pub fn digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(unix)]
fn private(builder: &mut fs::OpenOptions) -> &mut fs::OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    builder.mode(0o600)
}
#[cfg(not(unix))]
fn private(builder: &mut fs::OpenOptions) -> &mut fs::OpenOptions {
    builder
}

impl CompileCache {
    /// Opens (creating if needed) the cache in `dir`.
    pub fn open(dir: &Path) -> std::io::Result<CompileCache> {
        fs::create_dir_all(dir)?;
        let key_path = dir.join("signing-key");
        let key = match fs::read(&key_path) {
            Ok(bytes) if bytes.len() == 32 => bytes.try_into().expect("32 bytes"),
            _ => {
                let mut key = [0u8; 32];
                getrandom::fill(&mut key).map_err(|e| std::io::Error::other(e.to_string()))?;
                let tmp = dir.join(format!("signing-key.{}", std::process::id()));
                private(
                    fs::OpenOptions::new()
                        .write(true)
                        .create(true)
                        .truncate(true),
                )
                .open(&tmp)?
                .write_all(&key)?;
                fs::rename(&tmp, &key_path)?;
                // Another process may have raced us: use whichever key won.
                fs::read(&key_path)?
                    .try_into()
                    .map_err(|_| std::io::Error::other("bad signing key"))?
            }
        };
        Ok(CompileCache {
            dir: dir.to_path_buf(),
            key,
        })
    }

    fn mac(&self) -> HmacSha256 {
        <HmacSha256 as KeyInit>::new_from_slice(&self.key).expect("HMAC takes any key size")
    }

    /// Where the compiled form of `bytes` under `engine_fingerprint` lives.
    pub fn path_for(&self, engine_fingerprint: &str, bytes: &[u8]) -> PathBuf {
        let mut h = Sha256::new();
        h.update(engine_fingerprint.as_bytes());
        h.update([0]);
        h.update(bytes);
        self.dir.join(format!("{}.cwasm", hex(&h.finalize())))
    }

    /// The compiled component: from the cache when a signed entry exists,
    /// else compiled now and stored. Returns whether it came from the cache.
    pub fn load_or_compile(
        &self,
        engine: &Engine,
        engine_fingerprint: &str,
        bytes: &[u8],
    ) -> wasmtime::Result<(Component, bool)> {
        let path = self.path_for(engine_fingerprint, bytes);
        if let Ok(stored) = fs::read(&path)
            && stored.len() > TAG
        {
            let (tag, code) = stored.split_at(TAG);
            let mut mac = self.mac();
            mac.update(code);
            if mac.verify_slice(tag).is_ok() {
                // SAFETY: the code was serialized by this cache (its HMAC
                // checks out under our private key) for an engine with the
                // same fingerprint.
                if let Ok(component) = unsafe { Component::deserialize(engine, code) } {
                    return Ok((component, true));
                }
            }
        }
        let component = Component::new(engine, bytes)?;
        // A cache that cannot be written only costs time next run.
        let _ = self.store(&path, &component.serialize()?);
        Ok((component, false))
    }

    fn store(&self, path: &Path, code: &[u8]) -> std::io::Result<()> {
        let mut mac = self.mac();
        mac.update(code);
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        let mut f = private(
            fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true),
        )
        .open(&tmp)?;
        f.write_all(&mac.finalize().into_bytes())?;
        f.write_all(code)?;
        drop(f);
        fs::rename(&tmp, path)
    }
}
