import { z } from "zod";
import { DAY_MS } from "./days";
import { hasControlCharacters } from "./header-text";

/**
 * Onboarding guides (issue 15, decision 049): the JSON a team keeps in version control and sends to
 * `PUT /api/v1/guides`, how a changed guide becomes a new version, and the completion rules that tick
 * steps off from product usage, manual ticks and community actions. Pure: the services feed it facts.
 */

export const GUIDE_SEGMENTS = ["high", "low", "tech"] as const;
export const GUIDE_STAGES = ["onboarding", "adoption", "expansion", "renewal"] as const;
export const GUIDE_LOCALES = ["en", "ja"] as const;
export const COMMUNITY_MILESTONES = ["joined", "first_post", "accepted_answer"] as const;
export type CommunityMilestone = (typeof COMMUNITY_MILESTONES)[number];

export const MAX_GUIDES_PER_CALL = 100;
export const MAX_STEPS = 50;

const KEY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const key = z.string("required: a key").regex(KEY, "use 1–64 lowercase letters, digits, - or _, starting with a letter or digit");

const line = (max: number) =>
  z
    .string("required: text")
    .trim()
    .min(1, "required: text")
    .max(max, `at most ${max} characters`)
    .refine((value) => !hasControlCharacters(value), "contains control characters");

const markdown = (max: number) => z.string("must be Markdown text").max(max, `at most ${max.toLocaleString("en")} characters`);

const bilingual = <T extends z.ZodType>(text: T) => z.strictObject({ en: text, ja: text }, "use an object with en and ja");

/**
 * Privacy-enhanced embeds only: YouTube's no-cookie host, or Vimeo's player with Do Not Track on.
 * Anything else would set tracking cookies on the customer's portal.
 */
export function videoProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a URL";
  }
  if (parsed.protocol !== "https:") return "use an https URL";
  if (parsed.hostname === "www.youtube-nocookie.com" || parsed.hostname === "youtube-nocookie.com") {
    return /^\/embed\/[A-Za-z0-9_-]{6,20}$/.test(parsed.pathname) ? null : "use an embed URL: https://www.youtube-nocookie.com/embed/<id>";
  }
  if (parsed.hostname === "player.vimeo.com") {
    if (!/^\/video\/\d{1,12}$/.test(parsed.pathname)) return "use a player URL: https://player.vimeo.com/video/<id>?dnt=1";
    return parsed.searchParams.get("dnt") === "1" ? null : "add dnt=1 so Vimeo does not track viewers";
  }
  return "use a privacy-enhanced embed: www.youtube-nocookie.com/embed/… or player.vimeo.com/video/…?dnt=1";
}

const positiveInt = (max: number) => z.number("must be a whole number").int("must be a whole number").min(1, "at least 1").max(max, `at most ${max}`);

const ManualRule = z.strictObject({ manual: z.literal(true, "use true") });
const EventRule = z.strictObject({
  event: z
    .string("required: an event type")
    .trim()
    .min(1, "required: an event type")
    .max(100, "at most 100 characters")
    .refine((value) => !hasControlCharacters(value), "contains control characters"),
  count: positiveInt(1_000_000).optional(),
  withinDays: positiveInt(3_650).optional(),
  where: z
    .record(
      z.string().min(1, "property names are not empty").max(100, "property names are at most 100 characters"),
      z.string("must be text: where compares text"),
    )
    .refine((value) => Object.keys(value).length <= 10, "at most 10 properties")
    .optional(),
});
const CommunityRule = z.strictObject({ community: z.enum(COMMUNITY_MILESTONES, `use one of ${COMMUNITY_MILESTONES.join(", ")}`) });

export type ManualRule = z.infer<typeof ManualRule>;
export type EventRule = z.infer<typeof EventRule>;
export type CommunityRule = z.infer<typeof CommunityRule>;
export type DoneWhen = ManualRule | EventRule | CommunityRule;

/** Picks the variant by its telling field, so an error names the field of the rule that was meant. */
const DoneWhen = z.unknown().transform((value, ctx): DoneWhen => {
  const variant =
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? "manual" in value
        ? ManualRule
        : "event" in value
          ? EventRule
          : "community" in value
            ? CommunityRule
            : undefined
      : undefined;
  if (!variant) {
    ctx.addIssue({ code: "custom", message: 'use {"manual":true}, {"event":"<type>", …} or {"community":"joined"|"first_post"|"accepted_answer"}' });
    return z.NEVER;
  }
  const parsed = variant.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue } as never);
    return z.NEVER;
  }
  return parsed.data;
});

