import { describe, expect, it } from "vitest";
import {
  accountCompletion,
  canonicalGuide,
  diffGuide,
  enrolsOnPublish,
  eventMatches,
  guideAdmits,
  guideHeader,
  migrateByStepKey,
  parseGuidesBody,
  personChecklist,
  pickGuide,
  enrolsOnStart,
  personCompletion,
  progressOf,
  stepsFingerprint,
  timeToValueDays,
  videoProblem,
  type EventFact,
  type Facts,
  type GuideInput,
  type GuideStep,
} from "./guides";

const DAY = 86_400_000;
const START = Date.parse("2026-11-01T00:00:00Z");
const at = (days: number, hours = 0) => START + days * DAY + hours * 3_600_000;
const HANA = 11;
const KEN = 22;

function step(key: string, doneWhen: GuideStep["doneWhen"], scope: GuideStep["scope"] = "account", firstValue = false): GuideStep {
  return { key, title: { en: key, ja: key }, scope, doneWhen, ...(firstValue ? { firstValue: true as const } : {}) };
}

function guide(steps: GuideStep[], extra: Partial<GuideInput> = {}): GuideInput {
  return { key: "tech-default", name: { en: "Get started", ja: "はじめに" }, steps, ...extra };
}

const ev = (type: string, atMs: number, person: number | null, properties: Record<string, unknown> | null = null): EventFact => ({
  type,
  at: atMs,
  person,
  properties,
});
const facts = (events: EventFact[], more: Partial<Facts> = {}): Facts => ({ startAt: START, events, ticks: [], community: [], ...more });

describe("parseGuidesBody", () => {
  const valid = () =>
    guide([
      step("connect", { event: "integration_connected" }),
      step("report", { event: "report_created", count: 3, withinDays: 14, where: { plan: "pro" } }, "user", true),
    ]);

  it("accepts the contract's shape and gives it back canonical", () => {
    const result = parseGuidesBody({ guides: [valid()] });
    expect(result.errors).toEqual([]);
    expect(result.guides).toEqual([valid()]);
  });

  it("refuses a guide with no first-value step, or two", () => {
    const none = guide([step("a", { manual: true }), step("b", { manual: true })]);
    expect(parseGuidesBody({ guides: [none] }).errors).toEqual([
      { path: "guides.0.steps", code: "invalid_value", message: "mark exactly one step firstValue: true" },
    ]);
    const two = guide([step("a", { manual: true }, "user", true), step("b", { manual: true }, "user", true)]);
    expect(parseGuidesBody({ guides: [two] }).errors).toEqual([
      { path: "guides.0.steps.1.firstValue", code: "invalid_value", message: "only one step may be firstValue" },
    ]);
  });

  it("refuses repeated step keys and repeated guide keys", () => {
    const repeated = guide([step("a", { manual: true }, "user", true), step("a", { manual: true })]);
    expect(parseGuidesBody({ guides: [repeated] }).errors).toEqual([
      expect.objectContaining({ path: "guides.0.steps.1.key", message: "repeats the key of step 0" }),
    ]);
    expect(parseGuidesBody({ guides: [valid(), valid()] }).errors).toEqual([
      { path: "guides.1.key", code: "duplicate", message: "repeats the key of guides.0" },
    ]);
  });

  it("names the field of a bad rule, whichever variant was meant", () => {
    const bad = guide([
      step("a", { event: "x", count: 0 } as never, "user", true),
      step("b", { event: "x", where: { plan: 3 } } as never),
      step("c", { community: "liked" } as never),
      step("d", { manual: false } as never),
      step("e", { sometimes: true } as never),
      step("f", { event: "x", every: 2 } as never),
    ]);
    const paths = parseGuidesBody({ guides: [bad] }).errors.map((error) => `${error.path} ${error.code}`);
    expect(paths).toEqual([
      "guides.0.steps.0.doneWhen.count invalid_value",
      "guides.0.steps.1.doneWhen.where.plan invalid_value",
      "guides.0.steps.2.doneWhen.community invalid_value",
      "guides.0.steps.3.doneWhen.manual invalid_value",
      "guides.0.steps.4.doneWhen invalid_value",
      "guides.0.steps.5.doneWhen.every unknown_field",
    ]);
  });

  it("refuses unknown fields, a bad scope, and a missing Japanese title", () => {
    const bad = { ...valid(), colour: "red", steps: [{ ...valid().steps[1], scope: "team", title: { en: "Report" } }] };
    expect(parseGuidesBody({ guides: [bad] }).errors.map((error) => error.path)).toEqual([
      "guides.0.steps.0.title.ja",
      "guides.0.steps.0.scope",
      "guides.0.colour",
    ]);
  });

  it("refuses a body that is not {guides:[…]}", () => {
    expect(parseGuidesBody([]).guides).toBeNull();
    expect(parseGuidesBody({ guides: [], extra: 1 }).errors).toEqual([expect.objectContaining({ path: "extra", code: "unknown_field" })]);
  });
});

