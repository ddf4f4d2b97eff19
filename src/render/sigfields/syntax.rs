//! PDF object syntax (ISO 32000-1, 7.2 and 7.3), read into lopdf's [`Object`]: enough to
//! read the dictionaries of an indirect object at a known offset, without its stream's bytes.
//!
//! The bytes are typst's PDF, but they are read defensively all the same: nesting is
//! bounded, every read is bounds-checked, and anything unexpected is an error (the caller
//! then reads the file with lopdf instead).

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

/// Deepest nesting of arrays and dictionaries read.
const MAX_DEPTH: usize = 64;

/// A reader over `bytes` from `pos`.
pub struct Cursor<'a> {
    bytes: &'a [u8],
    pub pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

impl<'a> Cursor<'a> {
    pub fn new(bytes: &'a [u8], pos: usize) -> Cursor<'a> {
        Cursor { bytes, pos }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn rest(&self) -> &'a [u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    /// Skips white space and comments.
    pub fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.peek().is_some_and(|b| b != b'\n' && b != b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Consumes the keyword `word` if it is here (and ends here).
    pub fn eat(&mut self, word: &[u8]) -> bool {
        let rest = self.rest();
        let ends = rest.get(word.len()).is_none_or(|&b| !is_regular(b));
        if rest.starts_with(word) && ends {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// A run of regular characters (a keyword or a number).
    fn token(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        &self.bytes[start..self.pos]
    }

    /// A non-negative integer, after white space.
    pub fn unsigned(&mut self) -> Option<u64> {
        self.skip_white();
        let start = self.pos;
        let digits = self.token();
        let n = (!digits.is_empty() && digits.len() <= 18 && digits.iter().all(u8::is_ascii_digit))
            .then(|| std::str::from_utf8(digits).ok()?.parse().ok())
            .flatten();
        if n.is_none() {
            self.pos = start;
        }
        n
    }

    /// `n g obj`: the header of an indirect object.
    pub fn object_header(&mut self) -> Option<ObjectId> {
        let n = u32::try_from(self.unsigned()?).ok()?;
        let g = u16::try_from(self.unsigned()?).ok()?;
        self.skip_white();
        self.eat(b"obj").then_some((n, g))
    }

    /// One object, after white space.
    pub fn object(&mut self) -> Result<Object, String> {
        self.value(MAX_DEPTH)
    }

    fn value(&mut self, depth: usize) -> Result<Object, String> {
        if depth == 0 {
            return Err("objets trop imbriqués".into());
        }
        self.skip_white();
        let at = self.pos;
        let fail = |what: &str| Err(format!("{what} à l'octet {at}"));
        match self.peek() {
            None => fail("fin inattendue"),
            Some(b'<') if self.rest().starts_with(b"<<") => {
                self.pos += 2;
                self.dictionary(depth).map(Object::Dictionary)
            }
            Some(b'<') => self.hex_string(),
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        return Ok(Object::Array(items));
                    }
                    items.push(self.value(depth - 1)?);
                }
            }
            Some(b'(') => self.literal_string(),
            Some(b'/') => self.name().map(Object::Name),
            Some(b) if b.is_ascii_digit() || b == b'+' || b == b'-' || b == b'.' => self.number(),
            Some(_) => {
                let word = self.token();
                match word {
                    b"true" => Ok(Object::Boolean(true)),
                    b"false" => Ok(Object::Boolean(false)),
                    b"null" => Ok(Object::Null),
                    _ => fail("objet illisible"),
                }
            }
        }
    }

    /// The entries of a dictionary whose `<<` was read, up to its `>>`.
    fn dictionary(&mut self, depth: usize) -> Result<Dictionary, String> {
        let mut dict = Dictionary::new();
        loop {
            self.skip_white();
            if self.rest().starts_with(b">>") {
                self.pos += 2;
                return Ok(dict);
            }
            if self.peek() != Some(b'/') {
                return Err(format!(
                    "clé de dictionnaire attendue à l'octet {}",
                    self.pos
                ));
            }
            let key = self.name()?;
            let value = self.value(depth - 1)?;
            dict.set(key, value);
        }
    }

    /// A name after its `/`, with its `#xx` escapes decoded.
    fn name(&mut self) -> Result<Vec<u8>, String> {
        self.pos += 1;
        let raw = self.token();
        let mut name = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'#' {
                let hex = raw
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| format!("nom illisible avant l'octet {}", self.pos))?;
                name.push(hex);
                i += 3;
            } else {
                name.push(raw[i]);
                i += 1;
            }
        }
        Ok(name)
    }

    /// An integer, a real, or a reference `n g R`.
    fn number(&mut self) -> Result<Object, String> {
        let at = self.pos;
        let text = self.token();
        let text =
            std::str::from_utf8(text).map_err(|_| format!("nombre illisible à l'octet {at}"))?;
        if let Ok(n) = text.parse::<i64>() {
            // `n g R`: two unsigned integers and the keyword.
            let back = self.pos;
            if let (Ok(n), Some(g)) = (u32::try_from(n), self.unsigned()) {
                self.skip_white();
                if let (Ok(g), true) = (u16::try_from(g), self.eat(b"R")) {
                    return Ok(Object::Reference((n, g)));
                }
            }
            self.pos = back;
            return Ok(Object::Integer(n));
        }
        // PDF reals have no exponent; Rust would accept one, PDF readers would not.
        let plain = text
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.".contains(&b));
        match text.parse::<f32>() {
            Ok(x) if plain && x.is_finite() => Ok(Object::Real(x)),
            _ => Err(format!("nombre illisible à l'octet {at}")),
        }
    }

