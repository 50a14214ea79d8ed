/**
 * Recording revenue movements (docs/decisions/055): which type an ACV change is, the key that makes
 * a derived movement the same movement when it is recorded again, and the shapes of the
 * revenue-events and KPI API. Pure; the arithmetic of the figures is in ./revenue.ts.
 */
import { z } from "zod";
import { DEFAULT_CHURN_REASONS, REVENUE_MOVEMENT_TYPES, type RevenueMovementType } from "./revenue";
import { isoDate, requiredText } from "./rows";
import type { Money } from "./segments";

export const SEGMENT_FILTERS = ["high", "low", "tech"] as const;

/**
 * What a change of ARR from `previous` to `next` is: the first is `new`; to zero is a churn; from
 * zero a reactivation; otherwise up or down. A change of currency is read as an expansion when the
 * amount does not fall, as rates are not for this module to apply (the figures convert anyway).
 */
export function movementTypeFor(previous: Money | null, next: Money): RevenueMovementType {
  if (!previous) return "new";
  if (next.amount === 0) return previous.amount === 0 ? "contraction" : "churn";
  if (previous.amount === 0) return "reactivation";
  return next.amount >= previous.amount ? "expansion" : "contraction";
}

/** The key of a movement derived from an ACV change or the console: one per account, type, day and ARR. */
export function derivedMovementKey(accountId: number, type: RevenueMovementType, date: string, arr: Money): string {
  return `account:${accountId}:${type}:${date}:${arr.amount}:${arr.currency}`;
}

/** The key of a movement sent through the API, by the caller's id. */
export function apiMovementKey(id: string): string {
  return `api:${id}`;
}

export const MAX_REVENUE_EVENTS = 1_000;

const currencyCode = z
  .string({ error: "required: a 3-letter ISO currency code" })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "use a 3-letter ISO currency code such as JPY or USD");

/** One movement as `PUT /api/v1/revenue-events` takes it; `arr` is the account's ARR after it. */
export const RevenueEvent = z
  .strictObject({
    id: requiredText(200, "your id for this movement (a replay with the same id changes nothing)"),
    accountExternalId: requiredText(100, "the account's id in your CRM"),
    type: z.enum(REVENUE_MOVEMENT_TYPES, `use one of ${REVENUE_MOVEMENT_TYPES.join(", ")}`),
    date: isoDate,
    arr: z.strictObject(
      {
        amount: z
          .number({ error: "required: the ARR after the movement, in minor units" })
          .int("use a whole number of minor units")
          .min(0, "cannot be negative"),
        currency: currencyCode,
      },
      { error: 'use {"amount": <integer minor units>, "currency": "JPY"}' },
    ),
    reason: z.string().trim().min(1).max(100).nullish(),
  })
  .superRefine((event, ctx) => {
    if (event.type === "churn" && event.arr.amount !== 0) ctx.addIssue({ code: "custom", path: ["arr", "amount"], message: "a churn leaves an ARR of 0" });
    if (event.type !== "churn" && event.arr.amount === 0)
      ctx.addIssue({ code: "custom", path: ["arr", "amount"], message: `a ${event.type} leaves an ARR above 0` });
    if (event.type !== "churn" && event.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "only a churn has a reason" });
  });
export type RevenueEvent = z.infer<typeof RevenueEvent>;

export const RevenueEventsBody = z.strictObject({
  events: z.array(z.unknown()).max(MAX_REVENUE_EVENTS, `send at most ${MAX_REVENUE_EVENTS} events a request`),
});

/** `GET /api/v1/kpis?from=&to=&segment=`: inclusive days in the team's zone. */
export const KpiQuery = z
  .strictObject({
    from: isoDate,
    to: isoDate,
    segment: z.enum(SEGMENT_FILTERS, `use one of ${SEGMENT_FILTERS.join(", ")}`).optional(),
  })
  .refine((query) => query.from <= query.to, { path: ["to"], message: "must be on or after from" });
export type KpiQuery = z.infer<typeof KpiQuery>;

/** A churn reason's code: lower-case words joined by underscores ("champion_left"). */
export const churnReasonCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "use lower-case letters, digits and underscores, up to 40");

export const RevenueSettings = z.object({
  /** 1–12; April (4) in most Japanese companies. */
  fiscalYearStartMonth: z.number().int().min(1).max(12),
  churnReasons: z.array(churnReasonCode).min(1).max(50),
});
export type RevenueSettings = z.infer<typeof RevenueSettings>;
export const DEFAULT_REVENUE_SETTINGS: RevenueSettings = { fiscalYearStartMonth: 4, churnReasons: [...DEFAULT_CHURN_REASONS] };
