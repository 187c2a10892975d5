//! The one rule for ids that become part of a file name (a scenario's id in
//! a part, a table or a posterior's file; a model's id in a snapshot's), and
//! the one way such a file's path is made, so that no id can lead a write
//! out of the folder it is meant for.
//!
//! An id is 1 to 100 ASCII letters, digits and `-_.@+`, starting with a
//! letter or digit: no path separator, no leading dot, nothing a shell or
//! a file system reads specially.

use std::path::{Path, PathBuf};

/// The longest id.
pub const MAX_LEN: usize = 100;

/// The rule in words, for a hint.
pub const RULE: &str =
    "an id is 1 to 100 letters, digits and - _ . @ +, starting with a letter or digit";

/// Whether `id` follows the rule; the error says how it breaks it.
pub fn check(id: &str) -> Result<(), String> {
    let first = id.chars().next();
    if id.is_empty() {
        return Err("the id is empty".into());
    }
    if id.len() > MAX_LEN {
        return Err(format!(
            "the id is {} characters long, past {MAX_LEN}",
            id.len()
        ));
    }
    if !first.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "the id `{}` does not start with a letter or digit",
            crate::text::printable(id)
        ));
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-_.@+".contains(*c)))
    {
        return Err(format!(
            "the id `{}` holds `{}`, which a file name cannot safely carry",
            crate::text::printable(id),
            crate::text::printable(&c.to_string())
        ));
    }
    Ok(())
}

/// The path of the file `name` (an id, with what the writer adds to it)
/// in `dir`; an error when `name` would leave `dir` or hide in it.
pub fn file_in(dir: &Path, name: &str) -> Result<PathBuf, String> {
    let stays = !name.is_empty()
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && !name.contains(['/', '\\', '\0'])
        && Path::new(name).components().count() == 1;
    if stays {
        Ok(dir.join(name))
    } else {
        Err(format!(
            "`{}` cannot name a file in `{}`: {RULE}",
            crate::text::printable(name),
            dir.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_would_leave_a_folder_are_refused() {
        for good in ["korea-2006", "history-1990-2026@2009", "a.b_c+d", "h..2006"] {
            assert_eq!(check(good), Ok(()), "{good}");
        }
        for bad in [
            "",
            "../../ESCAPED",
            "/etc/x",
            ".hidden",
            "a/b",
            "a\\b",
            "a b",
            "é",
            "-x",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
        assert!(check(&"x".repeat(101)).is_err());
        assert!(check("\u{1b}[2J").unwrap_err().contains("\\u{1b}"));
    }

    #[test]
    fn a_file_stays_in_its_folder() {
        let dir = Path::new("parts");
        assert_eq!(
            file_in(dir, "k.0-of-2.part").unwrap(),
            dir.join("k.0-of-2.part")
        );
        for bad in ["../x.part", "..", ".", "/abs.part", "a/../../b", ".x", ""] {
            assert!(file_in(dir, bad).is_err(), "{bad}");
        }
    }
}
