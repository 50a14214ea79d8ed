import { describe, expect, it } from "vitest";
import { bodyTeaser, isStalled, nextStepFor, nudgeDecision, quietSince, stallOutcome, type EnrolmentClock } from "./onboarding-nudges";

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

const fresh = (change: Partial<EnrolmentClock> = {}): EnrolmentClock => ({
  startedAt: "2026-11-01",
  lastProgressAt: null,
  doneSteps: 0,
  stepCount: 6,
  ...change,
});

describe("the stall rule", () => {
  it("measures from the start of the start date when nothing was done yet", () => {
    expect(quietSince(fresh())).toBe(at("2026-11-01T00:00:00Z"));
    // 14 days exactly after 2026-11-01T00:00Z is stalled; a millisecond earlier is not.
    expect(isStalled(fresh(), 14, at("2026-11-15T00:00:00Z"))).toBe(true);
    expect(isStalled(fresh(), 14, at("2026-11-15T00:00:00Z") - 1)).toBe(false);
  });

  it("measures from the last progress once something was done", () => {
    const moving = fresh({ lastProgressAt: at("2026-11-10T15:00:00Z"), doneSteps: 2 });
    expect(isStalled(moving, 14, at("2026-11-24T14:59:59Z"))).toBe(false);
    expect(isStalled(moving, 14, at("2026-11-24T15:00:00Z"))).toBe(true);
    // The guide's own delay: 7 days stalls a week earlier.
    expect(isStalled(moving, 7, at("2026-11-17T15:00:00Z"))).toBe(true);
  });

  it("never stalls a finished guide, however long ago it moved", () => {
    expect(isStalled(fresh({ doneSteps: 6, lastProgressAt: at("2026-01-01T00:00:00Z") }), 14, at("2026-12-07T00:00:00Z"))).toBe(false);
  });

  it("does not stall an account whose start date is still ahead", () => {
    expect(isStalled(fresh({ startedAt: "2026-12-20" }), 14, at("2026-12-07T00:00:00Z"))).toBe(false);
  });

  it("gives low touch a task, tech touch the pooled list, high touch to its CSM unless the setting says otherwise", () => {
    expect(stallOutcome("low", { highTouchTasks: false })).toBe("task");
    expect(stallOutcome("tech", { highTouchTasks: false })).toBe("pooled");
    expect(stallOutcome("tech", { highTouchTasks: true })).toBe("pooled");
    expect(stallOutcome("high", { highTouchTasks: false })).toBe("left_to_csm");
    expect(stallOutcome("high", { highTouchTasks: true })).toBe("task");
  });
});

describe("nudge spacing", () => {
  const none = { lastOnboardingEmailAt: null, nudgedSteps: new Set<string>() };
  const base = { enrolment: fresh(), personLastDoneAt: null, nextStepKey: "connect", nudgeAfterDays: 3, history: none };

  it("waits for the guide's nudge delay from the start, then sends", () => {
    expect(nudgeDecision(base, at("2026-11-03T23:59:59Z"))).toEqual({ send: false, reason: "not_quiet_yet" });
    expect(nudgeDecision(base, at("2026-11-04T00:00:00Z"))).toEqual({ send: true });
  });

  it("counts the person's own latest step and the account's progress, whichever is later", () => {
    const input = { ...base, enrolment: fresh({ lastProgressAt: at("2026-11-05T10:00:00Z"), doneSteps: 1 }), personLastDoneAt: at("2026-11-06T10:00:00Z") };
    expect(nudgeDecision(input, at("2026-11-08T10:00:00Z"))).toEqual({ send: false, reason: "not_quiet_yet" });
    expect(nudgeDecision(input, at("2026-11-09T10:00:00Z"))).toEqual({ send: true });
  });

  it("sends one nudge per step, ever", () => {
    const input = { ...base, history: { lastOnboardingEmailAt: at("2026-11-04T00:00:00Z"), nudgedSteps: new Set(["connect"]) } };
    expect(nudgeDecision(input, at("2026-12-01T00:00:00Z"))).toEqual({ send: false, reason: "already_nudged_for_step" });
  });

  it("leaves three days between two onboarding emails to one person, even about another step", () => {
    const last = at("2026-11-20T09:00:00Z");
    const input = { ...base, nextStepKey: "invite", history: { lastOnboardingEmailAt: last, nudgedSteps: new Set(["connect"]) } };
    expect(nudgeDecision(input, last + 3 * DAY - 1)).toEqual({ send: false, reason: "too_soon_after_last_email" });
    expect(nudgeDecision(input, last + 3 * DAY)).toEqual({ send: true });
  });

  it("sends nothing when the guide is finished or the person has nothing left", () => {
    expect(nudgeDecision({ ...base, enrolment: fresh({ doneSteps: 6 }) }, at("2026-12-01T00:00:00Z"))).toEqual({ send: false, reason: "guide_finished" });
    expect(nudgeDecision({ ...base, nextStepKey: null }, at("2026-12-01T00:00:00Z"))).toEqual({ send: false, reason: "no_next_step" });
  });
});

describe("the next step", () => {
  const steps = [
    { key: "connect", scope: "account" as const },
    { key: "profile", scope: "user" as const },
    { key: "invite", scope: "account" as const },
  ];

  it("is the first step not done: an account step by anyone, a user step by this person", () => {
    expect(nextStepFor(steps, new Set(), new Set())?.key).toBe("connect");
    // A teammate did the profile step (done for the account) but this person did not.
    expect(nextStepFor(steps, new Set(["connect", "profile"]), new Set())?.key).toBe("profile");
    expect(nextStepFor(steps, new Set(["connect", "profile"]), new Set(["profile"]))?.key).toBe("invite");
    expect(nextStepFor(steps, new Set(["connect", "profile", "invite"]), new Set(["profile"]))).toBeNull();
  });
});

describe("the body teaser", () => {
  it("takes the first line with text, without Markdown, and shortens a long one", () => {
    expect(bodyTeaser("## Connect your data\n\nMore")).toBe("Connect your data");
    expect(bodyTeaser("\n\nRead [the guide](https://example.com/x) **first**.")).toBe("Read the guide first.");
    expect(bodyTeaser(null)).toBeNull();
    expect(bodyTeaser("a".repeat(300), 20)).toBe(`${"a".repeat(19)}…`);
  });
});
