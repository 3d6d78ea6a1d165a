//! The parse-only floor of the benchmark: splits every record of the given files with the csv
//! crate and nothing else (one reused `ByteRecord`, no decoding, no types), the lower bound a
//! program reading the same bytes cannot beat by much. `bench/run.sh` times `check` against it
//! on the same files in the same run.
//!
//! Usage: parse_floor FILE... ; prints the records and fields it split.

use std::process::ExitCode;

fn main() -> ExitCode {
    let (mut records, mut fields) = (0u64, 0u64);
    for path in std::env::args_os().skip(1) {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(&path);
        let reader = match reader.as_mut() {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{}: {e}", path.to_string_lossy());
                return ExitCode::FAILURE;
            }
        };
        let mut record = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {
                    records += 1;
                    fields += record.len() as u64;
                }
                Ok(false) => break,
                Err(e) => {
                    eprintln!("{}: {e}", path.to_string_lossy());
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    println!("{records} records, {fields} fields");
    ExitCode::SUCCESS
}
