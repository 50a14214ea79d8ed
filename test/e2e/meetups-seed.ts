/**
 * Run against the e2e server's database (DATABASE_URL): an online event with one seat, taken by a
 * first customer through the registration service; a second customer, who will join the waitlist
 * in the browser. Prints `MEETUP <id>`, `WAITING <email>`, `SEATED <email>`, `ACCOUNT <id>`.
 */
import { createMeetup } from "../../app/services/meetup-admin.server";
import { registerForMeetup } from "../../app/services/meetup-registration.server";
import { requireCommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { users } from "../../db/schema";
import { contactCookie, createAccount, createContact, getRequest } from "../factories";
import { eq } from "drizzle-orm";
import { E2E_STAFF } from "./fixtures";

const stamp = Date.now();
const staff = db.select().from(users).where(eq(users.email, E2E_STAFF.admin.email)).get()!;
const startsAt = stamp + 3 * 24 * 3_600_000;
const meetup = createMeetup({ user: { ...staff, language: "en" } } as unknown as Parameters<typeof createMeetup>[0], {
  title: `User group ${stamp}`,
  description: "Two customer talks and **open Q&A**.",
  format: "online",
  joinUrl: "https://meet.example.com/kizuna-e2e",
  venue: null,
  startsAt,
  endsAt: startsAt + 2 * 3_600_000,
  timeZone: "Asia/Tokyo",
  registrationDeadline: null,
  capacity: 1,
  segments: null,
  materials: [],
});
// External ids of their own: another spec's seed process may have made the factories' `acct-<n>` already.
const waitingAccount = createAccount({ externalId: `meetup-waiting-${stamp}`, name: `Waiting Co ${stamp}`, segment: "tech" });
const waiting = createContact({ email: `waiting-${stamp}@e2e-customer.test`, name: "Aiko Waiting", locale: "en", accountId: waitingAccount.id });
const seated = createContact({
  email: `seated-${stamp}@e2e-customer.test`,
  name: "Ken Seated",
  locale: "en",
  accountId: createAccount({ externalId: `meetup-seated-${stamp}`, segment: "tech" }).id,
});
registerForMeetup(await requireCommunityReader(getRequest("/community", await contactCookie(seated.id))), meetup.id);
process.stdout.write(`MEETUP ${meetup.id}\nWAITING ${waiting.email}\nSEATED ${seated.email}\nACCOUNT ${waitingAccount.id}\nTITLE ${meetup.title}\n`);
