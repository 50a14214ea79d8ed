import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { resources } from "../../app/locales";
import type { E2E_STAFF } from "./fixtures";
import { signInStaff } from "./helpers";

/*
 * Every console page, in English and in Japanese, for each role: no translation key may show
 * raw (`nav.overview`, `{{count}}`, an unworded `@code {}` field message), and a Japanese page may
 * not show English. English on a Japanese page is any run of Latin words that is not data
 * (read from the database the server runs on: names, emails, account and tag names, comments,
 * subjects, …) and not one of the codes Japanese CS teams write in Latin letters (NPS, CSM, ACV,
 * CSV, API, URL, ID, currency codes, the product name Kizuna).
 *
 * Pages whose translation is still under way are PENDING: the raw-key check applies to them,
 * and the console's shell around them must be Japanese, but English left in their content is
 * only counted and printed. Remove a route from PENDING once its page is translated.
 */

type Role = keyof typeof E2E_STAFF;
type Language = "en" | "ja";

/** Routes whose own content is not yet required to be Japanese (the shell around them is). */
const PENDING = new Set<string>([]);

/** Lists whose rows link to a detail page: the first such link is visited too. */
const DETAIL_OF: Record<string, { pattern: RegExp; route: string }> = {
  "/cs/responses": { pattern: /^\/cs\/responses\/\d+$/, route: "/cs/responses/:id" },
  "/cs/cases": { pattern: /^\/cs\/cases\/\d+$/, route: "/cs/cases/:id" },
  "/cs/accounts": { pattern: /^\/cs\/accounts\/\d+$/, route: "/cs/accounts/:id" },
  "/cs/campaigns": { pattern: /^\/cs\/campaigns\/\d+$/, route: "/cs/campaigns/:id" },
  "/cs/outbox": { pattern: /^\/cs\/outbox\/\d+$/, route: "/cs/outbox/:id" },
  "/cs/users": { pattern: /^\/cs\/users\/\d+$/, route: "/cs/users/:id" },
};

/** Console pages reached from the settings index rather than the navigation. */
const SETTINGS_PAGES = ["/cs/settings/segments", "/cs/settings/close-the-loop", "/cs/settings/alerts", "/cs/settings/promoter-asks", "/cs/settings/currency"];

/**
 * Words Japanese CS teams write in Latin letters: metric and role abbreviations, file and web
 * terms, the product's and the integrations' names, the time-zone database's names (the zone
 * picker), and each language's own name in the language switch and pickers.
 */
const CODES = new Set([
  "NPS",
  "CSM",
  "ACV",
  "ARR",
  "CSV",
  "API",
  "URL",
  "ID",
  "CS",
  "SLA",
  // Retention KPIs as Japanese CS teams write them, and the CS-made pipeline (Pipegen).
  "KPI",
  "GRR",
  "NRR",
  "Pipegen",
  "ISO",
  "IANA",
  "UTC",
  "GMT",
  "JST",
  "HTML",
  "JSON",
  "Kizuna",
  "Slack",
  "Resend",
  "Webhook",
  "English",
  "YYYY-MM-DD",
  // File formats and units a Japanese page names as they are.
  "Excel",
  "PDF",
  "BOM",
  "UTF",
  "Shift_JIS",
  "CRM",
  "MB",
  "KB",
  "Web",
  // The tag page's examples of how an English keyword matches ("price" matches "prices", not "priceless").
  "price",
  "prices",
  "priceless",
  // Names of other products, keys and protocols a page refers to.
  "ITreview",
  "Salesforce",
  "JavaScript",
  "Ctrl",
  "GET",
  "PUT",
  "IP",
  "CLI",
  "Incoming",
  "Webhooks",
  "https",
  // The community settings: the format members write in, the web term for a page's one address,
  // a category slug's example, and the colour swatch's sample letters.
  "Markdown",
  "canonical",
  "how-to",
  "Aa",
  ...Intl.supportedValuesOf("currency"),
]);
const ZONES = new Set(Intl.supportedValuesOf("timeZone"));

/** Top-level keys of every namespace: `nav.overview` is raw when `nav` is one of them. */
const KEY_ROOTS = new Set(Object.values(resources.en).flatMap((ns) => Object.keys(ns)));
const NAMESPACES = new Set(Object.keys(resources.en));

