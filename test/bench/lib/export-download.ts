import { spawnNode } from "./processes";

/** A session cookie for a new admin of `databaseFile` (see admin-cookie.ts). */
export async function adminCookie(databaseFile: string): Promise<string> {
  const child = spawnNode("test/bench/lib/admin-cookie.ts", [], {
    DATABASE_URL: `file:${databaseFile}`,
    SESSION_SECRET: "bench-session-secret-0123456789abcdef0123456789",
  });
  const code = await child.exited;
  const cookie = /^COOKIE (.+)$/m.exec(child.output())?.[1];
  if (code !== 0 || !cookie) throw new Error(`Could not sign in an admin (exit ${code}):\n${child.output()}`);
  return cookie;
}

export type CsvDownload = {
  status: number;
  /** From sending the request to the first byte of the body. */
  firstByteMs: number;
  totalMs: number;
  bytes: number;
  /** CSV records, the header included; line breaks inside quoted fields do not count. */
  records: number;
  headers: Headers;
};

/**
 * Downloads a CSV as a browser would, reading the body as it arrives and counting records
 * (quote-aware) without keeping it, so the figures are the server's and not this process's.
 */
export async function downloadCsv(url: string, cookie: string): Promise<CsvDownload> {
  const started = performance.now();
  const response = await fetch(url, { headers: { Cookie: cookie } });
  if (!response.body) throw new Error(`${url} answered ${response.status} without a body`);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  const reader = response.body.getReader();
  let firstByteMs = NaN;
  let bytes = 0;
  let records = 0;
  let quoted = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (Number.isNaN(firstByteMs)) firstByteMs = performance.now() - started;
    bytes += value.length;
    for (let i = 0; i < value.length; i++) {
      const byte = value[i];
      // '"' and '\n' never occur inside a multi-byte UTF-8 or Shift_JIS character's trail bytes below 0x40.
      if (byte === 0x22) quoted = !quoted;
      else if (byte === 0x0a && !quoted) records++;
    }
  }
  return { status: response.status, firstByteMs, totalMs: performance.now() - started, bytes, records, headers: response.headers };
}
