import { appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeResend } from "../fake-resend/server";
import { E2E_COMMUNITY, E2E_CONTACTS, E2E_LOOP_CONTACT, E2E_STAFF } from "./fixtures";

/**
 * The server Playwright tests run against: the fake Resend on one port, then Kizuna's real
 * production build on another, with a fresh database holding known users and contacts.
 * Email goes through the real Resend SDK to the fake, where tests read it back.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const resend = await startFakeResend({ port: Number(process.env.E2E_RESEND_PORT ?? 3101) });
const dir = mkdtempSync(join(tmpdir(), "kizuna-e2e-"));

Object.assign(process.env, {
  NODE_ENV: "production",
  PORT: String(port),
  APP_URL: `http://127.0.0.1:${port}`,
  DATABASE_URL: `file:${process.env.E2E_DATABASE_PATH ?? join(dir, "kizuna.db")}`,
  RESEND_API_KEY: "re_e2e_0123456789",
  RESEND_BASE_URL: resend.url,
  KIZUNA_DEMO: "0",
});

const { runMigrations } = await import("../../db/client");
const { db } = await import("../../app/utils/db.server");
const { createStaffUser } = await import("../../app/services/create-staff-user.server");
const { CLI_ACTOR } = await import("../../app/services/actor.server");
const { createAccount, createContact } = await import("../factories");

runMigrations(db);
const staffIds: Record<string, number> = {};
for (const [role, user] of Object.entries(E2E_STAFF)) {
  const created = await createStaffUser({ email: user.email, name: `E2E ${role}`, role: role as keyof typeof E2E_STAFF, password: user.password }, CLI_ACTOR);
  staffIds[role] = created.id;
}
for (const [locale, contact] of Object.entries(E2E_CONTACTS)) {
  const account = createAccount({ name: contact.account, externalId: `e2e-${locale}` });
  createContact({ email: contact.email, name: contact.name, locale: locale as "en" | "ja", accountId: account.id });
}

const loopAccount = createAccount({
  name: E2E_LOOP_CONTACT.account,
  externalId: E2E_LOOP_CONTACT.externalId,
  segment: "high",
  acvAmount: 4_800_000,
  acvCurrency: "JPY",
  renewalDate: "2027-03-31",
  csmUserId: staffIds.csm,
});
createContact({ email: E2E_LOOP_CONTACT.email, name: E2E_LOOP_CONTACT.name, locale: "ja", accountId: loopAccount.id });

const communityAccount = createAccount({ name: E2E_COMMUNITY.account.name, externalId: E2E_COMMUNITY.account.externalId, segment: "tech" });
const { ensureContactMember } = await import("../../app/models/community-member.server");
const { communityMembers } = await import("../../db/schema");
const { eq } = await import("drizzle-orm");
for (const person of [E2E_COMMUNITY.asker, E2E_COMMUNITY.answerer]) {
  const contact = createContact({ email: person.email, name: person.name, locale: person.locale, accountId: communityAccount.id });
  const member = ensureContactMember(db, contact);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, member.id)).run();
}

// A copy of everything the server prints (its JSON log, start-up lines, errors) for the final
// check of the run (global-teardown.ts) that no token, key or password reached it.
const logPath = process.env.E2E_LOG_PATH;
if (logPath) {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
      appendFileSync(logPath, text);
      // The runner's output keeps what a person needs: warnings, errors, anything not a routine log line.
      if (/^\{"level":"(info|debug|trace)"/.test(text)) return true;
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}

// The compiled entry `npm start` runs (it exists once `npm run build` has run).
await import(new URL("../../build/server/index.js", import.meta.url).href);
