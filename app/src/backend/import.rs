//! The one import path's reading half: a file's bytes become a [`Table`], whatever a spreadsheet
//! saved. XLSX is read with `calamine` (its first worksheet); CSV is decoded as UTF-8 (with or
//! without a byte-order mark), UTF-16 with a byte-order mark, or, when it is not valid UTF-8,
//! Windows-1252 (what Excel on Windows saves as "CSV"); anything else is refused with a clear error
//! rather than stored with replacement characters. Each register then validates the table
//! (`domain`), plans the upsert, and writes it in one transaction.
use crate::domain::table::Table;
use crate::domain::FieldError;
use crate::error::AppError;
use std::borrow::Cow;

pub fn read(bytes: &[u8]) -> Result<Table, AppError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx(bytes);
    }
    let text = decode(bytes)?;
    Table::from_csv(&text).map_err(AppError::validation)
}

fn refuse(code: &str) -> AppError {
    AppError::validation(vec![FieldError::new("file", code)])
}

/// Text from a CSV file's bytes (see the module's documentation).
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, AppError> {
    if bytes.is_empty() {
        return Err(refuse("csv_empty"));
    }
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, malformed) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return if malformed { Err(refuse("file_encoding")) } else { Ok(text) };
    }
    if bytes.contains(&0) {
        return Err(refuse("file_not_text"));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            // The five bytes Windows-1252 leaves undefined decode to C1 controls: not such a file.
            if text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
                Err(refuse("file_encoding"))
            } else {
                Ok(text)
            }
        }
    }
}

/// The first worksheet; numbers that are whole print without a decimal point, blank rows are
/// skipped, and each row keeps its spreadsheet row number.
fn xlsx(bytes: &[u8]) -> Result<Table, AppError> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| refuse("xlsx_unreadable"))?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        _ => return Err(refuse("xlsx_unreadable")),
    };
    let first_row = range.start().map(|(r, _)| r).unwrap_or(0);
    let mut table = Table::default();
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Error(_) => String::new(),
                // A date cell is its day (YYYY-MM-DD), as the registers read dates.
                Data::DateTime(d) => excel_day(d.as_f64()).unwrap_or_else(|| d.to_string()),
                other => other.to_string(),
            })
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = first_row + i as u32 + 1;
        if table.header.is_empty() {
            table.header = cells;
        } else {
            table.rows.push((line, cells));
        }
    }
    if table.header.is_empty() || table.rows.is_empty() {
        return Err(refuse("csv_empty"));
    }
    let width = table.header.len();
    for (_, cells) in &mut table.rows {
        cells.resize(width, String::new());
    }
    Ok(table)
}

/// The day of a spreadsheet date serial (days since 1899-12-30, the 1900 date system).
fn excel_day(serial: f64) -> Option<String> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch = time::Date::from_calendar_date(1899, time::Month::December, 30).ok()?;
    let d = epoch.checked_add(time::Duration::days(serial.floor() as i64))?;
    Some(format!("{:04}-{:02}-{:02}", d.year(), d.month() as u8, d.day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_and_utf16_decode_and_binary_is_refused() {
        assert_eq!(decode("Zürich".as_bytes()).unwrap(), "Zürich");
        assert_eq!(decode(b"\xEF\xBB\xBFZ\xC3\xBCrich").unwrap(), "Zürich");
        assert_eq!(decode(b"Z\xFCrich,\x80").unwrap(), "Zürich,€", "Windows-1252");
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("Zürich".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode(&utf16).unwrap(), "Zürich");
        let code = |r: Result<Cow<'_, str>, AppError>| match r.unwrap_err() {
            AppError::Validation { fields } => fields[0].code.clone(),
            e => panic!("{e:?}"),
        };
        assert_eq!(code(decode(b"a\x00b")), "file_not_text");
        assert_eq!(code(decode(b"caf\x81")), "file_encoding");
        assert_eq!(code(decode(b"")), "csv_empty");
    }

    #[test]
    fn xlsx_reads_into_the_same_table() {
        let sheet = crate::backend::export::Sheet {
            name: "t".into(),
            headers: vec!["code".into(), "n".into(), "on".into()],
            rows: vec![
                vec![
                    crate::backend::export::Cell::Text("A".into()),
                    crate::backend::export::Cell::Number(12.0),
                    crate::backend::export::Cell::DateTime("2026-03-01".into()),
                ],
                vec![
                    crate::backend::export::Cell::Text("B".into()),
                    crate::backend::export::Cell::Empty,
                    crate::backend::export::Cell::Empty,
                ],
            ],
        };
        let bytes = crate::backend::export::xlsx(&sheet).unwrap();
        let t = read(&bytes).unwrap();
        assert_eq!(t.header, ["code", "n", "on"]);
        // A date cell reads back as its day, so an exported register imports back.
        assert_eq!(
            t.rows,
            vec![
                (2, vec!["A".into(), "12".into(), "2026-03-01".into()]),
                (3, vec!["B".into(), String::new(), String::new()])
            ]
        );
        assert!(matches!(read(b"PK\x03\x04garbage"), Err(AppError::Validation { .. })));
    }
}