const Step = z.strictObject({
  key,
  title: bilingual(line(200)),
  body: bilingual(markdown(20_000)).optional(),
  video: z
    .string("must be a URL")
    .superRefine((url, ctx) => {
      const problem = videoProblem(url);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .optional(),
  scope: z.enum(["user", "account"], 'use "user" or "account"'),
  doneWhen: DoneWhen,
  firstValue: z.boolean("use true or false").optional(),
});
export type GuideStep = z.infer<typeof Step>;

const uniqueList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .array(z.enum(values, `use one of ${values.join(", ")}`))
    .refine((list) => new Set(list).size === list.length, "each value once")
    .optional();

export const GuideInput = z.strictObject({
  key,
  name: bilingual(line(200)),
  description: bilingual(markdown(2_000)).optional(),
  segments: uniqueList(GUIDE_SEGMENTS),
  stages: uniqueList(GUIDE_STAGES),
  locales: uniqueList(GUIDE_LOCALES),
  targetDays: positiveInt(3_650).optional(),
  steps: z.array(Step).min(1, "at least one step").max(MAX_STEPS, `at most ${MAX_STEPS} steps`),
});
export type GuideInput = z.infer<typeof GuideInput>;

/**
 * The rules across a guide's steps — unique keys, exactly one first-value step — read from the raw
 * input, so they are reported together with any field's own problem rather than only once every
 * field is valid.
 */
function stepListProblems(raw: unknown): { path: (string | number)[]; message: string }[] {
  const steps = typeof raw === "object" && raw !== null && "steps" in raw ? (raw as { steps: unknown }).steps : undefined;
  if (!Array.isArray(steps) || steps.length === 0) return [];
  const problems: { path: (string | number)[]; message: string }[] = [];
  const seen = new Map<string, number>();
  const firsts: number[] = [];
  steps.forEach((step: unknown, index) => {
    if (typeof step !== "object" || step === null) return;
    const { key: stepKey, firstValue } = step as { key?: unknown; firstValue?: unknown };
    if (typeof stepKey === "string") {
      if (seen.has(stepKey)) problems.push({ path: ["steps", index, "key"], message: `repeats the key of step ${seen.get(stepKey)}` });
      else seen.set(stepKey, index);
    }
    if (firstValue === true) firsts.push(index);
  });
  if (firsts.length === 0) problems.push({ path: ["steps"], message: "mark exactly one step firstValue: true" });
  if (firsts.length > 1) problems.push({ path: ["steps", firsts[1], "firstValue"], message: "only one step may be firstValue" });
  return problems;
}

export type GuideFieldError = { path: string; code: "invalid_value" | "unknown_field" | "duplicate"; message: string };

/**
 * Validates a whole `PUT /api/v1/guides` body: `{"guides":[…]}` with unique guide keys. Returns the
 * guides in their canonical form (see `canonicalGuide`), or every problem with its dotted path.
 */
export function parseGuidesBody(body: unknown): { guides: GuideInput[]; errors: [] } | { guides: null; errors: GuideFieldError[] } {
  const envelope = z
    .strictObject({ guides: z.array(z.unknown(), 'use an array: {"guides":[…]}').max(MAX_GUIDES_PER_CALL, `at most ${MAX_GUIDES_PER_CALL} guides a call`) })
    .safeParse(body);
  if (!envelope.success) return { guides: null, errors: envelope.error.issues.map((issue) => fieldError(issue, [])) };
  const errors: GuideFieldError[] = [];
  const guides: GuideInput[] = [];
  const keys = new Map<string, number>();
  envelope.data.guides.forEach((raw, index) => {
    const parsed = GuideInput.safeParse(raw);
    const across = stepListProblems(raw).map((problem): GuideFieldError => ({
      path: ["guides", index, ...problem.path].join("."),
      code: "invalid_value",
      message: problem.message,
    }));
    if (!parsed.success || across.length > 0) {
      errors.push(...(parsed.success ? [] : parsed.error.issues.map((issue) => fieldError(issue, ["guides", index]))), ...across);
      return;
    }
    const earlier = keys.get(parsed.data.key);
    if (earlier !== undefined) {
      errors.push({ path: `guides.${index}.key`, code: "duplicate", message: `repeats the key of guides.${earlier}` });
      return;
    }
    keys.set(parsed.data.key, index);
    guides.push(canonicalGuide(parsed.data));
  });
  return errors.length > 0 ? { guides: null, errors } : { guides, errors: [] };
}

function fieldError(issue: z.core.$ZodIssue, prefix: (string | number)[]): GuideFieldError {
  if (issue.code === "unrecognized_keys") {
    return { path: [...prefix, ...issue.path, issue.keys.join(", ")].join("."), code: "unknown_field", message: "unknown field" };
  }
  return { path: [...prefix, ...issue.path].join("."), code: "invalid_value", message: issue.message };
}

function sortedBy<T extends string>(list: readonly T[] | undefined, order: readonly T[]): T[] | undefined {
  if (!list || list.length === 0) return undefined;
  return order.filter((value) => list.includes(value));
}

/**
 * The one spelling of a guide: defaults dropped (`count` 1, empty `where` and lists, `firstValue`
 * false), assignment lists in a fixed order, `where` by property name. Two guides that mean the same
 * are equal as JSON, so an identical import changes nothing and `GET` gives back what was sent.
 */
export function canonicalGuide(guide: GuideInput): GuideInput {
  return {
    key: guide.key,
    name: { en: guide.name.en, ja: guide.name.ja },
    ...(guide.description ? { description: { en: guide.description.en, ja: guide.description.ja } } : {}),
    ...optional("segments", sortedBy(guide.segments, GUIDE_SEGMENTS)),
    ...optional("stages", sortedBy(guide.stages, GUIDE_STAGES)),
    ...optional("locales", sortedBy(guide.locales, GUIDE_LOCALES)),
    ...optional("targetDays", guide.targetDays),
    steps: guide.steps.map(canonicalStep),
  };
}

function optional<K extends string, V>(name: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [name]: value } as Record<K, V>);
}

