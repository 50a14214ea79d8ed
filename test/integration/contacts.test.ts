import { beforeAll, describe, expect, it } from "vitest";
import { loader } from "../../app/routes/cs.contacts._index";
import { createAccount, createContact, createStaff, getRequest, staffCookie } from "../factories";

let cookie: string;
let acmeId: number;

async function list(query: string) {
  return loader({ request: getRequest(`/cs/contacts${query}`, cookie), params: {}, context: {} } as never);
}

beforeAll(async () => {
  cookie = await staffCookie(createStaff("viewer").id);
  const acme = createAccount({ name: "Acme Japan", segment: "high" });
  const tiny = createAccount({ name: "Tiny", segment: "tech" });
  acmeId = acme.id;
  createContact({ accountId: acme.id, email: "hanako@acme.jp", name: "佐藤 花子", locale: "ja" });
  createContact({ accountId: acme.id, email: "bob@acme.jp", name: "Bob", locale: "en", unsubscribedAt: new Date() });
  createContact({ accountId: tiny.id, email: "solo@tiny.example", name: null, locale: "en" });
});

describe("GET /cs/contacts", () => {
  it("lists every contact by email for a viewer", async () => {
    const result = await list("");
    expect(result.total).toBe(3);
    expect(result.rows.map((r) => r.email)).toEqual(["bob@acme.jp", "hanako@acme.jp", "solo@tiny.example"]);
    expect(result.rows[0]).toMatchObject({ accountName: "Acme Japan", segment: "high" });
  });

  it("searches email, name and account name", async () => {
    expect((await list("?q=花子")).rows.map((r) => r.email)).toEqual(["hanako@acme.jp"]);
    expect((await list("?q=TINY")).rows.map((r) => r.email)).toEqual(["solo@tiny.example"]);
  });

  it("filters by language, segment, unsubscribed and account", async () => {
    expect((await list("?locale=ja")).rows.map((r) => r.email)).toEqual(["hanako@acme.jp"]);
    expect((await list("?segment=tech")).rows.map((r) => r.email)).toEqual(["solo@tiny.example"]);
    expect((await list("?unsubscribed=yes")).rows.map((r) => r.email)).toEqual(["bob@acme.jp"]);
    expect((await list("?unsubscribed=no")).total).toBe(2);
    const byAccount = await list(`?account=${acmeId}`);
    expect(byAccount.total).toBe(2);
    expect(byAccount.account).toEqual({ id: acmeId, name: "Acme Japan" });
  });

  it("counts exactly the contacts it lists, whichever filters apply to the contact or its account", async () => {
    for (const query of [
      "",
      "?locale=en",
      "?unsubscribed=no",
      "?segment=high",
      "?segment=tech&locale=en",
      "?q=acme",
      "?q=acme&unsubscribed=yes",
      `?account=${acmeId}&locale=ja`,
    ]) {
      const result = await list(query);
      expect(result.total, query).toBe(result.rows.length);
    }
    expect((await list("?segment=high&locale=en")).total).toBe(1);
  });

  it("answers 400 for bad parameters, not 500", async () => {
    for (const query of ["?locale=fr", "?unsubscribed=maybe", "?page=0", "?segment=vip", "?account=abc"]) {
      await expect(list(query), query).rejects.toMatchObject({ status: 400 });
    }
  });
});
