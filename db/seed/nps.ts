import type { Segment } from "../../app/domain/segments";
import { categoryFor } from "../../app/domain/nps";
import { DEFAULT_SURVEY } from "../../app/domain/survey";
import type { Sqlite } from "../client";
import { DAY_MS } from "./calendar";
import type { SeedStep, SeededAccount } from "./context";
import type { Rng } from "./random";

/**
 * A history of NPS waves: campaigns, invitations, responses (some changed), bounces and
 * complaints on the suppression list. Shaped like what CS teams see: about one in five
 * invitations answered (more at high touch), Japanese respondents scoring lower than English
 * ones, detractors clustered in a few unhappy accounts, comments in both languages.
 * Tokens are random and only their hash-shaped values are stored, so no seeded invitation can
 * be answered — history only.
 */

/** The account's mood shifts every score given there: a few unhappy accounts hold most detractors. */
const MOODS = [
  ["unhappy", 7, -3.2],
  ["lukewarm", 18, -1.0],
  ["content", 55, 0],
  ["fan", 20, 1.0],
] as const;

const MEAN_SCORE = { en: 7.8, ja: 6.5 } as const;
const SCORE_SPREAD = 1.9;

/** Share of invitations answered, by touch model: closer relationships answer more. */
const RESPONSE_RATE: Record<Segment, number> = { high: 0.3, low: 0.22, tech: 0.15 };
const DEMO_AVERAGE_RATE = 0.2;

const BOUNCE_RATE = 0.006;
const COMPLAINT_RATE = 0.0012;
const CHANGED_ANSWER_RATE = 0.04;
const COMMENT_RATE = { promoter: 0.4, passive: 0.35, detractor: 0.65 } as const;
const REMINDER_AFTER_DAYS = 3;
const WAVE_OPEN_DAYS = 30;

const COMMENTS = {
  en: {
    promoter: [
      "The onboarding guides got our whole team productive in a week.",
      "Support answers fast and actually solves the problem.",
      "Reporting saves me hours every month.",
      "Our CSM knows our business; the quarterly reviews are worth it.",
      "Reliable, simple, and it keeps getting better.",
      "The community answered my question before support could.",
    ],
    passive: [
      "Good overall, but exports are slow on big accounts.",
      "Does the job. The mobile app needs work.",
      "Pricing is a bit high for what we use.",
      "Would love an integration with our CRM.",
      "Fine for daily work; the admin settings are confusing.",
    ],
    detractor: [
      "Exports keep timing out and nobody follows up.",
      "We lost data during the last update and are still waiting for answers.",
      "Too expensive for a tool half our team cannot figure out.",
      "Support takes days to reply.",
      "The features we were promised at renewal never shipped.",
      "Onboarding stalled; we still don't use half of it.",
    ],
  },
  ja: {
    promoter: [
      "オンボーディングのガイドがわかりやすく、チーム全員がすぐに使いこなせました。",
      "サポートの対応が早く、的確です。",
      "レポート機能のおかげで月次の集計作業が大幅に減りました。",
      "担当の方が私たちの業務をよく理解してくれています。",
      "安定していて、使うたびに改善を感じます。",
    ],
    passive: [
      "全体的には満足ですが、データ量が多いと出力が遅いです。",
      "機能は十分ですが、管理画面が少しわかりにくいです。",
      "価格がもう少し下がると嬉しいです。",
      "社内の CRM との連携機能があれば 10 点です。",
      "日本語の資料がもっと充実してほしいです。",
    ],
    detractor: [
      "エクスポートがよくタイムアウトし、業務に支障が出ています。",
      "問い合わせへの回答に数日かかります。",
      "更新時に約束された機能がまだ提供されていません。",
      "導入が途中で止まっていて、半分の機能しか使えていません。",
      "費用に見合う効果を感じられません。",
      "障害の説明が不十分で、社内で説明できません。",
    ],
  },
} as const;

type Locale = "en" | "ja";

function moodOf(rng: Rng): number {
  return rng.weighted(MOODS.map(([, weight], i) => [i, weight] as const)) as number;
}

