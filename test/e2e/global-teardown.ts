import { existsSync, readFileSync } from "node:fs";
import { E2E_STAFF, fakeResendUrl, type DeliveredEmail } from "./fixtures";

/**
 * After the whole run: the server's combined output (serve.ts copies it to E2E_LOG_PATH) must
 * hold none of the secrets the run used — every token of every link the app emailed (survey
 * answers, sign-in and join links, unsubscribe and preference links), the staff passwords the
 * specs typed, the Resend API key. Tokens are what a link's path or query carries beyond its
 * route's words: any segment or value of 20 characters or more.
 */
export default async function globalTeardown() {
  const logPath = process.env.E2E_LOG_PATH;
  if (!logPath || !existsSync(logPath)) throw new Error(`The e2e server's log was not written (E2E_LOG_PATH=${logPath ?? "unset"}).`);
  const log = readFileSync(logPath, "utf8");
  const requestLines = log.split("\n").filter((line) => line.includes('"reqId"') && line.includes('"route"')).length;
  if (requestLines === 0) throw new Error("The e2e server's log has no request lines: the check would prove nothing.");

  const response = await fetch(`${fakeResendUrl()}/_test/emails`);
  const emails = (await response.json()) as DeliveredEmail[];
  const appUrl = `http://127.0.0.1:${process.env.E2E_PORT}`;
  const tokens = new Set<string>();
  for (const email of emails) {
    for (const link of `${email.html}\n${email.text}`.matchAll(new RegExp(`${appUrl.replace(/[.]/g, "\\.")}[^\\s"'<>]*`, "g"))) {
      const url = new URL(link[0].replace(/&amp;/g, "&"));
      for (const part of [...url.pathname.split("/"), ...url.searchParams.values()]) if (part.length >= 20) tokens.add(part);
    }
    for (const value of Object.values(email.headers ?? {})) for (const token of value.match(/[A-Za-z0-9_-]{20,}/g) ?? []) tokens.add(token);
  }
  // A run of a few specs may send no email; the whole suite sends dozens.
  if (tokens.size === 0) console.log("Log check: no email of this run carried a token; checking passwords and keys only.");
  const secrets = [...tokens, ...Object.values(E2E_STAFF).map((user) => user.password), "re_e2e_0123456789"];
  const leaked = secrets.filter((secret) => log.includes(secret));
  if (leaked.length > 0)
    throw new Error(`The e2e server's log holds ${leaked.length} secret(s) the run used: ${leaked.map((s) => `${s.slice(0, 6)}…`).join(", ")}`);
  console.log(`Log check: ${requestLines} request lines, ${secrets.length} secrets of this run (${tokens.size} link tokens), none in the log.`);
}
