import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resources } from "../locales";
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from "./audit-actions";

const ROOT = join(__dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" || name === "meta" ? [] : sourceFiles(path);
    return /\.(ts|tsx|sql)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/**
 * Every audit code the code base writes: `action: "…"` in audit(...) calls and upsert options, the
 * constants services name their actions with (`…_AUDIT = "…"`, `CONSENT_ACTIONS`), template codes
 * (`response.promoter_${kind}`) expanded, and codes inserted by SQL in migrations or the seed.
 */
function writtenCodes(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (code: string, file: string) => found.set(code, file.slice(ROOT.length + 1));
  for (const file of [...sourceFiles(join(ROOT, "app")), ...sourceFiles(join(ROOT, "db"))]) {
    const text = readFileSync(file, "utf8");
    if (file.endsWith(".sql")) {
      for (const m of text.matchAll(/INSERT INTO [`"]?audit_log[`"]?[^;]*?VALUES[^;]*?'([a-z_]+(?:\.[a-z_]+)?)'/gi)) add(m[1], file);
      continue;
    }
    if (!/\baudit\b/.test(text)) continue;
    for (const m of text.matchAll(/\baction: *"([a-z_]+(?:\.[a-z_]+)?)"/g)) add(m[1], file);
    for (const m of text.matchAll(/_AUDIT = "([a-z_.]+)"/g)) add(m[1], file);
    for (const m of text.matchAll(/ACTIONS = \{([^}]*)\}/g)) for (const v of m[1].matchAll(/"([a-z_]+\.[a-z_]+)"/g)) add(v[1], file);
    for (const m of text.matchAll(/\baction: *[^,\n?]*\? *"([a-z_.]+)" *: *"([a-z_.]+)"/g)) [m[1], m[2]].forEach((code) => add(code, file));
    for (const m of text.matchAll(/\baction: *`([a-z_.]+)\$\{kind\}`/g)) for (const kind of ["reference", "community", "review"]) add(`${m[1]}${kind}`, file);
  }
  return found;
}

describe("audit action names", () => {
  it("finds the codes the services write (the scan itself works)", () => {
    const codes = writtenCodes();
    for (const code of ["auth.sign_in", "case.note_added", "nps.reference_consent", "contact.unsubscribed", "response.promoter_review", "import", "api.upsert"])
      expect(codes.has(code), code).toBe(true);
  });

  it("has every code written anywhere in the registry audit() accepts", () => {
    const registered = new Set<string>(AUDIT_ACTIONS);
    const missing = [...writtenCodes()].filter(([code]) => !registered.has(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it("names every registered code in English and Japanese, as a phrase rather than the code", () => {
    for (const language of ["en", "ja"] as const) {
      const names = resources[language].admin.audit.actions as Record<string, string>;
      for (const code of AUDIT_ACTIONS) {
        expect(names[code], `${language}: ${code}`).toMatch(/\S/);
        expect(names[code], `${language}: ${code}`).not.toBe(code);
      }
      expect(Object.keys(names).sort()).toEqual([...AUDIT_ACTIONS].sort());
      const entities = resources[language].admin.audit.entity as Record<string, string>;
      for (const entity of AUDIT_ENTITIES) expect(entities[entity], `${language}: ${entity}`).toMatch(/\S/);
    }
  });

  it("gives Japanese names in Japanese", () => {
    const names = resources.ja.admin.audit.actions as Record<string, string>;
    const english = AUDIT_ACTIONS.filter((code) => !/[\u3040-\u30ff\u4e00-\u9fff]/.test(names[code]));
    expect(english).toEqual([]);
  });
});
