import type { Database, Statement, Transaction } from "better-sqlite3";
import { z } from "zod";
import { categoryFor, DEFAULT_CATEGORY_THRESHOLDS, validThresholds, type Category } from "../domain/nps";
import { COMMENT_MAX_LENGTH } from "../domain/survey";
import { audit } from "../models/audit.server";
import { campaignAcceptsAnswers, isWellFormedToken } from "../models/invitation.server";
import { CONSENT_ACTIONS, type ConsentKind } from "../models/response.server";
import { sha256 } from "../utils/crypto.server";
import { sqlite, transaction } from "../utils/db.server";
import { createMemoryRateLimiter, hitAll, type RateLimit } from "../utils/rate-limit.server";

export const ANSWER_LIMITS = {
  perToken: { limit: 10, windowMs: 60_000 },
  perIp: { limit: 60, windowMs: 60_000 },
} satisfies Record<string, RateLimit>;

// Answers are the hot path: their limits are counted in memory (docs/decisions/013).
const hitAnswerLimits = createMemoryRateLimiter();

export type AnswerField = "score" | "comment";
/** Why a field was refused; pages turn the code into a sentence in the contact's language. */
export type AnswerProblem = "score-missing" | "score-invalid" | "comment-too-long";

export type RecordResult =
  | { kind: "recorded"; responseId: number; invitationId: number; category: Category; changed: boolean; firstAnswer: boolean }
  | { kind: "invalid"; errors: Partial<Record<AnswerField, AnswerProblem>> }
  | { kind: "not-found" }
  | { kind: "closed" }
  | { kind: "rate-limited"; retryAfterSeconds: number };

const AnswerInput = z.object({
  score: z.preprocess(
    // Whole numbers as a form sends them; "1e1", "0x5" or "5.0" are not scores.
    (v) => (typeof v === "string" && /^\s*-?\d{1,3}\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: (issue) => (issue.input === undefined || issue.input === "" ? "score-missing" : "score-invalid") })
      .int("score-invalid")
      .min(0, "score-invalid")
      .max(10, "score-invalid"),
  ),
  // `undefined` keeps the current comment (the portal's one-click scores); "" clears it.
  comment: z
    .string("comment-too-long")
    .transform((v) => v.replace(/\r\n/g, "\n").trim())
    .pipe(z.string().max(COMMENT_MAX_LENGTH, "comment-too-long"))
    .optional(),
});

export function validateAnswer(score: unknown, comment: unknown) {
  const parsed = AnswerInput.safeParse({ score: score ?? undefined, comment: comment ?? undefined });
  if (parsed.success) return { ok: true as const, score: parsed.data.score, comment: parsed.data.comment };
  const errors: Partial<Record<AnswerField, AnswerProblem>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as AnswerField;
    errors[field] ??= (issue.message as AnswerProblem) ?? (field === "score" ? "score-invalid" : "comment-too-long");
  }
  return { ok: false as const, errors };
}

type InvitationRow = {
  id: number;
  campaign_id: number;
  contact_id: number;
  account_id: number;
  locale: "en" | "ja";
  status: string;
  campaign_status: string;
  closes_at: number | null;
  promoter_min: number | null;
  detractor_max: number | null;
  response_id: number | null;
  score: number | null;
  comment: string | null;
};

type Find = (s: Statements) => InvitationRow | undefined;

type Statements = {
  byToken: Statement<[string], InvitationRow>;
  byId: Statement<[number, number], InvitationRow>;
  insertResponse: Statement<unknown[], { id: number }>;
  updateResponse: Statement<unknown[]>;
  insertChange: Statement<unknown[]>;
  insertEvent: Statement<unknown[]>;
  record: Transaction<(find: Find, answer: Answer) => RecordResult>;
};

const INVITATION_SELECT = `
  SELECT i.id, i.campaign_id, i.contact_id, i.account_id, i.locale, i.status,
         c.status AS campaign_status, c.closes_at,
         json_extract(c.survey, '$.thresholds.promoterMin') AS promoter_min,
         json_extract(c.survey, '$.thresholds.detractorMax') AS detractor_max,
         r.id AS response_id, r.score, r.comment
  FROM invitations i
  JOIN campaigns c ON c.id = i.campaign_id
  LEFT JOIN responses r ON r.invitation_id = i.id`;

// The answer path is benchmarked: its statements and transaction are prepared once per connection.
const prepared = new WeakMap<Database, Statements>();

