//! XLSX: the zip is checked before calamine inflates anything (a workbook at all, and what its
//! members declare they inflate to, which the zip reader then holds them to), then each
//! worksheet's cells are streamed, never the dense grid a hostile `XFD1048576` would make.

use super::cells::{TimeShown, Value, format_shows_time, text};
use super::{Budget, Sheet};
use crate::ingest::sizes::size_text;
use calamine::{Reader, SheetType, Xlsx, XlsxError};
use std::io::Cursor;

pub fn read(bytes: &[u8], budget: &mut Budget) -> Result<Vec<Sheet>, String> {
    let shown = budget.shown;
    check_zip(bytes, budget)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| opening_error(shown, &e))?;
    let is_1904 = book.has_1904_epoch();
    let names: Vec<String> =
        book.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect();
    let mut sheets = Vec::new();
    for name in names {
        let damaged =
            |e: XlsxError| format!("{shown}[{name}]: the sheet cannot be read (the workbook is damaged): {e}");
        let mut sheet = Sheet { name: name.clone(), cells: Vec::new(), merged: Vec::new() };
        let mut reader = book.worksheet_cells_reader(&name).map_err(damaged)?;
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(damaged)? {
            let value = cell.get_value();
            let time = match value {
                calamine::DataRef::DateTime(_) => shows_time(reader.styles().get(style)),
                _ => None,
            };
            if let Some(t) = text(&Value::from(value), is_1904, time) {
                let (row, col) = cell.get_position();
                budget.push(&mut sheet, row, col, t)?;
            }
        }
        drop(reader);
        if !sheet.cells.is_empty() {
            // Merged regions are listed after the cells: a second pass over the sheet's XML.
            sheet.merged = book.merge_cells_by_sheet_name(&name).map_err(damaged)?;
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn shows_time(style: Option<&calamine::Style>) -> TimeShown {
    let format = style?.number_format.as_ref()?;
    format_shows_time(&format.format_code, format.format_id)
}

/// A zip that is a workbook, whose members declare no more than the cap in all. The zip
/// reader stops any member at its declared size, so the sum bounds what inflating can cost.
fn check_zip(bytes: &[u8], budget: &Budget) -> Result<(), String> {
    let shown = budget.shown;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("{shown}: not a workbook: the zip archive is damaged ({e})"))?;
    let has_workbook = zip.file_names().any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case("xl/workbook.xml")));
    if !has_workbook {
        return Err(format!(
            "{shown}: not a workbook: a zip archive without xl/workbook.xml (an .xlsx file holds one); \
             export the statement again as .xlsx or CSV"
        ));
    }
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let member =
            zip.by_index_raw(i).map_err(|e| format!("{shown}: not a workbook: the zip archive is damaged ({e})"))?;
        declared = declared.saturating_add(member.size());
    }
    let cap = budget.caps.inflated;
    if declared > cap {
        return Err(format!(
            "{shown}: the workbook's parts would inflate to {declared} bytes, more than the {} allowed for a \
             file of {} bytes (a zip bomb?); refused before inflating anything",
            size_text(cap),
            bytes.len()
        ));
    }
    Ok(())
}

/// What calamine's error on opening means to the user.
fn opening_error(shown: &str, e: &XlsxError) -> String {
    match e {
        XlsxError::Password => super::password_protected(shown),
        _ => format!("{shown}: the workbook cannot be read (it is damaged or not an Excel workbook): {e}"),
    }
}
