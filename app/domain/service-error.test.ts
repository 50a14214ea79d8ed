import { describe, expect, it } from "vitest";
import { resources } from "../locales";
import { errorMessage, ServiceError } from "./service-error";

describe("ServiceError", () => {
  it("carries a code and parameters, and its message is the English sentence", () => {
    const error = new ServiceError(404, "campaignNotFound", { id: 7 });
    expect(error.status).toBe(404);
    expect(error.code).toBe("campaignNotFound");
    expect(error.message).toBe("No campaign with id 7.");
  });

  it("words the same refusal in Japanese", () => {
    expect(errorMessage("campaignNotFound", { id: 7 }, "ja")).toBe("ID 7 のキャンペーンは存在しません。");
  });

  it("chooses the plural form by count", () => {
    expect(errorMessage("surveyNotSaved", { count: 1 })).toBe("The survey was not saved: 1 field needs attention.");
    expect(errorMessage("surveyNotSaved", { count: 3 })).toBe("The survey was not saved: 3 fields need attention.");
    expect(errorMessage("surveyNotSaved", { count: 3 }, "ja")).toContain("3 件");
  });

  it("has every code in both languages", () => {
    const base = (key: string) => key.replace(/_(one|other)$/, "");
    const en = new Set(Object.keys(resources.en.console.errors).map(base));
    const ja = new Set(Object.keys(resources.ja.console.errors).map(base));
    expect([...ja].sort()).toEqual([...en].sort());
  });
});
