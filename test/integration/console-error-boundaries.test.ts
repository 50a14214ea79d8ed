import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/*
 * Every console page renders its own errors (inside the console layout, which keeps the
 * navigation); a page without an ErrorBoundary hands its error to the root, which has no console
 * navigation. The sign-in page is outside the signed-in console and the layout is the console.
 */
const ROUTES_DIR = fileURLToPath(new URL("../../app/routes/", import.meta.url));
const PAGES = readdirSync(ROUTES_DIR).filter((name) => /^cs\..*\.tsx$/.test(name) && name !== "cs.login.tsx");

describe("console error boundaries", () => {
  it.each(PAGES)("%s exports an ErrorBoundary", async (file) => {
    const module = (await import(join(ROUTES_DIR, file))) as { ErrorBoundary?: unknown; default?: unknown };
    if (!module.default) return; // a resource route has no page to keep
    expect(typeof module.ErrorBoundary).toBe("function");
  });
});
