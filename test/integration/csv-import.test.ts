import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { accounts, auditLog, contacts, users } from "../../db/schema";
import { action, loader } from "../../app/routes/cs.import";
import { loader as templateLoader } from "../../app/routes/cs.import_.$file";
import { wordMessage } from "../../app/domain/field-message";
import { importErrorText, previewCsvImport, type ImportError, type ImportPreview } from "../../app/services/import-csv.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createStaff, getRequest, staffCookie } from "../factories";

type WordedError = Omit<ImportError, "code" | "params"> & { message: string };
type Result =
  | { step: "upload"; formError: string }
  | { step: "preview"; preview: Omit<ImportPreview, "errors"> & { errors: WordedError[] }; content: string; refused: boolean }
  | { step: "done"; rows: number; created: number; updated: number; unchanged: number };

/** Calls the action and unwraps `data(...)`: the status and the payload the page renders. */
async function post(request: Request): Promise<{ status: number; result: Result }> {
  const value = (await action({ request, params: {}, context: {} } as never)) as { data: Result; init: { status?: number } | null };
  return { status: value.init?.status ?? 200, result: inEnglish(value.data) };
}

/** The action's result as the English page words it: the service and the action return codes and parameters. */
function inEnglish(result: Result): Result {
  if (result.step === "upload") return { ...result, formError: wordMessage(result.formError, "en") };
  if (result.step === "preview") return { ...result, preview: { ...result.preview, errors: worded(result.preview.errors as unknown as ImportError[]) } };
  return result;
}

function uploadRequest(cookie: string, kind: string, body: string | Uint8Array<ArrayBuffer>, fileName = `${kind}.csv`) {
  const form = new FormData();
  form.set("intent", "preview");
  form.set("kind", kind);
  form.set("file", new File([body], fileName, { type: "text/csv" }));
  return new Request("http://localhost/cs/import", { method: "POST", body: form, headers: { Cookie: cookie } });
}

function commitRequest(cookie: string, kind: string, content: string, fileName = `${kind}.csv`) {
  const form = new FormData();
  form.set("intent", "commit");
  form.set("kind", kind);
  form.set("fileName", fileName);
  form.set("encoding", "UTF-8");
  form.set("content", content);
  return new Request("http://localhost/cs/import", { method: "POST", body: form, headers: { Cookie: cookie } });
}

async function preview(cookie: string, kind: string, body: string | Uint8Array<ArrayBuffer>) {
  const { status, result } = await post(uploadRequest(cookie, kind, body));
  if (result.step !== "preview") throw new Error(`expected a preview, got ${JSON.stringify(result)}`);
  return { status, ...result };
}

/** The preview's errors as the English page words them (the service returns codes and parameters). */
function worded(errors: ImportError[]): WordedError[] {
  return errors.map(({ line, column, ...reason }) => ({ line, column, message: importErrorText(reason) }));
}

/** Preview, then commit exactly what the preview handed back (as the page's hidden field does). */
async function importFile(cookie: string, kind: string, body: string) {
  const step1 = await preview(cookie, kind, body);
  return post(commitRequest(cookie, kind, step1.content));
}

/**
 * Watches the event loop while a request runs: a 1 ms timer notes each turn, the longest time
 * (wall and this process's CPU) between two turns, and the heap's high-water mark.
 */
function watchEventLoop() {
  const cpuMs = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const heapStart = process.memoryUsage().heapUsed;
  let peakHeap = heapStart;
  let lastWall = performance.now();
  let lastCpu = cpuMs();
  let longestBlockMs = 0;
  let longestBlockCpuMs = 0;
  let turns = 0;
  const tick = () => {
    const wall = performance.now();
    const cpu = cpuMs();
    longestBlockMs = Math.max(longestBlockMs, wall - lastWall);
    longestBlockCpuMs = Math.max(longestBlockCpuMs, cpu - lastCpu);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    lastWall = wall;
    lastCpu = cpu;
    turns += 1;
  };
  const timer = setInterval(tick, 1);
  return {
    stop() {
      tick();
      clearInterval(timer);
      return { longestBlockMs, longestBlockCpuMs, turns, peakHeapGrowthMb: (peakHeap - heapStart) / 1024 / 1024 };
    },
  };
}

let adminCookie: string;
let csm: typeof users.$inferSelect;

