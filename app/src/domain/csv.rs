//! A small RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF), shared by browser and server.

/// A parse failure at a 1-based line.
#[derive(Debug, PartialEq, Eq)]
pub struct CsvError {
    pub line: u32,
}

/// One record with the 1-based line on which it starts.
pub type CsvRecord = (u32, Vec<String>);

/// Reads every record; blank lines are skipped. A leading UTF-8 byte-order mark is ignored.
pub fn read(text: &str) -> Result<Vec<CsvRecord>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = vec![];
    let mut fields: Vec<String> = vec![];
    let mut field = String::new();
    let mut in_quotes = false;
    let mut quoted_field = false;
    let mut line: u32 = 1;
    let mut start_line: u32 = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted_field => {
                in_quotes = true;
                quoted_field = true;
            }
            '"' => return Err(CsvError { line }),
            ',' => {
                fields.push(std::mem::take(&mut field));
                quoted_field = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                quoted_field = false;
                if !(fields.len() == 1 && fields[0].is_empty()) {
                    records.push((start_line, std::mem::take(&mut fields)));
                }
                fields.clear();
                line += 1;
                start_line = line;
            }
            _ if quoted_field => return Err(CsvError { line }),
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(CsvError { line: start_line });
    }
    if !field.is_empty() || !fields.is_empty() || quoted_field {
        fields.push(field);
        records.push((start_line, fields));
    }
    Ok(records)
}

/// Writes one record, quoting where needed.
pub fn write_record(fields: &[&str]) -> String {
    let mut out = fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) || f.starts_with(' ') || f.ends_with(' ') {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_quotes_and_line_numbers() {
        let text = "code,name\r\n\nA,\"Quoted, with comma\"\nB,\"two\nlines\"\nC,\"say \"\"hi\"\"\"";
        let r = read(text).unwrap();
        assert_eq!(r[0], (1, vec!["code".to_string(), "name".to_string()]));
        assert_eq!(r[1], (3, vec!["A".to_string(), "Quoted, with comma".to_string()]));
        assert_eq!(r[2], (4, vec!["B".to_string(), "two\nlines".to_string()]));
        assert_eq!(r[3], (6, vec!["C".to_string(), "say \"hi\"".to_string()]));
    }

    #[test]
    fn rejects_broken_quotes() {
        assert_eq!(read("a,\"open\nb,c").unwrap_err(), CsvError { line: 1 });
        assert_eq!(read("a,b\"c").unwrap_err(), CsvError { line: 1 });
        assert_eq!(read("x\n\"a\"b").unwrap_err(), CsvError { line: 2 });
    }

    proptest! {
        #[test]
        fn write_then_read_round_trips(rows in proptest::collection::vec(
            proptest::collection::vec("[a-zA-Z0-9 ,\"\né-]{0,8}", 1..5), 1..6)) {
            // A record of one empty field is a blank line, which the reader skips by design.
            prop_assume!(rows.iter().all(|r| !(r.len() == 1 && r[0].is_empty())));
            let text: String = rows.iter().map(|r| write_record(&r.iter().map(String::as_str).collect::<Vec<_>>())).collect();
            let back: Vec<Vec<String>> = read(&text).unwrap().into_iter().map(|(_, f)| f).collect();
            prop_assert_eq!(back, rows);
        }
    }
}
