//! Reading an article from disk: every way a file can be wrong gets a clear error.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Article, Format, Metadata, markdown, plain};

/// Larger files are refused rather than parsed slowly. Five times War and
/// Peace; at 64 MiB, a file of one 50 MB line took 40 s to open in the
/// reader and 26 s to load when made of `. ` (docs/RELIABILITY.md).
pub const MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: no such file; check the path")]
    Missing { path: PathBuf },
    #[error("{path}: is a directory; give an article file (.md or .txt)")]
    Directory { path: PathBuf },
    #[error("{path}: cannot read it: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: looks like a binary file (NUL byte at offset {offset}); give a text or markdown article"
    )]
    Binary { path: PathBuf, offset: usize },
    #[error(
        "{path}: is not UTF-8 (invalid byte at offset {offset}); convert it, e.g. with `iconv -t UTF-8`"
    )]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{path}: is empty; there is nothing to read")]
    Empty { path: PathBuf },
    #[error("{path}: is {size} bytes or more, over the {max}-byte limit for an article")]
    TooLarge { path: PathBuf, size: u64, max: u64 },
    #[error("{path}: is not gzip-compressed HTML ({source}); give a .html file or a .html.gz")]
    BadGzip {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: no article text found on this page{hint}")]
    NoArticle { path: PathBuf, hint: String },
}

/// The format a file name asks for: markdown by extension, plain text otherwise.
pub fn format_of(path: &Path) -> Format {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
    {
        Some(ext) if matches!(ext.as_str(), "md" | "markdown" | "mdown" | "mkd") => {
            Format::Markdown
        }
        _ => Format::PlainText,
    }
}

/// Whether a file name is a web page: `.html`, `.htm`, `.xhtml`, or one of
/// them gzip-compressed (`.html.gz`).
pub fn is_html_path(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    [".html", ".htm", ".xhtml"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// A file's name without its extensions (`page.html.gz` gives `page`), the
/// title of last resort.
pub fn stem_of(path: &Path) -> &str {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("untitled");
    if stem.contains('.')
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        stem.rsplit_once('.').map_or(stem, |(name, _)| name)
    } else {
        stem
    }
}

/// Reads, checks and parses an article file; web pages are extracted.
pub fn load_path(path: &Path) -> Result<Article, LoadError> {
    Ok(match read_source(path)? {
        Source::Page(article) => *article,
        Source::Text(source) => parse_owned(name_of(path), format_of(path), source),
    })
}

/// A file read and checked, before it is parsed: text, or a web page
/// already extracted (extraction needs the whole page).
#[derive(Debug)]
pub enum Source {
    Text(String),
    Page(Box<Article>),
}

/// Reads and checks an article file: every error [`load_path`] gives, at
/// the cost of reading and decoding only. Text is parsed with
/// [`parse_path_source`] (or its first part with `first_part`).
pub fn read_source(path: &Path) -> Result<Source, LoadError> {
    let bytes = read_bytes(path)?;
    if is_html_path(path) {
        return crate::web::article_from_html_file(path, &bytes).map(|a| Source::Page(Box::new(a)));
    }
    decode_owned(bytes)
        .map(Source::Text)
        .map_err(|e| e.at(path))
}

/// The first part of the text [`read_source`] read from `path`, when the
/// article is long enough to show it first (see `first_part`).
pub fn first_part_of_file(path: &Path, source: &str) -> Option<Article> {
    super::first_part(name_of(path), format_of(path), source)
}

/// Parses the text [`read_source`] read from `path`.
pub fn parse_path_source(path: &Path, source: String) -> Article {
    parse_owned(name_of(path), format_of(path), source)
}

/// How much of a file [`load_metadata`] reads.
pub const HEAD_BYTES: usize = 64 * 1024;

/// An article's title, author and date from its first [`HEAD_BYTES`] only,
/// at the same small cost whatever the file's size (a folder of large
/// books took seconds to list when each was loaded whole). Problems past
/// the head (a NUL byte, bad UTF-8) are found only by [`load_path`].
pub fn load_metadata(path: &Path) -> Result<Metadata, LoadError> {
    let mut bytes = read_at_most(path, HEAD_BYTES as u64)?;
    if bytes.len() == HEAD_BYTES {
        // A cut file: drop the cut line (and with it a cut character).
        let whole_lines = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        bytes.truncate(whole_lines);
    }
    let source = decode(&bytes).map_err(|e| e.at(path))?;
    Ok(parse_source(name_of(path), format_of(path), &source).meta)
}

/// The file stem, the title of last resort.
fn name_of(path: &Path) -> &str {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("untitled")
}

/// The first `limit` bytes of a file that exists, is not a folder, and
/// says it is no larger than the article limit.
fn read_at_most(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    let owned = || path.to_path_buf();
    let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => LoadError::Missing { path: owned() },
        _ => LoadError::Io {
            path: owned(),
            source,
        },
    })?;
    if meta.is_dir() {
        return Err(LoadError::Directory { path: owned() });
    }
    if meta.len() > MAX_ARTICLE_BYTES {
        return Err(LoadError::TooLarge {
            path: owned(),
            size: meta.len(),
            max: MAX_ARTICLE_BYTES,
        });
    }
    // Devices and pipes report no size (`/dev/zero` never ends), so the
    // limit holds while reading too.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(limit).read_to_end(&mut bytes))
        .map_err(|source| LoadError::Io {
            path: owned(),
            source,
        })?;
    Ok(bytes)
}