describe("videoProblem", () => {
  it("takes only privacy-enhanced embeds", () => {
    expect(videoProblem("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")).toBeNull();
    expect(videoProblem("https://player.vimeo.com/video/76979871?dnt=1")).toBeNull();
    expect(videoProblem("https://www.youtube.com/embed/dQw4w9WgXcQ")).toMatch(/privacy-enhanced/);
    expect(videoProblem("https://player.vimeo.com/video/76979871")).toMatch(/dnt=1/);
    expect(videoProblem("http://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")).toMatch(/https/);
    expect(videoProblem("javascript:alert(1)")).not.toBeNull();
  });
});

describe("versions", () => {
  const base = guide([step("connect", { event: "connected", count: 1 }), step("report", { event: "report", where: { b: "2", a: "1" } }, "user", true)], {
    segments: ["tech", "low"],
  });
  const stored = { header: guideHeader(base), stepsFingerprint: stepsFingerprint(base.steps) };

  it("an identical guide, or one spelt differently with the same meaning, changes nothing", () => {
    expect(diffGuide(stored, base)).toEqual({ change: "unchanged", newVersion: false, headerChanged: false });
    const respelt = guide([step("connect", { event: "connected" }), step("report", { event: "report", where: { a: "1", b: "2" } }, "user", true)], {
      segments: ["low", "tech"],
    });
    expect(diffGuide(stored, canonicalGuide(respelt)).change).toBe("unchanged");
  });

  it("a renamed guide is updated in place; a changed step is a new version", () => {
    expect(diffGuide(stored, { ...base, name: { en: "Welcome", ja: "ようこそ" } })).toEqual({ change: "updated", newVersion: false, headerChanged: true });
    const changed = { ...base, steps: [base.steps[0], { ...base.steps[1], doneWhen: { event: "report", count: 2 } }] };
    expect(diffGuide(stored, changed)).toEqual({ change: "updated", newVersion: true, headerChanged: false });
    const reordered = { ...base, steps: [base.steps[1], base.steps[0]] };
    expect(diffGuide(stored, reordered).newVersion).toBe(true);
  });

  it("a new guide is created", () => {
    expect(diffGuide(undefined, base).change).toBe("created");
  });

  it("migration carries progress for the keys that still exist", () => {
    expect(migrateByStepKey(["connect", "invite", "report"], ["connect", "report", "share"])).toEqual({ carried: ["connect", "report"], dropped: ["invite"] });
  });
});

