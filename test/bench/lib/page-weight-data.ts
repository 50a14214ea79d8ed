/**
 * Run as its own process against DATABASE_URL (the app's, already holding demo data): adds what
 * the page-weight bench opens — a survey invitation to answer, an open one, a live sign-in link
 * and a signed-in admin — and prints them as one `DATA {json}` line.
 */
import { magicLinks } from "../../../db/schema";
import { newToken, sha256 } from "../../../app/utils/crypto.server";
import { db } from "../../../app/utils/db.server";
import { createStaff, staffCookie } from "../../factories";
import { createInvitation } from "../../factories/nps";

const open = createInvitation({ locale: "en" });
const answered = createInvitation({ locale: "en", campaignId: open.campaignId });
const signIn = newToken();
const now = Date.now();
db.insert(magicLinks)
  .values({ contactId: open.contactId, tokenHash: sha256(signIn), createdAt: new Date(now), expiresAt: new Date(now + 15 * 60_000) })
  .run();
const admin = createStaff("admin", { email: `bench-admin-${now}@kizuna.test`, name: "Bench admin" });
const data = {
  surveyToken: open.token,
  unsubscribeToken: open.unsubscribeToken,
  answeredToken: answered.token,
  signInToken: signIn,
  adminCookie: await staffCookie(admin.id),
};
process.stdout.write(`DATA ${JSON.stringify(data)}\n`);
