import { describe, expect, it } from "vitest";
import { loader as accountsLoader } from "../../app/routes/cs.accounts._index";
import { loader as contactsLoader } from "../../app/routes/cs.contacts._index";
import { loader as responsesLoader } from "../../app/routes/cs.responses._index";
import { loader as untaggedLoader } from "../../app/routes/cs.responses.untagged";
import { createStaff, getRequest, staffCookie } from "../factories";

type Loader = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

async function refusal(loader: Loader, path: string, cookie: string): Promise<{ status: number; text: string }> {
  try {
    await loader({ request: getRequest(path, cookie), params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() };
    throw thrown;
  }
  throw new Error(`${path} was not refused`);
}

const BAD_QUERIES: [Loader, string][] = [
  [responsesLoader as Loader, "/cs/responses?category=angry"],
  [responsesLoader as Loader, "/cs/responses?format=xlsx"],
  [responsesLoader as Loader, "/cs/responses?from=2026-12-07&to=2026-01-01"],
  [responsesLoader as Loader, "/cs/responses?after=garbage"],
  [untaggedLoader as Loader, "/cs/responses/untagged?after=garbage"],
  [accountsLoader as Loader, "/cs/accounts?segment=foo"],
  [accountsLoader as Loader, "/cs/accounts?page=0"],
  [contactsLoader as Loader, "/cs/contacts?locale=fr"],
];

describe("a list's refused query string, in the reader's language", () => {
  it("answers 400 in Japanese for a Japanese reader, naming the parameter and what it accepts in codes", async () => {
    const cookie = await staffCookie(createStaff("admin", { locale: "ja" }).id);
    for (const [loader, path] of BAD_QUERIES) {
      const { status, text } = await refusal(loader, path, cookie);
      expect(status, path).toBe(400);
      expect(text, path).toMatch(/[ぁ-んァ-ヶ一-龠]/);
      // Codes and formats may stay Latin (high | low | tech, YYYY-MM-DD); English sentences may not.
      expect(text, path).not.toMatch(/\b(the|is|not|valid|parameter|use|must)\b/i);
    }
  });

  it("answers the same in English for an English reader", async () => {
    const cookie = await staffCookie(createStaff("admin", { locale: "en" }).id);
    expect((await refusal(accountsLoader as Loader, "/cs/accounts?segment=foo", cookie)).text).toBe(
      "The segment parameter “foo” is not valid: it must be high | low | tech.",
    );
    expect((await refusal(responsesLoader as Loader, "/cs/responses?from=2026-12-07&to=2026-01-01", cookie)).text).toBe(
      "The from parameter (2026-12-07) is after the to parameter (2026-01-01).",
    );
  });
});
