/**
 * Run as its own process against DATABASE_URL: adds a customer contact (at a tech-touch account)
 * and prints `COOKIE <value>`, a signed-in session for it: a community member as the benches see
 * the community.
 */
import { createAccount, createContact, contactCookie } from "../../factories";

const account = createAccount({ segment: "tech", name: "Bench member account", externalId: `bench-member-${Date.now()}` });
const contact = createContact({ accountId: account.id, email: `bench-member-${Date.now()}@bench.example`, locale: "ja" });
process.stdout.write(`COOKIE ${await contactCookie(contact.id)}\n`);
