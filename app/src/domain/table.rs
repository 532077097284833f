//! A table read from an imported file: its header and its rows, each row with its line in the file
//! (the header is line 1), so every error can name a row and a column. CSV is read with the `csv`
//! crate (the server also reads XLSX into the same shape, see `backend::import`).
use super::FieldError;
use std::collections::HashMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(u32, Vec<String>)>,
}

/// A column name as matched: trimmed, lower-case, spaces as underscores.
pub fn column_key(s: &str) -> String {
    s.trim().to_lowercase().replace(' ', "_")
}

impl Table {
    /// Reads CSV text. The delimiter is whichever of `,`, `;` or TAB the header line holds most of
    /// (spreadsheets in French and other locales save with `;`). A leading byte-order mark is
    /// ignored and blank lines are skipped; a row with more or fewer cells than the header is an
    /// error of that row.
    pub fn from_csv(text: &str) -> Result<Table, Vec<FieldError>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.lines().next().unwrap_or("");
        let delimiter = [b',', b';', b'\t']
            .into_iter()
            .max_by_key(|d| (first.bytes().filter(|b| b == d).count(), *d == b','))
            .unwrap_or(b',');
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut table = Table::default();
        let mut errors = vec![];
        // The line a record starts on: the reader's position is where it began reading (after the
        // previous record), so blank lines before the record are skipped and newlines counted,
        // including those inside earlier quoted fields.
        let bytes = text.as_bytes();
        let (mut counted_to, mut lines) = (0usize, 1u32);
        let mut line_at = |offset: usize| {
            let start =
                offset + bytes[offset.min(bytes.len())..].iter().take_while(|b| **b == b'\r' || **b == b'\n').count();
            let start = start.min(bytes.len());
            lines += bytes[counted_to.min(start)..start].iter().filter(|b| **b == b'\n').count() as u32;
            counted_to = counted_to.max(start);
            lines
        };
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let line = line_at(r.position().map(|p| p.byte() as usize).unwrap_or(0));
                    let cells: Vec<String> = r.iter().map(str::to_string).collect();
                    if cells.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    if table.header.is_empty() {
                        table.header = cells;
                    } else if cells.len() != table.header.len() {
                        errors.push(FieldError::new("file", "csv_wrong_field_count").at_row(line));
                    } else {
                        table.rows.push((line, cells));
                    }
                }
                Err(e) => {
                    let line = line_at(e.position().map(|p| p.byte() as usize).unwrap_or(0));
                    errors.push(FieldError::new("file", "csv_malformed").at_row(line));
                    break;
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if table.header.is_empty() || table.rows.is_empty() {
            return Err(vec![FieldError::new("file", "csv_empty")]);
        }
        Ok(table)
    }

    /// Finds the columns a register reads: a missing required column is an error of line 1, a column
    /// the register does not know is named in `surplus` (a warning: it is not imported).
    pub fn columns(&self, required: &[&'static str], optional: &[&'static str]) -> Result<Columns, Vec<FieldError>> {
        let keys: Vec<String> = self.header.iter().map(|h| column_key(h)).collect();
        let mut index = HashMap::new();
        let mut errors = vec![];
        for col in required.iter().chain(optional) {
            match keys.iter().position(|k| k == col) {
                Some(i) => {
                    index.insert(*col, i);
                }
                None if required.contains(col) => errors.push(FieldError::new(col, "csv_missing_column").at_row(1)),
                None => {}
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let surplus = self
            .header
            .iter()
            .zip(&keys)
            .filter(|(_, k)| !required.contains(&k.as_str()) && !optional.contains(&k.as_str()))
            .map(|(h, _)| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .collect();
        Ok(Columns { index, surplus })
    }
}

/// Where each known column sits in a table's rows.
#[derive(Clone, Debug)]
pub struct Columns {
    index: HashMap<&'static str, usize>,
    /// Columns of the file that are not imported.
    pub surplus: Vec<String>,
}

impl Columns {
    /// The cell of `col` in `row`, or "" for an absent optional column.
    pub fn get<'r>(&self, row: &'r [String], col: &str) -> &'r str {
        self.index.get(col).and_then(|i| row.get(*i)).map(String::as_str).unwrap_or("")
    }
}

/// What an import did: rows matched on their stable key were added, updated or left unchanged;
/// `surplus` names the file's columns that were not imported.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportOutcome {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub surplus: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_semicolons_and_reports_lines() {
        let t = Table::from_csv("\u{feff}code;name\r\n\"A;1\";\"Say \"\"hi\"\"\"\r\n\r\nB;Two\n").unwrap();
        assert_eq!(t.header, ["code", "name"]);
        assert_eq!(t.rows, vec![(2, vec!["A;1".into(), "Say \"hi\"".into()]), (4, vec!["B".into(), "Two".into()])]);
        let e = Table::from_csv("a,b\n1,2,3\n4,5\n").unwrap_err();
        assert_eq!((e[0].code.as_str(), e[0].row), ("csv_wrong_field_count", Some(2)));
        assert_eq!(Table::from_csv("").unwrap_err()[0].code, "csv_empty");
        assert_eq!(Table::from_csv("a,b\n").unwrap_err()[0].code, "csv_empty");
    }

    #[test]
    fn columns_are_found_in_any_order_and_surplus_ones_named() {
        let t = Table::from_csv("Name, CODE ,Notes\nX,Y,Z\n").unwrap();
        let c = t.columns(&["code", "name"], &["level"]).unwrap();
        assert_eq!(c.get(&t.rows[0].1, "code"), "Y");
        assert_eq!(c.get(&t.rows[0].1, "level"), "");
        assert_eq!(c.surplus, ["Notes"]);
        let e = t.columns(&["code", "parent_code"], &[]).unwrap_err();
        assert_eq!((e[0].field.as_str(), e[0].code.as_str(), e[0].row), ("parent_code", "csv_missing_column", Some(1)));
    }
}