    /// `<…>`: pairs of hexadecimal digits, white space ignored, a last odd digit followed by 0.
    fn hex_string(&mut self) -> Result<Object, String> {
        let at = self.pos;
        self.pos += 1;
        let mut bytes = Vec::new();
        let mut high: Option<u8> = None;
        loop {
            let b = self
                .peek()
                .ok_or_else(|| format!("chaîne hexadécimale non fermée à l'octet {at}"))?;
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if is_white(b) {
                continue;
            }
            let d = (b as char)
                .to_digit(16)
                .ok_or_else(|| format!("chaîne hexadécimale illisible à l'octet {at}"))?
                as u8;
            match high.take() {
                Some(h) => bytes.push(h << 4 | d),
                None => high = Some(d),
            }
        }
        if let Some(h) = high {
            bytes.push(h << 4);
        }
        Ok(Object::String(bytes, StringFormat::Hexadecimal))
    }

    /// `(…)`: balanced parentheses, backslash escapes, end-of-line markers read as `\n`.
    fn literal_string(&mut self) -> Result<Object, String> {
        let at = self.pos;
        let unclosed = || format!("chaîne non fermée à l'octet {at}");
        self.pos += 1;
        let mut bytes = Vec::new();
        let mut open = 1usize;
        loop {
            let b = self.peek().ok_or_else(unclosed)?;
            self.pos += 1;
            match b {
                b'(' => {
                    open += 1;
                    bytes.push(b);
                }
                b')' => {
                    open -= 1;
                    if open == 0 {
                        return Ok(Object::String(bytes, StringFormat::Literal));
                    }
                    bytes.push(b);
                }
                b'\r' => {
                    if self.peek() == Some(b'\n') {
                        self.pos += 1;
                    }
                    bytes.push(b'\n');
                }
                b'\\' => self.escape(&mut bytes).ok_or_else(unclosed)?,
                _ => bytes.push(b),
            }
        }
    }

    /// The escape after a backslash in a literal string.
    fn escape(&mut self, bytes: &mut Vec<u8>) -> Option<()> {
        let e = self.peek()?;
        self.pos += 1;
        match e {
            b'n' => bytes.push(b'\n'),
            b'r' => bytes.push(b'\r'),
            b't' => bytes.push(b'\t'),
            b'b' => bytes.push(b'\x08'),
            b'f' => bytes.push(b'\x0c'),
            b'0'..=b'7' => {
                let mut n = u32::from(e - b'0');
                for _ in 0..2 {
                    match self.peek() {
                        Some(d @ b'0'..=b'7') => {
                            n = n * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                bytes.push((n & 0xff) as u8);
            }
            // A backslash before an end of line continues the string on the next line.
            b'\r' => {
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => {}
            other => bytes.push(other),
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &[u8]) -> Result<Object, String> {
        Cursor::new(text, 0).object()
    }

    /// What lopdf writes, read back, is what was written.
    #[test]
    fn objects_written_by_lopdf_read_back_the_same() {
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Annot".to_vec()));
        dict.set("Odd name", Object::Name(b"a/b#c d".to_vec()));
        dict.set(
            "Rect",
            Object::Array(vec![
                Object::Real(65.19685),
                Object::Integer(-3),
                Object::Real(0.5),
                Object::Reference((12, 0)),
            ]),
        );
        dict.set(
            "Text",
            Object::String(
                b"a (b) \\ c\r\n\x00\xff ) (".to_vec(),
                StringFormat::Literal,
            ),
        );
        dict.set(
            "Hex",
            Object::String(vec![0, 1, 254], StringFormat::Hexadecimal),
        );
        dict.set("On", Object::Boolean(true));
        dict.set("Nothing", Object::Null);
        let inner = Dictionary::from_iter([("K", Object::Array(vec![]))]);
        dict.set("Nested", Object::Dictionary(inner));
        let object = Object::Dictionary(dict);
        let mut bytes = Vec::new();
        lopdf::Writer::write_object(&mut bytes, &object).unwrap();
        assert_eq!(
            read(&bytes).unwrap(),
            object,
            "{}",
            String::from_utf8_lossy(&bytes)
        );
    }

    #[test]
    fn syntax_details() {
        assert_eq!(read(b"12 0 R").unwrap(), Object::Reference((12, 0)));
        assert_eq!(read(b"12 0 obj").unwrap(), Object::Integer(12));
        assert_eq!(read(b"[1 2 3]").unwrap().as_array().unwrap().len(), 3);
        assert_eq!(read(b"[1 2 R 3]").unwrap().as_array().unwrap().len(), 2);
        assert_eq!(
            read(b"(a\\\nb\\101\\(\r\nc)").unwrap(),
            Object::String(b"abA(\nc".to_vec(), StringFormat::Literal)
        );
        assert_eq!(
            read(b"<4 1 4>").unwrap(),
            Object::String(vec![0x41, 0x40], StringFormat::Hexadecimal)
        );
        assert_eq!(
            read(b"<< % a comment\n/A/B/C[]>>")
                .unwrap()
                .as_dict()
                .unwrap()
                .len(),
            2
        );
        let mut header = Cursor::new(b"  7 0 obj\n<<>>", 0);
        assert_eq!(header.object_header(), Some((7, 0)));
    }

    #[test]
    fn bad_syntax_is_an_error_not_a_panic() {
        for bad in [
            &b""[..],
            b"(unclosed",
            b"<12",
            b"<zz>",
            b"<< /A >>",
            b"<< 1 2 >>",
            b"[1 2",
            b"1e5",
            b"nope",
            b"/A#Z",
            b"\\",
        ] {
            assert!(read(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        let deep = [b"[".repeat(100), b"]".repeat(100)].concat();
        assert!(read(&deep).is_err());
    }
}
