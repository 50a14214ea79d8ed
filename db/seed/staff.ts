import { DAY_MS } from "./calendar";
import type { SeedStep } from "./context";
import { EN_FIRST_NAMES, EN_LAST_NAMES, JA_FAMILY_NAMES, JA_GIVEN_NAMES } from "./names";

export const CSM_EMAIL_DOMAIN = "kizuna.localhost";

/**
 * The CS team: CSMs who own the high- and low-touch accounts. About 60 % speak Japanese and
 * own the Japanese accounts. Their password hash is `!`, which no password matches: they
 * cannot sign in until an admin sets a password for them.
 */
export const staffStep: SeedStep = {
  name: "users",
  run(ctx) {
    const rng = ctx.rng("staff");
    const insert = ctx.sqlite.prepare(
      "INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, 'csm', '!', ?) ON CONFLICT (email) DO NOTHING",
    );
    const findId = ctx.sqlite.prepare<[string], { id: number }>("SELECT id FROM users WHERE email = ?");
    const japaneseCount = Math.round(ctx.plan.csms * 0.6);
    const taken = new Set<string>();
    let written = 0;
    for (let i = 0; i < ctx.plan.csms; i++) {
      const speaksJapanese = i < japaneseCount;
      let name: string;
      let local: string;
      do {
        if (speaksJapanese) {
          const [family, familyRomaji] = rng.pick(JA_FAMILY_NAMES);
          const [given, givenRomaji] = rng.pick(JA_GIVEN_NAMES);
          name = `${family} ${given}`;
          local = `${givenRomaji}.${familyRomaji}`;
        } else {
          const first = rng.pick(EN_FIRST_NAMES);
          const last = rng.pick(EN_LAST_NAMES);
          name = `${first} ${last}`;
          local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "");
        }
      } while (taken.has(local));
      taken.add(local);
      const email = `${local}@${CSM_EMAIL_DOMAIN}`;
      const joinedMs = ctx.todayMs - rng.int(60, 1_400) * DAY_MS;
      written += insert.run(email, name, joinedMs).changes;
      ctx.csms.push({ id: findId.get(email)!.id, email, speaksJapanese });
    }
    return written;
  },
};
