import { accountCompletion, personCompletion, startOfDate, timeToValueDays, type CommunityFacts, type Facts } from "../domain/guides";
import { personKey } from "../domain/usage-events";
import { versionSteps } from "../models/guide.server";
import {
  accountContacts,
  accountEventsOfTypes,
  communityMilestones,
  donePersonSteps,
  doneStepKeys,
  enrolmentOfAccount,
  insertPersonCompletion,
  insertStepCompletion,
  manualTicks,
  updateEnrolmentProgress,
  type CompletionRow,
} from "../models/guide-progress.server";
import type { Db } from "../../db/client";
import { transaction } from "../utils/db.server";
import { personHash } from "./record-usage-events.server";

export type AdvanceResult = { enrolled: boolean; completed: string[]; activatedAt: number | null };

/**
 * The step engine: evaluates an account's enrolment against its usage events, manual ticks and
 * community milestones, and records what is newly done — per person for user steps, and at the
 * account level (an account step by anyone, a user step by its first person). Completions are
 * only ever added, so running it twice, or late, changes nothing more. Reaching the first-value
 * step activates the account and fixes its TTV. Progress is dated by the facts that made it (the
 * completing event's time), so a late run does not make a stalled account look fresh.
 */
export function advanceOnboarding(accountId: number, now = Date.now()): AdvanceResult {
  return transaction((tx) => advanceOnboardingIn(tx, accountId, now));
}

/** The step engine inside the caller's transaction (the demo seed runs it in its own). */
export function advanceOnboardingIn(tx: Db, accountId: number, now: number): AdvanceResult {
  {
    const enrolment = enrolmentOfAccount(accountId, tx);
    if (!enrolment) return { enrolled: false, completed: [], activatedAt: null };
    const steps = versionSteps([enrolment.versionId], tx).get(enrolment.versionId) ?? [];
    const startAt = startOfDate(enrolment.startedAt);
    const contacts = accountContacts(accountId, tx);
    const contactByPerson = new Map(contacts.map((contact) => [personHash(personKey({ email: contact.email, userId: null })!), contact]));
    const personOfContact = new Map([...contactByPerson].map(([person, contact]) => [contact.id, person]));
    const doneKeys = doneStepKeys(enrolment.id, tx);
    // An account step once done needs no more reading; a user step still may (each new person).
    const eventTypes = [
      ...new Set(steps.flatMap((step) => ("event" in step.doneWhen && !(step.scope === "account" && doneKeys.has(step.key)) ? [step.doneWhen.event] : []))),
    ];
    const community: CommunityFacts[] = steps.some((step) => "community" in step.doneWhen)
      ? communityMilestones(accountId, tx).map(({ contactId, ...milestones }) => ({ person: personOfContact.get(contactId)!, ...milestones }))
      : [];
    const facts: Facts = { startAt, events: accountEventsOfTypes(accountId, eventTypes, startAt, tx), ticks: manualTicks(enrolment.id, tx), community };

    const donePeople = donePersonSteps(enrolment.id, tx);
    const people = new Set<number>([...contactByPerson.keys()]);
    for (const event of facts.events) if (event.person !== null) people.add(event.person);

    const row = (stepKey: string, at: number, person: number | null, source: CompletionRow["source"]): CompletionRow => {
      const contact = person === null ? undefined : contactByPerson.get(person);
      return { stepKey, doneAt: at, person, contactId: contact?.id ?? null, doneBy: contact?.email ?? null, source };
    };
    const completed: string[] = [];
    let activatedAt: number | null = null;
    let latestAt = 0;
    for (const step of steps) {
      const source = "manual" in step.doneWhen ? "manual" : "community" in step.doneWhen ? "community" : "event";
      if (step.scope === "user" && source !== "manual") {
        for (const person of people) {
          if (donePeople.has(`${step.key}\u0000${person}`)) continue;
          const done = personCompletion(step, person, facts);
          if (done) insertPersonCompletion(enrolment.id, { ...row(step.key, done.at, person, source), person }, tx);
        }
      }
      if (doneKeys.has(step.key)) continue;
      const done = accountCompletion(step, facts);
      if (!done) continue;
      if (insertStepCompletion(enrolment.id, row(step.key, done.at, done.person, source), tx)) {
        completed.push(step.key);
        latestAt = Math.max(latestAt, done.at);
        if (step.key === enrolment.firstValueKey && enrolment.activatedAt === null) activatedAt = done.at;
      }
    }
    if (completed.length > 0) {
      updateEnrolmentProgress(
        enrolment.id,
        { lastProgressAt: Math.min(latestAt, now), activatedAt, ttvDays: activatedAt === null ? null : timeToValueDays(enrolment.startedAt, activatedAt) },
        tx,
      );
    }
    return { enrolled: true, completed, activatedAt };
  }
}