/** A roughly normal draw (sum of four uniforms), clamped to the 0–10 scale. */
function scoreFor(rng: Rng, locale: Locale, shift: number): number {
  const normal = (rng.next() + rng.next() + rng.next() + rng.next() - 2) * Math.sqrt(3);
  return Math.max(0, Math.min(10, Math.round(MEAN_SCORE[locale] + shift + normal * SCORE_SPREAD)));
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** 256 random bits as 64 hex digits: the stored shape of a token hash, for a token nobody has. */
function tokenHash(rng: Rng): string {
  let out = "";
  for (let i = 0; i < 8; i++) {
    const word = (rng.next() * 4294967296) >>> 0;
    out += HEX[word >>> 24] + HEX[(word >>> 16) & 255] + HEX[(word >>> 8) & 255] + HEX[word & 255];
  }
  return out;
}

/**
 * Bulk loads are much faster into unindexed tables with the indexes built once afterwards (a
 * sort instead of millions of random B-tree inserts). Drops the named tables' indexes and
 * returns a function that recreates them from the exact SQL the migrations stored.
 */
function deferIndexes(sqlite: Sqlite, tables: string[]): () => void {
  const indexes = sqlite
    .prepare<string[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => "?").join(", ")})`,
    )
    .all(...tables);
  for (const index of indexes) sqlite.exec(`DROP INDEX "${index.name}"`);
  return () => {
    for (const index of indexes) sqlite.exec(index.sql);
  };
}

export const npsStep: SeedStep = {
  name: "nps",
  run(ctx) {
    const rng = ctx.rng("nps");
    const { sqlite, plan } = ctx;
    const restoreIndexes = deferIndexes(sqlite, ["invitations", "responses", "response_changes"]);

    const insertCampaign = sqlite.prepare(
      `INSERT INTO campaigns (name, status, targeting, rules, survey, scheduled_at, launched_at, closes_at, recipients, created_at)
       VALUES (?, ?, '{}', ?, ?, NULL, ?, ?, 0, ?)`,
    );
    const setRecipients = sqlite.prepare("UPDATE campaigns SET recipients = ? WHERE id = ?");
    const insertInvitation = sqlite.prepare(
      `INSERT INTO invitations (campaign_id, contact_id, account_id, token_hash, unsubscribe_token_hash, locale, status, due_at, sent_at, delivered_at, bounced_at, reminded_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertResponse = sqlite.prepare(
      `INSERT INTO responses (invitation_id, campaign_id, contact_id, account_id, score, comment, category, locale, channel, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'email', ?, ?)`,
    );
    const insertChange = sqlite.prepare("INSERT INTO response_changes (response_id, score, comment, changed_at) VALUES (?, ?, ?, ?)");
    const insertSuppression = sqlite.prepare("INSERT OR IGNORE INTO suppressions (email, reason, detail, created_at) VALUES (?, ?, ?, ?)");

    const accountsById = new Map<number, SeededAccount>(ctx.accounts.map((account) => [account.id, account]));
    const moodShift = new Map<number, number>(ctx.accounts.map((account) => [account.id, MOODS[moodOf(rng)][2]]));
    const rateScale = plan.npsResponseRate / DEMO_AVERAGE_RATE;
    // Waves are evenly spaced over the history; each contact is invited at most once per
    // throttle window, in a phase of its own so every wave reaches a share of them.
    const spacingDays = Math.floor((plan.npsMonths * 30.4) / plan.npsWaves);
    const cadence = Math.max(1, Math.ceil(plan.npsThrottleDays / spacingDays));
    const phase = ctx.contacts.map(() => rng.int(0, cadence - 1));
    const suppressed = new Uint8Array(ctx.contacts.length);
    const rules = JSON.stringify({
      throttleDays: plan.npsThrottleDays,
      minAccountAgeDays: DEFAULT_SURVEY.minAccountAgeDays,
      samplePercent: null,
      dailyCap: null,
      reminderAfterDays: REMINDER_AFTER_DAYS,
    });
    const survey = JSON.stringify(DEFAULT_SURVEY);
    const counts = { campaigns: 0, invitations: 0, responses: 0, response_changes: 0, suppressions: 0 };
    const firstWaveMs = ctx.todayMs - (plan.npsWaves - 1) * spacingDays * DAY_MS - 5 * DAY_MS;

    for (let wave = 0; wave < plan.npsWaves; wave++) {
      const launchMs = firstWaveMs + wave * spacingDays * DAY_MS + 9 * 3_600_000;
      const closesMs = launchMs + WAVE_OPEN_DAYS * DAY_MS;
      const month = new Date(launchMs).toISOString().slice(0, 7);
      const name = `Relationship NPS ${month}`;
      const status = closesMs < ctx.todayMs ? "closed" : "sent";
      const campaignId = Number(insertCampaign.run(name, status, rules, survey, launchMs, closesMs, launchMs - 2 * DAY_MS).lastInsertRowid);
      counts.campaigns += 1;
      let recipients = 0;

      ctx.contacts.forEach((contact, index) => {
        if (phase[index] !== wave % cadence || suppressed[index]) return;
        const account = accountsById.get(contact.accountId)!;
        if (contact.createdMs > launchMs || account.startMs > launchMs - DEFAULT_SURVEY.minAccountAgeDays * DAY_MS) return;
        if (contact.unsubscribedMs !== null && contact.unsubscribedMs <= launchMs) return;
        recipients += 1;
        const sentMs = launchMs + rng.int(0, 3_600) * 1000;
        const locale = contact.locale;
        const roll = rng.next();
        let status = "delivered";
        let deliveredMs: number | null = sentMs + rng.int(2, 90) * 1000;
        let bouncedMs: number | null = null;
        if (roll < BOUNCE_RATE) {
          status = "bounced";
          deliveredMs = null;
          bouncedMs = sentMs + rng.int(5, 600) * 1000;
          suppressed[index] = 1;
          counts.suppressions += insertSuppression.run(contact.email, "bounced", "Permanent: General: mailbox does not exist", bouncedMs).changes;
        } else if (roll < BOUNCE_RATE + COMPLAINT_RATE) {
          status = "complained";
          suppressed[index] = 1;
          counts.suppressions += insertSuppression.run(contact.email, "complained", "Marked as spam by the recipient", deliveredMs + DAY_MS).changes;
        }
        const answers = status === "delivered" && rng.chance(RESPONSE_RATE[account.segment] * rateScale);
        // Half the answers come in the first day; the reminder on day 3 brings a second bump.
        const answeredMs = answers
          ? sentMs +
            (rng.chance(0.55) ? rng.int(60, 86_400) : rng.chance(0.6) ? REMINDER_AFTER_DAYS * 86_400 + rng.int(60, 86_400) : rng.int(86_400, 20 * 86_400)) *
              1000
          : null;
        const remindedMs =
          status === "delivered" && (answeredMs === null || answeredMs > sentMs + REMINDER_AFTER_DAYS * DAY_MS) ? sentMs + REMINDER_AFTER_DAYS * DAY_MS : null;
        const invitationId = Number(
          insertInvitation.run(
            campaignId,
            contact.id,
            account.id,
            tokenHash(rng),
            tokenHash(rng),
            locale,
            status,
            launchMs,
            sentMs,
            deliveredMs,
            bouncedMs,
            remindedMs !== null && remindedMs < ctx.todayMs ? remindedMs : null,
            launchMs - DAY_MS,
          ).lastInsertRowid,
        );
        counts.invitations += 1;
        if (answeredMs === null || answeredMs >= ctx.todayMs) return;

        const shift = moodShift.get(account.id)!;
        let score = scoreFor(rng, locale, shift);
        let category = categoryFor(score);
        let comment: string | null = rng.chance(COMMENT_RATE[category]) ? rng.pick(COMMENTS[locale][category]) : null;
        let updatedMs = answeredMs;
        // Some people click a score in the email, then think again on the answer page.
        const changed = rng.chance(CHANGED_ANSWER_RATE);
        const firstScore = score;
        const firstComment = comment;
        if (changed) {
          updatedMs = answeredMs + rng.int(20, 1_800) * 1000;
          score = Math.max(0, Math.min(10, score + rng.pick([-3, -2, -1, 1, 2, 3])));
          category = categoryFor(score);
          comment = rng.chance(0.8) ? rng.pick(COMMENTS[locale][category]) : comment;
        }
        const responseId = Number(
          insertResponse.run(invitationId, campaignId, contact.id, account.id, score, comment, category, locale, answeredMs, updatedMs).lastInsertRowid,
        );
        counts.responses += 1;
        if (changed) {
          insertChange.run(responseId, firstScore, firstComment, answeredMs);
          counts.response_changes += 1;
        }
      });
      setRecipients.run(recipients, campaignId);
      ctx.progress(`nps: wave ${wave + 1} of ${plan.npsWaves}, ${counts.invitations} invitations, ${counts.responses} responses`);
    }
    ctx.progress("nps: building indexes");
    restoreIndexes();
    return counts;
  },
};
