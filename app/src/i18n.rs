//! Interface languages are data: each `locales/<code>.txt` holds `key = value` lines plus `@name`,
//! `@dir` and `@staff` metadata. Adding a language is adding a file and one line to `SOURCES`.
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The catalogues; only the server holds them all. The browser fetches the page's language (and the
/// other languages' names, for the switch) as one cached file ([`catalogue_files`]), so neither the
/// WebAssembly nor every page grows with every string and language.
#[cfg(not(feature = "hydrate"))]
static SOURCES: &[(&str, &str)] = &[
    ("en", include_str!("../locales/en.txt")),
    ("fr", include_str!("../locales/fr.txt")),
    ("ar", include_str!("../locales/ar.txt")),
    ("uk", include_str!("../locales/uk.txt")),
];

#[cfg(not(feature = "hydrate"))]
fn sources() -> Vec<(&'static str, &'static str)> {
    SOURCES.to_vec()
}

/// Where the hydration script leaves the catalogue it fetched (`window.__tessera_i18n`).
pub const CATALOGUE_GLOBAL: &str = "__tessera_i18n";

/// What the browser needs to render `lang`: its catalogue, and the other languages' metadata lines
/// (`@name`, `@dir`, `@staff`), as JSON.
#[cfg(not(feature = "hydrate"))]
fn client_catalogue(lang: &str) -> String {
    let entries: Vec<(&str, String)> = SOURCES
        .iter()
        .map(|(code, text)| {
            let text = if *code == lang {
                text.to_string()
            } else {
                text.lines().filter(|l| l.trim_start().starts_with('@')).collect::<Vec<_>>().join("\n")
            };
            (*code, text)
        })
        .collect();
    serde_json::to_string(&entries).unwrap_or_default()
}

/// Each language's client catalogue as a file of its own, made once: (path, JSON). The path carries a
/// hash of the content (`/i18n/en.<hash>.json`), so browsers keep it for good and fetch it once, not
/// inside every page (it is most of a page's weight).
#[cfg(not(feature = "hydrate"))]
pub fn catalogue_files() -> &'static [(String, String)] {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(code, _)| {
                let json = client_catalogue(code);
                // FNV-1a: a fingerprint for caching, not a security measure.
                let hash = json
                    .bytes()
                    .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
                (format!("/i18n/{code}.{hash:016x}.json"), json)
            })
            .collect()
    })
}

/// The path of `lang`'s client catalogue.
#[cfg(not(feature = "hydrate"))]
pub fn catalogue_path(lang: Lang) -> &'static str {
    catalogue_files().get(lang.0).map(|(p, _)| p.as_str()).unwrap_or("/i18n/en.json")
}