function statements(): Statements {
  const conn = sqlite();
  let s = prepared.get(conn);
  if (!s) {
    const own: Statements = {
      byToken: conn.prepare(`${INVITATION_SELECT} WHERE i.token_hash = ?`),
      byId: conn.prepare(`${INVITATION_SELECT} WHERE i.id = ? AND i.contact_id = ?`),
      insertResponse: conn.prepare(
        `INSERT INTO responses (invitation_id, campaign_id, contact_id, account_id, score, comment, category, locale, channel, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      ),
      updateResponse: conn.prepare(`UPDATE responses SET score = ?, comment = ?, category = ?, updated_at = ? WHERE id = ?`),
      insertChange: conn.prepare(`INSERT INTO response_changes (response_id, score, comment, changed_at) VALUES (?, ?, ?, ?)`),
      insertEvent: conn.prepare(`INSERT INTO response_events (response_id) VALUES (?)`),
      record: conn.transaction((find: Find, answer: Answer) => recordWith(own, find, answer)),
    };
    prepared.set(conn, (s = own));
  }
  return s;
}

function thresholdsOf(row: InvitationRow) {
  const t = { promoterMin: row.promoter_min ?? -1, detractorMax: row.detractor_max ?? -1 };
  return validThresholds(t) ? t : DEFAULT_CATEGORY_THRESHOLDS;
}

type Answer = { score: number; comment: string | undefined; channel: "email" | "portal"; rateKeys: [string, RateLimit][]; now: number };

/**
 * The write itself, in one IMMEDIATE transaction: the invitation is read again inside it, so two
 * answers racing for one invitation serialise and the history keeps both.
 */
function recordWith(s: Statements, find: Find, answer: Answer): RecordResult {
  const row = find(s);
  if (!row) return { kind: "not-found" };
  if (!campaignAcceptsAnswers({ status: row.campaign_status, closesAt: row.closes_at }, row.status, answer.now)) return { kind: "closed" };
  const rate = hitAnswerLimits(answer.rateKeys, answer.now);
  if (!rate.ok) return { kind: "rate-limited", retryAfterSeconds: rate.retryAfterSeconds };

  const category = categoryFor(answer.score, thresholdsOf(row));
  const comment = answer.comment === undefined ? (row.comment ?? null) : answer.comment || null;
  let responseId: number;
  let changed = true;
  // An invitation is answered once it has a response; nothing else records that.
  const firstAnswer = row.response_id === null;
  if (row.response_id === null) {
    responseId = s.insertResponse.get(
      row.id,
      row.campaign_id,
      row.contact_id,
      row.account_id,
      answer.score,
      comment,
      category,
      row.locale,
      answer.channel,
      answer.now,
      answer.now,
    )!.id;
  } else {
    responseId = row.response_id;
    changed = row.score !== answer.score || row.comment !== comment;
    if (!changed) return { kind: "recorded", responseId, invitationId: row.id, category, changed: false, firstAnswer: false };
    // History keeps what the answer was before this change.
    s.insertChange.run(responseId, row.score, row.comment, answer.now);
    s.updateResponse.run(answer.score, comment, category, answer.now, responseId);
  }
  // The pipeline (alerts, help emails, scores) picks this up through the worker.
  s.insertEvent.run(responseId);
  return { kind: "recorded", responseId, invitationId: row.id, category, changed, firstAnswer };
}

function record(find: Find, answer: Answer): RecordResult {
  return statements().record.immediate(find, answer);
}

/**
 * Records (or changes) the answer behind a survey link. Plain inputs, no rendering and no
 * network, so the server can call it on a fast path as well as the page's action. Bad input is
 * refused before anything is read or written.
 */
export function recordNpsResponse(token: string, score: unknown, comment: unknown, ip: string, now = Date.now()): RecordResult {
  const valid = validateAnswer(score, comment);
  if (!valid.ok) return { kind: "invalid", errors: valid.errors };
  if (!isWellFormedToken(token)) return { kind: "not-found" };
  const tokenHash = sha256(token);
  return record((s) => s.byToken.get(tokenHash), {
    score: valid.score,
    comment: valid.comment,
    channel: "email",
    rateKeys: [
      [`nps-answer:token:${tokenHash}`, ANSWER_LIMITS.perToken],
      [`nps-answer:ip:${ip}`, ANSWER_LIMITS.perIp],
    ],
    now,
  });
}

/** The in-app channel: a signed-in contact answers their own invitation from the portal. */
export function recordPortalResponse(invitationId: number, contactId: number, score: unknown, comment: unknown, ip: string, now = Date.now()): RecordResult {
  const valid = validateAnswer(score, comment);
  if (!valid.ok) return { kind: "invalid", errors: valid.errors };
  return record((s) => s.byId.get(invitationId, contactId), {
    score: valid.score,
    comment: valid.comment,
    channel: "portal",
    rateKeys: [
      [`nps-answer:invitation:${invitationId}`, ANSWER_LIMITS.perToken],
      [`nps-answer:ip:${ip}`, ANSWER_LIMITS.perIp],
    ],
    now,
  });
}

export type ConsentResult = { kind: "recorded" } | { kind: "not-found" } | { kind: "rate-limited"; retryAfterSeconds: number };

/**
 * A yes or no from the thank-you page: a promoter agreeing to be a reference, a detractor
 * letting us contact them. Stored as an audit entry on the response; the latest one counts.
 */
export function recordFollowUpConsent(token: string, kind: ConsentKind, value: boolean, ip: string, now = Date.now()): ConsentResult {
  if (!isWellFormedToken(token)) return { kind: "not-found" };
  const tokenHash = sha256(token);
  return transaction((tx): ConsentResult => {
    const row = statements().byToken.get(tokenHash);
    if (!row || row.response_id === null) return { kind: "not-found" };
    const rate = hitAll(
      [
        [`nps-answer:token:${tokenHash}`, ANSWER_LIMITS.perToken],
        [`nps-answer:ip:${ip}`, ANSWER_LIMITS.perIp],
      ],
      now,
    );
    if (!rate.ok) return { kind: "rate-limited", retryAfterSeconds: rate.retryAfterSeconds };
    audit({ action: CONSENT_ACTIONS[kind], entity: "response", entityId: row.response_id, ip, detail: { value, invitationId: row.id } }, tx);
    return { kind: "recorded" };
  });
}
