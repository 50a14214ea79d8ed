/** People and data the e2e server starts with (see serve.ts); tests sign in as them. */
export const E2E_STAFF = {
  admin: { email: "admin@e2e.test", password: "admin-password-e2e" },
  csm: { email: "csm@e2e.test", password: "csm-password-e2e" },
  viewer: { email: "viewer@e2e.test", password: "viewer-password-e2e" },
} as const;

export const E2E_CONTACTS = {
  ja: { email: "hanako@e2e-customer.test", name: "佐藤 花子", account: "E2E 株式会社" },
  en: { email: "sam@e2e-customer.test", name: "Sam Carter", account: "E2E Corp" },
} as const;

/** A Japanese contact at a high-touch account the E2E CSM owns: the detractor whose loop gets closed. */
export const E2E_LOOP_CONTACT = { email: "taro@e2e-customer.test", name: "山田 太郎", account: "E2E 合同会社", externalId: "e2e-loop" } as const;

/**
 * Two customers of one tech-touch account who take part in the community: a Japanese asker and an
 * English answerer. They start as members who have accepted the guidelines.
 */
export const E2E_COMMUNITY = {
  asker: { email: "kenji@e2e-community.test", name: "鈴木 健二", locale: "ja" },
  answerer: { email: "olivia@e2e-community.test", name: "Olivia Brown", locale: "en" },
  account: { name: "E2E コミュニティ株式会社", externalId: "e2e-community" },
} as const;

export const fakeResendUrl = () => `http://127.0.0.1:${process.env.E2E_RESEND_PORT}`;

export type DeliveredEmail = { id: string; to: string[]; replyTo: string[]; subject: string; html: string; text: string; headers?: Record<string, string> };

/** Emails the app delivered through the real Resend SDK to the fake Resend, newest last. */
export async function deliveredTo(email: string): Promise<DeliveredEmail[]> {
  const res = await fetch(`${fakeResendUrl()}/_test/emails?to=${encodeURIComponent(email)}`);
  if (!res.ok) throw new Error(`fake Resend answered ${res.status}`);
  return (await res.json()) as DeliveredEmail[];
}

/**
 * Polls until an email to `email` arrives whose subject matches, and returns it. `seen`: how many
 * such emails had arrived before (an earlier spec may have sent one); only a newer one counts.
 */
export async function waitForEmail(email: string, subject: RegExp, timeoutMs = 15_000, seen = 0): Promise<DeliveredEmail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const matches = (await deliveredTo(email)).filter((e) => subject.test(e.subject));
    if (matches.length > seen) return matches.at(-1)!;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`No email matching ${subject} reached ${email} within ${timeoutMs} ms`);
}

/** How many emails to `email` whose subject matches have arrived so far (see waitForEmail's `seen`). */
export async function countEmails(email: string, subject: RegExp): Promise<number> {
  return (await deliveredTo(email)).filter((e) => subject.test(e.subject)).length;
}
