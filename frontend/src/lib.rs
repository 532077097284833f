//! The browser entry point: hydrates the server-rendered page. Kept in its own crate so `app` stays a
//! plain rlib and the server build never links a cdylib.
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Keeps the views most pages share in this (main) module rather than in lazy chunks.
    std::hint::black_box(app::pages::shared::keep as fn() -> leptos::prelude::AnyView);
    // Lazy routes load their own WebAssembly chunk before the page hydrates.
    _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let body = leptos::prelude::document().body().expect("a <body>");
        leptos::mount::hydrate_from_async(body, app::App).await.forget();
        // Lets end-to-end tests wait for interactivity instead of guessing with timeouts.
        if let Some(w) = web_sys::window() {
            let _ = js_sys::Reflect::set(&w, &"__tessera_hydrated".into(), &true.into());
        }
    });
}