describe("event rules", () => {
  it("count from the start date: events before the start do not count", () => {
    const rule = step("report", { event: "report", count: 3 });
    const events = [ev("report", at(-1), HANA), ev("report", at(0, 1), HANA), ev("report", at(2), KEN)];
    expect(accountCompletion(rule, facts(events))).toBeNull();
    expect(accountCompletion(rule, facts([...events, ev("report", at(5), KEN)]))).toEqual({ at: at(5), person: KEN });
  });

  it("the completion is the n-th event in time order, whatever order the facts come in", () => {
    const rule = step("report", { event: "report", count: 2 });
    expect(accountCompletion(rule, facts([ev("report", at(9), KEN), ev("report", at(1), HANA), ev("report", at(4), KEN)]))).toEqual({ at: at(4), person: KEN });
  });

  it("withinDays: an event on day d after the start is too late, one just before counts", () => {
    const rule = { event: "report", withinDays: 7 };
    expect(eventMatches(rule, ev("report", at(7) - 1, HANA), START)).toBe(true);
    expect(eventMatches(rule, ev("report", at(7), HANA), START)).toBe(false);
    expect(
      accountCompletion(step("r", { event: "report", count: 2, withinDays: 7 }), facts([ev("report", at(1), HANA), ev("report", at(8), HANA)])),
    ).toBeNull();
  });

  it("where is an AND of equalities on text", () => {
    const rule = { event: "export", where: { format: "csv", plan: "pro" } };
    expect(eventMatches(rule, ev("export", at(1), HANA, { format: "csv", plan: "pro", extra: "x" }), START)).toBe(true);
    expect(eventMatches(rule, ev("export", at(1), HANA, { format: "csv" }), START)).toBe(false);
    expect(eventMatches(rule, ev("export", at(1), HANA, { format: "pdf", plan: "pro" }), START)).toBe(false);
    expect(eventMatches({ event: "export", where: { seats: "5" } }, ev("export", at(1), HANA, { seats: 5 }), START)).toBe(false);
    expect(eventMatches(rule, ev("export", at(1), HANA, null), START)).toBe(false);
    expect(eventMatches(rule, ev("import", at(1), HANA, { format: "csv", plan: "pro" }), START)).toBe(false);
  });
});

describe("scopes", () => {
  const events = [ev("report", at(1), HANA), ev("report", at(2), KEN), ev("report", at(3), HANA), ev("report", at(4), null)];

  it("an account step counts everyone's events together, including events that named nobody", () => {
    expect(accountCompletion(step("r", { event: "report", count: 4 }, "account"), facts(events))).toEqual({ at: at(4), person: null });
  });

  it("a user step needs one person to reach the count alone; the account has it when the first person does", () => {
    const rule = step("r", { event: "report", count: 2 }, "user");
    expect(personCompletion(rule, HANA, facts(events))).toEqual({ at: at(3), person: HANA });
    expect(personCompletion(rule, KEN, facts(events))).toBeNull();
    expect(accountCompletion(rule, facts(events))).toEqual({ at: at(3), person: HANA });
    expect(accountCompletion(step("r", { event: "report", count: 3 }, "user"), facts(events))).toBeNull();
  });

  it("manual steps: a person's own tick for a user step, anyone's tick for an account step", () => {
    const ticks = [
      { stepKey: "tour", person: KEN, at: at(2) },
      { stepKey: "tour", person: HANA, at: at(1) },
    ];
    expect(personCompletion(step("tour", { manual: true }, "user"), HANA, facts([], { ticks }))).toEqual({ at: at(1), person: HANA });
    expect(personCompletion(step("tour", { manual: true }, "user"), 99, facts([], { ticks }))).toBeNull();
    expect(accountCompletion(step("tour", { manual: true }, "account"), facts([], { ticks }))).toEqual({ at: at(1), person: HANA });
    expect(accountCompletion(step("other", { manual: true }, "account"), facts([], { ticks }))).toBeNull();
  });

  it("community milestones: the person's own, or anyone's for the account; reached before the start is done at the start", () => {
    const community = [
      { person: HANA, joined: at(-30), first_post: at(3) },
      { person: KEN, joined: at(1) },
    ];
    expect(personCompletion(step("join", { community: "joined" }, "user"), HANA, facts([], { community }))).toEqual({ at: START, person: HANA });
    expect(personCompletion(step("post", { community: "first_post" }, "user"), KEN, facts([], { community }))).toBeNull();
    expect(accountCompletion(step("post", { community: "first_post" }), facts([], { community }))).toEqual({ at: at(3), person: HANA });
    expect(accountCompletion(step("ans", { community: "accepted_answer" }), facts([], { community }))).toBeNull();
  });

  it("a person's checklist mixes the account's steps with their own", () => {
    const steps = [step("connect", { event: "connected" }, "account"), step("report", { event: "report" }, "user", true)];
    const list = personChecklist(steps, KEN, facts([ev("connected", at(1), HANA), ev("report", at(2), HANA)]));
    expect(list.get("connect")).toEqual({ at: at(1), person: HANA });
    expect(list.get("report")).toBeNull();
  });
});

