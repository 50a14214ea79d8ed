import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import iconv from "iconv-lite";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, cases, invitationsDaily, npsDaily, responseRollup, responses } from "../../db/schema";
import { RESPONSE_EXPORT_HEADER } from "../../app/domain/csv-export";
import { loader as listLoader } from "../../app/routes/cs.responses._index";
import { loader as exportLoader } from "../../app/routes/cs.responses.export[.]csv";
import { parseResponseExportQuery, startResponseExport } from "../../app/services/export-responses.server";
import { indexResponse } from "../../app/services/index-response.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact, createStaff, getRequest, staffCookie } from "../factories";
import { createCampaign, createInvitation } from "../factories/nps";

const at = (iso: string) => Date.parse(`${iso}T12:00:00Z`);
let ip = 0;

/** Records an answer for a new contact (of `accountId` when given), indexed as the pipeline would. */
function answer(
  score: number,
  options: { accountId?: number; comment?: string; when?: number; campaignId?: number; name?: string; locale?: "en" | "ja" } = {},
) {
  const contact = createContact({
    ...(options.accountId ? { accountId: options.accountId } : {}),
    ...(options.name ? { name: options.name } : {}),
    locale: options.locale ?? "en",
  });
  const { token } = createInvitation({ contactId: contact.id, campaignId: options.campaignId, locale: options.locale });
  const result = recordNpsResponse(token, String(score), options.comment, `203.0.113.${++ip % 250}`, options.when ?? Date.now());
  if (result.kind !== "recorded") throw new Error(result.kind);
  indexResponse(result.responseId);
  return result.responseId;
}

