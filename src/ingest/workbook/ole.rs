//! Just enough of the OLE compound file format (MS-CFB) to look inside an `.xls` before the
//! workbook reader does: the names of its streams (an encrypted workbook holds
//! `EncryptionInfo`) and the bytes of one stream (`Workbook`), every chain bounded by the
//! file's own size so that a damaged or hostile file cannot loop or allocate without end.

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Sector numbers at and above this are markers (free, end of chain, FAT, DIFAT), not sectors.
const MAX_REGULAR_SECTOR: u32 = 0xFFFF_FFFA;
const DIRECTORY_ENTRY: usize = 128;
const HEADER_DIFAT_ENTRIES: usize = 109;

/// A parsed compound file over the bytes it was read from.
pub struct Ole<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
    mini_cutoff: u64,
    entries: Vec<Entry>,
}

struct Entry {
    name: String,
    start: u32,
    size: u64,
    /// 1 storage, 2 stream, 5 root.
    kind: u8,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

impl<'a> Ole<'a> {
    /// Reads the header, the FAT, the directory and the mini stream; `None` when the file is not
    /// a well-formed compound file.
    pub fn parse(bytes: &'a [u8]) -> Option<Ole<'a>> {
        let shift = u16_at(bytes, 0x1E)?;
        if !(7..=16).contains(&shift) {
            return None;
        }
        let sector_size = 1usize << shift;
        let mut ole = Ole {
            bytes,
            sector_size,
            fat: Vec::new(),
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
            mini_cutoff: u64::from(u32_at(bytes, 0x38)?),
            entries: Vec::new(),
        };
        // The DIFAT lists the FAT's sectors: 109 in the header, the rest in a chain of sectors
        // whose last entry points to the next one.
        let mut fat_sectors: Vec<u32> = (0..HEADER_DIFAT_ENTRIES).filter_map(|i| u32_at(bytes, 0x4C + 4 * i)).collect();
        let mut difat = u32_at(bytes, 0x44)?;
        let per_sector = sector_size / 4;
        for _ in 0..ole.max_sectors() {
            if difat > MAX_REGULAR_SECTOR {
                break;
            }
            let sector = ole.sector(difat)?;
            fat_sectors.extend((0..per_sector - 1).filter_map(|i| u32_at(sector, 4 * i)));
            difat = u32_at(sector, 4 * (per_sector - 1))?;
        }
        for s in fat_sectors.into_iter().filter(|&s| s <= MAX_REGULAR_SECTOR).take(ole.max_sectors()) {
            let sector = ole.sector(s)?;
            ole.fat.extend((0..per_sector).filter_map(|i| u32_at(sector, 4 * i)));
        }
        let directory = ole.chain(u32_at(bytes, 0x30)?, &ole.fat, usize::MAX)?;
        ole.entries = directory.chunks_exact(DIRECTORY_ENTRY).filter_map(entry).collect();
        let root = ole.entries.first()?;
        let (root_start, root_size) = (root.start, usize::try_from(root.size).ok()?);
        let mini_fat = ole.chain(u32_at(bytes, 0x3C)?, &ole.fat, usize::MAX).unwrap_or_default();
        ole.mini_fat = mini_fat.chunks_exact(4).filter_map(|c| u32_at(c, 0)).collect();
        ole.mini_stream = ole.chain(root_start, &ole.fat, root_size).unwrap_or_default();
        Some(ole)
    }

    /// Whether a stream or storage of this name exists (any letter case).
    pub fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The bytes of the stream named `name` (any letter case), if it exists and can be read.
    pub fn stream(&self, name: &str) -> Option<Vec<u8>> {
        let e = self.entries.iter().find(|e| e.kind == 2 && e.name.eq_ignore_ascii_case(name))?;
        let size = usize::try_from(e.size).ok()?;
        if e.size < self.mini_cutoff { self.mini_chain(e.start, size) } else { self.chain(e.start, &self.fat, size) }
    }

    /// No chain can have more sectors than the file holds.
    fn max_sectors(&self) -> usize {
        self.bytes.len() / self.sector_size + 1
    }

    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (usize::try_from(id).ok()? + 1).checked_mul(self.sector_size)?;
        self.bytes.get(start..start.checked_add(self.sector_size)?)
    }

    /// The sectors of the chain starting at `start`, joined, cut at `size` bytes. A chain
    /// longer than the file (a loop) or pointing past it is damage.
    fn chain(&self, start: u32, fat: &[u32], size: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut id = start;
        for _ in 0..self.max_sectors() {
            if id == END_OF_CHAIN || id > MAX_REGULAR_SECTOR || out.len() >= size {
                out.truncate(size);
                return Some(out);
            }
            out.extend_from_slice(self.sector(id)?);
            id = *fat.get(usize::try_from(id).ok()?)?;
        }
        None
    }

    fn mini_chain(&self, start: u32, size: usize) -> Option<Vec<u8>> {
        const MINI: usize = 64;
        let mut out = Vec::new();
        let mut id = start;
        for _ in 0..self.mini_stream.len() / MINI + 1 {
            if id == END_OF_CHAIN || id > MAX_REGULAR_SECTOR || out.len() >= size {
                out.truncate(size);
                return Some(out);
            }
            let at = usize::try_from(id).ok()?.checked_mul(MINI)?;
            out.extend_from_slice(self.mini_stream.get(at..at + MINI)?);
            id = *self.mini_fat.get(usize::try_from(id).ok()?)?;
        }
        None
    }
}

/// One 128-byte directory entry; unused entries (type 0) are left out.
fn entry(raw: &[u8]) -> Option<Entry> {
    let kind = *raw.get(0x42)?;
    if kind == 0 {
        return None;
    }
    let name_bytes = usize::from(u16_at(raw, 0x40)?).clamp(2, 64) - 2;
    let units: Vec<u16> = raw.get(..name_bytes)?.chunks_exact(2).filter_map(|c| u16_at(c, 0)).collect();
    Some(Entry { name: String::from_utf16_lossy(&units), start: u32_at(raw, 0x74)?, size: u64_at(raw, 0x78)?, kind })
}

#[cfg(test)]
mod tests {
    use super::Ole;

    #[test]
    fn garbage_is_not_a_compound_file() {
        assert!(Ole::parse(b"").is_none());
        assert!(Ole::parse(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).is_none());
        let mut header = vec![0u8; 512];
        header[0x1E] = 9;
        // A directory chain pointing past the end of the file.
        header[0x30] = 7;
        assert!(Ole::parse(&header).is_none());
    }
}
