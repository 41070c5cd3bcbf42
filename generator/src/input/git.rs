//! API folders and OpenAPI documents as they were at a git revision, read with `git` into
//! memory: nothing is checked out and the working tree is not touched. Shared by
//! `specgen diff REV:PATH ...`, `cargo xtask diff` and the freshness summary of
//! `cargo xtask codegen`.
//!
//! A location is written as git writes it: `REV:PATH`, with PATH relative to the top of the
//! repository, or to the current folder when it starts with `./` or `../`.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use std::collections::BTreeMap;

use super::{Fetched, Source, read_api};
use crate::ApiInput;
use crate::files::Refusal;

/// What a location names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A folder.
    Tree,
    /// A file.
    Blob,
}

/// A path at a revision, resolved against the repository it is in.
#[derive(Debug, Clone)]
pub struct Location {
    /// The top folder of the repository's working tree.
    pub top: PathBuf,
    /// The revision, as given.
    pub rev: String,
    /// The path from the top of the repository, normalised, `/`-separated; empty for the top.
    pub path: String,
    /// Whether it names a folder or a file.
    pub kind: Kind,
}

impl Location {
    /// Resolves `path` at `rev` in the repository that holds `cwd`; relative to the top of the
    /// repository unless it starts with `./` or `../` (or is `.` or `..`), then relative to
    /// `cwd`. Fails with git's own message when there is no repository, no such revision, or
    /// no such path at it.
    pub fn resolve(cwd: &Path, rev: &str, path: &str) -> io::Result<Location> {
        let top = git_text(cwd, &["rev-parse", "--show-toplevel"])?;
        let top = PathBuf::from(top.trim_end_matches(['\n', '\r']));
        let path = path.replace('\\', "/");
        let from_cwd =
            path == "." || path == ".." || path.starts_with("./") || path.starts_with("../");
        let full = if from_cwd {
            let prefix = git_text(cwd, &["rev-parse", "--show-prefix"])?;
            crate::files::normalize(&format!("{}/{path}", prefix.trim_end()))
        } else {
            crate::files::normalize(&path)
        };
        if full == ".." || full.starts_with("../") {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{path}` is outside the repository at {}", top.display()),
            ));
        }
        let kind = match git_text(&top, &["cat-file", "-t", &object(rev, &full)])?.trim() {
            "tree" => Kind::Tree,
            "blob" => Kind::Blob,
            other => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("`{rev}:{path}` is a {other}, not a folder or a file"),
                ));
            }
        };
        Ok(Location {
            top,
            rev: rev.to_string(),
            path: full,
            kind,
        })
    }

    /// Where the working tree keeps the same path, for naming the API after it.
    pub fn working_path(&self) -> PathBuf {
        self.top.join(&self.path)
    }
}

/// A folder of a repository at a revision, read through one `git cat-file --batch` process
/// started on the first read.
pub struct Tree {
    top: PathBuf,
    rev: String,
    /// From the top of the repository; empty for the top.
    root: String,
    batch: Option<Batch>,
    /// The mode (`100644`, `120000`, ...) of every entry listed so far, by path from the top.
    modes: BTreeMap<String, String>,
}

struct Batch {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Closing its input ends `git cat-file --batch`.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

impl Tree {
    /// The folder `root` (from the top of the repository at `top`, empty for the top) at `rev`.
    pub fn new(top: &Path, rev: &str, root: &str) -> Tree {
        Tree {
            top: top.to_path_buf(),
            rev: rev.to_string(),
            root: crate::files::normalize(root),
            batch: None,
            modes: BTreeMap::new(),
        }
    }

    /// The folder a location names, or the folder of the file it names.
    pub fn at(location: &Location) -> Tree {
        let root = match location.kind {
            Kind::Tree => location.path.as_str(),
            Kind::Blob => location.path.rsplit_once('/').map_or("", |(dir, _)| dir),
        };
        Tree::new(&location.top, &location.rev, root)
    }

    /// The names of the folders directly inside this one, sorted.
    pub fn folders(&self) -> io::Result<Vec<String>> {
        let mut res: Vec<String> = self
            .entries(false)?
            .into_iter()
            .filter(|entry| entry.kind == "tree")
            .map(|entry| entry.path)
            .collect();
        res.sort();
        Ok(res)
    }

    fn full(&self, path: &str) -> String {
        if self.root.is_empty() {
            crate::files::normalize(path)
        } else {
            crate::files::normalize(&format!("{}/{path}", self.root))
        }
    }

    /// Every entry, recursively or not; paths relative to this folder.
    fn entries(&self, recursive: bool) -> io::Result<Vec<Entry>> {
        let tree = object(&self.rev, &self.root);
        let mut args = vec!["ls-tree", "-z"];
        if recursive {
            args.push("-r");
        }
        args.push(&tree);
        Ok(parse_ls_tree(&git_bytes(&self.top, &args)?))
    }

    /// The mode of the entry at `full` (from the top of the repository), `None` when there is
    /// none (also when the way to it goes through a symlink, which git does not follow).
    fn mode(&mut self, full: &str) -> io::Result<Option<String>> {
        if let Some(mode) = self.modes.get(full) {
            return Ok(Some(mode.clone()));
        }
        let listing = git_bytes(&self.top, &["ls-tree", "-z", &self.rev, "--", full])?;
        let mode = parse_ls_tree(&listing)
            .into_iter()
            .find(|entry| entry.path == full)
            .map(|entry| entry.mode);
        if let Some(mode) = &mode {
            self.modes.insert(full.to_string(), mode.clone());
        }
        Ok(mode)
    }

    /// The contents of the blob at `full` (from the top of the repository), `None` when it is
    /// not a blob.
    fn blob(&mut self, full: &str) -> io::Result<Option<Vec<u8>>> {
        let name = object(&self.rev, full);
        let batch = self.batch()?;
        let stdin = batch
            .stdin
            .as_mut()
            .ok_or_else(|| io::Error::other("git cat-file has no input"))?;
        writeln!(stdin, "{name}")?;
        stdin.flush()?;
        // `<object> SP <type> SP <size> LF <contents> LF`, or `<name> SP missing LF`.
        let mut header = String::new();
        batch.stdout.read_line(&mut header)?;
        let mut fields = header.trim_end().rsplitn(3, ' ');
        let (size, kind) = (fields.next(), fields.next());
        let Some(size) = size.and_then(|s| s.parse::<usize>().ok()) else {
            return Ok(None);
        };
        let mut contents = vec![0; size + 1];
        batch.stdout.read_exact(&mut contents)?;
        contents.pop();
        Ok((kind == Some("blob")).then_some(contents))
    }

    /// The path from the top of the repository of the folder `depth` levels above this one
    /// (the top at most).
    fn root_above(&self, depth: usize) -> String {
        let parts: Vec<&str> = self.root.split('/').filter(|p| !p.is_empty()).collect();
        parts[..parts.len().saturating_sub(depth)].join("/")
    }

    fn batch(&mut self) -> io::Result<&mut Batch> {
        if self.batch.is_none() {
            let mut child = Command::new("git")
                .args(["cat-file", "--batch"])
                .current_dir(&self.top)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|err| io::Error::new(err.kind(), format!("cannot run git: {err}")))?;
            let stdin = child.stdin.take();
            let stdout = child.stdout.take().map(BufReader::new);
            let Some(stdout) = stdout else {
                return Err(io::Error::other("git cat-file has no output"));
            };
            self.batch = Some(Batch {
                child,
                stdin,
                stdout,
            });
        }
        Ok(self.batch.as_mut().expect("started above"))
    }
}

impl Source for Tree {
    fn files(&mut self) -> io::Result<Vec<String>> {
        let mut res = Vec::new();
        for entry in self.entries(true)? {
            if entry.kind != "blob" {
                continue;
            }
            let full = self.full(&entry.path);
            self.modes.insert(full, entry.mode);
            res.push(entry.path);
        }
        res.sort();
        Ok(res)
    }

    fn read(&mut self, path: &str, depth: usize) -> io::Result<Fetched> {
        let root = self.root_above(depth);
        let inside = |full: &str| {
            full != ".."
                && !full.starts_with("../")
                && (root.is_empty() || full == root || full.starts_with(&format!("{root}/")))
        };
        let mut full = self.full(path);
        if path.split('/').take_while(|part| *part == "..").count() > depth || !inside(&full) {
            return Ok(Fetched::Refused(Refusal::OutsideRoot));
        }
        // A symlink is followed, as on disk, while it stays below the root; a few hops at most.
        for _ in 0..8 {
            // A name the batch protocol (one name per line) cannot carry.
            if full.contains(['\n', '\r']) {
                return Ok(Fetched::Missing);
            }
            let symlink = match self.mode(&full)?.as_deref() {
                None => return Ok(Fetched::Missing),
                Some("120000") => true,
                Some("100644" | "100755") => false,
                Some(_) => return Ok(Fetched::Refused(Refusal::NotAFile)),
            };
            let contents = match self.blob(&full)? {
                Some(contents) => contents,
                None => return Ok(Fetched::Refused(Refusal::NotAFile)),
            };
            if !symlink {
                return Ok(Fetched::Bytes(contents));
            }
            let target = String::from_utf8_lossy(&contents).into_owned();
            let folder = full.rsplit_once('/').map_or("", |(folder, _)| folder);
            let next = crate::files::normalize(&format!("{folder}/{target}"));
            if target.starts_with('/') || !inside(&next) {
                return Ok(Fetched::Refused(Refusal::LeavesRoot));
            }
            full = next;
        }
        Ok(Fetched::Refused(Refusal::Symlink))
    }

    fn describe(&self, path: &str) -> String {
        let full = self.full(path);
        format!("{}:{full}", self.rev)
    }
}

/// Every API folder directly inside `folder` (from the top of the repository at `top`) at
/// `rev`, each read the way [`super::read_api_dir`] reads it from disk, named after its
/// folder, and shown as `folder/<name>`.
pub fn read_api_dirs(top: &Path, rev: &str, folder: &str) -> io::Result<Vec<ApiInput>> {
    let folder = crate::files::normalize(folder);
    let mut res = Vec::new();
    for name in Tree::new(top, rev, &folder).folders()? {
        let path = if folder.is_empty() {
            name.clone()
        } else {
            format!("{folder}/{name}")
        };
        res.push(read_api(
            &mut Tree::new(top, rev, &path),
            &name,
            &path,
            None,
        )?);
    }
    Ok(res)
}

/// One entry of `git ls-tree`.
struct Entry {
    mode: String,
    /// `blob`, `tree` or `commit`.
    kind: String,
    path: String,
}

/// The entries of `git ls-tree -z` output: `<mode> SP <type> SP <object> TAB <path> NUL`.
fn parse_ls_tree(listing: &[u8]) -> Vec<Entry> {
    let mut res = Vec::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut fields = meta.split(' ');
        let mode = fields.next().unwrap_or_default();
        let kind = fields.next().unwrap_or_default();
        res.push(Entry {
            mode: mode.to_string(),
            kind: kind.to_string(),
            path: path.to_string(),
        });
    }
    res
}

/// `REV:PATH`, the way git names an object.
fn object(rev: &str, path: &str) -> String {
    format!("{rev}:{path}")
}

fn git_bytes(dir: &Path, args: &[&str]) -> io::Result<Vec<u8>> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|err| io::Error::new(err.kind(), format!("cannot run git: {err}")))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let message = stderr.trim().trim_start_matches("fatal: ");
        return Err(io::Error::other(format!(
            "git {}: {message}",
            args.join(" ")
        )));
    }
    Ok(out.stdout)
}

fn git_text(dir: &Path, args: &[&str]) -> io::Result<String> {
    Ok(String::from_utf8_lossy(&git_bytes(dir, args)?).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    /// A repository with one commit of `files`, then `later` written to the working tree.
    fn repo(files: &[(&str, &str)], later: &[(&str, &str)]) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().expect("temp dir");
        let write = |(path, text): &(&str, &str)| {
            let path = tmp.path().join(path);
            std::fs::create_dir_all(path.parent().expect("has parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        files.iter().for_each(write);
        run(tmp.path(), &["init", "-q"]);
        run(tmp.path(), &["add", "."]);
        run(
            tmp.path(),
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "commit",
                "-q",
                "-m",
                "specs",
            ],
        );
        later.iter().for_each(write);
        tmp
    }

    #[test]
    fn a_folder_at_a_revision_reads_like_the_same_folder_on_disk() {
        let files = [
            ("specs/pets/codegen.yaml", "dialect: java\n"),
            ("specs/pets/components/Pet.md", "# Pet\n"),
            ("specs/pets/README.md", "# Readme\n"),
            ("specs/pets/openapi.yaml", "$ref: shared/common.yaml#/A\n"),
            ("specs/pets/shared/common.yaml", "A: {}\n"),
            ("specs/pets/unrelated.yaml", "b: 1\n"),
            ("specs/other/Other.md", "# Other\n"),
        ];
        let tmp = repo(&files, &[("specs/pets/components/Pet.md", "# Changed\n")]);
        let dirs = read_api_dirs(tmp.path(), "HEAD", "specs").expect("readable");
        let names: Vec<&str> = dirs.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["other", "pets"]);
        let at_head = &dirs[1];
        assert_eq!(at_head.root, "specs/pets");
        assert_eq!(at_head.docs.len(), 1);
        assert_eq!(at_head.docs[0].text, "# Pet\n", "the committed text");
        assert_eq!(
            at_head.config.as_ref().map(|c| c.text.as_str()),
            Some("dialect: java\n")
        );
        let paths: Vec<&str> = at_head.openapi.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["openapi.yaml", "shared/common.yaml"]);

        let on_disk = super::super::read_api_dir(&tmp.path().join("specs/pets"), "pets", "x")
            .expect("readable");
        let disk_paths: Vec<&str> = on_disk.openapi.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(disk_paths, paths);
        assert_eq!(on_disk.docs[0].text, "# Changed\n");
    }

    #[cfg(unix)]
    #[test]
    fn reads_stay_below_the_root_also_through_symlinks() {
        let tmp = repo(
            &[
                ("specs/pets/common.yaml", "A: {}\n"),
                ("specs/other/secret.yaml", "S: {}\n"),
            ],
            &[],
        );
        let pets = tmp.path().join("specs/pets");
        std::os::unix::fs::symlink("common.yaml", pets.join("alias.yaml")).expect("symlink");
        std::os::unix::fs::symlink("../other/secret.yaml", pets.join("leak.yaml"))
            .expect("symlink");
        std::os::unix::fs::symlink("/etc/passwd", pets.join("passwd.yaml")).expect("symlink");
        run(tmp.path(), &["add", "."]);
        run(
            tmp.path(),
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "commit",
                "-q",
                "-m",
                "links",
            ],
        );
        let mut tree = Tree::new(tmp.path(), "HEAD", "specs/pets");
        let read =
            |tree: &mut Tree, path: &str, depth: usize| tree.read(path, depth).expect("git runs");
        assert_eq!(
            read(&mut tree, "alias.yaml", 0),
            Fetched::Bytes(b"A: {}\n".to_vec())
        );
        assert_eq!(
            read(&mut tree, "leak.yaml", 0),
            Fetched::Refused(Refusal::LeavesRoot)
        );
        assert_eq!(
            read(&mut tree, "passwd.yaml", 0),
            Fetched::Refused(Refusal::LeavesRoot)
        );
        assert_eq!(
            read(&mut tree, "../other/secret.yaml", 0),
            Fetched::Refused(Refusal::OutsideRoot)
        );
        assert_eq!(
            read(&mut tree, "leak.yaml", 1),
            Fetched::Bytes(b"S: {}\n".to_vec())
        );
        assert_eq!(
            read(&mut tree, "../../../x.yaml", 9),
            Fetched::Refused(Refusal::OutsideRoot)
        );
    }

    #[test]
    fn locations_resolve_from_the_top_or_from_the_current_folder() {
        let tmp = repo(&[("specs/pets/openapi.yaml", "openapi: 3.1.0\n")], &[]);
        let from_top = Location::resolve(tmp.path(), "HEAD", "specs/pets/").expect("exists");
        assert_eq!(from_top.path, "specs/pets");
        assert_eq!(from_top.kind, Kind::Tree);
        let from_cwd = Location::resolve(&tmp.path().join("specs"), "HEAD", "./pets/openapi.yaml")
            .expect("exists");
        assert_eq!(from_cwd.path, "specs/pets/openapi.yaml");
        assert_eq!(from_cwd.kind, Kind::Blob);
        let mut tree = Tree::at(&from_cwd);
        assert_eq!(
            tree.read("openapi.yaml", 0).expect("git runs"),
            Fetched::Bytes(b"openapi: 3.1.0\n".to_vec())
        );
        assert_eq!(
            tree.read("missing.yaml", 0).expect("git runs"),
            Fetched::Missing
        );
        let missing = Location::resolve(tmp.path(), "HEAD", "nope").expect_err("no such path");
        assert!(missing.to_string().contains("nope"), "{missing}");
        let bad_rev = Location::resolve(tmp.path(), "no-such-rev", "specs").expect_err("no rev");
        assert!(bad_rev.to_string().contains("no-such-rev"), "{bad_rev}");
    }
}