/// In the browser: the catalogues the hydration script fetched.
#[cfg(feature = "hydrate")]
fn sources() -> Vec<(&'static str, &'static str)> {
    let text = web_sys::window()
        .and_then(|w| web_sys::js_sys::Reflect::get(&w, &CATALOGUE_GLOBAL.into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let mut entries: Vec<(String, String)> = serde_json::from_str(&text).unwrap_or_default();
    if !entries.iter().any(|(c, _)| c == DEFAULT) {
        entries.push((DEFAULT.to_string(), String::new()));
    }
    entries.into_iter().map(|(c, t)| (&*Box::leak(c.into_boxed_str()), &*Box::leak(t.into_boxed_str()))).collect()
}

pub const DEFAULT: &str = "en";
pub const COOKIE: &str = "tessera_lang";
pub const MISSING: &str = "[?]";

struct Locale {
    code: &'static str,
    name: &'static str,
    rtl: bool,
    staff: bool,
    map: HashMap<&'static str, &'static str, std::hash::BuildHasherDefault<KeyHasher>>,
}

/// A fast hash for the catalogue's keys (a page looks up hundreds): our own keys, only looked up
/// after start-up, so the flooding SipHash guards against cannot happen (FxHash's mixing step).
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
}

/// `template` with each `{name}` of `args` replaced by its value, in one pass (a value is not read
/// for placeholders); a brace that opens no known name stays as written.
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + args.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg =
            after.find('}').and_then(|close| args.iter().find(|(k, _)| *k == &after[..close]).map(|a| (a, close)));
        match arg {
            Some(((_, value), close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn locales() -> &'static [Locale] {
    static L: OnceLock<Vec<Locale>> = OnceLock::new();
    L.get_or_init(|| {
        sources()
            .into_iter()
            .map(|(code, text)| {
                let mut map = HashMap::default();
                for line in text.lines() {
                    let line = line.trim();
                    if line.is_empty() || line.starts_with('#') {
                        continue;
                    }
                    if let Some((k, v)) = line.split_once(" = ") {
                        map.insert(k.trim(), v.trim());
                    }
                }
                Locale {
                    code,
                    name: map.get("@name").copied().unwrap_or(code),
                    rtl: map.get("@dir") == Some(&"rtl"),
                    staff: map.get("@staff") == Some(&"yes"),
                    map,
                }
            })
            .collect()
    })
}

/// A language of the interface, cheap to copy and to put in context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lang(usize);

impl Default for Lang {
    fn default() -> Self {
        Lang::from_code(DEFAULT).expect("the default locale exists")
    }
}

impl Lang {
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        locales().iter().position(|l| l.code == code).map(Lang)
    }

    /// Picks the best language from an `Accept-Language` header (ignoring weights below 0).
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in accept_language.split(',') {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or("").trim();
            let q = it.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Lang::from_code(primary).filter(|l| l.is_staff()) {
                if best.is_none_or(|(bq, _)| q > bq) {
                    best = Some((q, lang));
                }
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    /// The languages of the staff interface, for the language switch.
    pub fn staff() -> Vec<Lang> {
        (0..locales().len()).map(Lang).filter(|l| l.is_staff()).collect()
    }

    fn locale(self) -> &'static Locale {
        &locales()[self.0]
    }
    pub fn code(self) -> &'static str {
        self.locale().code
    }
    pub fn name(self) -> &'static str {
        self.locale().name
    }
    pub fn dir(self) -> &'static str {
        if self.locale().rtl {
            "rtl"
        } else {
            "ltr"
        }
    }
    pub fn is_staff(self) -> bool {
        self.locale().staff
    }

    /// The text for `key`, falling back to English, then to a visible marker (tests keep both
    /// catalogues complete; the marker makes a gap show rather than hide).
    pub fn t(self, key: &str) -> &'static str {
        if let Some(v) = self.locale().map.get(key) {
            return v;
        }
        if let Some(v) = Lang::default().locale().map.get(key) {
            return v;
        }
        MISSING
    }

    pub fn has(self, key: &str) -> bool {
        self.locale().map.contains_key(key)
    }

    /// `t` with `{name}` placeholders filled in.
    pub fn tf(self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.t(key), args)
    }

    /// The message for an error code or field error code.
    pub fn error(self, e: &crate::error::AppError) -> String {
        match e {
            crate::error::AppError::Internal { reference } => self.tf("error.internal", &[("ref", reference)]),
            other => self.t(&format!("error.{}", other.code())).to_string(),
        }
    }
    /// A count after disclosure control, as it reads.
    pub fn shown(self, s: crate::domain::disclosure::Shown) -> String {
        use crate::domain::disclosure::Shown;
        match s {
            Shown::Count(n) => n.to_string(),
            Shown::FewerThanK => self.t("disclosure.fewer_than_k").to_string(),
            Shown::Hidden => self.t("disclosure.hidden").to_string(),
        }
    }
    pub fn field_error(self, e: &crate::domain::FieldError) -> String {
        let msg = self.t(&format!("field.{}", e.code));
        match e.row {
            Some(row) => self.tf("field.at_row", &[("row", &row.to_string()), ("column", &e.field), ("message", msg)]),
            None => msg.to_string(),
        }
    }
}

