//! `tessera-wasm-tools split INPUT OUT_DIR NAME`: cuts leptos' lazy routes out of the linked module
//! (what `wasm-split-cli INPUT OUT_DIR --out-name NAME --target web` does).
//!
//! `tessera-wasm-tools bindgen INPUT OUT_DIR NAME`: generates the JavaScript glue for the browser
//! (what `wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir OUT_DIR
//! --out-name NAME INPUT` does), keeping the function table and memory exports the chunks link against.
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["split", input, out_dir, name] => split(Path::new(input), Path::new(out_dir), name),
        ["bindgen", input, out_dir, name] => bindgen(Path::new(input), Path::new(out_dir), name),
        _ => Err("usage: tessera-wasm-tools split|bindgen INPUT OUT_DIR NAME".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tessera-wasm-tools: {e}");
            ExitCode::FAILURE
        }
    }
}

fn split(input: &Path, out_dir: &Path, name: &str) -> Result<(), String> {
    let wasm = std::fs::read(input).map_err(|e| format!("reading {}: {e}", input.display()))?;
    let main_out = out_dir.join(format!("{name}.wasm"));
    let main_module = format!("./{name}.js");
    let mut opts = wasm_split_cli_support::Options::new(&wasm);
    opts.output_dir = out_dir;
    opts.main_out_path = &main_out;
    opts.main_module = &main_module;
    opts.target.web();
    wasm_split_cli_support::transform(opts).map(|_| ()).map_err(|e| format!("splitting: {e:?}"))
}

// `reference_types` is deprecated (detected from the module); the command line still sets it.
#[allow(deprecated)]
fn bindgen(input: &Path, out_dir: &Path, name: &str) -> Result<(), String> {
    // Every setting as the wasm-bindgen command line sets it for the flags above.
    let mut b = wasm_bindgen_cli_support::Bindgen::new();
    b.web(true).map_err(|e| format!("{e:?}"))?;
    b.input_path(input)
        .debug(false)
        .demangle(true)
        .keep_lld_exports(true)
        .keep_debug(false)
        .split_debug_info(false)
        .remove_name_section(false)
        .remove_producers_section(false)
        .typescript(false)
        .omit_imports(false)
        .omit_default_module_path(false)
        .split_linked_modules(false)
        .js_string_builtins(false)
        .ts_typed_array_buffers(false)
        .reference_types(false)
        .reset_state_function(false)
        .force_enable_abort_handler(false)
        .out_name(name);
    b.generate(out_dir).map_err(|e| format!("generating bindings: {e:?}"))
}
