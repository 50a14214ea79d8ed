import express from "express";
import { createServer, get, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as exportLoader } from "../../app/routes/cs.responses.export[.]csv";
import { indexResponse } from "../../app/services/index-response.server";
import { recordNpsResponse } from "../../app/services/record-nps-response.server";
import { createRemixHandler } from "../../server/remix-handler";
import { createContact, createStaff, staffCookie } from "../factories";
import { createCampaign, createInvitation } from "../factories/nps";

/*
 * A slow client downloading the CSV export must not make the server hold the file: the entry
 * writes the export's pull-based stream only as fast as the socket drains, so the next batch is
 * queried only when the client has taken the last. Measured on the server's side of the socket,
 * through the entry's Remix adapter and the real route.
 */

const ANSWERS = 2_000;
const COMMENT = "The onboarding was slow but support answered every question within the hour. ".repeat(25).slice(0, 1_900);

let server: Server;
let port: number;
let cookie: string;
const serverSockets: Socket[] = [];

beforeAll(async () => {
  const campaign = createCampaign();
  for (let i = 0; i < ANSWERS; i++) {
    const contact = createContact({ locale: "en" });
    const { token } = createInvitation({ contactId: contact.id, campaignId: campaign.id });
    const result = recordNpsResponse(token, String(i % 11), COMMENT, `198.51.100.${i % 250}`, Date.now() - i * 1000);
    if (result.kind !== "recorded") throw new Error(result.kind);
    indexResponse(result.responseId);
  }
  cookie = await staffCookie(createStaff("admin").id);
  const app = express();
  app.all(
    "*",
    createRemixHandler(async (request) => {
      try {
        return (await exportLoader({ request, params: {}, context: {} })) as Response;
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    }),
  );
  server = createServer(app);
  server.on("connection", (socket) => serverSockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
}, 120_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("the CSV export and a slow client", () => {
  it("reaches a slow client whole through the entry, with at most a batch waiting in the server", async () => {
    let maxBuffered = 0;
    const sample = setInterval(() => {
      const buffered = serverSockets.reduce((sum, socket) => sum + socket.writableLength, 0);
      maxBuffered = Math.max(maxBuffered, buffered);
    }, 5);
    try {
      const received = await new Promise<number>((resolve, reject) => {
        const req = get({ host: "127.0.0.1", port, path: "/cs/responses/export.csv?encoding=utf8", headers: { Cookie: cookie } }, (res) => {
          expect(res.statusCode).toBe(200);
          let bytes = 0;
          res.on("data", (chunk: Buffer) => {
            bytes += chunk.byteLength;
            // A slow client: a pause after every chunk it reads.
            res.pause();
            setTimeout(() => res.resume(), 2);
          });
          res.on("end", () => resolve(bytes));
          res.on("error", reject);
        });
        req.on("error", reject);
      });
      // The whole export arrived.
      expect(received).toBeGreaterThan(ANSWERS * 1_900);
    } finally {
      clearInterval(sample);
    }
    // At most one batch of 1,000 rows (about 2 MB here) waits in the server at a time.
    expect(maxBuffered).toBeLessThan(2.5 * 1024 * 1024);
  }, 120_000);

  it("writes any pull-based body at the client's pace: 32 MB to a client that reads slowly never piles up in the server", async () => {
    const CHUNK = 64 * 1024;
    const TOTAL = 32 * 1024 * 1024;
    let pulled = 0;
    const body = () =>
      new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (pulled >= TOTAL) return controller.close();
            pulled += CHUNK;
            controller.enqueue(new Uint8Array(CHUNK).fill(120));
          },
        },
        { highWaterMark: 1 },
      );
    const app = express();
    app.all(
      "*",
      createRemixHandler(async () => new Response(body(), { headers: { "Content-Type": "application/octet-stream" } })),
    );
    const slow = createServer(app);
    const sockets: Socket[] = [];
    slow.on("connection", (socket) => sockets.push(socket));
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    let maxAhead = 0;
    let maxBuffered = 0;
    let received = 0;
    const sample = setInterval(() => {
      maxBuffered = Math.max(maxBuffered, ...sockets.map((socket) => socket.writableLength));
      maxAhead = Math.max(maxAhead, pulled - received);
    }, 2);
    try {
      await new Promise<void>((resolve, reject) => {
        get({ host: "127.0.0.1", port: (slow.address() as AddressInfo).port, path: "/" }, (res) => {
          // Reads nothing for half a second, then a chunk every few milliseconds.
          res.pause();
          setTimeout(() => res.resume(), 500);
          res.on("data", (chunk: Buffer) => {
            received += chunk.byteLength;
            res.pause();
            setTimeout(() => res.resume(), 1);
          });
          res.on("end", resolve);
          res.on("error", reject);
        }).on("error", reject);
      });
    } finally {
      clearInterval(sample);
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
    expect(received).toBe(TOTAL);
    // The server holds at most a chunk or two beyond what the kernel's socket buffers take
    // (without backpressure it read the whole 32 MB into memory during the client's pause).
    expect(maxBuffered).toBeLessThanOrEqual(4 * CHUNK);
    expect(maxAhead).toBeLessThan(12 * 1024 * 1024);
  }, 60_000);
});
