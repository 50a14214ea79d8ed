import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { badgeTextColour, CategoryForm, contrastRatio, swatchNeedsOutline } from "./community-categories";

function form(values: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) for (const v of [value].flat()) data.append(key, v);
  return parseWithZod(data, { schema: CategoryForm });
}

const valid = { intent: "create", slug: "How-To", nameEn: "How-to", nameJa: "使い方", position: "4", colour: "#0EA5E9", kind: "discussion" };

describe("category badge colours", () => {
  it("picks the text colour that reads at least 4.5:1 on any background", () => {
    for (let i = 0; i < 4096; i++) {
      const hex = `#${[i >> 8, (i >> 4) & 15, i & 15].map((n) => (n * 17).toString(16).padStart(2, "0")).join("")}`;
      expect(contrastRatio(hex, badgeTextColour(hex))).toBeGreaterThanOrEqual(4.5);
    }
    expect(badgeTextColour("#ffff00")).toBe("#000000");
    expect(badgeTextColour("#1e3a8a")).toBe("#ffffff");
  });

  it("outlines pale swatches", () => {
    expect(swatchNeedsOutline("#fef9c3")).toBe(true);
    expect(swatchNeedsOutline("#1e3a8a")).toBe(false);
  });
});

describe("the category form", () => {
  it("normalises slug and colour, reads checkboxes and segments", () => {
    const result = form({ ...valid, staffOnlyTopics: "on", segments: ["tech", "high", "tech"] });
    expect(result.status).toBe("success");
    expect(result.status === "success" && result.value).toMatchObject({
      slug: "how-to",
      colour: "#0ea5e9",
      position: 4,
      staffOnlyTopics: true,
      segments: ["high", "tech"],
      descriptionEn: "",
    });
    const open = form(valid);
    expect(open.status === "success" && open.value).toMatchObject({ staffOnlyTopics: false, segments: null });
  });

  it("refuses what it cannot store, field by field", () => {
    const result = form({ intent: "create", slug: "1 bad", nameEn: "", nameJa: "a\tb", position: "-1", colour: "red", kind: "events", segments: "vip" });
    expect(result.status).toBe("error");
    expect(Object.keys(result.reply().error ?? {}).sort()).toEqual(["colour", "kind", "nameEn", "nameJa", "position", "segments[0]", "slug"].sort());
  });
});
