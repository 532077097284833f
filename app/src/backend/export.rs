//! The one export path: a register's service fills a [`Sheet`] from the same query its list page
//! runs (so scope and filters apply once), and this module writes it as CSV or XLSX.
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// One typed cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// RFC 3339 / ISO 8601, UTC.
    DateTime(String),
    Bool(bool),
    Empty,
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Self {
        s.map(Cell::Text).unwrap_or(Cell::Empty)
    }
}

/// A header row and typed rows; `name` becomes the file and worksheet name.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "csv" => Some(FileFormat::Csv),
            "xlsx" => Some(FileFormat::Xlsx),
            _ => None,
        }
    }
    pub fn content_type(self) -> &'static str {
        match self {
            FileFormat::Csv => "text/csv; charset=utf-8",
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
        }
    }
}

pub fn write(sheet: &Sheet, format: FileFormat) -> anyhow::Result<Vec<u8>> {
    match format {
        FileFormat::Csv => csv(sheet),
        FileFormat::Xlsx => xlsx(sheet),
    }
}

/// A cell a spreadsheet would read as a formula (`= + - @`, or a leading TAB or CR) gets a leading
/// apostrophe, so it shows as the text it is (OWASP's advice against CSV injection).
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// UTF-8 with a byte-order mark, so spreadsheets open it with the right encoding.
pub fn csv(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(&mut out);
        w.write_record(sheet.headers.iter().map(|h| neutralise(h).into_owned()))?;
        for row in &sheet.rows {
            w.write_record(row.iter().map(|c| match c {
                Cell::Text(s) => neutralise(s).into_owned(),
                Cell::Number(n) => n.to_string(),
                Cell::DateTime(s) => s.clone(),
                Cell::Bool(b) => b.to_string(),
                Cell::Empty => String::new(),
            }))?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// A workbook with one worksheet: a bold, frozen header row with a filter, then typed cells.
pub fn xlsx(sheet: &Sheet) -> anyhow::Result<Vec<u8>> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let name: String = sheet.name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    if !name.is_empty() {
        ws.set_name(name)?;
    }
    let bold = Format::new().set_bold();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (col, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, h, &bold)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Number(n) => {
                    ws.write_number(r, c, *n)?;
                }
                Cell::DateTime(s) => match ExcelDateTime::parse_from_str(s) {
                    Ok(d) => {
                        ws.write_datetime_with_format(r, c, &d, &when)?;
                    }
                    Err(_) => {
                        ws.write_string(r, c, s)?;
                    }
                },
                Cell::Bool(b) => {
                    ws.write_boolean(r, c, *b)?;
                }
                Cell::Empty => {}
            }
        }
    }
    if !sheet.headers.is_empty() {
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, sheet.rows.len() as u32, sheet.headers.len() as u16 - 1)?;
        ws.autofit();
    }
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        Sheet {
            name: "people".into(),
            headers: vec!["name".into(), "n".into(), "at".into()],
            rows: vec![
                vec![
                    Cell::Text("=HYPERLINK(\"x\")".into()),
                    Cell::Number(3.0),
                    Cell::DateTime("2026-12-01T10:00:00Z".into()),
                ],
                vec![Cell::Text("Zoë, \"Z\"".into()), Cell::Empty, Cell::Text("\tx".into())],
            ],
        }
    }

    #[test]
    fn csv_has_a_bom_quotes_and_no_formulas() {
        let bytes = csv(&sheet()).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "name,n,at\r\n\"'=HYPERLINK(\"\"x\"\")\",3,2026-12-01T10:00:00Z\r\n\"Zoë, \"\"Z\"\"\",,'\tx\r\n"
        );
        for bad in ["=1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(neutralise(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralise("plain"), "plain");
    }

    #[test]
    fn xlsx_reads_back_with_types() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = xlsx(&sheet()).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("people").unwrap();
        assert_eq!(range.get((0, 0)), Some(&Data::String("name".into())));
        assert_eq!(
            range.get((1, 0)),
            Some(&Data::String("=HYPERLINK(\"x\")".into())),
            "a string cell, never a formula"
        );
        assert_eq!(range.get((1, 1)), Some(&Data::Float(3.0)));
        assert!(matches!(range.get((1, 2)), Some(Data::DateTime(_))));
    }
}
