//! The browser entry point: hydrates the server-rendered page. Kept in its own crate so `app` stays a
//! plain rlib and the server build never links a cdylib.
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets end-to-end tests wait for interactivity instead of guessing with timeouts.
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &"__tessera_hydrated".into(), &true.into());
    }
}
