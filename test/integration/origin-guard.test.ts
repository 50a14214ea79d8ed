import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseForeignOrigin } from "../../app/utils/origin-guard.server";

const APP_URL = "https://kizuna.example";

/** The server entry's order: the guard first, then whatever would handle (and write). */
let server: Server;
let base: string;
const reached: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (refuseForeignOrigin(req, res, APP_URL)) return;
    reached.push(`${req.method} ${req.url}`);
    res.end("handled");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function send(method: string, path: string, headers: Record<string, string> = {}) {
  const before = reached.length;
  const response = await fetch(base + path, { method, headers, body: method === "GET" || method === "HEAD" ? undefined : "lng=ja", redirect: "manual" });
  return { status: response.status, text: await response.text(), reached: reached.length > before };
}

describe("the server entry's origin guard", () => {
  it.each(["/logout", "/cs/logout", "/language", "/cs/users", `/s/${"x".repeat(43)}`])(
    "answers a forged POST to %s with 403 before any handler runs",
    async (path) => {
      const forged = await send("POST", path, { Origin: "https://evil.example" });
      expect(forged).toMatchObject({ status: 403, reached: false });
      expect(forged.text).toBe("Cross-origin request refused: send this form from https://kizuna.example.\n");
      expect(await send("POST", path, { Referer: "https://evil.example/x" })).toMatchObject({ status: 403, reached: false });
      expect(await send("POST", path, { Origin: APP_URL })).toMatchObject({ status: 200, reached: true });
    },
  );

  it("leaves reads, the API and webhooks alone", async () => {
    expect(await send("GET", "/cs/logout", { Origin: "https://evil.example" })).toMatchObject({ status: 200, reached: true });
    expect(await send("POST", "/api/v1/campaigns", { Origin: "https://evil.example" })).toMatchObject({ status: 200, reached: true });
    expect(await send("POST", "/webhooks/resend", { Origin: "https://evil.example" })).toMatchObject({ status: 200, reached: true });
  });

  it("keeps the connection usable after a refusal", async () => {
    for (let i = 0; i < 3; i++) expect((await send("POST", "/logout", { Origin: "https://evil.example" })).status).toBe(403);
    expect(await send("POST", "/logout", { Origin: APP_URL })).toMatchObject({ status: 200, reached: true });
  });
});
