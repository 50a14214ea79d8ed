import { beforeEach, describe, expect, it } from "vitest";
import { guideEnrolments, guides } from "../../db/schema";
import { enrolmentOfAccount } from "../../app/models/guide-progress.server";
import { CLI_ACTOR } from "../../app/services/actor.server";
import { advanceOnboarding } from "../../app/services/advance-onboarding.server";
import { enrolStartedAccounts } from "../../app/services/enrol-started-accounts.server";
import { publishGuides } from "../../app/services/publish-guides.server";
import { db } from "../../app/utils/db.server";
import { createAccount, createContact } from "../factories";

const DAY = 86_400_000;
const NOW = Date.parse("2026-12-07T12:00:00Z");
const dayOffset = (days: number) => new Date(NOW + days * DAY).toISOString().slice(0, 10);

const step = (key: string, firstValue = false) => ({
  key,
  title: { en: key, ja: key },
  scope: "user" as const,
  doneWhen: { manual: true as const },
  ...(firstValue ? { firstValue: true } : {}),
});
const techGuide = { key: "tech-start", name: { en: "Start", ja: "開始" }, segments: ["tech"], steps: [step("a", true)] };
const jaGuide = { key: "tech-ja", name: { en: "Start (ja)", ja: "開始" }, segments: ["tech"], locales: ["ja"], steps: [step("b", true)] };

beforeEach(() => {
  db.delete(guides).run();
});

describe("who joins a guide when its start date comes", () => {
  it("an account created after the guide was published joins on its start date, enrolled by start, once", () => {
    publishGuides(CLI_ACTOR, { guides: [techGuide] }, NOW - 10 * DAY);
    const today = createAccount({ externalId: "st-today", segment: "tech", startDate: dayOffset(0) });
    const tomorrow = createAccount({ externalId: "st-tomorrow", segment: "tech", startDate: dayOffset(1) });
    const low = createAccount({ externalId: "st-low", segment: "low", startDate: dayOffset(0) });

    expect(enrolStartedAccounts(NOW)).toBe(1);
    expect(enrolmentOfAccount(today.id)).toMatchObject({ startedAt: dayOffset(0) });
    expect(enrolmentOfAccount(tomorrow.id)).toBeUndefined();
    expect(enrolmentOfAccount(low.id)).toBeUndefined();
    expect(db.select({ by: guideEnrolments.enrolledBy, nudges: guideEnrolments.nudges }).from(guideEnrolments).all()).toEqual([{ by: "start", nudges: true }]);

    // The next day the other one's date has come; the first is not enrolled twice.
    expect(enrolStartedAccounts(NOW + DAY)).toBe(1);
    expect(enrolmentOfAccount(tomorrow.id)).toMatchObject({ startedAt: dayOffset(1) });
    expect(enrolStartedAccounts(NOW + DAY)).toBe(0);
    expect(db.select().from(guideEnrolments).all()).toHaveLength(2);
  });

  it("an account imported today with a start date older than the window is never enrolled automatically", () => {
    publishGuides(CLI_ACTOR, { guides: [techGuide] }, NOW - 100 * DAY);
    const edge = createAccount({ externalId: "st-edge", segment: "tech", startDate: dayOffset(-30) });
    const old = createAccount({ externalId: "st-old", segment: "tech", startDate: dayOffset(-31) });
    const years = createAccount({ externalId: "st-years", segment: "tech", startDate: "2021-04-01" });
    expect(enrolStartedAccounts(NOW)).toBe(1);
    expect(enrolmentOfAccount(edge.id)).toBeDefined();
    expect(enrolmentOfAccount(old.id)).toBeUndefined();
    expect(enrolmentOfAccount(years.id)).toBeUndefined();
  });

  it("a guide restricted to Japanese goes to an account with a Japanese-speaking contact; an account without contacts waits for one", () => {
    publishGuides(CLI_ACTOR, { guides: [techGuide, jaGuide] }, NOW - 10 * DAY);
    const ja = createAccount({ externalId: "st-ja", segment: "tech", startDate: dayOffset(0) });
    createContact({ accountId: ja.id, locale: "ja", email: "hanako@st-ja.example" });
    const en = createAccount({ externalId: "st-en", segment: "tech", startDate: dayOffset(0) });
    createContact({ accountId: en.id, locale: "en", email: "sam@st-en.example" });
    enrolStartedAccounts(NOW);
    const guideOf = (accountId: number) =>
      db
        .select()
        .from(guides)
        .all()
        .find((guide) => guide.id === enrolmentOfAccount(accountId)?.guideId)?.key;
    expect(guideOf(ja.id)).toBe("tech-ja");
    expect(guideOf(en.id)).toBe("tech-start");
  });

  it("a contact added to an enrolled account takes part: their ticks count for the account's guide", () => {
    publishGuides(CLI_ACTOR, { guides: [techGuide] }, NOW - 10 * DAY);
    const account = createAccount({ externalId: "st-team", segment: "tech", startDate: dayOffset(0) });
    enrolStartedAccounts(NOW);
    const enrolment = enrolmentOfAccount(account.id)!;
    createContact({ accountId: account.id, email: "late@st-team.example" });
    expect(enrolStartedAccounts(NOW + 60_000)).toBe(0);
    expect(enrolmentOfAccount(account.id)).toMatchObject({ id: enrolment.id, doneSteps: 0 });
    expect(advanceOnboarding(account.id, NOW)).toMatchObject({ enrolled: true, completed: [] });
  });

  it("with no guide published nothing happens", () => {
    createAccount({ externalId: "st-none", segment: "tech", startDate: dayOffset(0) });
    expect(enrolStartedAccounts(NOW)).toBe(0);
  });
});
