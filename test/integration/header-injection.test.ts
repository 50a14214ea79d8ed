import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { outbox, settings, users } from "../../db/schema";
import { AccountRow } from "../../app/domain/account-rows";
import { wordMessage } from "../../app/domain/field-message";
import { hasControlCharacters } from "../../app/domain/header-text";
import { NewStaffUser } from "../../app/domain/staff-users";
import { DEFAULT_SURVEY, SurveyDefinition } from "../../app/domain/survey";
import { getSetting } from "../../app/models/settings.server";
import { action as surveyAction, loader as surveyLoader } from "../../app/routes/cs.survey";
import { action as usersAction } from "../../app/routes/cs.users";
import { db, transaction } from "../../app/utils/db.server";
import { enqueueEmail, renderEmail } from "../../app/utils/email.server";
import { createStaff, formRequest, getRequest, staffCookie } from "../factories";

/*
 * Issue 11, point 7: a CR/LF in a staff name or the survey's product name reaches an email's
 * subject, where it would start a header of its own (`Bcc: …`). Every field that can reach a
 * header refuses control characters with a field error, and the outbox refuses to write one.
 */

const CRLF_NAME = "Yuki Tanaka\r\nBcc: everyone@evil.example";
const CRLF_PRODUCT = "Kizuna\r\nX-Injected: 1";
const args = (request: Request) => ({ request, params: {}, context: {} }) as never;

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  return (result as { init?: ResponseInit | null }).init?.status ?? 200;
}
function payloadOf(result: unknown): Record<string, unknown> {
  return ((result as { data?: unknown }).data ?? result) as Record<string, unknown>;
}

let admin: string;
beforeEach(async () => {
  db.delete(settings).run();
  admin = await staffCookie(createStaff("admin").id);
});

describe("fields that reach a header refuse control characters", () => {
  it("knows a control character when it sees one", () => {
    for (const bad of ["a\rb", "a\nb", "a\tb", "a\u0000b", "a\u007fb", "a\u0085b", "a\u2028b", "a\u2029b"]) expect(hasControlCharacters(bad)).toBe(true);
    for (const good of ["Yuki Tanaka", "佐藤 花子", "Acme — Cloud", "O'Brien & Co."]) expect(hasControlCharacters(good)).toBe(false);
  });

  it("the survey form answers 400 with an error on the product name, and saves nothing", async () => {
    const { values } = (await surveyLoader(args(getRequest("/cs/survey", admin)))) as { values: Record<string, string> };
    const result = await surveyAction(args(formRequest("/cs/survey", { ...values, productName: CRLF_PRODUCT }, admin)));
    expect(statusOf(result)).toBe(400);
    const errors = (payloadOf(result).result as { error: Record<string, string[]> }).error;
    expect(wordMessage(errors.productName[0], "en")).toMatch(/one line/);
    expect(getSetting("npsSurvey").productName).toBe(DEFAULT_SURVEY.productName);
    expect(SurveyDefinition.safeParse({ ...DEFAULT_SURVEY, productName: "Acme\u2028Cloud" }).success).toBe(false);
  });

  it("the new-user form answers 400 with an error on the name, and creates nobody", async () => {
    const result = await usersAction(
      args(
        formRequest("/cs/users", { email: "injected@kizuna.test", name: CRLF_NAME, role: "csm", password: "a-long-password-1" }, admin, {
          "x-kizuna-client-ip": "198.51.100.9",
        }),
      ),
    );
    expect(statusOf(result)).toBe(400);
    // The form's message is a code, worded in the reader's language where it renders.
    const nameErrors = (payloadOf(result) as { error: Record<string, string[]> }).error.name.map((m) => wordMessage(m, "en"));
    expect(nameErrors.join(" ")).toMatch(/one line/);
    expect(db.select().from(users).where(eq(users.email, "injected@kizuna.test")).get()).toBeUndefined();
    // The command line's `user create` parses the same schema.
    expect(NewStaffUser.safeParse({ email: "a@kizuna.test", name: "Tab\there", role: "csm", password: "a-long-password-1" }).success).toBe(false);
  });

  it("an account name from CSV or the API reaches subjects as one line: breaks become spaces, other controls are refused", () => {
    const row = { externalId: "crm-1", name: "Acme\r\nBcc: x@evil.example", acv: { amount: 100, currency: "USD" } };
    const parsed = AccountRow.safeParse(row);
    expect(parsed.success && parsed.data.name).toBe("Acme Bcc: x@evil.example");
    expect(AccountRow.safeParse({ ...row, name: "Acme\u2028Bcc: x" }).success).toBe(false);
    expect(AccountRow.safeParse({ ...row, name: "Acme\u0000" }).success).toBe(false);
  });
});

describe("the outbox's own check", () => {
  const base = { template: "case-reply", to: "customer@example.com", html: "<p>Hi</p>", text: "Hi", locale: "en" as const };
  const queue = (email: Parameters<typeof enqueueEmail>[1]) => transaction((tx) => enqueueEmail(tx, email));

  it("refuses a subject, a header value or an address with a line break, and writes no row", async () => {
    const before = db.select().from(outbox).all().length;
    // A staff name saved before the forms refused it still cannot reach a subject.
    const rendered = await renderEmail("case-reply", { contactName: "Hanako", csmName: CRLF_NAME, paragraphs: ["Thanks."] }, "en");
    expect(rendered.subject).toContain("\r\n");
    expect(() => queue({ ...base, ...rendered })).toThrow(/subject must be on one line/i);
    expect(() => queue({ ...base, subject: `Feedback on ${CRLF_PRODUCT}` })).toThrow(/one line/);
    expect(() => queue({ ...base, subject: "Fine", headers: { "X-Ref": "a\nBcc: x@evil.example" } })).toThrow(/one line/);
    expect(() => queue({ ...base, subject: "Fine", replyTo: "a@example.com\r\nBcc: x@evil.example" })).toThrow();
    expect(() => queue({ ...base, subject: "Fine", to: "a@example.com\nBcc: x@evil.example" })).toThrow();
    expect(db.select().from(outbox).all().length).toBe(before);
    expect(queue({ ...base, subject: "A reply to your feedback from Yuki Tanaka" })).toBeGreaterThan(0);
  });
});
