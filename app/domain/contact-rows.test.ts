import { describe, expect, it } from "vitest";
import { LOCALES } from "../../db/schema/accounts";
import { CONTACT_LOCALES, ContactRow, resolveContactRows } from "./contact-rows";

const lookups = {
  accountIdByExternalId: (id: string) => (id === "A-1" ? 3 : undefined),
  emailByProductUserId: (userId: string) => (userId === "usr_taken" ? "owner@b.co" : undefined),
};
const describeRow = (index: number) => `line ${index + 2}`;

describe("ContactRow", () => {
  it("uses the same locales as the database", () => {
    expect([...CONTACT_LOCALES]).toEqual([...LOCALES]);
  });

  it("normalizes email and locale", () => {
    expect(ContactRow.parse({ email: " Hanako.Sato@Sample.CO.JP ", locale: "ja-JP", accountExternalId: "A-1" })).toMatchObject({
      email: "hanako.sato@sample.co.jp",
      locale: "ja",
    });
  });

  it("refuses a bad email, an unknown locale and a missing account", () => {
    const result = ContactRow.safeParse({ email: "hanako", locale: "fr" });
    const paths = result.error!.issues.map((issue) => issue.path.join(".")).sort();
    expect(paths).toEqual(["accountExternalId", "email", "locale"]);
  });

  it("keeps absent name and title, clears null or empty ones", () => {
    const kept = ContactRow.parse({ email: "a@b.co", accountExternalId: "A-1" });
    expect(kept.name).toBeUndefined();
    const cleared = ContactRow.parse({ email: "a@b.co", accountExternalId: "A-1", name: "", title: null });
    expect(cleared).toMatchObject({ name: null, title: null });
  });
});

describe("resolveContactRows", () => {
  it("links to an account that exists and refuses one that does not", () => {
    const { writes, errors } = resolveContactRows(
      [
        { email: "a@b.co", accountExternalId: "A-1" },
        { email: "c@d.co", accountExternalId: "A-404" },
      ],
      lookups,
      describeRow,
    );
    expect(writes).toEqual([{ index: 0, write: expect.objectContaining({ email: "a@b.co", accountId: 3 }) }]);
    expect(errors).toEqual([expect.objectContaining({ index: 1, path: "accountExternalId", message: expect.stringContaining("A-404") })]);
  });

  it("treats emails differing only in case as the same contact", () => {
    const { errors } = resolveContactRows(
      [
        { email: "a@b.co", accountExternalId: "A-1" },
        { email: "A@B.co", accountExternalId: "A-1" },
      ],
      lookups,
      describeRow,
    );
    expect(errors).toEqual([expect.objectContaining({ index: 1, path: "email", message: expect.stringContaining("line 2") })]);
  });

  it("gives each person their own product user id: not twice in a file, not one another contact has", () => {
    const { writes, errors } = resolveContactRows(
      [
        { email: "a@b.co", accountExternalId: "A-1", productUserId: "usr_1" },
        { email: "c@b.co", accountExternalId: "A-1", productUserId: "usr_1" },
        { email: "d@b.co", accountExternalId: "A-1", productUserId: "usr_taken" },
        { email: "owner@b.co", accountExternalId: "A-1", productUserId: "usr_taken" },
        { email: "e@b.co", accountExternalId: "A-1", productUserId: null },
      ],
      lookups,
      describeRow,
    );
    expect(writes.map((w) => [w.write.email, w.write.productUserId])).toEqual([
      ["a@b.co", "usr_1"],
      ["owner@b.co", "usr_taken"],
      ["e@b.co", null],
    ]);
    expect(errors).toEqual([
      expect.objectContaining({ index: 1, path: "productUserId", code: "duplicate", message: expect.stringContaining("line 2") }),
      expect.objectContaining({ index: 2, path: "productUserId", code: "duplicate", message: expect.stringContaining("owner@b.co") }),
    ]);
  });
});