export function canonicalStep(step: GuideStep): GuideStep {
  return {
    key: step.key,
    title: { en: step.title.en, ja: step.title.ja },
    ...(step.body ? { body: { en: step.body.en, ja: step.body.ja } } : {}),
    ...optional("video", step.video),
    scope: step.scope,
    doneWhen: canonicalRule(step.doneWhen),
    ...(step.firstValue ? { firstValue: true as const } : {}),
  };
}

export function canonicalRule(rule: DoneWhen): DoneWhen {
  if ("manual" in rule) return { manual: true };
  if ("community" in rule) return { community: rule.community };
  const where =
    rule.where && Object.keys(rule.where).length > 0 ? Object.fromEntries(Object.entries(rule.where).sort(([a], [b]) => (a < b ? -1 : 1))) : undefined;
  return {
    event: rule.event,
    ...optional("count", rule.count === undefined || rule.count === 1 ? undefined : rule.count),
    ...optional("withinDays", rule.withinDays),
    ...optional("where", where),
  };
}

/** The canonical steps as the text hashed for a version: equal text, same version. */
export function stepsFingerprint(steps: readonly GuideStep[]): string {
  return JSON.stringify(steps.map(canonicalStep));
}

/** The guide-level fields, outside the versioned steps: changing them updates the guide, not its version. */
export function guideHeader(guide: GuideInput): Omit<GuideInput, "steps"> {
  const { steps: _steps, ...header } = canonicalGuide(guide);
  return header;
}

export type GuideChange = "created" | "updated" | "unchanged";

/**
 * What importing `incoming` does to what is stored: nothing for an identical guide; an update in
 * place when only the name, description, assignment or target changed; a new version when the steps
 * changed (accounts mid-way keep the version they have). `fingerprint` turns steps into what is
 * stored for comparison (the services store a hash of `stepsFingerprint`).
 */