describe("progress and time to value", () => {
  it("percent is floored", () => {
    expect(progressOf(2, 3)).toEqual({ done: 2, total: 3, percent: 66 });
    expect(progressOf(1, 7)).toEqual({ done: 1, total: 7, percent: 14 });
    expect(progressOf(7, 7).percent).toBe(100);
    expect(progressOf(0, 0).percent).toBe(0);
  });

  it("TTV is whole calendar days from the start date", () => {
    expect(timeToValueDays("2026-11-01", Date.parse("2026-11-01T23:59:59Z"))).toBe(0);
    expect(timeToValueDays("2026-11-01", Date.parse("2026-11-02T00:00:00Z"))).toBe(1);
    expect(timeToValueDays("2026-11-01", Date.parse("2026-11-15T12:00:00Z"))).toBe(14);
    // Across a month end: 2026-11-28 to 2026-12-03 is 5 days.
    expect(timeToValueDays("2026-11-28", Date.parse("2026-12-03T08:00:00Z"))).toBe(5);
    expect(timeToValueDays("2026-11-01", Date.parse("2026-10-20T00:00:00Z"))).toBe(0);
  });
});

describe("assignment and enrolment on publish", () => {
  const account = { segment: "tech", stage: "onboarding", startDate: "2026-11-20" };

  it("a guide admits an account when each list it gives names the account's value", () => {
    expect(guideAdmits({ key: "a" }, account)).toBe(true);
    expect(guideAdmits({ key: "a", segments: ["tech", "low"] }, account)).toBe(true);
    expect(guideAdmits({ key: "a", segments: ["high"] }, account)).toBe(false);
    expect(guideAdmits({ key: "a", segments: ["tech"], stages: ["adoption"] }, account)).toBe(false);
  });

  it("the most specific admitting guide wins, then the key", () => {
    const all = [
      { key: "z-any" },
      { key: "b-tech", segments: ["tech"] },
      { key: "a-tech", segments: ["tech"] },
      { key: "c-high", segments: ["high"], stages: ["onboarding"] },
    ];
    expect(pickGuide(all, account)?.key).toBe("a-tech");
    expect(pickGuide([...all, { key: "x", segments: ["tech"], stages: ["onboarding"] }], account)?.key).toBe("x");
    expect(pickGuide([{ key: "h", segments: ["high"] }], account)).toBeNull();
  });

  it("a guide restricted by locale admits an account only through a contact speaking one of them, and is the more specific", () => {
    const ja = { key: "b-ja", segments: ["tech"], locales: ["ja"] };
    const any = { key: "a-tech", segments: ["tech"] };
    expect(guideAdmits(ja, account)).toBe(false);
    expect(guideAdmits(ja, { ...account, locales: ["en"] })).toBe(false);
    expect(guideAdmits(ja, { ...account, locales: ["en", "ja"] })).toBe(true);
    expect(pickGuide([any, ja], { ...account, locales: ["ja"] })?.key).toBe("b-ja");
    expect(pickGuide([any, ja], { ...account, locales: ["en"] })?.key).toBe("a-tech");
  });

  it("an account joins on its start date, not before it, and not once it is older than the window", () => {
    expect(enrolsOnStart("2026-12-07", "2026-12-07", 30)).toBe(true);
    expect(enrolsOnStart("2026-12-08", "2026-12-07", 30)).toBe(false);
    expect(enrolsOnStart("2026-11-07", "2026-12-07", 30)).toBe(true);
    expect(enrolsOnStart("2026-11-06", "2026-12-07", 30)).toBe(false);
  });

  it("publishing enrols accounts that started within the last 30 days, never older ones", () => {
    expect(enrolsOnPublish("2026-11-07", "2026-12-07", 30)).toBe(true);
    expect(enrolsOnPublish("2026-11-06", "2026-12-07", 30)).toBe(false);
    expect(enrolsOnPublish("2026-12-20", "2026-12-07", 30)).toBe(true);
    expect(enrolsOnPublish("2021-04-01", "2026-12-07", 30)).toBe(false);
  });
});
