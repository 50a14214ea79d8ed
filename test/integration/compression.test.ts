import express from "express";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { request, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, createGunzip, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acceptsEncoding, responseCompression } from "../../server/compression";
import { precompressAssets } from "../../server/precompress-assets";

const page = `<!DOCTYPE html><html><body>${"<p>Thank you for your answer.</p>".repeat(200)}</body></html>`;
const script = `export function hello(){return ${JSON.stringify("kizuna ".repeat(600))}}`;

let server: Server;
let base: string;
let buildDir: string;
let releaseStream: () => void = () => {};
let backpressure: Promise<{ writtenBeforeFull: number; drained: boolean }>;

beforeAll(async () => {
  buildDir = mkdtempSync(join(tmpdir(), "kizuna-build-"));
  writeFileSync(join(buildDir, "entry.client-ABC.js"), script);
  writeFileSync(join(buildDir, "tiny.js"), "export{}");
  precompressAssets(buildDir);

  const app = express();
  app.use(responseCompression(buildDir));
  app.get("/page", (_req, res) => void res.type("html").send(page));
  app.get("/data.json", (_req, res) => void res.json({ rows: Array.from({ length: 200 }, (_, i) => ({ id: i, name: "Account" })) }));
  app.get("/stream", (_req, res) => {
    res.type("text/csv");
    res.write(`first,${"x".repeat(2000)}\n`);
    (res as typeof res & { flush(): void }).flush();
    // The rest comes only once the client has read the first row: a buffered response never finishes.
    releaseStream = () => res.end("last,row\n");
  });
  app.get("/flood", (_req, res) => {
    res.type("text/plain");
    backpressure = new Promise((resolve) => {
      let written = 0;
      // Incompressible: what compression takes in comes out at the same rate.
      while (res.write(randomBytes(64 * 1024))) {
        written += 64 * 1024;
        if (written > 256 * 1024 * 1024) return resolve({ writtenBeforeFull: written, drained: false });
      }
      res.once("drain", () => {
        resolve({ writtenBeforeFull: written, drained: true });
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => {
    server = app.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(path: string, acceptEncoding?: string): Promise<{ response: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: acceptEncoding === undefined ? {} : { "Accept-Encoding": acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ response, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("compressed responses", () => {
  it("sends a page as brotli to a browser that takes it, gzip to one that takes only gzip, and as is to one that takes neither", async () => {
    const br = await get("/page", "gzip, deflate, br, zstd");
    expect(br.response.headers["content-encoding"]).toBe("br");
    expect(br.response.headers.vary).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(br.body).toString()).toBe(page);
    expect(br.body.length).toBeLessThan(page.length / 10);

    const gzip = await get("/page", "gzip, deflate");
    expect(gzip.response.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).toString()).toBe(page);

    const plain = await get("/page", "identity");
    expect(plain.response.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(page);
  });

  it("compresses JSON", async () => {
    const { response, body } = await get("/data.json", "br");
    expect(response.headers["content-encoding"]).toBe("br");
    expect(JSON.parse(brotliDecompressSync(body).toString()).rows).toHaveLength(200);
  });

  it("still streams: the first flushed part reaches the client, decoded, before the response ends", async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the first row never arrived: the response was buffered")), 5_000);
      const req = request(`${base}/stream`, { headers: { "Accept-Encoding": "gzip" } }, (response) => {
        expect(response.headers["content-encoding"]).toBe("gzip");
        let text = "";
        const gunzip = response.pipe(createGunzip());
        gunzip.on("data", (chunk: Buffer) => {
          if (!text) releaseStream();
          text += chunk.toString();
        });
        gunzip.on("end", () => {
          clearTimeout(timer);
          resolve(text);
        });
      });
      req.on("error", reject);
      req.end();
    });
    expect(received).toMatch(/^first,x+\nlast,row\n$/);
  });

  it("passes backpressure through: a writer to a client that does not read is told to wait, and told when to go on", async () => {
    let response: IncomingMessage | undefined;
    const req = request(`${base}/flood`, { headers: { "Accept-Encoding": "gzip" } }, (res) => {
      response = res;
      res.pause();
    });
    req.end();
    await expect.poll(() => backpressure, { timeout: 10_000 }).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    response?.resume();
    const outcome = await backpressure;
    expect(outcome.drained).toBe(true);
    expect(outcome.writtenBeforeFull).toBeLessThan(64 * 1024 * 1024);
    req.destroy();
  });
});

describe("precompressed build assets", () => {
  it("are written beside the build once, brotli and gzip, for text files large enough to gain", () => {
    expect(brotliDecompressSync(readFileSync(join(buildDir, "entry.client-ABC.js.br"))).toString()).toBe(script);
    expect(gunzipSync(readFileSync(join(buildDir, "entry.client-ABC.js.gz"))).toString()).toBe(script);
    expect(existsSync(join(buildDir, "tiny.js.br"))).toBe(false);
  });

  it("are served as they are, with the asset's type, its encoding, Vary and a year of caching", async () => {
    const br = await get("/build/entry.client-ABC.js", "gzip, deflate, br");
    expect(br.response.headers["content-encoding"]).toBe("br");
    expect(br.response.headers["content-type"]).toMatch(/^(application|text)\/javascript/);
    expect(br.response.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.response.headers["cache-control"]).toMatch(/max-age=31536000.*immutable/);
    expect(br.body.equals(readFileSync(join(buildDir, "entry.client-ABC.js.br")))).toBe(true);

    const gzip = await get("/build/entry.client-ABC.js", "br;q=0, gzip");
    expect(gzip.response.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).toString()).toBe(script);

    const plain = await get("/build/entry.client-ABC.js", "");
    expect(plain.response.headers["content-encoding"]).toBeUndefined();
    expect(plain.response.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.body.toString()).toBe(script);
  });
});

describe("acceptsEncoding", () => {
  it.each([
    ["gzip, deflate, br", "br", true],
    ["gzip, deflate", "br", false],
    ["br;q=0, gzip", "br", false],
    ["*", "br", true],
    ["*;q=0", "gzip", false],
    ["BR;Q=0.5", "br", true],
    [undefined, "gzip", false],
  ])("%s takes %s: %s", (header, coding, expected) => {
    expect(acceptsEncoding(header, coding)).toBe(expected);
  });
});