export function diffGuide(
  stored: { header: Omit<GuideInput, "steps">; stepsFingerprint: string } | undefined,
  incoming: GuideInput,
  fingerprint: (steps: readonly GuideStep[]) => string = stepsFingerprint,
): { change: GuideChange; newVersion: boolean; headerChanged: boolean } {
  if (!stored) return { change: "created", newVersion: true, headerChanged: true };
  const newVersion = stored.stepsFingerprint !== fingerprint(incoming.steps);
  const headerChanged = JSON.stringify(stored.header) !== JSON.stringify(guideHeader(incoming));
  return { change: newVersion || headerChanged ? "updated" : "unchanged", newVersion, headerChanged };
}

/**
 * Moving an enrolment to another version: progress is kept by step key, so the keys that exist in
 * the new version keep their completions and the rest are dropped from its progress.
 */
export function migrateByStepKey(doneKeys: Iterable<string>, newStepKeys: readonly string[]): { carried: string[]; dropped: string[] } {
  const target = new Set(newStepKeys);
  const carried: string[] = [];
  const dropped: string[] = [];
  for (const stepKey of doneKeys) (target.has(stepKey) ? carried : dropped).push(stepKey);
  return { carried, dropped };
}

// ---------------------------------------------------------------------------------------------
// Completion rules over facts.

/** One usage event as the rules see it: its type, time (epoch ms), person (hash, null: nobody named) and properties. */
export type EventFact = { type: string; at: number; person: number | null; properties: Record<string, unknown> | null };
/** A manual tick: who ticked the step, when. */
export type ManualTick = { stepKey: string; person: number; at: number };
/** A person's community milestones (epoch ms, absent: not reached). */
export type CommunityFacts = { person: number } & Partial<Record<CommunityMilestone, number>>;

export type Facts = {
  /** Start of the account's start date (epoch ms): events count from here, and `withinDays` runs from here. */
  startAt: number;
  events: readonly EventFact[];
  ticks: readonly ManualTick[];
  community: readonly CommunityFacts[];
};

/** When a step was done and by whom (null: a person the facts do not name). */
export type Completion = { at: number; person: number | null };

/** True when the event is of the rule's type, inside its window, and every `where` property equals (as text). */
export function eventMatches(rule: EventRule, event: EventFact, startAt: number): boolean {
  if (event.type !== rule.event || event.at < startAt) return false;
  if (rule.withinDays !== undefined && event.at >= startAt + rule.withinDays * DAY_MS) return false;
  if (rule.where) {
    for (const [name, value] of Object.entries(rule.where)) if (event.properties?.[name] !== value) return false;
  }
  return true;
}

/** The n-th matching event in time order, or null: for the account, or for one person. */
function nthMatch(rule: EventRule, events: readonly EventFact[], startAt: number): Completion | null {
  const matching = events.filter((event) => eventMatches(rule, event, startAt)).sort((a, b) => a.at - b.at);
  const nth = matching[(rule.count ?? 1) - 1];
  return nth ? { at: nth.at, person: nth.person } : null;
}

function earliest(completions: (Completion | null)[]): Completion | null {
  let best: Completion | null = null;
  for (const completion of completions) if (completion && (!best || completion.at < best.at)) best = completion;
  return best;
}

/**
 * A step's completion for one person (user scope), evaluated from that person's facts. Community
 * milestones reached before the start count as done at the start (a member who had already joined).
 */
export function personCompletion(step: Pick<GuideStep, "key" | "doneWhen">, person: number, facts: Facts): Completion | null {
  const rule = step.doneWhen;
  if ("manual" in rule) {
    return earliest(facts.ticks.filter((tick) => tick.stepKey === step.key && tick.person === person).map((tick) => ({ at: tick.at, person })));
  }
  if ("community" in rule) {
    const at = facts.community.find((entry) => entry.person === person)?.[rule.community];
    return at === undefined ? null : { at: Math.max(at, facts.startAt), person };
  }
  return nthMatch(
    rule,
    facts.events.filter((event) => event.person === person),
    facts.startAt,
  );
}

/**
 * A step's completion at the account level. An account step counts everyone's facts together (the
 * third report by anyone completes "three reports"); a user step is done for the account when its
 * first person finishes it on their own.
 */
