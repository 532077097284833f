import { test, expect, hydrated } from "./fixtures";

// The browser gets the bundle scripts/site.sh builds for the run command (wasm-release profile,
// wasm-opt -Oz, hashed names, precompressed). These checks fail if that bundle breaks or bloats; the
// console-error fixture fails any page whose WebAssembly does not load.

test("the release bundle hydrates, precompressed, under hashed and immutable names", async ({ page }) => {
  const bundle: { url: string; encoding?: string; cache?: string; bytes: number }[] = [];
  page.on("response", async (res) => {
    if (!res.url().includes("/pkg/")) return;
    const h = res.headers();
    bundle.push({ url: res.url(), encoding: h["content-encoding"], cache: h["cache-control"], bytes: Number(h["content-length"] ?? 0) });
  });
  await page.goto("/login");
  await hydrated(page);
  const wasm = bundle.find((f) => f.url.endsWith(".wasm"));
  expect(wasm, "the page loaded its WebAssembly").toBeDefined();
  expect(wasm!.url).toMatch(/\/pkg\/tessera\.[0-9a-f]{16}\.wasm$/);
  expect(wasm!.encoding).toBe("br");
  expect(wasm!.cache).toContain("immutable");
  // The budget for the hydrated WebAssembly, as transferred.
  expect(wasm!.bytes).toBeGreaterThan(0);
  expect(wasm!.bytes).toBeLessThanOrEqual(400 * 1000);
  for (const f of bundle) expect(f.encoding, f.url).toBe("br");
});

test("a plain page's HTML and CSS stay within 30 KB as transferred", async ({ page, request }) => {
  await page.goto("/login");
  const css = await page.locator('link[rel="stylesheet"]').getAttribute("href");
  const sizes = [];
  for (const path of ["/login", css!]) {
    const res = await request.get(path, { headers: { "accept-encoding": "br, gzip" } });
    expect(res.ok()).toBeTruthy();
    // Static files carry their encoded length; a page is streamed compressed without one, so its
    // decoded size stands in (an upper bound).
    sizes.push(Number(res.headers()["content-length"] ?? (await res.body()).length));
  }
  expect(sizes[0] + sizes[1]).toBeLessThanOrEqual(30 * 1000);
});