beforeEach(async () => {
  db.delete(contacts).run();
  db.delete(accounts).run();
  db.delete(auditLog).run();
  const admin = createStaff("admin");
  csm = createStaff("csm");
  adminCookie = await staffCookie(admin.id);
});

const ACCOUNTS_CSV = () =>
  "\uFEFFexternal_id,name,domain,acv_amount,acv_currency,start_date,renewal_date,stage,csm_email\r\n" +
  `C-001,"株式会社サンプル, 東京",https://www.sample.co.jp/,"3,600,000",JPY,2023/4/1,2026-03-31,adoption,${csm.email}\r\n` +
  `C-002,"Acme ""West"" Inc",acme.example,1200000,usd,,,,\r\n` +
  `C-003,スモール合同会社,,100000,JPY,2024-01-10,,onboarding,\r\n`;

describe("CSV import of accounts", () => {
  it("previews a UTF-8 file with a BOM, CRLF, quoted commas and Japanese names, then imports it", async () => {
    const step1 = await preview(adminCookie, "accounts", ACCOUNTS_CSV());
    expect(step1.preview.errors).toEqual([]);
    expect(step1.preview.counts).toEqual({ created: 3, updated: 0, unchanged: 0, errorRows: 0 });
    expect(step1.preview.canCommit).toBe(true);
    expect(step1.preview.sample[0]).toMatchObject({ line: 2, status: "new", segment: "high" });
    expect(step1.preview.sample[0].cells[1]).toBe("株式会社サンプル, 東京");
    expect(step1.preview.sample.map((row) => row.segment)).toEqual(["high", "low", "tech"]);
    expect(db.select().from(accounts).all()).toHaveLength(0);

    const { status, result } = await post(commitRequest(adminCookie, "accounts", step1.content));
    expect(status).toBe(200);
    expect(result).toMatchObject({ step: "done", rows: 3, created: 3, updated: 0, unchanged: 0 });
    const stored = db.select().from(accounts).where(eq(accounts.externalId, "C-001")).get()!;
    expect(stored).toMatchObject({
      name: "株式会社サンプル, 東京",
      domain: "www.sample.co.jp",
      acvAmount: 3_600_000,
      acvCurrency: "JPY",
      segment: "high",
      startDate: "2023-04-01",
      renewalDate: "2026-03-31",
      stage: "adoption",
      csmUserId: csm.id,
    });
    expect(db.select().from(accounts).where(eq(accounts.externalId, "C-002")).get()).toMatchObject({
      name: 'Acme "West" Inc',
      acvCurrency: "USD",
      stage: "onboarding",
    });
    const entry = db.select().from(auditLog).where(eq(auditLog.action, "import")).get()!;
    expect(entry).toMatchObject({ entity: "account" });
    expect(entry.detail).toMatchObject({ fileName: "accounts.csv", rows: 3, created: 3, encoding: "UTF-8" });
  });

  it("lists a bad row with its line and column, refuses to commit it, and writes nothing", async () => {
    const csv =
      "external_id,name,acv_amount,acv_currency,renewal_date\n" +
      'A-1,"Two-line\nname",1000,JPY,\n' + // lines 2–3
      "A-2,Fine,1000,JPY,2026-01-01\n" + // line 4
      "A-3,Bad,1000,XYZ,2026-02-30\n" + // line 5
      "\n" +
      "A-4,,12.50,USD,\n"; // line 7
    const step1 = await preview(adminCookie, "accounts", csv);
    expect(step1.preview.canCommit).toBe(false);
    expect(step1.preview.counts.errorRows).toBe(2);
    expect(step1.preview.errors).toEqual([
      { line: 5, column: "acv_currency", message: expect.stringContaining("add XYZ in Settings") },
      { line: 5, column: "renewal_date", message: expect.stringContaining("2026-02-30 is not a date") },
      { line: 7, column: "name", message: expect.stringContaining("required") },
      { line: 7, column: "acv_amount", message: expect.stringContaining("minor units") },
    ]);
    expect(step1.preview.sample[0].cells[1]).toBe("Two-line\nname");
    expect(step1.preview.sample.map((row) => [row.line, row.status])).toEqual([
      [2, "new"],
      [4, "new"],
      [5, "error"],
      [7, "error"],
    ]);

    // The button is disabled; a forged commit is refused by the server all the same.
    const { status, result } = await post(commitRequest(adminCookie, "accounts", step1.content));
    expect(status).toBe(422);
    expect(result).toMatchObject({ step: "preview", refused: true });
    expect(db.select().from(accounts).all()).toHaveLength(0);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "import")).all()).toHaveLength(0);
  });

  it("is idempotent: importing the same file again updates nothing and duplicates nothing", async () => {
    await importFile(adminCookie, "accounts", ACCOUNTS_CSV());
    const before = db.select().from(accounts).where(eq(accounts.externalId, "C-002")).get()!;

    const again = await preview(adminCookie, "accounts", ACCOUNTS_CSV());
    expect(again.preview.counts).toEqual({ created: 0, updated: 0, unchanged: 3, errorRows: 0 });
    const { result } = await post(commitRequest(adminCookie, "accounts", again.content));
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(db.select().from(accounts).all()).toHaveLength(3);
    expect(db.select().from(accounts).where(eq(accounts.externalId, "C-002")).get()!.updatedAt).toEqual(before.updatedAt);

    const changed = ACCOUNTS_CSV().replace("1200000,usd", "2600000,usd");
    const step = await preview(adminCookie, "accounts", changed);
    expect(step.preview.counts).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect(step.preview.sample[1]).toMatchObject({ status: "updated", segment: "high" });
    await post(commitRequest(adminCookie, "accounts", step.content));
    expect(db.select().from(accounts).where(eq(accounts.externalId, "C-002")).get()).toMatchObject({ acvAmount: 2_600_000, segment: "high" });
  });

  it("keeps columns the file does not have and clears optional cells left empty", async () => {
    createAccount({ externalId: "K-1", domain: "keep.example", renewalDate: "2027-01-01", startDate: "2019-05-01", stage: "expansion" });
    await importFile(adminCookie, "accounts", "external_id,name,acv_amount,acv_currency,renewal_date\nK-1,Kept,500,USD,\n");
    expect(db.select().from(accounts).where(eq(accounts.externalId, "K-1")).get()).toMatchObject({
      name: "Kept",
      domain: "keep.example",
      startDate: "2019-05-01",
      stage: "expansion",
      renewalDate: null,
    });
  });

  it("accepts other header spellings and reports unknown columns", async () => {
    const step = await preview(adminCookie, "accounts", "CRM ID;Company;ACV Amount;Currency;Notes\nX-1;Semicolon KK;100;JPY;whatever\n");
    expect(step.preview.errors).toEqual([]);
    expect(step.preview.ignoredColumns).toEqual(["Notes"]);
    expect(step.preview.columns.map((c) => c.header)).toEqual(["CRM ID", "Company", "ACV Amount", "Currency"]);
  });

  it("refuses files whose structure is wrong, with a line to look at", async () => {
    const missing = await preview(adminCookie, "accounts", "external_id,name\nA-1,Acme\n");
    expect(missing.preview.errors).toEqual([{ line: 1, column: null, message: expect.stringContaining("missing columns acv_amount, acv_currency") }]);
    expect(missing.preview.canCommit).toBe(false);

    const quote = await preview(adminCookie, "accounts", 'external_id,name,acv_amount,acv_currency\nA-1,"Acme,100,JPY\nA-2,B,1,JPY\n');
    expect(quote.preview.errors[0].message).toMatch(/quoted value is never closed/);

    const shifted = await preview(adminCookie, "accounts", "external_id,name,acv_amount,acv_currency\nA-1,Acme, Inc,100,JPY\n");
    expect(shifted.preview.errors[0]).toMatchObject({ line: 2, column: null, message: expect.stringContaining("double quotes") });

    const headerOnly = await preview(adminCookie, "accounts", "external_id,name,acv_amount,acv_currency\r\n");
    expect(headerOnly.preview.errors[0].message).toMatch(/no rows/);

    const duplicate = await preview(adminCookie, "accounts", "external_id,name,acv_amount,acv_currency\nA-1,One,1,JPY\nA-1,Two,1,JPY\n");
    expect(duplicate.preview.errors).toEqual([{ line: 3, column: "external_id", message: expect.stringContaining("line 2") }]);
  });

  it("reads a Shift_JIS file from Japanese Excel", async () => {
    const encoder = new TextEncoder();
    // "日本" in Shift_JIS is 93 FA 96 7B.
    const bytes = new Uint8Array([
      ...encoder.encode("external_id,name,acv_amount,acv_currency\r\nJ-1,"),
      0x93,
      0xfa,
      0x96,
      0x7b,
      ...encoder.encode(",100,JPY\r\n"),
    ]);
    const step = await preview(adminCookie, "accounts", bytes);
    expect(step.preview.encoding).toBe("Shift_JIS");
    expect(step.preview.sample[0].cells[1]).toBe("日本");
    await post(commitRequest(adminCookie, "accounts", step.content));
    expect(db.select().from(accounts).where(eq(accounts.externalId, "J-1")).get()?.name).toBe("日本");
  });

  it("refuses a file that is not text, telling the user to save it as CSV UTF-8", async () => {
    const { status, result } = await post(uploadRequest(adminCookie, "accounts", new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xfe, 0xfd])));
    expect(status).toBe(400);
    expect(result).toMatchObject({ step: "upload", formError: expect.stringContaining("CSV UTF-8") });
  });

  it("refuses an empty upload, a missing file and a tampered commit", async () => {
    expect((await post(uploadRequest(adminCookie, "accounts", ""))).status).toBe(400);
    const form = new FormData();
    form.set("intent", "preview");
    form.set("kind", "accounts");
    const noFile = await post(new Request("http://localhost/cs/import", { method: "POST", body: form, headers: { Cookie: adminCookie } }));
    expect(noFile).toMatchObject({ status: 400, result: { formError: expect.stringContaining("Choose a CSV file") } });
    const tampered = await post(commitRequest(adminCookie, "accounts", Buffer.from([0xff, 0xfe]).toString("base64")));
    expect(tampered.status).toBe(400);
    expect(db.select().from(accounts).all()).toHaveLength(0);
  });

  it("refuses a file over the size limit", async () => {
    const big = "external_id,name,acv_amount,acv_currency\n" + "A,B,1,JPY\n".repeat(1_100_000);
    const { status, result } = await post(uploadRequest(adminCookie, "accounts", big));
    expect(status).toBe(413);
    expect(result).toMatchObject({ step: "upload", formError: expect.stringContaining("MB") });
  });

  it("refuses a 10 MB file of blank lines at once, without building a record per line", async () => {
    const blank = "\n".repeat(10 * 1024 * 1024 - 1024);
    const probe = watchEventLoop();
    const started = performance.now();
    const { status, preview: result } = await preview(adminCookie, "accounts", blank);
    const seconds = (performance.now() - started) / 1000;
    const { peakHeapGrowthMb } = probe.stop();
    expect(status).toBe(200);
    expect(result.canCommit).toBe(false);
    expect(result.errors).toEqual([{ line: 50_001, column: null, message: expect.stringContaining("more than 50,000 empty lines") }]);
    // Parsing every line took 39 s and 3.4 GB of heap; the parse now stops at the limit.
    expect(seconds).toBeLessThan(10);
    expect(peakHeapGrowthMb).toBeLessThan(200);
    expect(db.select().from(accounts).all()).toHaveLength(0);
  });

  it("stops reading at the row limit and says the file is too long", async () => {
    const header = "external_id,name,acv_amount,acv_currency\n";
    const { preview: result } = await preview(adminCookie, "accounts", header + "A,B,1,JPY\n".repeat(50_001) + "\n".repeat(1_000_000));
    expect(result.canCommit).toBe(false);
    expect(result.errors).toEqual([{ line: null, column: null, message: expect.stringContaining("more than 50,000 rows") }]);
  });

  it("previews 50,000 rows without holding the server for more than 100 ms at a time", async () => {
    const rows = Array.from(
      { length: 50_000 },
      (_, i) => `A-${i},Account ${i},example-${i}.com,${100_000 + i},JPY,2024-01-01,,adoption,${i % 2 ? csm.email : ""}`,
    );
    const text = "external_id,name,domain,acv_amount,acv_currency,start_date,renewal_date,stage,csm_email\n" + rows.join("\n") + "\n";
    const admin = db.select().from(users).where(eq(users.role, "admin")).get()!;
    const probe = watchEventLoop();
    const result = await previewCsvImport({ kind: "staff", user: admin, ip: "127.0.0.1" } as never, "accounts", text, {
      fileName: "big.csv",
      encoding: "UTF-8",
    });
    const { longestBlockCpuMs, longestBlockMs, turns } = probe.stop();
    expect(result).toMatchObject({ rows: 50_000, canCommit: true, counts: { created: 50_000, errorRows: 0 } });
    // CPU time between two turns of the event loop: wall time would count the other processes of a busy machine.
    console.info(`50,000-row preview: longest block ${longestBlockCpuMs.toFixed(0)} ms of CPU (${longestBlockMs.toFixed(0)} ms wall), ${turns} turns`);
    expect(turns).toBeGreaterThan(20);
    expect(longestBlockCpuMs).toBeLessThan(100);
  });

  it("re-validates on commit: a change since the preview refuses the import", async () => {
    const step1 = await preview(adminCookie, "accounts", ACCOUNTS_CSV());
    expect(step1.preview.canCommit).toBe(true);
    db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, csm.id)).run();
    const { status, result } = await post(commitRequest(adminCookie, "accounts", step1.content));
    expect(status).toBe(422);
    if (result.step !== "preview") throw new Error("expected the preview again");
    expect(result.preview.errors).toEqual([{ line: 2, column: "csm_email", message: expect.stringContaining(csm.email) }]);
    expect(db.select().from(accounts).all()).toHaveLength(0);
  });
});

