import { eq } from "drizzle-orm";
import { accounts, cases, contacts, responses } from "../../db/schema";
import { db } from "../utils/db.server";

/** One response with what a detractor alert shows: contact, account, money at stake, and its case if any. */
export function findResponseForAlert(responseId: number) {
  return db
    .select({
      id: responses.id,
      score: responses.score,
      comment: responses.comment,
      category: responses.category,
      contactName: contacts.name,
      contactEmail: contacts.email,
      accountId: accounts.id,
      accountName: accounts.name,
      segment: accounts.segment,
      acvAmount: accounts.acvAmount,
      acvCurrency: accounts.acvCurrency,
      renewalDate: accounts.renewalDate,
      caseId: cases.id,
    })
    .from(responses)
    .innerJoin(contacts, eq(contacts.id, responses.contactId))
    .innerJoin(accounts, eq(accounts.id, responses.accountId))
    .leftJoin(cases, eq(cases.responseId, responses.id))
    .where(eq(responses.id, responseId))
    .get();
}
