import { describe, expect, it } from "vitest";
import { advancedStatus, isHardBounce } from "./delivery-events";

describe("invitation delivery status", () => {
  it("moves forward through sent, delayed and delivered", () => {
    expect(advancedStatus("queued", "sent")).toBe("sent");
    expect(advancedStatus("sent", "delayed")).toBe("delayed");
    expect(advancedStatus("delayed", "delivered")).toBe("delivered");
    expect(advancedStatus("delivered", "complained")).toBe("complained");
  });

  it("never moves backwards when events arrive late or twice", () => {
    expect(advancedStatus("delivered", "sent")).toBe("delivered");
    expect(advancedStatus("delivered", "delayed")).toBe("delivered");
    expect(advancedStatus("bounced", "delivered")).toBe("bounced");
    expect(advancedStatus("bounced", "complained")).toBe("bounced");
    expect(advancedStatus("failed", "sent")).toBe("failed");
  });

  it("treats Permanent or unspecified bounces as hard, Transient and Undetermined as soft", () => {
    expect(isHardBounce(undefined)).toBe(true);
    expect(isHardBounce("Permanent")).toBe(true);
    expect(isHardBounce("Transient")).toBe(false);
    expect(isHardBounce("Undetermined")).toBe(false);
  });
});