/// The current request's or page's language (provided by the shell and by `App`).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once_and_values_are_not_read_for_more() {
        let args = [("name", "{who} & co"), ("who", "x")];
        assert_eq!(fill("{name} was {who}; {unknown} {", &args), "{who} & co was x; {unknown} {");
        assert_eq!(fill("no placeholder", &args), "no placeholder");
        assert_eq!(fill("«{name}»", &[("name", "Genève")]), "«Genève»");
    }

    #[test]
    fn every_key_of_every_staff_language_exists_in_english() {
        let en = Lang::default();
        for lang in Lang::staff() {
            for key in lang.locale().map.keys() {
                assert!(en.locale().map.contains_key(key), "{} has {key} that en lacks", lang.code());
            }
            for key in en.locale().map.keys() {
                assert!(lang.locale().map.contains_key(key), "{} lacks {key}", lang.code());
            }
        }
    }

    #[test]
    fn keys_built_from_enums_and_data_exist() {
        use crate::domain::{Level, Role};
        use crate::error::AppError;
        let en = Lang::default();
        let mut keys: Vec<String> = Role::ALL.iter().map(|r| format!("role.{r}")).collect();
        keys.extend(Level::ALL.iter().map(|l| format!("level.{}", l.as_str())));
        let errors = [
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::validation(vec![]),
            AppError::Conflict { field: None },
            AppError::RateLimited,
            AppError::BadCredentials,
            AppError::InvalidToken,
            AppError::CrossOrigin,
            AppError::Internal { reference: "x".into() },
            AppError::Transport { message: "x".into() },
        ];
        keys.extend(errors.iter().map(|e| format!("error.{}", e.code())));
        let model: serde_json::Value = serde_json::from_str(include_str!("../data/work-packages.json")).unwrap();
        for wp in model["work_packages"].as_array().unwrap() {
            for k in wp["kpis"].as_array().unwrap() {
                keys.push(format!("unit.{}", k["unit"].as_str().unwrap()));
                keys.extend(
                    k["disaggregation"].as_array().unwrap().iter().map(|d| format!("dim.{}", d.as_str().unwrap())),
                );
            }
        }
        keys.extend(["source.computed".to_string(), "source.reported".to_string()]);
        for key in keys {
            assert!(en.has(&key), "missing translation key {key}");
        }
    }

    /// The keys the public feedback pages use, which every language of a round must have.
    pub(crate) fn public_keys() -> Vec<&'static str> {
        let en = Lang::default();
        let mut keys: Vec<&'static str> = en
            .locale()
            .map
            .keys()
            .copied()
            .filter(|k| ["pub.", "attr.", "results."].iter().any(|p| k.starts_with(p)))
            .collect();
        keys.extend([
            "nav.skip",
            "error.not_found",
            "error.validation",
            "error.rate_limited",
            "error.internal",
            "error.title.generic",
            "error.title.not_found",
            "field.required",
            "field.too_long",
            "field.invalid_choice",
            "field.ranks_in_order",
            "field.nothing_answered",
            "field.receipt_unknown",
            "field.round_not_open",
            "field.too_many",
            "disclosure.fewer_than_k",
            "disclosure.hidden",
            "disclosure.legend",
        ]);
        keys
    }

    #[test]
    fn every_language_of_a_round_speaks_every_public_page() {
        for code in crate::domain::round::LANGUAGES {
            let lang = Lang::from_code(code).unwrap_or_else(|| panic!("{code} has no catalogue"));
            for key in public_keys() {
                assert!(lang.has(key), "{code} lacks {key}");
            }
            for key in lang.locale().map.keys().filter(|k| !k.starts_with('@')) {
                assert!(Lang::default().has(key), "{code} has {key} that en lacks");
            }
        }
        assert_eq!(Lang::from_code("ar").unwrap().dir(), "rtl");
        assert!(!Lang::staff().iter().any(|l| l.code() == "ar" || l.code() == "uk"));
    }

    #[test]
    fn negotiation_prefers_weight_and_falls_back_to_english() {
        assert_eq!(Lang::negotiate("fr-CH, fr;q=0.9, en;q=0.8").code(), "fr");
        assert_eq!(Lang::negotiate("de, en;q=0.5, fr;q=0.7").code(), "fr");
        assert_eq!(Lang::negotiate("de").code(), "en");
        assert_eq!(Lang::negotiate("").code(), "en");
    }

    #[test]
    fn placeholders_fill_in() {
        let en = Lang::default();
        assert_eq!(
            en.tf("field.at_row", &[("row", "3"), ("column", "code"), ("message", "x")]),
            "Line 3, column code: x"
        );
    }
}