describe("CSV import of contacts", () => {
  it("links contacts to accounts by external id and refuses the whole file for an unknown one", async () => {
    createAccount({ externalId: "C-001" });
    const csv = "email,name,locale,title,account_external_id\nHanako@Sample.co.jp,佐藤 花子,ja-JP,部長,C-001\nlost@example.com,Lost,en,,C-404\n";
    const step = await preview(adminCookie, "contacts", csv);
    expect(step.preview.errors).toEqual([{ line: 3, column: "account_external_id", message: expect.stringContaining("C-404") }]);
    expect((await post(commitRequest(adminCookie, "contacts", step.content))).status).toBe(422);
    expect(db.select().from(contacts).all()).toHaveLength(0);

    const fixed = csv.split("\n").slice(0, 2).join("\n");
    const { result } = await importFile(adminCookie, "contacts", fixed);
    expect(result).toMatchObject({ step: "done", created: 1 });
    expect(db.select().from(contacts).get()).toMatchObject({ email: "hanako@sample.co.jp", name: "佐藤 花子", locale: "ja", title: "部長" });
    const again = await importFile(adminCookie, "contacts", fixed);
    expect(again.result).toMatchObject({ created: 0, unchanged: 1 });
  });
});

describe("CSV import permissions and templates", () => {
  it("refuses CSMs and viewers (403) before reading the upload", async () => {
    for (const role of ["csm", "viewer"] as const) {
      const cookie = await staffCookie(createStaff(role).id);
      await expect(loader({ request: getRequest("/cs/import", cookie), params: {}, context: {} } as never)).rejects.toMatchObject({ status: 403 });
      await expect(action({ request: uploadRequest(cookie, "accounts", ACCOUNTS_CSV()), params: {}, context: {} } as never)).rejects.toMatchObject({
        status: 403,
      });
    }
    expect(db.select().from(accounts).all()).toHaveLength(0);
  });

  it("sends signed-out visitors to sign in", async () => {
    await expect(loader({ request: getRequest("/cs/import"), params: {}, context: {} } as never)).rejects.toMatchObject({ status: 302 });
  });

  it("offers templates with the exact headers and a BOM for Excel", async () => {
    const response = (await templateLoader({
      request: getRequest("/cs/import/accounts.csv", adminCookie),
      params: { file: "accounts.csv" },
      context: {},
    } as never)) as Response;
    expect(response.headers.get("Content-Type")).toMatch(/text\/csv/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.subarray(3).toString("utf8")).toBe(
      "external_id,name,domain,acv_amount,acv_currency,start_date,renewal_date,stage,csm_email,seats,acv_effective_date\r\n",
    );
    const contactsTemplate = (await templateLoader({
      request: getRequest("/cs/import/contacts.csv", adminCookie),
      params: { file: "contacts.csv" },
      context: {},
    } as never)) as Response;
    expect(await contactsTemplate.text()).toContain("email,name,locale,title,account_external_id,product_user_id");
    await expect(
      templateLoader({ request: getRequest("/cs/import/x.csv", adminCookie), params: { file: "x.csv" }, context: {} } as never),
    ).rejects.toMatchObject({ status: 404 });
  });
});
