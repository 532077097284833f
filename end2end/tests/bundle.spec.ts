import { gzipSync } from "node:zlib";
import { test, expect, hydrated, signIn, demoProgrammePath } from "./fixtures";

// The browser gets the bundle scripts/site.sh builds for the run command (wasm-release profile,
// wasm-split into lazy chunks per page, wasm-opt -Oz, hashed names, precompressed). These checks fail
// if that bundle breaks or bloats (every page within the budget); the console-error fixture fails any
// page whose WebAssembly does not load.

type Fetched = { url: string; encoding?: string; cache?: string; bytes: number };

function recordBundle(page: import("@playwright/test").Page): Fetched[] {
  const bundle: Fetched[] = [];
  page.on("response", async (res) => {
    // A preloaded file is reported again when the page takes it from the preload cache: count it once.
    if (!res.url().includes("/pkg/") || bundle.some((f) => f.url === res.url())) return;
    const h = res.headers();
    bundle.push({ url: res.url(), encoding: h["content-encoding"], cache: h["cache-control"], bytes: Number(h["content-length"] ?? 0) });
  });
  return bundle;
}

/** Every file precompressed with brotli, cacheable for good, and the page's WebAssembly (the main
 * module plus the chunks of its lazy route) within the 400 KB budget as transferred. */
function expectLightBundle(bundle: Fetched[]) {
  const wasm = bundle.filter((f) => f.url.endsWith(".wasm"));
  const main = wasm.find((f) => f.url.endsWith("/tessera.wasm"));
  expect(main, "the page loaded its WebAssembly").toBeDefined();
  expect(main!.url).toMatch(/\/pkg\/[0-9a-f]{16}\/tessera\.wasm$/);
  for (const f of bundle) {
    expect(f.encoding, f.url).toBe("br");
    expect(f.cache, f.url).toContain("immutable");
    expect(f.bytes, f.url).toBeGreaterThan(0);
  }
  const total = wasm.reduce((sum, f) => sum + f.bytes, 0);
  expect(total, `WebAssembly transferred: ${wasm.map((f) => f.url.split("/").pop()).join(", ")}`).toBeLessThanOrEqual(400 * 1000);
  return wasm;
}

test("the release bundle hydrates, precompressed, under hashed and immutable names", async ({ page }) => {
  const bundle = recordBundle(page);
  await page.goto("/login");
  await hydrated(page);
  const wasm = expectLightBundle(bundle);
  // The sign-in page is not a lazy route: it loads the main module only.
  expect(wasm.map((f) => f.url.split("/").pop())).toEqual(["tessera.wasm"]);
});

test("a lazy page loads its own chunk, hydrates, and stays within the budget", async ({ page }) => {
  await signIn(page, "coordinator");
  const bundle = recordBundle(page);
  await page.goto(`${await demoProgrammePath(page)}/organisations`);
  await hydrated(page);
  const wasm = expectLightBundle(bundle);
  expect(wasm.some((f) => /\/split_[a-z_0-9]*stakeholders_route_view[_0-9]*\.wasm$/.test(f.url)), "the register's chunk").toBe(true);
  // Hydrated: the client router handles the next navigation without a document request.
  const documents: string[] = [];
  page.on("request", (r) => r.resourceType() === "document" && documents.push(r.url()));
  await page.getByRole("link", { name: "Relationships", exact: true }).first().click();
  await expect(page).toHaveURL(/\/relations$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(documents).toEqual([]);
});

test("every lazy page's WebAssembly stays within the budget", async ({ request }) => {
  // What a first visit to each page fetches: the main module, the page's own chunk and the shared
  // chunks it links to, as wasm-split's loader lists them, each as the server sends it with brotli.
  const login = await (await request.get("/login")).text();
  const dir = login.match(/\/pkg\/[0-9a-f]{16}\//)?.[0];
  expect(dir, "the page names its bundle").toBeDefined();
  const loader = await (await request.get(`${dir}__wasm_split.js`)).text();
  const transferred = new Map<string, number>();
  const bytes = async (file: string) => {
    if (!transferred.has(file)) {
      const res = await request.get(dir + file, { headers: { "accept-encoding": "br" } });
      expect(res.ok(), file).toBeTruthy();
      expect(res.headers()["content-encoding"], file).toBe("br");
      transferred.set(file, Number(res.headers()["content-length"]));
    }
    return transferred.get(file)!;
  };
  const main = await bytes("tessera.wasm");
  const pages = [...loader.matchAll(/export const __wasm_split_load___(\w+?)_route_view_\d+ = .*?"\.\/(split_\w+\.wasm)".*?\[([^\]]*)\]\)\);/gs)];
  // Every page of the app is a lazy route but the sign-in, the home page and the errors.
  expect(pages.length, "lazy pages in the loader").toBeGreaterThanOrEqual(20);
  for (const [, name, own, deps] of pages) {
    let total = main + (await bytes(own));
    for (const [, n] of deps.matchAll(/__chunk_(\d+)/g)) total += await bytes(`chunk_${n}.wasm`);
    expect(total, `WebAssembly of the ${name} page as transferred`).toBeLessThanOrEqual(400 * 1000);
  }
});

test("a plain page's HTML and CSS stay within 30 KB as transferred", async ({ page, request }) => {
  await page.goto("/login");
  const css = await page.locator('link[rel="stylesheet"]').getAttribute("href");
  const styles = await request.get(css!, { headers: { "accept-encoding": "br, gzip" } });
  expect(styles.headers()["content-encoding"]).toBe("br");
  const cssBytes = Number(styles.headers()["content-length"]);
  // A page is streamed compressed, without a length: check that it is compressed, then count what
  // gzip at its default level makes of it (brotli, which browsers are sent, is smaller still).
  const html = await request.get("/login", { headers: { "accept-encoding": "br, gzip" } });
  expect(html.ok()).toBeTruthy();
  expect(html.headers()["content-encoding"]).toMatch(/br|gzip/);
  const htmlBytes = gzipSync(await html.body()).length;
  expect(cssBytes).toBeGreaterThan(0);
  expect(htmlBytes + cssBytes, `HTML ${htmlBytes} + CSS ${cssBytes} bytes`).toBeLessThanOrEqual(30 * 1000);
});
