import { describe, expect, it } from "vitest";
import { loader } from "../../app/routes/healthz";
import { closeDb, sqlite } from "../../app/utils/db.server";

describe("GET /healthz", () => {
  it("answers 200 after a database round-trip", async () => {
    const response = loader();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  it("answers 503 when the database cannot be reached", async () => {
    sqlite().close();
    const response = loader();
    expect(response.status).toBe(503);
    closeDb();
  });
});
