//! A minimal ZIP writer for the DOCX and ODT packages: entries in the order given, deflated
//! (or stored, for ODT's `mimetype`), with one fixed date, no extra fields: the same entries
//! give the same bytes.

use std::io::Write;

/// Date of every entry, in MS-DOS form: 1980-01-01 00:00 (the earliest it can say).
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;

pub struct Zip {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl Zip {
    pub fn new() -> Zip {
        Zip {
            out: Vec::new(),
            central: Vec::new(),
            count: 0,
        }
    }

    /// Adds an entry; `stored` leaves it uncompressed.
    pub fn add(&mut self, name: &str, data: &[u8], stored: bool) {
        let crc = crc32fast::hash(data);
        let body = if stored {
            data.to_vec()
        } else {
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(6));
            e.write_all(data).expect("writing to memory");
            e.finish().expect("writing to memory")
        };
        let method: u16 = if stored { 0 } else { 8 };
        let offset = self.out.len() as u32;
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes()); // version needed
            v.extend_from_slice(&0u16.to_le_bytes()); // flags
            v.extend_from_slice(&method.to_le_bytes());
            v.extend_from_slice(&DOS_TIME.to_le_bytes());
            v.extend_from_slice(&DOS_DATE.to_le_bytes());
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&(body.len() as u32).to_le_bytes());
            v.extend_from_slice(&(data.len() as u32).to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        };
        self.out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut self.out);
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(&body);

        let c = &mut self.central;
        c.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        c.extend_from_slice(&20u16.to_le_bytes()); // version made by
        common(c);
        c.extend_from_slice(&0u16.to_le_bytes()); // comment length
        c.extend_from_slice(&0u16.to_le_bytes()); // disk number
        c.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        c.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        c.extend_from_slice(&offset.to_le_bytes());
        c.extend_from_slice(name.as_bytes());
        self.count += 1;
    }

    /// The whole archive.
    pub fn finish(mut self) -> Vec<u8> {
        let start = self.out.len() as u32;
        let size = self.central.len() as u32;
        self.out.extend_from_slice(&self.central);
        let o = &mut self.out;
        o.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        o.extend_from_slice(&0u16.to_le_bytes());
        o.extend_from_slice(&0u16.to_le_bytes());
        o.extend_from_slice(&self.count.to_le_bytes());
        o.extend_from_slice(&self.count.to_le_bytes());
        o.extend_from_slice(&size.to_le_bytes());
        o.extend_from_slice(&start.to_le_bytes());
        o.extend_from_slice(&0u16.to_le_bytes());
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_is_well_formed_and_the_same_each_time() {
        let make = || {
            let mut z = Zip::new();
            z.add("mimetype", b"application/vnd.oasis.opendocument.text", true);
            z.add("content.xml", "<a>é</a>".repeat(50).as_bytes(), false);
            z.finish()
        };
        let a = make();
        assert_eq!(a, make());
        assert!(a.starts_with(b"PK\x03\x04"));
        // The stored entry's name and data follow its 30-byte header, uncompressed.
        assert_eq!(&a[30..38], b"mimetype");
        assert_eq!(&a[38..38 + 39], b"application/vnd.oasis.opendocument.text");
        let end = &a[a.len() - 22..];
        assert_eq!(&end[..4], &0x0605_4b50u32.to_le_bytes());
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 2);
    }
}
