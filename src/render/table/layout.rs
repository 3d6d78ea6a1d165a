//! Column widths chosen by what fits: each column gets at least its widest token (so no token
//! is split) and its floor, the rest of the width goes to the columns whose text is longest;
//! the cells are wrapped here, so comfy-table only draws the borders and never wraps.

use super::wrap;
use comfy_table::{Cell, Color, ContentArrangement, Table, TableStyle};

/// One column: its header (never wrapped), one text per row, and the narrowest width still
/// readable; a `whole` column's cells are never wrapped either (the inputs' paths).
pub struct Column {
    pub header: String,
    pub cells: Vec<String>,
    pub floor: usize,
    pub whole: bool,
    /// Numbers: aligned on the right.
    pub right: bool,
}

impl Column {
    pub fn new(header: &str, floor: usize) -> Self {
        Column { header: header.to_string(), cells: Vec::new(), floor, whole: false, right: false }
    }

    pub fn right(mut self) -> Self {
        self.right = true;
        self
    }

    pub fn whole(mut self) -> Self {
        self.whole = true;
        self
    }
}

/// Content widths for `columns` in `room` columns of text (borders and padding taken off), or
/// `None` when their widest tokens do not fit side by side. Tokens wider than `limit` are cut
/// in every layout, so they do not count.
pub fn allocate(columns: &[Column], room: usize, limit: usize) -> Option<Vec<usize>> {
    fn texts(c: &Column) -> impl Iterator<Item = &String> {
        std::iter::once(&c.header).chain(&c.cells)
    }
    let least: Vec<usize> = columns
        .iter()
        .map(|c| {
            let tokens = c.cells.iter().map(|t| match c.whole {
                true => wrap::natural_width(t, limit + 1).min(limit),
                false => wrap::longest_token(t, limit),
            });
            tokens.max().unwrap_or(0).max(wrap::natural_width(&c.header, limit)).max(c.floor).max(1)
        })
        .collect();
    if least.iter().sum::<usize>() > room {
        return None;
    }
    let wanted: Vec<usize> = columns
        .iter()
        .zip(&least)
        .map(|(c, least)| texts(c).map(|t| wrap::natural_width(t, room)).max().unwrap_or(0).clamp(*least, room))
        .collect();
    // Water-filling: the narrowest column still short of its text grows first, so the long
    // texts end up sharing the width evenly.
    let mut widths = least;
    let mut spare = room - widths.iter().sum::<usize>();
    while spare > 0 {
        let short = widths.iter_mut().zip(&wanted).filter(|(w, want)| **w < **want);
        let Some((w, want)) = short.min_by_key(|(w, _)| **w) else { break };
        let step = spare.min(want - *w).min(8);
        *w += step;
        spare -= step;
    }
    Some(widths)
}

/// How a table is drawn.
pub struct Frame {
    pub preset: TableStyle,
    /// Columns of padding and borders a table of `n` columns adds to its content.
    pub overhead: fn(usize) -> usize,
}

/// Boxed, as the audit table: `│ a ┆ b │`.
pub const BOXED: Frame = Frame { preset: comfy_table::presets::UTF8_FULL, overhead: |n| 3 * n + 1 };
/// No borders, as the inputs table: ` a  b `.
pub const PLAIN: Frame = Frame { preset: comfy_table::presets::NOTHING, overhead: |n| 2 * n };

/// What the cells of the first column look like when colour is allowed.
pub struct FirstColumn {
    pub colors: Vec<Option<Color>>,
    pub bold: bool,
}

/// Draws `columns` at `widths` (from [`allocate`]), each cell wrapped to its width; the first
/// column is coloured only when `first` says how. Lines carry no trailing blanks.
pub fn draw(columns: &[Column], widths: &[usize], frame: &Frame, first: Option<&FirstColumn>) -> String {
    let mut table = Table::new();
    table.load_style(frame.preset);
    table.set_content_arrangement(ContentArrangement::Disabled);
    match first {
        Some(_) => table.enforce_styling(),
        // comfy-table styles by itself on a terminal: never when colour is off.
        None => table.force_no_tty(),
    };
    let fit = |text: &str, w: usize| wrap::wrapped(text, w);
    table.set_header(columns.iter().zip(widths).map(|(c, w)| fit(&c.header, *w)).collect::<Vec<_>>());
    let rows = columns.iter().map(|c| c.cells.len()).max().unwrap_or(0);
    for row in 0..rows {
        let cells = columns.iter().zip(widths).enumerate().map(|(i, (c, w))| {
            let mut cell = Cell::new(c.cells.get(row).map(|t| fit(t, *w)).unwrap_or_default());
            if let (0, Some(first)) = (i, first) {
                if let Some(Some(color)) = first.colors.get(row) {
                    cell = cell.fg(*color);
                }
                if first.bold {
                    cell = cell.add_attribute(comfy_table::Attribute::Bold);
                }
            }
            cell
        });
        table.add_row(cells.collect::<Vec<_>>());
    }
    for (i, c) in columns.iter().enumerate() {
        if let (true, Some(column)) = (c.right, table.column_mut(i)) {
            column.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    table.lines().map(|l| l.trim_end().to_string()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(header: &str, cells: &[&str], floor: usize) -> Column {
        Column {
            header: header.into(),
            cells: cells.iter().map(|c| c.to_string()).collect(),
            floor,
            whole: false,
            right: false,
        }
    }

    #[test]
    fn every_column_gets_its_widest_token_and_the_rest_goes_to_long_text() {
        let columns = [column("a", &["x"], 0), column("text", &["one two three four five six"], 4)];
        assert_eq!(allocate(&columns, 20, 20), Some(vec![1, 19]));
        assert_eq!(allocate(&columns, 100, 100), Some(vec![1, 27]));
        assert_eq!(allocate(&[column("h", &["abcdefghij"], 0)], 9, 12), None);
        // A token no layout could hold whole is cut, whatever the layout: it does not count.
        assert_eq!(allocate(&[column("h", &["abcdefghij"], 0)], 9, 9), Some(vec![9]));
    }

    #[test]
    fn drawn_lines_stay_within_the_width_and_carry_no_colour_when_none_is_asked() {
        let columns = [column("severity", &["critical"], 0), column("finding", &["a b c d e f g h"], 0)];
        let widths = allocate(&columns, 14, 14).unwrap_or_default();
        let text = draw(&columns, &widths, &BOXED, None);
        assert!(!text.contains('\u{1b}'), "{text}");
        for line in text.lines() {
            assert!(wrap::width(line) <= 14 + (BOXED.overhead)(2), "{line}");
        }
    }
}
