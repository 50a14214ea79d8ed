import { describe, expect, it } from "vitest";
import { handleBase, HANDLE_PATTERN, uniqueHandle } from "./community-handle";

describe("community handles", () => {
  it("come from a Latin name, accents folded", () => {
    expect(handleBase("Zoë Martín-Ortega", "z@x.example")).toBe("zoe_martin_ortega");
  });

  it("come from the email when the name has no Latin letters", () => {
    expect(handleBase("山田 太郎", "t.yamada@example.co.jp")).toBe("t_yamada");
    expect(handleBase(null, "あ@example.jp")).toBe("member");
  });

  it("are numbered past the ones taken, and always match the pattern", () => {
    const taken = new Set(["sato", "sato2"]);
    const handle = uniqueHandle("sato", (h) => taken.has(h));
    expect(handle).toBe("sato3");
    expect(HANDLE_PATTERN.test(handle)).toBe(true);
    expect(uniqueHandle("a".repeat(24), () => false)).toMatch(HANDLE_PATTERN);
  });
});
