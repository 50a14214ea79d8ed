import { createServer as createHttpServer } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { listen, StartupError } from "../../server/listen";

describe("listening on PORT", () => {
  it("a port already in use is one line naming PORT, not an unhandled error", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as AddressInfo).port;
    const server = createHttpServer();
    try {
      const error = await listen(server, port).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StartupError);
      expect((error as Error).message).toBe(`PORT ${port} is already in use by another process: stop it, or set PORT to a free port.`);
      expect(server.listening).toBe(false);
    } finally {
      taken.close();
    }
  });

  it("resolves once listening on a free port", async () => {
    const server = createHttpServer();
    await listen(server, 0);
    expect(server.listening).toBe(true);
    server.close();
  });
});
