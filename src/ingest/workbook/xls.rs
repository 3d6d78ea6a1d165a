//! XLS (BIFF8 in an OLE compound file): the container is looked into first (an encrypted
//! workbook, an Office file that is no workbook), the workbook stream is checked against the
//! caps ([`super::biff`]), and only then does calamine parse it. calamine's XLS parser trusts
//! record lengths and offsets; a panic inside it on a damaged file is caught and reported as
//! damage, never shown as a crash.

use super::biff::{self, Refusal};
use super::cells::{Value, text};
use super::ole::Ole;
use super::{Budget, Sheet};
use calamine::{Reader, SheetType, Xls, XlsError};
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

pub fn read(bytes: &[u8], budget: &mut Budget) -> Result<Vec<Sheet>, String> {
    let shown = budget.shown;
    let ole = Ole::parse(bytes).ok_or_else(|| {
        format!("{shown}: not a workbook: the Office file is damaged (its OLE container cannot be read)")
    })?;
    // Office writes an encrypted .xlsx (or .xls from Excel 2007 on) as an OLE container
    // holding the encrypted package.
    if ole.has("EncryptionInfo") || ole.has("EncryptedPackage") {
        return Err(super::password_protected(shown));
    }
    let stream = ole.stream("Workbook").or_else(|| ole.stream("Book")).ok_or_else(|| {
        format!(
            "{shown}: not a workbook: an Office file without a workbook stream (a Word or PowerPoint \
             document?); export the statement again as .xls, .xlsx or CSV"
        )
    })?;
    match biff::check(&stream, &budget.caps) {
        Ok(()) => {}
        Err(Refusal::Password) => return Err(super::password_protected(shown)),
        Err(Refusal::TooLarge(what)) => return Err(format!("{shown}: the workbook is too large to read: {what}")),
        Err(Refusal::Damaged(what)) => return Err(damaged(shown, what)),
    }
    drop(stream);
    quiet_reader_panics();
    let opened = catch_unwind(AssertUnwindSafe(|| Xls::new(Cursor::new(bytes))));
    let mut book = match opened {
        Ok(Ok(book)) => book,
        Ok(Err(XlsError::Password)) => return Err(super::password_protected(shown)),
        Ok(Err(e)) => return Err(damaged(shown, &e.to_string())),
        Err(_) => return Err(damaged(shown, "its records contradict each other")),
    };
    let is_1904 = book.has_1904_epoch();
    let names: Vec<String> =
        book.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect();
    let mut sheets = Vec::new();
    for name in names {
        let range =
            book.worksheet_range(&name).map_err(|e| format!("{shown}[{name}]: the sheet cannot be read: {e}"))?;
        let mut sheet = Sheet { name: name.clone(), cells: Vec::new(), merged: Vec::new() };
        let (top, left) = range.start().unwrap_or((0, 0));
        for (r, c, value) in range.used_cells() {
            // The reader knows dates by their format, not whether it shows a time.
            if let Some(t) = text(&Value::from(value), is_1904, None) {
                let (row, col) = (top.saturating_add(r as u32), left.saturating_add(c as u32));
                budget.push(&mut sheet, row, col, t)?;
            }
        }
        sheet.merged = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn damaged(shown: &str, what: &str) -> String {
    format!("{shown}: the workbook cannot be read (it is damaged): {what}")
}

/// A panic inside calamine's XLS parser is caught and reported as damage; its message would
/// only confuse (it names calamine's source, not the file). Other panics print as before.
fn quiet_reader_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_reader = info.location().is_some_and(|l| l.file().contains("calamine"));
            if !in_reader {
                previous(info);
            }
        }));
    });
}