export function accountCompletion(step: Pick<GuideStep, "key" | "doneWhen" | "scope">, facts: Facts): Completion | null {
  const rule = step.doneWhen;
  if (step.scope === "user") return earliest(peopleIn(facts).map((person) => personCompletion(step, person, facts)));
  if ("manual" in rule) return earliest(facts.ticks.filter((tick) => tick.stepKey === step.key).map((tick) => ({ at: tick.at, person: tick.person })));
  if ("community" in rule) {
    return earliest(
      facts.community.map((entry) =>
        entry[rule.community] === undefined ? null : { at: Math.max(entry[rule.community]!, facts.startAt), person: entry.person },
      ),
    );
  }
  return nthMatch(rule, facts.events, facts.startAt);
}

function peopleIn(facts: Facts): number[] {
  const people = new Set<number>();
  for (const event of facts.events) if (event.person !== null) people.add(event.person);
  for (const tick of facts.ticks) people.add(tick.person);
  for (const entry of facts.community) people.add(entry.person);
  return [...people];
}

/** For a person's checklist: account steps as the account has them, user steps as that person has them. */
export function personChecklist(steps: readonly GuideStep[], person: number, facts: Facts): Map<string, Completion | null> {
  return new Map(steps.map((step) => [step.key, step.scope === "account" ? accountCompletion(step, facts) : personCompletion(step, person, facts)]));
}

export type Progress = { done: number; total: number; percent: number };

/** Done of total steps, the percent floored (2 of 3 is 66, never 67: 100 only when all are done). */
export function progressOf(done: number, total: number): Progress {
  return { done, total, percent: total === 0 ? 0 : Math.floor((done * 100) / total) };
}

/** Epoch ms of the start of an ISO date's UTC day. */
export function startOfDate(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`);
}

/**
 * Time to first value in whole days: calendar days from the start date to the day of activation
 * (UTC). Activation on the start date is 0; activation before it (a member already active) is 0 too.
 */
export function timeToValueDays(startDate: string, activatedAt: number): number {
  return Math.max(0, Math.floor((activatedAt - startOfDate(startDate)) / DAY_MS));
}

// ---------------------------------------------------------------------------------------------
// Assignment and enrolment.

/** `locales`: the languages of the account's contacts (a guide restricted by locale needs one of them). */
export type AssignableAccount = { segment: string; stage: string; startDate: string; locales?: readonly string[] };
export type Assignment = { key: string; segments?: readonly string[]; stages?: readonly string[]; locales?: readonly string[] };

/**
 * True when the guide's assignment admits the account: each list, when given, names the account's
 * value; a guide restricted to locales needs a contact speaking one of them (an account without
 * contacts yet waits for its first, since the start sweep runs again).
 */
export function guideAdmits(guide: Assignment, account: AssignableAccount): boolean {
  const admits = (list: readonly string[] | undefined, value: string) => !list || list.length === 0 || list.includes(value);
  const speaks = !guide.locales || guide.locales.length === 0 || (account.locales ?? []).some((locale) => guide.locales!.includes(locale));
  return admits(guide.segments, account.segment) && admits(guide.stages, account.stage) && speaks;
}

/**
 * The guide an account gets among those that admit it: the most specific (the more of segment,
 * stage and locale it names, the more specific), then by key, so the choice never depends on
 * storage order.
 */
export function pickGuide<G extends Assignment>(guides: readonly G[], account: AssignableAccount): G | null {
  const specificity = (guide: G) => (guide.segments?.length ? 1 : 0) + (guide.stages?.length ? 1 : 0) + (guide.locales?.length ? 1 : 0);
  const admitting = guides.filter((guide) => guideAdmits(guide, account));
  admitting.sort((a, b) => specificity(b) - specificity(a) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return admitting[0] ?? null;
}

/**
 * Publishing enrols only accounts whose start date is at most `days` days before today (or later):
 * publishing must never start a guide, and its nudges, for a customer of years.
 */
export function enrolsOnPublish(startDate: string, today: string, days: number): boolean {
  return startOfDate(startDate) >= startOfDate(today) - days * DAY_MS;
}

/**
 * An account joins its guide on its own start date (`enrolledBy: "start"`): when the date is
 * reached, and only while it is at most `days` days old — an account imported years after it
 * started is enrolled by an admin, never automatically.
 */
export function enrolsOnStart(startDate: string, today: string, days: number): boolean {
  return startDate <= today && enrolsOnPublish(startDate, today, days);
}
