import type { Segment } from "../../app/domain/segments";
import { DAY_MS } from "./calendar";
import type { SeedStep, SeededAccount } from "./context";
import { EN_FIRST_NAMES, EN_LAST_NAMES, JA_FAMILY_NAMES, JA_GIVEN_NAMES, TITLES, type Seniority } from "./names";
import type { Rng } from "./random";

/** Bigger customers have more people in the product (and in the survey audience). */
const CONTACT_WEIGHT: Record<Segment, number> = { high: 9, low: 4.5, tech: 2.5 };

const UNSUBSCRIBED_SHARE = 0.03;

/**
 * Spreads exactly `total` contacts over the accounts, at least one each, in proportion to
 * segment weights with some noise.
 */
function contactsPerAccount(rng: Rng, accounts: readonly SeededAccount[], total: number): number[] {
  if (accounts.length === 0) return [];
  const target = Math.max(total, accounts.length);
  const weights = accounts.map((account) => CONTACT_WEIGHT[account.segment] * (0.4 + 1.2 * rng.next()));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((weight) => 1 + Math.floor((weight / sum) * (target - accounts.length)));
  let remainder = target - counts.reduce((a, b) => a + b, 0);
  while (remainder-- > 0) counts[rng.int(0, accounts.length - 1)]++;
  return counts;
}

function seniorityFor(rng: Rng, index: number, segment: Segment): Seniority {
  // The first contact is who signed: an executive at big customers, a manager at small ones.
  if (index === 0) return segment === "high" ? "executive" : segment === "low" ? rng.pick(["executive", "manager"] as const) : "manager";
  return rng.weighted([
    ["executive", 8],
    ["manager", 35],
    ["staff", 57],
  ] as const);
}

function person(rng: Rng, locale: "en" | "ja"): { name: string; local: string } {
  if (locale === "ja") {
    const [family, familyRomaji] = rng.pick(JA_FAMILY_NAMES);
    const [given, givenRomaji] = rng.pick(JA_GIVEN_NAMES);
    const local = rng.chance(0.7) ? `${givenRomaji}.${familyRomaji}` : `${familyRomaji}.${givenRomaji}`;
    return { name: `${family} ${given}`, local };
  }
  const first = rng.pick(EN_FIRST_NAMES);
  const last = rng.pick(EN_LAST_NAMES);
  const [f, l] = [first.toLowerCase(), last.toLowerCase().replace(/[^a-z]/g, "")];
  const local = rng.weighted([
    [`${f}.${l}`, 60],
    [`${f[0]}${l}`, 25],
    [f, 15],
  ] as const);
  return { name: `${first} ${last}`, local };
}

/**
 * People at each customer: Japanese names and titles at Japanese customers (with some English
 * speakers among them), English at US customers, work emails on the account's domain — unique,
 * lower-case, numbered when two people would share an address. A few have unsubscribed.
 */
export const contactsStep: SeedStep = {
  name: "contacts",
  run(ctx) {
    const rng = ctx.rng("contacts");
    const insert = ctx.sqlite.prepare(
      `INSERT INTO contacts (email, name, locale, title, account_id, unsubscribed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const counts = contactsPerAccount(rng, ctx.accounts, ctx.plan.contacts);
    let nextReport = 50_000;
    ctx.accounts.forEach((account, accountIndex) => {
      const locals = new Set<string>();
      const knownForDays = Math.max(1, Math.round((ctx.todayMs - account.startMs) / DAY_MS));
      for (let i = 0; i < counts[accountIndex]; i++) {
        const locale = account.country === "JP" && rng.chance(0.9) ? "ja" : "en";
        const { name, local: base } = person(rng, locale);
        let local = base;
        for (let n = 2; locals.has(local); n++) local = `${base}${n}`;
        locals.add(local);
        const email = `${local}@${account.domain}`;
        const title = rng.pick(TITLES[locale][seniorityFor(rng, i, account.segment)]);
        // Sponsors arrive with the contract; the rest join during the first year or so.
        const createdMs = account.startMs + (i === 0 ? 0 : rng.int(0, Math.min(knownForDays - 1, 400)) * DAY_MS) + rng.int(0, 86_399) * 1000;
        const unsubscribedMs = rng.chance(UNSUBSCRIBED_SHARE) ? createdMs + Math.floor(rng.next() * Math.max(0, ctx.todayMs - createdMs)) : null;
        const { lastInsertRowid } = insert.run(email, name, locale, title, account.id, unsubscribedMs, createdMs, createdMs);
        ctx.contacts.push({ id: Number(lastInsertRowid), accountId: account.id, email, locale, createdMs, unsubscribedMs });
      }
      if (ctx.contacts.length >= nextReport) {
        ctx.progress(`contacts: ${ctx.contacts.length} of ${ctx.plan.contacts}`);
        nextReport += 50_000;
      }
    });
    return ctx.contacts.length;
  },
};
