//! What was typed survives a refused form post without JavaScript. A plain form post to a server
//! function that fails is sent back to its page by leptos, with the error in the address
//! (`?__path=/api/…&__err=…`) but not the values. This middleware keeps the posted fields in the
//! session for that one way back, and on the page's next load fills them into the form whose
//! `action` is that server function: text inputs and text areas get their values, boxes and options
//! their ticks. Passwords, files and hidden fields are never kept or refilled. Only server functions
//! (`/api/`) take part: the public feedback pages render their own answers back and keep no session.
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const KEY: &str = "form_echo";
/// A form posting more than this is not kept (the session is no place for bulk).
const MAX_KEPT_BYTES: usize = 256 * 1024;
/// Pages larger than this are served as they are.
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Echo {
    /// The server function the form posts to (its `action`).
    pub action: String,
    pub fields: Vec<(String, String)>,
}

pub async fn forms(req: Request, next: Next) -> Response {
    let html = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return next.run(req).await;
    };
    if req.method() == Method::POST && req.uri().path().starts_with("/api/") && html {
        let form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
        if !form {
            return next.run(req).await;
        }
        let action = req.uri().path().to_string();
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, crate::security::MAX_BODY_BYTES).await else {
            return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        let res = next.run(Request::from_parts(parts, Body::from(bytes.clone()))).await;
        if crate::security::refused(&res) == Some(true) && bytes.len() <= MAX_KEPT_BYTES {
            let fields = kept_fields(&bytes);
            if !fields.is_empty() && session.insert(KEY, Echo { action, fields }).await.is_err() {
                tracing::warn!("the typed values of a refused form could not be kept");
            }
        }
        return res;
    }
    let back_with_error = req.method() == Method::GET && req.uri().query().is_some_and(|q| q.contains("__err="));
    if !back_with_error {
        return next.run(req).await;
    }
    let path = req
        .uri()
        .query()
        .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "__path").map(|(_, v)| v.into_owned()));
    let echo = match session.remove::<Echo>(KEY).await {
        Ok(Some(e)) if Some(&e.action) == path.as_ref() => e,
        _ => return next.run(req).await,
    };
    let res = next.run(req).await;
    let page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("text/html"));
    if !page || !res.status().is_success() {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let text = String::from_utf8_lossy(&bytes);
    let filled = refill(&text, &echo.action, &echo.fields);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(filled))
}

/// The posted fields worth giving back: not the form's own plumbing (`__back`), and nothing that
/// looks like a password.
fn kept_fields(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body)
        .filter(|(k, _)| !k.starts_with("__") && !k.to_lowercase().contains("password"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// One tag's attributes as written, in order (`None` for a bare attribute such as `required`).
struct Tag {
    name: String,
    attrs: Vec<(String, Option<String>)>,
}

impl Tag {
    /// Reads the start tag at `html[at..]` (which begins with `<`); the tag and the offset after it.
    fn parse(html: &str, at: usize) -> Option<(Tag, usize)> {
        let b = html.as_bytes();
        let mut i = at + 1;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = vec![];
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() {
                return None;
            }
            if b[i] == b'>' {
                return Some((Tag { name, attrs }, i + 1));
            }
            let k0 = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let key = html[k0..i].to_ascii_lowercase();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                let value = if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let v0 = i + 1;
                    let end = v0 + b[v0..].iter().position(|c| *c == q)?;
                    i = end + 1;
                    &html[v0..end]
                } else {
                    let v0 = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    &html[v0..i]
                };
                attrs.push((key, Some(unescape(value))));
            } else {
                attrs.push((key, None));
            }
        }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.as_deref())
    }

    fn set(&mut self, key: &str, value: Option<String>) {
        match self.attrs.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((key.to_string(), value)),
        }
    }

    fn remove(&mut self, key: &str) {
        self.attrs.retain(|(k, _)| k != key);
    }

    fn write(&self) -> String {
        let mut out = format!("<{}", self.name);
        for (k, v) in &self.attrs {
            out.push(' ');
            out.push_str(k);
            if let Some(v) = v {
                out.push_str("=\"");
                out.push_str(&escape(v));
                out.push('"');
            }
        }
        out.push('>');
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The page with the fields of the form posting to `action` filled from what was posted. Text
/// inputs and text areas take the posted values in order (a name posted twice fills its two
/// fields); checkboxes, radio buttons and options are ticked exactly when their value was posted.
pub fn refill(html: &str, action: &str, fields: &[(String, String)]) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = 0;
    let mut search = 0;
    while let Some(found) = html[search..].find("<form") {
        let at = search + found;
        let Some((form, body_start)) = Tag::parse(html, at) else { break };
        search = body_start;
        if form.name != "form" || form.get("action") != Some(action) {
            continue;
        }
        let body_end = html[body_start..].find("</form>").map(|e| body_start + e).unwrap_or(html.len());
        out.push_str(&html[rest..body_start]);
        out.push_str(&refill_body(&html[body_start..body_end], fields));
        rest = body_end;
        search = body_end;
    }
    out.push_str(&html[rest..]);
    out
}

