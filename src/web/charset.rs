//! A page's bytes as text, in the encoding the page declares: its byte
//! order mark, else the HTTP `Content-Type` charset, else a `<meta>` charset
//! near the top, else UTF-8 when the bytes are UTF-8 and windows-1252 (what
//! browsers assume) when they are not.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into the page a `<meta charset>` is looked for (browsers look at
/// the first 1024 bytes; pages with long heads put it later).
const META_SCAN_BYTES: usize = 8192;

/// The page's text, with the encoding it was read in.
pub fn decode_html(bytes: &[u8], header_charset: Option<&str>) -> (String, &'static Encoding) {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return (text.into_owned(), encoding);
    }
    let declared = header_charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| meta_charset(bytes));
    let encoding = match declared {
        // A page that says UTF-8 but is not: its bytes are another
        // single-byte encoding more often than broken UTF-8.
        Some(encoding) if encoding == UTF_8 && std::str::from_utf8(bytes).is_err() => {
            meta_charset(bytes)
                .filter(|&e| e != UTF_8)
                .unwrap_or(WINDOWS_1252)
        }
        Some(encoding) => encoding,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => WINDOWS_1252,
    };
    // A `<meta>` naming UTF-16 in an ASCII-compatible page means UTF-8 (HTML spec).
    let encoding = encoding.output_encoding();
    let (text, _, _) = encoding.decode(bytes);
    (text.into_owned(), encoding)
}

/// The charset a `Content-Type` value names: `text/html; charset=utf-8`.
pub fn charset_parameter(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
    })
}

/// The encoding a `<meta charset=…>` or `<meta http-equiv content="…;
/// charset=…">` near the top of the page names.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut at = 0;
    while let Some(found) = find(&lower[at..], b"<meta") {
        let start = at + found + b"<meta".len();
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(charset) = find(tag, b"charset") {
            let value = &tag[charset + b"charset".len()..];
            let value = value
                .iter()
                .skip_while(|b| b.is_ascii_whitespace())
                .skip_while(|&&b| b == b'=')
                .skip_while(|b| b.is_ascii_whitespace() || **b == b'"' || **b == b'\'')
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                .copied()
                .collect::<Vec<u8>>();
            if let Some(encoding) = Encoding::for_label(&value) {
                return Some(encoding);
            }
        }
        at = end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_order_mark_wins() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<meta charset=iso-8859-1>café".as_bytes());
        let (text, encoding) = decode_html(&bytes, Some("iso-8859-1"));
        assert_eq!(encoding, UTF_8);
        assert!(text.ends_with("café"), "{text}");
    }

    #[test]
    fn header_then_meta_then_a_guess() {
        let latin = b"<p>caf\xe9 na\xefve</p>";
        assert_eq!(
            decode_html(latin, Some("ISO-8859-1")).0,
            "<p>café naïve</p>"
        );
        let meta = b"<head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1251\"></head>\xcf\xf0\xe8";
        assert!(decode_html(meta, None).0.ends_with("При"));
        assert!(decode_html(b"<p>caf\xe9</p>", None).0.contains("café"));
        assert!(
            decode_html("<p>東京</p>".as_bytes(), None)
                .0
                .contains("東京")
        );
    }

    #[test]
    fn a_wrong_utf8_declaration_falls_back() {
        let (text, encoding) = decode_html(b"<p>caf\xe9</p>", Some("utf-8"));
        assert_eq!((text.as_str(), encoding), ("<p>café</p>", WINDOWS_1252));
    }

    #[test]
    fn content_type_parameters() {
        assert_eq!(
            charset_parameter("text/html; Charset=\"UTF-8\""),
            Some("UTF-8")
        );
        assert_eq!(charset_parameter("text/html"), None);
    }
}
