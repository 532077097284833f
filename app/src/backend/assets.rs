//! The browser bundle's content-hashed file names, written by `scripts/site.sh` into `assets.txt`
//! and read once at start-up (never per request).
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assets {
    pub js: String,
    pub wasm: String,
    pub css: String,
}

impl Default for Assets {
    /// Unhashed names, for a server started without a built site (the HTTP integration tests).
    fn default() -> Self {
        Assets { js: "/pkg/tessera.js".into(), wasm: "/pkg/tessera.wasm".into(), css: "/pkg/tessera.css".into() }
    }
}

impl Assets {
    /// Reads `SITE_ROOT/assets.txt` (`js=/pkg/…` lines). A missing file means no built site: the
    /// defaults are used and a warning says so.
    pub fn load(site_root: &Path) -> anyhow::Result<Assets> {
        let path = site_root.join("assets.txt");
        match std::fs::read_to_string(&path) {
            Ok(text) => Assets::parse(&text).ok_or_else(|| anyhow::anyhow!("{} is incomplete", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!(path = %path.display(), "no built site found (run scripts/site.sh); pages will not hydrate");
                Ok(Assets::default())
            }
            Err(e) => Err(anyhow::anyhow!("reading {}: {e}", path.display())),
        }
    }

    pub fn parse(text: &str) -> Option<Assets> {
        let get = |key: &str| {
            text.lines().filter_map(|l| l.trim().split_once('=')).find(|(k, _)| *k == key).map(|(_, v)| v.to_string())
        };
        Some(Assets { js: get("js")?, wasm: get("wasm")?, css: get("css")? })
    }

    /// The module script that loads the WebAssembly and hydrates the page.
    /// Loads the bundle and the page language's catalogue side by side, leaves the catalogue where
    /// `i18n` reads it, then hydrates.
    pub fn hydration_script(&self, catalogue: &str) -> String {
        format!(
            "Promise.all([import('{js}'),fetch('{catalogue}').then(r=>r.text())]).then(([m,t])=>{{window.{global}=t;\
             return m.default({{module_or_path:'{wasm}'}}).then(()=>m.hydrate())}})",
            js = self.js,
            wasm = self.wasm,
            global = crate::i18n::CATALOGUE_GLOBAL,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_manifest_and_refuses_an_incomplete_one() {
        let a = Assets::parse("js=/pkg/tessera.ab.js\nwasm=/pkg/tessera.cd.wasm\ncss=/pkg/tessera.ef.css\n").unwrap();
        assert_eq!(a.wasm, "/pkg/tessera.cd.wasm");
        let script = a.hydration_script("/i18n/en.00.json");
        assert!(script.contains("import('/pkg/tessera.ab.js')") && script.contains("fetch('/i18n/en.00.json')"));
        assert_eq!(Assets::parse("js=/pkg/a.js\ncss=/pkg/b.css"), None);
    }
}