async function call<T>(run: () => Promise<T>): Promise<T | Response> {
  try {
    return await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function exportAs(query: string, role: "admin" | "csm" | "viewer" = "csm", cookie?: string): Promise<Response> {
  const signedIn = cookie ?? (await staffCookie(createStaff(role).id));
  const result = await call(() => exportLoader({ request: getRequest(`/cs/responses/export.csv${query}`, signedIn), params: {}, context: {} }));
  if (!(result instanceof Response)) throw new Error("The export loader must answer with a Response");
  return result;
}

async function exportText(query = ""): Promise<string> {
  const response = await exportAs(query);
  expect(response.status, await response.clone().text()).toBe(200);
  return new TextDecoder().decode(await response.arrayBuffer());
}

/** The data records of an export (header checked and dropped). */
function records(text: string): string[][] {
  const rows = parse(text.replace(/^\uFEFF/, ""), { relaxColumnCount: false }) as string[][];
  expect(rows[0]).toEqual([...RESPONSE_EXPORT_HEADER]);
  return rows.slice(1);
}

/** Every id of the list's view, walking its pages. */
async function listIds(query: string): Promise<number[]> {
  const cookie = await staffCookie(createStaff("viewer").id);
  const ids: number[] = [];
  let after: string | null = null;
  do {
    const separator = query ? "&" : "?";
    const page = (await listLoader({
      request: getRequest(`/cs/responses${query}${after ? `${separator}after=${after}` : ""}`, cookie),
      params: {},
      context: {},
    })) as { rows: { id: number }[]; next: string | null };
    ids.push(...page.rows.map((row) => row.id));
    after = page.next;
  } while (after);
  return ids;
}

beforeEach(() => {
  for (const table of [npsDaily, invitationsDaily, responseRollup, cases]) db.delete(table).run();
  db.delete(responses).run();
});

/** Accounts of different stakes with answers across categories, dates and campaigns. */
function seedView() {
  const big = createAccount({ name: "Big Co", acvAmount: 9_000_000, renewalDate: "2027-02-01", segment: "high" });
  const mid = createAccount({ name: "Mid Co", acvAmount: 2_500_000, acvCurrency: "JPY", renewalDate: null, segment: "low" });
  const small = createAccount({ name: "Small Co", acvAmount: 100_000, segment: "tech" });
  const wave = createCampaign({ name: "Autumn wave" });
  const ids: number[] = [];
  let day = 1;
  for (const account of [big, mid, small]) {
    for (const score of [0, 4, 7, 8, 9, 10]) {
      ids.push(
        answer(score, {
          accountId: account.id,
          when: at(`2026-10-${String(day++).padStart(2, "0")}`),
          campaignId: wave.id,
          comment: score < 7 ? "Reports are slow" : "Great support",
        }),
      );
    }
  }
  return { big, mid, small, wave, ids };
}

describe("CSV export of the response list", () => {
  it("exports every page of the view in the list's order, for each order", async () => {
    seedView();
    for (const query of ["", "?sort=newest", "?sort=score", "?category=detractor", "?category=promoter&sort=score"]) {
      const exported = records(await exportText(query)).map((row) => Number(row[0]));
      expect(exported, query).toEqual(await listIds(query));
    }
  });

  it("reads the view in keyset batches that give the same rows and order as one pass", async () => {
    seedView();
    const staff = createStaff("csm");
    for (const sort of ["stake", "newest", "score"]) {
      const parsed = parseResponseExportQuery(new URLSearchParams({ sort, encoding: "utf8" }));
      if (!parsed.ok) throw new Error(parsed.message);
      const batched = startResponseExport(staff, parsed.request, { batchSize: 4 });
      if (!batched.ok) throw new Error(batched.message);
      const text = await new Response(batched.stream).text();
      expect(
        records(text).map((row) => Number(row[0])),
        sort,
      ).toEqual(await listIds(`?sort=${sort}`));
    }
  });

  it("respects the filters: category, segment, search, campaign and dates", async () => {
    const { big, wave } = seedView();
    const otherWave = createCampaign({ name: "Spring wave" });
    answer(2, { accountId: big.id, campaignId: otherWave.id, comment: "サポートが遅い", when: at("2026-11-15") });
    const detractors = records(await exportText("?category=detractor"));
    expect(detractors.every((row) => row[13] === "detractor")).toBe(true);
    expect(detractors).toHaveLength(7);
    expect(records(await exportText("?segment=high")).every((row) => row[9] === "high")).toBe(true);
    expect(records(await exportText(`?q=${encodeURIComponent("遅い")}`)).map((row) => row[16])).toEqual(["サポートが遅い"]);
    expect(records(await exportText(`?campaign=${wave.id}`))).toHaveLength(18);
    expect(records(await exportText("?from=2026-10-01&to=2026-10-06")).map((row) => row[4])).toEqual(Array(6).fill("Big Co"));
    // A search of only punctuation matches nothing, as in the list: the header alone.
    expect(records(await exportText("?q=%2B%2B"))).toEqual([]);
  });

  it("writes every column: ACV in major units, CSM, campaign, previous score and change, follow-up status", async () => {
    const csm = createStaff("csm", { name: "Keiko Tanaka" });
    const account = createAccount({ name: "Acme", acvAmount: 1_234_567, acvCurrency: "USD", segment: "high", csmUserId: csm.id, renewalDate: "2027-03-31" });
    const wave = createCampaign({ name: "Q4 pulse" });
    const contact = createContact({ accountId: account.id, name: "Ann", email: "ann@acme.example" });
    const first = createInvitation({ contactId: contact.id, campaignId: wave.id });
    const firstId = recordNpsResponse(first.token, "9", undefined, "203.0.113.9", at("2026-09-01"));
    const second = createInvitation({ contactId: contact.id, campaignId: createCampaign({ name: "Q1 pulse" }).id });
    const recorded = recordNpsResponse(second.token, "3", "Too slow", "203.0.113.10", at("2026-11-01"));
    if (recorded.kind !== "recorded" || firstId.kind !== "recorded") throw new Error("not recorded");
    const now = Date.now();
    db.insert(cases)
      .values({
        responseId: recorded.responseId,
        accountId: account.id,
        contactId: contact.id,
        ownerUserId: csm.id,
        status: "contacted",
        dueAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .run();

    const rows = records(await exportText("?sort=newest"));
    expect(rows[0]).toEqual([
      String(recorded.responseId),
      new Date(at("2026-11-01")).toISOString(),
      "Ann",
      "ann@acme.example",
      "Acme",
      "12345.67",
      "USD",
      "",
      "JPY",
      "high",
      "Keiko Tanaka",
      "2027-03-31",
      "3",
      "detractor",
      "9",
      "-6",
      "Too slow",
      "Q1 pulse",
      "contacted",
    ]);
    expect(rows[1].slice(14)).toEqual(["", "", "", "Q4 pulse", "none"]);
  });

  it("starts with a BOM by default and without one for plain UTF-8", async () => {
    answer(9, { comment: "ありがとう" });
    const withBom = new Uint8Array(await (await exportAs("")).arrayBuffer());
    expect([...withBom.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const plain = await exportAs("?encoding=utf8");
    expect(plain.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
    const bytes = new Uint8Array(await plain.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 11))).toBe("Response ID");
    expect(new TextDecoder().decode(bytes)).toContain("ありがとう");
  });

  it("writes Shift_JIS that decodes back to the Japanese comment, with what Shift_JIS lacks as ? (never an error)", async () => {
    answer(3, { comment: "サポートの対応が遅い。10時〜12時は繋がらない😀", locale: "ja", name: "山田 太郎" });
    const response = await exportAs("?encoding=shift_jis");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=Shift_JIS; header=present");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes[0]).not.toBe(0xef);
    const rows = records(iconv.decode(bytes, "shift_jis"));
    expect(rows[0][2]).toBe("山田 太郎");
    // 〜 (wave dash) is written as CP932's lookalike ～; the emoji has no Shift_JIS code.
    expect(rows[0][16]).toBe("サポートの対応が遅い。10時～12時は繋がらない?");
  });

  it("neutralises cells a spreadsheet would run as formulas", async () => {
    const id = answer(1, { comment: '=HYPERLINK("http://evil.example","click")', name: "@admin" });
    answer(2, { comment: "+81 3 1234 5678" });
    answer(2, { comment: "-1+1" });
    db.update(responses)
      .set({ comment: "\t=cmd" })
      .where(eq(responses.id, answer(2)))
      .run();
    const rows = records(await exportText("?sort=newest"));
    const comments = rows.map((row) => row[16]);
    expect(comments).toEqual(["'\t=cmd", "'-1+1", "'+81 3 1234 5678", `'=HYPERLINK("http://evil.example","click")`]);
    expect(rows.find((row) => Number(row[0]) === id)?.[2]).toBe("'@admin");
  });

  it("quotes commas, quotes and line breaks (RFC 4180)", async () => {
    const id = answer(5);
    const comment = 'Slow, "very" slow\r\nsince the update\nreally';
    db.update(responses).set({ comment }).where(eq(responses.id, id)).run();
    const text = await exportText("?encoding=utf8");
    expect(text).toContain(`"Slow, ""very"" slow\r\nsince the update\nreally"`);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(records(text)[0][16]).toBe(comment);
  });

  it("names the file by view and day, the exact name in filename* when it is not ASCII", async () => {
    answer(3, { comment: "遅い" });
    const plain = await exportAs("?category=detractor&segment=high");
    expect(plain.headers.get("Content-Disposition")).toMatch(/^attachment; filename="kizuna-responses-detractors-high-\d{4}-\d{2}-\d{2}\.csv"$/);
    const search = await exportAs(`?q=${encodeURIComponent("遅い")}`);
    expect(search.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="kizuna-responses-all-__-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''kizuna-responses-all-%E9%81%85%E3%81%84-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    expect(search.headers.get("Cache-Control")).toBe("no-store");
  });

  it("is for CSMs and admins: a viewer gets 403 and a signed-out visitor goes to sign-in, neither audited", async () => {
    answer(3);
    const started = () => db.select().from(auditLog).where(eq(auditLog.action, "response.export_started")).all().length;
    const before = started();
    expect((await exportAs("", "admin")).status).toBe(200);
    expect((await exportAs("", "viewer")).status).toBe(403);
    const signedOut = await call(() => exportLoader({ request: getRequest("/cs/responses/export.csv"), params: {}, context: {} }));
    expect(signedOut instanceof Response && signedOut.status).toBe(302);
    expect(started()).toBe(before + 1);
  });

  it("keeps today's English header row and codes when a request does not ask (scripts), and says so with headers=keys", async () => {
    answer(2, { comment: "遅い" });
    const japanese = await staffCookie(createStaff("csm", { locale: "ja" }).id);
    for (const query of ["", "?headers=keys"]) {
      const rows = parse((await (await exportAs(query, "csm", japanese)).text()).replace(/^\uFEFF/, "")) as string[][];
      expect(rows[0], query).toEqual([...RESPONSE_EXPORT_HEADER]);
      expect(rows[0][0]).toBe("Response ID");
      expect([rows[1][9], rows[1][13], rows[1][18]], query).toEqual(["low", "detractor", "none"]);
    }
  });

  it("writes headers and words in the exporter's language when the console's form asks (headers=language), Excel-ready", async () => {
    const account = createAccount({ name: "株式会社サンプル", segment: "tech" });
    const id = answer(2, { accountId: account.id, comment: "サポートが遅い", name: "佐藤 花子" });
    const now = Date.now();
    const response = db.select().from(responses).where(eq(responses.id, id)).get()!;
    db.insert(cases)
      .values({ responseId: id, accountId: account.id, contactId: response.contactId, status: "wont_fix", dueAt: now, createdAt: now, updatedAt: now })
      .run();

    const ja = await exportAs("?headers=language", "csm", await staffCookie(createStaff("csm", { locale: "ja" }).id));
    expect(ja.status).toBe(200);
    const bytes = new Uint8Array(await ja.arrayBuffer());
    // UTF-8 with a BOM by default: Japanese Excel opens it as UTF-8, not as Shift_JIS mojibake.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, "")) as string[][];
    expect(rows[0]).toEqual([
      "回答 ID",
      "回答日時（UTC）",
      "コンタクト名",
      "メールアドレス",
      "アカウント",
      "年間契約額（ACV）",
      "通貨",
      "年間契約額（報告通貨）",
      "報告通貨",
      "セグメント",
      "担当CSM",
      "更新日",
      "スコア",
      "区分",
      "前回のスコア",
      "変化",
      "コメント",
      "キャンペーン",
      "フォローアップの状況",
    ]);
    expect(rows[0].every((header) => !/^[\x20-\x7E]+$/.test(header) || header === "ID")).toBe(true);
    expect([rows[1][2], rows[1][9], rows[1][13], rows[1][16], rows[1][18]]).toEqual(["佐藤 花子", "テックタッチ", "批判者", "サポートが遅い", "対応しない"]);

    // Older Japanese Excel: the same headers in Shift_JIS.
    const sjis = await exportAs("?headers=language&encoding=shift_jis", "csm", await staffCookie(createStaff("csm", { locale: "ja" }).id));
    const decoded = parse(iconv.decode(Buffer.from(await sjis.arrayBuffer()), "shift_jis")) as string[][];
    expect(decoded[0][0]).toBe("回答 ID");
    expect(decoded[1][9]).toBe("テックタッチ");

    // An English exporter gets English headers and words.
    const en = parse(
      (await (await exportAs("?headers=language", "csm", await staffCookie(createStaff("csm", { locale: "en" }).id))).text()).replace(/^\uFEFF/, ""),
    ) as string[][];
    expect(en[0]).toEqual([...RESPONSE_EXPORT_HEADER]);
    expect([en[1][9], en[1][13], en[1][18]]).toEqual(["Tech touch", "Detractor", "Won't fix"]);
  });

  it("refuses bad parameters with a 400 that says why, and writes nothing", async () => {
    answer(3);
    const before = db.select().from(auditLog).all().length;
    for (const [query, message] of [
      ["?encoding=latin1", /encoding parameter “latin1” is not valid/],
      ["?encoding=utf8&encoding=shift_jis", /encoding parameter once/],
      ["?headers=ja", /headers parameter “ja” is not valid/],
      ["?headers=keys&headers=language", /headers parameter once/],
      ["?category=angry", /category parameter “angry” is not valid/],
      ["?from=2026-02-30", /from parameter/],
      ["?from=2026-03-01&to=2026-02-01", /after the to parameter/],
      ["?csm=abc", /csm parameter/],
      ["?format=xlsx", /“format” parameter is not one this list knows/],
    ] as const) {
      const response = await exportAs(query);
      expect(response.status, query).toBe(400);
      expect(await response.text(), query).toMatch(message);
    }
    expect(db.select().from(auditLog).all()).toHaveLength(before);
  });

  it("exports the whole view even when started from a later page", async () => {
    seedView();
    const all = records(await exportText("?sort=newest")).map((row) => row[0]);
    const fromPage = records(await exportText("?sort=newest&after=bm90LWEtY3Vyc29y")).map((row) => row[0]);
    expect(fromPage).toEqual(all);
  });

  it("audits who exported which view and how many rows it counted, and when it ended", async () => {
    seedView();
    const staff = createStaff("csm");
    const response = await exportAs("?category=detractor&segment=high&encoding=utf8", "csm", await staffCookie(staff.id));
    await response.arrayBuffer();
    const entries = db.select().from(auditLog).where(eq(auditLog.actorUserId, staff.id)).all();
    expect(entries.map((entry) => entry.action)).toEqual(["response.export_started", "response.export_ended"]);
    expect(entries[0].detail).toMatchObject({ view: { category: "detractor", segment: "high", sort: "stake" }, encoding: "utf8", expectedRows: 2 });
    expect(entries[1].detail).toMatchObject({ rows: 2, outcome: "finished" });
    expect(response.headers.get("X-Kizuna-Expected-Rows")).toBe("2");
  });

  it("limits each user to a few exports a minute (429 with Retry-After), others unaffected", async () => {
    answer(3);
    const staff = createStaff("csm");
    const cookie = await staffCookie(staff.id);
    for (let i = 0; i < 5; i++) expect((await exportAs("", "csm", cookie)).status).toBe(200);
    const limited = await exportAs("", "csm", cookie);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await exportAs("", "csm")).status).toBe(200);
  });

  it("streams: the first chunk leaves before the rows are read, and a client that goes away stops the queries", async () => {
    seedView();
    const staff = createStaff("csm");
    const parsed = parseResponseExportQuery(new URLSearchParams("sort=newest"));
    if (!parsed.ok) throw new Error(parsed.message);
    const client = new AbortController();
    const started = startResponseExport(staff, parsed.request, { batchSize: 5, signal: client.signal });
    if (!started.ok) throw new Error(started.message);
    expect(started.stream).toBeInstanceOf(ReadableStream);
    const reader = started.stream.getReader();
    const header = await reader.read();
    expect(new TextDecoder().decode(header.value).replace(/^\uFEFF/, "")).toBe(`${RESPONSE_EXPORT_HEADER.join(",")}\r\n`);
    const firstBatch = await reader.read();
    expect(new TextDecoder().decode(firstBatch.value).split("\r\n").filter(Boolean)).toHaveLength(5);
    const ended = () =>
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actorUserId, staff.id), eq(auditLog.action, "response.export_ended")))
        .all();
    expect(ended()).toHaveLength(0);
    client.abort();
    expect((await reader.read()).done).toBe(true);
    expect(ended()).toHaveLength(1);
    expect(ended()[0].detail).toMatchObject({ rows: 5, outcome: "stopped" });
  });

  it("stops when the reader cancels", async () => {
    seedView();
    const staff = createStaff("csm");
    const parsed = parseResponseExportQuery(new URLSearchParams());
    if (!parsed.ok) throw new Error(parsed.message);
    const started = startResponseExport(staff, parsed.request, { batchSize: 5 });
    if (!started.ok) throw new Error(started.message);
    const reader = started.stream.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    const ended = db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, staff.id), eq(auditLog.action, "response.export_ended")))
      .get();
    expect(ended?.detail).toMatchObject({ rows: 5, outcome: "stopped" });
  });
});