/// A file's bytes, within [`MAX_ARTICLE_BYTES`]; gzip files are
/// decompressed, within the same limit.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    let owned = || path.to_path_buf();
    let mut bytes = read_at_most(path, MAX_ARTICLE_BYTES + 1)?;
    super::work::step(bytes.len());
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(LoadError::TooLarge {
            path: owned(),
            size: bytes.len() as u64,
            max: MAX_ARTICLE_BYTES,
        });
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        let mut inflated = Vec::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .take(MAX_ARTICLE_BYTES + 1)
            .read_to_end(&mut inflated)
            .map_err(|source| LoadError::BadGzip {
                path: owned(),
                source,
            })?;
        if inflated.len() as u64 > MAX_ARTICLE_BYTES {
            return Err(LoadError::TooLarge {
                path: owned(),
                size: inflated.len() as u64,
                max: MAX_ARTICLE_BYTES,
            });
        }
        bytes = inflated;
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty { path: owned() });
    }
    Ok(bytes)
}

/// What is wrong with a file's bytes, before its path is known to the message.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DecodeError {
    Binary(usize),
    NotUtf8(usize),
    Empty,
}

impl DecodeError {
    fn at(self, path: &Path) -> LoadError {
        let path = path.to_path_buf();
        match self {
            DecodeError::Binary(offset) => LoadError::Binary { path, offset },
            DecodeError::NotUtf8(offset) => LoadError::NotUtf8 { path, offset },
            DecodeError::Empty => LoadError::Empty { path },
        }
    }
}

/// How much of a file is looked at to tell a binary file from text.
const BINARY_SNIFF_BYTES: usize = 8192;

/// Whether `bytes` are a binary file rather than text with a stray NUL or
/// two (which the loaders show as stand-ins, like any control character):
/// binary files (images, archives, executables, UTF-16) hold many NULs near
/// their start; one NUL must not make a whole article unreadable. Returns
/// the first NUL's offset.
fn binary_at(bytes: &[u8]) -> Option<usize> {
    let sample = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    let nuls = sample.iter().filter(|&&b| b == 0).count();
    (nuls >= 2 && nuls * 100 >= sample.len())
        .then(|| bytes.iter().position(|&b| b == 0))
        .flatten()
}

/// [`decode`] of bytes that are not needed afterwards: text that needs no
/// change (no BOM, no carriage return) is kept where it was read, not
/// copied (a book was held twice while it was parsed).
pub(crate) fn decode_owned(bytes: Vec<u8>) -> Result<String, DecodeError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") || bytes.contains(&b'\r') {
        return decode(&bytes);
    }
    if let Some(offset) = binary_at(&bytes) {
        return Err(DecodeError::Binary(offset));
    }
    let text =
        String::from_utf8(bytes).map_err(|e| DecodeError::NotUtf8(e.utf8_error().valid_up_to()))?;
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(text)
}

/// UTF-8 text with the BOM stripped and line ends normalised to `\n`.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some(offset) = binary_at(bytes) {
        return Err(DecodeError::Binary(offset));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| DecodeError::NotUtf8(e.valid_up_to()))?;
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

/// Parses decoded text; `name` (the file stem) is the title of last resort.
pub fn parse_source(name: &str, format: Format, source: &str) -> Article {
    parse_owned(name, format, source.to_string())
}

/// [`parse_source`] of text the article then keeps as its source, uncopied.
pub fn parse_owned(name: &str, format: Format, source: String) -> Article {
    let draft = match format {
        Format::Markdown => markdown::parse(name, &source),
        Format::PlainText => plain::parse(name, &source),
    };
    draft.finish(format, source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_normalises_bom_and_crlf() {
        assert_eq!(decode("\u{FEFF}a\r\nb\rc".as_bytes()).unwrap(), "a\nb\nc");
    }

    #[test]
    fn decode_rejects_bad_bytes() {
        assert_eq!(decode(b"ab\0\0c"), Err(DecodeError::Binary(2)));
        // One NUL in text is a character to show, not a binary file.
        assert_eq!(decode(b"ab\0c").unwrap(), "ab\0c");
        assert_eq!(decode(b"ok \xff\xfe"), Err(DecodeError::NotUtf8(3)));
        assert_eq!(decode(b" \n\n "), Err(DecodeError::Empty));
    }

    #[test]
    fn decoding_owned_bytes_gives_what_decoding_a_copy_gives() {
        for bytes in [
            &b"plain text"[..],
            "\u{FEFF}bom".as_bytes(),
            b"a\r\nb",
            b"ab\0\0c",
            b"ab\0c",
            b"ok \xff\xfe",
            b" \n\n ",
        ] {
            assert_eq!(decode_owned(bytes.to_vec()), decode(bytes), "{bytes:?}");
        }
    }

    #[test]
    fn load_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = load_path(&dir.path().join("nope.md")).unwrap_err();
        assert!(err.to_string().contains("nope.md: no such file"), "{err}");
        let err = load_path(dir.path()).unwrap_err();
        assert!(err.to_string().contains("is a directory"), "{err}");
        let bin = dir.path().join("x.txt");
        std::fs::write(&bin, b"\x7fELF\0\0").unwrap();
        assert!(matches!(
            load_path(&bin),
            Err(LoadError::Binary { offset: 4, .. })
        ));
    }
}