/** Strings the database holds: what people and customers typed, which no translation touches. */
function databaseStrings(): string[] {
  const file = process.env.E2E_DATABASE_PATH;
  if (!file) throw new Error("E2E_DATABASE_PATH is not set: the e2e server's database must be readable to tell data from English");
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  const found = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === "string") {
      const text = value.trim();
      if (text.length >= 2 && text.length <= 2000) found.add(text);
    } else if (Array.isArray(value)) value.forEach(add);
    else if (value && typeof value === "object") Object.values(value).forEach(add);
  };
  const queries = [
    "SELECT name, external_id, domain FROM accounts",
    "SELECT email, name, title FROM contacts",
    "SELECT email, name FROM users",
    "SELECT name FROM tags",
    "SELECT keywords FROM tag_rules",
    "SELECT name, survey FROM campaigns",
    "SELECT comment FROM responses",
    "SELECT body FROM case_events",
    "SELECT name, prefix FROM api_keys",
    "SELECT to_email, subject FROM outbox",
    "SELECT ip FROM audit_log",
    "SELECT value FROM settings",
    // The community's members, topics, posts and categories: what members and admins wrote.
    "SELECT handle, display_name, title, suspended_reason FROM community_members",
    "SELECT title, slug FROM community_topics",
    "SELECT source, hidden_reason FROM community_posts",
    // What members and moderators wrote about posts and people: flag notes, hiding and suspension reasons.
    "SELECT note FROM community_flags",
    "SELECT slug, name_en, name_ja, description_en, description_ja FROM community_categories",
  ];
  try {
    for (const query of queries) {
      for (const row of sqlite.prepare(query).raw().all() as unknown[][]) {
        for (const cell of row) {
          if (typeof cell === "string" && /^[[{]/.test(cell)) {
            try {
              add(JSON.parse(cell));
              continue;
            } catch {
              // Not JSON: plain text.
            }
          }
          add(cell);
        }
      }
    }
  } finally {
    sqlite.close();
  }
  // Longest first, so "E2E 株式会社" goes before a shorter name it contains.
  return [...found].sort((a, b) => b.length - a.length);
}

type Seen = { route: string; texts: string[]; shell: string[] };

/** The page's visible text as people and screen readers get it: main content and the shell apart. */
async function collect(page: Page, route: string): Promise<Seen> {
  const { main, shell } = await page.evaluate(() => {
    const pageLanguage = document.documentElement.lang;
    // Text marked as another language (the switch to English says so in English, lang="en") is not text left untranslated.
    const foreign = (element: Element) => (element.closest("[lang]")?.getAttribute("lang") ?? pageLanguage) !== pageLanguage;
    // Text marked as not to translate (data, codes, file and column names: translate="no", <code>,
    // the console's monospace `.mono`) is not the page's words.
    // Such elements are blanked in place while the text is read (and put back), so that only
    // they are left out, not every other occurrence of the same characters on the page.
    const visibleText = (root: HTMLElement) => {
      const blanked: [HTMLElement, Node[]][] = [];
      for (const element of root.querySelectorAll<HTMLElement>("[lang], [translate='no'], code, kbd, samp, .mono")) {
        const other = element.hasAttribute("lang") ? element.getAttribute("lang") !== pageLanguage : true;
        if (!other || blanked.some(([outer]) => outer.contains(element))) continue;
        blanked.push([element, [...element.childNodes]]);
        element.replaceChildren(document.createTextNode(" "));
      }
      const text = root.innerText;
      for (const [element, children] of blanked) element.replaceChildren(...children);
      return text;
    };
    const attributes = (root: Element) =>
      [...root.querySelectorAll("[aria-label], [title], [placeholder], img[alt]")]
        .filter((element) => !(element as HTMLElement).closest("[hidden]") && !foreign(element))
        .flatMap((element) => ["aria-label", "title", "placeholder", "alt"].map((name) => element.getAttribute(name) ?? ""))
        .filter(Boolean);
    const mainElement = document.querySelector("main");
    const nav = document.querySelector("nav.console-nav");
    // The page's title is the page's own (its meta), so it counts with its content.
    const main = [
      document.title,
      ...(mainElement ? [visibleText(mainElement as HTMLElement), ...attributes(mainElement)] : [visibleText(document.body), ...attributes(document.body)]),
    ];
    const shell = nav ? [visibleText(nav as HTMLElement), ...attributes(nav)] : [];
    return { main, shell };
  });
  return { route, texts: main, shell };
}

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const WEB_ADDRESS = /\bhttps?:\/\/\S+/g;
/** Codes a page names as they are: a permission (`read:audit:any`), an audit action (`auth.sign_in`), a path (`/cs/login`), an environment variable (`RESEND_API_KEY`), a file (`accounts.csv`). */
const CODE_LIKE = [
  /\b[a-z-]+:[a-z-]+:[a-z]+\b/g,
  /\b[a-z_]+\.[a-z_]+\b/g,
  /(?:^|\s)\/[\w/.-]+/g,
  /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g,
  /\b[\w-]+\.(?:csv|json|txt)\b/g,
];
const withoutCodes = (text: string) => CODE_LIKE.reduce((rest, pattern) => rest.replace(pattern, " "), text);

/** Every shown key, raw: `nav.overview`, `console:errors.x`, `{{count}}`, `@required {}`. */
export function rawKeys(text: string): string[] {
  const found: string[] = [];
  const clean = text
    .replace(EMAIL, " ")
    .replace(WEB_ADDRESS, " ")
    .replace(/\b[\w-]+\.(?:csv|json|txt)\b/g, " ");
  for (const match of clean.matchAll(/\{\{\s*[\w.]+\s*\}\}/g)) found.push(match[0]);
  for (const match of clean.matchAll(/(?:^|\s)(@[a-z][A-Za-z]+ \{.*?\})/g)) found.push(match[1]);
  for (const match of clean.matchAll(/\b(?:([a-z][a-zA-Z]*):)?([a-z][a-zA-Z0-9]*)((?:\.[a-zA-Z0-9_]+)+)\b/g)) {
    const [whole, namespace, root, path] = match;
    // Keys here are camelCase (plural forms end in _one/_other); a snake_case code such as an
    // audit action (`nps.detractor_alert_sent`) is a code for its page to word, not a key.
    const camelCase = path
      .split(".")
      .slice(1)
      .every((segment) => /^[a-zA-Z0-9]+(_(zero|one|two|few|many|other))?$/.test(segment));
    if ((namespace && NAMESPACES.has(namespace)) || (KEY_ROOTS.has(root) && camelCase)) found.push(whole);
  }
  return found;
}

/** Latin-letter runs left in a Japanese text once data, addresses, codes and numbers are taken out. */
export function englishRuns(text: string, data: readonly string[]): string[] {
  const runs: string[] = [];
  for (const line of text.split(/\n+/)) {
    let rest = withoutCodes(line.replace(EMAIL, " ").replace(WEB_ADDRESS, " "));
    // Data whole, where it appears: names with a space ("Sam Carter") are not two English words.
    for (const value of data) if (rest.includes(value)) rest = rest.split(value).join(" ");
    for (const match of rest.matchAll(/[A-Za-z][\x20-\x7E]*/g)) {
      const run = match[0].trim();
      const words = run
        .split(/[\s/·,;:()[\]"'“”‘’!?|<>=+*&]+/)
        .map((word) => word.replace(/^[.\-–—…]+|[.\-–—…]+$/g, ""))
        .filter((word) => /[A-Za-z]{2,}/.test(word))
        .filter((word) => !CODES.has(word) && !CODES.has(word.toUpperCase()) && !ZONES.has(word) && !/\d/.test(word));
      if (words.length > 0 && !ZONES.has(run)) runs.push(run);
    }
  }
  return [...new Set(runs)];
}

/** Sets the signed-in user's language with the header's one-click switch, as a person would. */
async function useLanguage(page: Page, language: Language) {
  const current = await page.locator("html").getAttribute("lang");
  if (current === language) return;
  await page.locator("form.language-switch button").click();
  await expect(page.locator("html")).toHaveAttribute("lang", language);
}

/** The console routes the navigation offers this role, plus the settings pages and one detail of each list. */
async function routesFor(page: Page): Promise<{ path: string; route: string }[]> {
  await page.goto("/cs");
  const nav = await page.locator("nav.console-nav a[href^='/cs']").evaluateAll((links) => links.map((link) => link.getAttribute("href")!));
  const paths = [...new Set(nav)].map((path) => ({ path, route: path }));
  if (paths.some((p) => p.path === "/cs/settings")) paths.push(...SETTINGS_PAGES.map((path) => ({ path, route: path })));
  if (paths.some((p) => p.path === "/cs/responses")) paths.push({ path: "/cs/responses/untagged", route: "/cs/responses/untagged" });
  if (paths.some((p) => p.path === "/cs/campaigns")) paths.push({ path: "/cs/campaigns/new", route: "/cs/campaigns/new" });
  for (const [list, detail] of Object.entries(DETAIL_OF)) {
    if (!paths.some((p) => p.path === list)) continue;
    await page.goto(list);
    const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href")!));
    const first = hrefs.find((href) => detail.pattern.test(href));
    if (first) paths.push({ path: first, route: detail.route });
  }
  return paths;
}

type Finding = { role: Role; language: Language; route: string; path: string; problem: string };

async function visitAll(page: Page, role: Role, language: Language, data: readonly string[], findings: Finding[], pendingCounts: Map<string, number>) {
  await useLanguage(page, language);
  const routes = await routesFor(page);
  // Admin-only pages a lesser role is refused: their 403 answer must be in the role's language too.
  if (role !== "admin") routes.push({ path: "/cs/audit", route: "403" });
  for (const { path, route } of routes) {
    const response = await page.goto(path);
    const status = response?.status() ?? 0;
    const checked = status === 403 ? "403" : route;
    if (status >= 500) findings.push({ role, language, route: checked, path, problem: `answered ${status}` });
    await expect(page.locator("html")).toHaveAttribute("lang", language);
    const seen = await collect(page, checked);
    for (const text of [...seen.shell, ...seen.texts]) {
      for (const key of rawKeys(text)) findings.push({ role, language, route: checked, path, problem: `raw key "${key}"` });
    }
    if (language !== "ja") continue;
    for (const text of seen.shell)
      for (const run of englishRuns(text, data)) findings.push({ role, language, route: checked, path, problem: `English in the shell: "${run}"` });
    const english = seen.texts.flatMap((text) => englishRuns(text, data));
    if (PENDING.has(checked)) {
      pendingCounts.set(checked, Math.max(pendingCounts.get(checked) ?? 0, new Set(english).size));
      // CONSOLE_LANGUAGES_VERBOSE=1 lists them, for whoever is translating the page.
      if (process.env.CONSOLE_LANGUAGES_VERBOSE && english.length > 0) console.log(`[${role}] ${checked} (${path}):\n  ${[...new Set(english)].join("\n  ")}`);
      continue;
    }
    for (const run of new Set(english)) findings.push({ role, language, route: checked, path, problem: `English: "${run}"` });
  }
}

test.describe("every console page in both languages", () => {
  test.describe.configure({ timeout: 300_000 });

  test("the checks themselves catch raw keys and English, and let data and codes through", () => {
    expect(rawKeys("概要 nav.overview · console:errors.required · {{count}} 件 · @required {}")).toEqual([
      "{{count}}",
      "@required {}",
      "nav.overview",
      "console:errors.required",
    ]);
    expect(rawKeys("hanako@e2e-customer.test · https://kizuna.example/cs · 1.5 · Node.js · nps.detractor_alert_sent")).toEqual([]);
    expect(rawKeys("adminDigest.more_other")).toEqual(["adminDigest.more_other"]);
    const data = ["Sam Carter", "E2E Corp", "Exports keep timing out."];
    expect(englishRuns("Sam Carter（E2E Corp）の NPS は 42、ACV ¥3,600,000、2026-12-07 · JPY · Asia/Tokyo · sam@e2e.test", data)).toEqual([]);
    expect(englishRuns("コメント: Exports keep timing out.", data)).toEqual([]);
    expect(englishRuns("保存 Save changes\n回答 3 responses", data)).toEqual(["Save changes", "responses"]);
  });

  test("the sign-in page follows the browser: Japanese with no English and no raw key", async ({ browser }) => {
    const context = await browser.newContext({ locale: "ja-JP" });
    const page = await context.newPage();
    await page.goto("/cs/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
    const seen = await collect(page, "/cs/login");
    const texts = [...seen.shell, ...seen.texts];
    expect(texts.flatMap(rawKeys)).toEqual([]);
    expect(texts.flatMap((text) => englishRuns(text, databaseStrings()))).toEqual([]);
    await context.close();
  });

  for (const role of ["admin", "csm", "viewer"] as const) {
    test(`as ${role}: no raw key anywhere, no English in Japanese pages that are translated`, async ({ page }) => {
      const findings: Finding[] = [];
      const pendingCounts = new Map<string, number>();
      await signInStaff(page, role);
      const data = databaseStrings();
      try {
        await visitAll(page, role, "ja", data, findings, pendingCounts);
        await visitAll(page, role, "en", data, findings, pendingCounts);
      } finally {
        // Leave the user in English, as the other specs expect.
        await page.goto("/cs");
        await useLanguage(page, "en");
      }
      const pending = [...pendingCounts].filter(([, count]) => count > 0).sort(([a], [b]) => a.localeCompare(b));
      if (pending.length > 0) {
        console.log(
          `[${role}] pending routes, English strings left on the Japanese page:\n${pending.map(([route, count]) => `  ${route}: ${count}`).join("\n")}`,
        );
      }
      const report = findings.map((f) => `${f.language} ${f.route} (${f.path}): ${f.problem}`);
      expect([...new Set(report)], `as ${role}`).toEqual([]);
    });
  }
});
