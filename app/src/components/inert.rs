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
    options_into(&mut h, options, current);
    h.close("select");
    h
}

/// The `<option>`s of a select whose element itself is a view (its `aria-invalid` follows the
/// form's errors), to be set as its `inner_html`: the browser, hydrating, leaves them as they are.
pub fn options(options: &[(String, String)], current: &str) -> String {
    let mut h = Html::with_capacity(options.iter().map(|(v, l)| 32 + v.len() + l.len()).sum::<usize>());
    options_into(&mut h, options, current);
    h.0
}

fn options_into(h: &mut Html, options: &[(String, String)], current: &str) {
    for (value, label) in options {
        h.element("option", &[("value", Some(value)), ("selected", (value == current).then_some(""))], label);
    }
}

/// A `<fieldset>` of checkboxes, one inert element once `into_view`: its legend, an optional hint, then one
/// labelled checkbox per (value, label) item, named `name`, with the id `{prefix}-{value}`, ticked
/// when `chosen` holds its value. For a form's fixed choices (a round's languages and scope, an
/// organisation's sectors): nothing on the page changes them but the person ticking.
pub fn check_group(
    class: Option<&str>,
    legend: &str,
    hint: Option<&str>,
    (prefix, name): (&str, &str),
    items: &[(String, String)],
    chosen: &[String],
) -> Html {
    let mut h = Html::with_capacity(128 + items.iter().map(|(v, l)| 120 + 2 * v.len() + l.len()).sum::<usize>());
    h.open("fieldset", &[("class", class)]).element("legend", &[], legend);
    if let Some(hint) = hint {
        h.element("p", &[("class", Some("hint"))], hint);
    }
    for (value, label) in items {
        let id = format!("{prefix}-{value}");
        let checked = chosen.contains(value).then_some("");
        h.open("label", &[("class", Some("check")), ("for", Some(&id))])
            .open(
                "input",
                &[
                    ("id", Some(&id)),
                    ("type", Some("checkbox")),
                    ("name", Some(name)),
                    ("value", Some(value)),
                    ("checked", checked),
                ],
            )
            .text(" ")
            .text(label)
            .close("label");
    }
    h.close("fieldset");
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

/// A read-only table of figures, one inert element once `into_view`: its caption, the column headers, then each
/// row's header and its cells (right-aligned figures, `class="num"`), and a footer row (totals) if
/// given.
pub fn figures_table(
    caption: &str,
    columns: &[&str],
    rows: impl IntoIterator<Item = (String, Vec<String>)>,
    foot: Option<(&str, Vec<String>)>,
) -> Html {
    let mut h = Html::with_capacity(2 * 1024);
    h.open("table", &[]).element("caption", &[], caption).open("thead", &[]).open("tr", &[]);
    for c in columns {
        h.element("th", &[("scope", Some("col"))], c);
    }
    h.close("tr").close("thead").open("tbody", &[]);
    let row = |h: &mut Html, head: &str, cells: &[String]| {
        h.open("tr", &[]).element("th", &[("scope", Some("row"))], head);
        for c in cells {
            h.element("td", &[("class", Some("num"))], c);
        }
        h.close("tr");
    };
    for (head, cells) in rows {
        row(&mut h, &head, &cells);
    }
    h.close("tbody");
    if let Some((head, cells)) = foot {
        h.open("tfoot", &[]);
        row(&mut h, head, &cells);
        h.close("tfoot");
    }
    h.close("table");
    h
}

/// The bytes [`escape_into`] replaces, as a table: one load per byte instead of five comparisons.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// Writes `s` with `& < > " '` escaped: the runs between them are copied whole (a page's text is
/// almost all such runs), not pushed a character at a time.
fn escape_into(out: &mut String, s: &str) {
    out.reserve(s.len());
    let mut start = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if !SPECIAL[b as usize] {
            continue;
        }
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
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
        // The options alone, for a select that stays a view: the same markup inside it.
        let inner = super::options(&options, "a&b");
        assert_eq!(
            format!("<select id=\"f-x\" name=\"x\">{inner}</select>"),
            select_html("f-x", "x", &options, "a&b").as_str()
        );
    }

    #[test]
    fn a_figures_table_has_its_headers_scoped_and_its_footer_apart() {
        let rows = vec![("A & B".to_string(), vec!["3".to_string()]), ("C".to_string(), vec!["1".to_string()])];
        assert_eq!(
            figures_table("Cap", &["Kind", "Count"], rows.clone(), Some(("All", vec!["4".into()]))).as_str(),
            "<table><caption>Cap</caption><thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Count</th></tr>\
             </thead><tbody><tr><th scope=\"row\">A &amp; B</th><td class=\"num\">3</td></tr><tr><th \
             scope=\"row\">C</th><td class=\"num\">1</td></tr></tbody><tfoot><tr><th scope=\"row\">All</th><td \
             class=\"num\">4</td></tr></tfoot></table>"
        );
        assert!(!figures_table("Cap", &["Kind"], rows, None).as_str().contains("tfoot"));
    }

    #[test]
    fn a_check_group_ticks_the_chosen_and_labels_each_box() {
        let items = [("en".to_string(), "English".to_string()), ("fr".to_string(), "Français".to_string())];
        assert_eq!(
            check_group(None, "Languages", Some("Hint"), ("round-lang", "languages[]"), &items, &["fr".into()])
                .as_str(),
            "<fieldset><legend>Languages</legend><p class=\"hint\">Hint</p><label class=\"check\" \
             for=\"round-lang-en\"><input id=\"round-lang-en\" type=\"checkbox\" name=\"languages[]\" \
             value=\"en\"> English</label><label class=\"check\" for=\"round-lang-fr\"><input \
             id=\"round-lang-fr\" type=\"checkbox\" name=\"languages[]\" value=\"fr\" checked=\"\"> \
             Français</label></fieldset>"
        );
        let h = check_group(Some("field"), "S", None, ("f", "s[]"), &items, &[]);
        assert!(
            h.as_str().starts_with("<fieldset class=\"field\"><legend>S</legend><label")
                && !h.as_str().contains("checked")
        );
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