fn refill_body(html: &str, fields: &[(String, String)]) -> String {
    let values = |name: &str| fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect::<Vec<_>>();
    let mut used: std::collections::HashMap<String, usize> = Default::default();
    let mut next_value = |name: &str| {
        let n = used.entry(name.to_string()).or_default();
        let v = values(name).get(*n).map(|v| v.to_string());
        *n += 1;
        v
    };
    let mut out = String::with_capacity(html.len() + 128);
    let mut i = 0;
    // The select whose options are being read, by name.
    let mut select: Option<String> = None;
    while let Some(found) = html[i..].find('<') {
        let at = i + found;
        out.push_str(&html[i..at]);
        let Some((mut tag, after)) = Tag::parse(html, at).filter(|_| html[at + 1..].starts_with(char::is_alphabetic))
        else {
            if html[at..].starts_with("</select") {
                select = None;
            }
            out.push('<');
            i = at + 1;
            continue;
        };
        i = after;
        let name = tag.get("name").map(str::to_string);
        match (tag.name.as_str(), name) {
            ("input", Some(name)) => {
                let kind = tag.get("type").unwrap_or("text").to_ascii_lowercase();
                match kind.as_str() {
                    "hidden" | "password" | "file" | "submit" | "button" | "image" | "reset" => {}
                    "checkbox" | "radio" => {
                        let on = values(&name).contains(&tag.get("value").unwrap_or("on"));
                        if on {
                            tag.set("checked", None);
                        } else {
                            tag.remove("checked");
                        }
                    }
                    _ => {
                        if let Some(v) = next_value(&name) {
                            tag.set("value", Some(v));
                        }
                    }
                }
                out.push_str(&tag.write());
            }
            ("textarea", Some(name)) => {
                let close = html[i..].find("</textarea>").map(|e| i + e).unwrap_or(i);
                match next_value(&name) {
                    Some(v) => {
                        out.push_str(&tag.write());
                        out.push_str(&v.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
                        i = close;
                    }
                    None => out.push_str(&html[at..after]),
                }
            }
            ("select", Some(name)) => {
                select = Some(name);
                out.push_str(&html[at..after]);
            }
            ("option", _) if select.is_some() => {
                let posted = values(select.as_deref().unwrap_or_default());
                if !posted.is_empty() {
                    // An option without a value posts its text.
                    let value = tag.get("value").map(str::to_string).unwrap_or_else(|| {
                        let end = html[i..].find('<').map(|e| i + e).unwrap_or(html.len());
                        unescape(html[i..end].trim())
                    });
                    if posted.contains(&value.as_str()) {
                        tag.set("selected", None);
                    } else {
                        tag.remove("selected");
                    }
                    out.push_str(&tag.write());
                } else {
                    out.push_str(&html[at..after]);
                }
            }
            _ => out.push_str(&html[at..after]),
        }
    }
    out.push_str(&html[i..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_posted_form_gets_its_values_back_and_no_other_form_does() {
        let html = concat!(
            r#"<main><form action="/api/other"><input name="name" value="kept"></form>"#,
            r#"<form method="post" action="/api/hub/record" class="stack"><input type="hidden" name="programme_id" value="p">"#,
            r#"<label for="a">A</label><input id="a" name="a" required><input name="note" value="old">"#,
            r#"<input type="password" name="secret"><textarea name="minutes"><!----></textarea>"#,
            r#"<select name="kind"><option value="meeting" selected>Meeting</option><option value="referral">Referral</option></select>"#,
            r#"<input type="checkbox" name="attendees[]" value="x" checked><input type="checkbox" name="attendees[]" value="y">"#,
            r#"<input name="tag"><input name="tag"></form></main>"#
        );
        let posted = f(&[
            ("programme_id", "p"),
            ("a", "Café \"Lumière\" <b>"),
            ("note", ""),
            ("secret", "hunter2"),
            ("minutes", "line 1\n<script>"),
            ("kind", "referral"),
            ("attendees[]", "y"),
            ("tag", "one"),
            ("tag", "two"),
        ]);
        let out = refill(html, "/api/hub/record", &posted);
        assert!(out.contains(r#"<form action="/api/other"><input name="name" value="kept"></form>"#), "{out}");
        assert!(
            out.contains(r#"<input id="a" name="a" required value="Café &quot;Lumière&quot; &lt;b&gt;">"#),
            "{out}"
        );
        assert!(out.contains(r#"<input name="note" value="">"#), "an emptied field stays empty: {out}");
        assert!(out.contains(r#"<input type="password" name="secret">"#), "{out}");
        assert!(!out.contains("hunter2"));
        assert!(out.contains("<textarea name=\"minutes\">line 1\n&lt;script&gt;</textarea>"), "{out}");
        assert!(out.contains(r#"<option value="meeting">Meeting</option><option value="referral" selected>"#), "{out}");
        assert!(out.contains(r#"value="x"><input type="checkbox" name="attendees[]" value="y" checked>"#), "{out}");
        assert!(out.contains(r#"<input name="tag" value="one"><input name="tag" value="two">"#), "{out}");
        assert!(out.ends_with("</form></main>"));
        // Another action: the page is left as it was.
        assert_eq!(refill(html, "/api/nothing", &posted), html);
    }

    #[test]
    fn plumbing_and_passwords_are_not_kept() {
        let kept = kept_fields(b"__back=%2Fx&email=a%40b.c&password=pw&new_password=x&note=a+b");
        assert_eq!(kept, f(&[("email", "a@b.c"), ("note", "a b")]));
    }
}
