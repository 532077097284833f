//! Read-only markup written straight into one string: for large sections that nothing on the page
//! changes (a programme's work packages, a table of records). The server writes the string instead
//! of building, rendering and marking a view per cell, which is what a page's time goes to, and the
//! browser, hydrating, takes the element as it is without walking into it
//! (`leptos::tachys::html::InertElement`). Tag and attribute names are the code's own (`&'static
//! str`); every text and attribute value is escaped.
use leptos::tachys::html::InertElement;

#[derive(Default)]
pub struct Html(String);

impl Html {
    /// Markup of about `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Html {
        Html(String::with_capacity(capacity))
    }

    /// `<tag name="value" …>`; an attribute whose value is `None` is left out.
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, Option<&str>)]) -> &mut Html {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            if let Some(value) = value {
                self.0.push(' ');
                self.0.push_str(name);
                self.0.push_str("=\"");
                escape_into(&mut self.0, value);
                self.0.push('"');
            }
        }
        self.0.push('>');
        self
    }

    pub fn text(&mut self, text: &str) -> &mut Html {
        escape_into(&mut self.0, text);
        self
    }

    pub fn close(&mut self, tag: &'static str) -> &mut Html {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// `<tag …>text</tag>`.
    pub fn element(&mut self, tag: &'static str, attrs: &[(&'static str, Option<&str>)], text: &str) -> &mut Html {
        self.open(tag, attrs).text(text).close(tag)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup as one element of a view. It must be exactly one element (what hydration takes
    /// as the next node).
    pub fn into_view(self) -> InertElement {
        debug_assert!(self.0.starts_with('<') && self.0.ends_with('>'));
        InertElement::new(self.0)
    }
}

/// A `<select>` as one inert element: `options` are (value, label) pairs, the one whose value is
/// `current` selected. For a form's or a filter's fixed choices: the browser hydrates one node,
/// not a view per option (on the server the two cost the same, measured on the register's page).
pub fn select(id: &str, name: &str, options: &[(String, String)], current: &str) -> InertElement {
    select_html(id, name, options, current).into_view()
}

fn select_html(id: &str, name: &str, options: &[(String, String)], current: &str) -> Html {
    let mut h = Html::with_capacity(64 + options.iter().map(|(v, l)| 32 + v.len() + l.len()).sum::<usize>());
    h.open("select", &[("id", Some(id)), ("name", Some(name))]);
    for (value, label) in options {
        h.element("option", &[("value", Some(value)), ("selected", (value == current).then_some(""))], label);
    }
    h.close("select");
    h
}

/// A table's body as one inert element: `row` writes each row (`<tr>` included). For the rows of a
/// list page that nothing on the page changes; each distinct body built in the browser (after a
/// client-side navigation) stays in tachys' template cache for the session.
pub fn tbody<T>(rows: impl IntoIterator<Item = T>, row: impl FnMut(&mut Html, T)) -> InertElement {
    tbody_html(rows, row).into_view()
}

fn tbody_html<T>(rows: impl IntoIterator<Item = T>, mut row: impl FnMut(&mut Html, T)) -> Html {
    let mut h = Html::with_capacity(8 * 1024);
    h.open("tbody", &[]);
    for r in rows {
        row(&mut h, r);
    }
    h.close("tbody");
    h
}

/// Writes `s` with `& < > " '` escaped: the runs between them are copied whole (a page's text is
/// almost all such runs), not pushed a character at a time.
fn escape_into(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII, so `i` is a character boundary.
        out.push_str(&s[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&s[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_body_is_one_element_whatever_its_rows() {
        let body = |rows: &[&str]| {
            let h = tbody_html(rows, |h, r| {
                h.open("tr", &[]).element("td", &[], r).close("tr");
            });
            h.as_str().to_string()
        };
        assert_eq!(body(&[]), "<tbody></tbody>");
        assert_eq!(body(&["a", "<b>"]), "<tbody><tr><td>a</td></tr><tr><td>&lt;b&gt;</td></tr></tbody>");
    }

    #[test]
    fn text_and_values_are_escaped_and_absent_attributes_left_out() {
        let mut h = Html::default();
        h.open("section", &[("class", Some("wp")), ("aria-current", None), ("title", Some("a\"b<c>"))])
            .element("h3", &[], "<script>alert('x') & co</script>")
            .close("section");
        assert_eq!(
            h.as_str(),
            "<section class=\"wp\" title=\"a&quot;b&lt;c&gt;\"><h3>&lt;script&gt;alert(&#39;x&#39;) &amp; \
             co&lt;/script&gt;</h3></section>"
        );
    }

    #[test]
    fn a_select_marks_the_current_option_only() {
        let options = [("".to_string(), "—".to_string()), ("a&b".to_string(), "A & B".to_string())];
        assert_eq!(
            select_html("f-x", "x", &options, "a&b").as_str(),
            "<select id=\"f-x\" name=\"x\"><option value=\"\">—</option><option value=\"a&amp;b\" \
             selected=\"\">A &amp; B</option></select>"
        );
        assert!(!select_html("f-x", "x", &options, "zz").as_str().contains("selected"));
    }

    #[test]
    fn text_around_and_between_entities_is_kept_whole_in_any_script() {
        let mut h = Html::default();
        h.text("Zürich & «Genève» — مرحبا <b>Київ</b>'");
        assert_eq!(h.as_str(), "Zürich &amp; «Genève» — مرحبا &lt;b&gt;Київ&lt;/b&gt;&#39;");
        let mut h = Html::default();
        h.text("");
        h.text("&&");
        assert_eq!(h.as_str(), "&amp;&amp;");
    }
}
