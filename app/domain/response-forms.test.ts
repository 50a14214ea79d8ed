import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { wordMessage } from "./field-message";
import { ManualTagInput, PromoterActionInput, QuickTagForm, ResponseForm } from "./response-forms";

function post(schema: typeof ResponseForm | typeof QuickTagForm, fields: Record<string, string>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return parseWithZod(form, { schema });
}

describe("the response page's forms", () => {
  it("put each refusal on the field it is about", () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ intent: "add-tag", tagId: "abc" }, "tagId", /^Choose a tag\.$/],
      [{ intent: "add-tag" }, "tagId", /^Choose a tag\.$/],
      [{ intent: "remove-tag", tagId: "0" }, "tagId", /^Choose a tag\.$/],
      [{ intent: "new-tag" }, "name", /^Give the tag a name of 1 to 40 characters\.$/],
      [{ intent: "new-tag", name: "x".repeat(201) }, "name", /Give the tag a name of 1 to 40 characters/],
      [{ intent: "promoter", kind: "billboard" }, "kind", /promoter actions on the page/],
      [{ intent: "delete-response" }, "intent", /forms on the page/],
    ];
    for (const [fields, field, message] of cases) {
      const result = post(ResponseForm, fields).reply();
      expect(wordMessage(result.error?.[field]?.[0] ?? "", "en"), JSON.stringify(fields)).toMatch(message);
    }
    expect(post(ResponseForm, { intent: "add-tag", tagId: "7" })).toMatchObject({ status: "success", value: { intent: "add-tag", tagId: 7 } });
  });
});

describe("the untagged queue's quick tag", () => {
  it("names the response and the tag", () => {
    expect(wordMessage(post(QuickTagForm, { responseId: "x", tagId: "2" }).reply().error!.responseId![0], "en")).toBe("Choose a response.");
    expect(wordMessage(post(QuickTagForm, { responseId: "5", tagId: "" }).reply().error!.tagId![0], "ja")).toBe("タグを選んでください。");
    expect(post(QuickTagForm, { responseId: "5", tagId: "2" })).toMatchObject({ status: "success", value: { responseId: 5, tagId: 2 } });
  });
});

describe("the services' input", () => {
  it("is checked with the same pieces", () => {
    expect(ManualTagInput.safeParse({ responseId: 1, tagId: 2 }).success).toBe(true);
    expect(ManualTagInput.safeParse({ responseId: 1, name: "Pricing" }).success).toBe(true);
    expect(ManualTagInput.safeParse({ responseId: 1 }).success).toBe(false);
    expect(wordMessage(PromoterActionInput.safeParse({ responseId: 1, kind: "billboard" }).error!.issues[0].message, "en")).toMatch(/promoter actions/);
  });
});
