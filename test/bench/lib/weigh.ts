import type { Browser } from "@playwright/test";

export type Weight = { requests: number; transferred: number; uncompressed: number; byType: Map<string, number> };

/** Opens `path` in a new context (empty cache) and sums what the network carried until it was idle. */
export async function weigh(browser: Browser, origin: string, path: string, cookie?: string): Promise<Weight> {
  const context = await browser.newContext();
  try {
    if (cookie) {
      const [name, ...value] = cookie.split("=");
      await context.addCookies([{ name, value: value.join("="), url: origin }]);
    }
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const types = new Map<string, string>();
    const weight: Weight = { requests: 0, transferred: 0, uncompressed: 0, byType: new Map() };
    cdp.on("Network.requestWillBeSent", () => weight.requests++);
    cdp.on("Network.responseReceived", (event) => types.set(event.requestId, event.type));
    cdp.on("Network.dataReceived", (event) => (weight.uncompressed += event.dataLength));
    cdp.on("Network.loadingFinished", (event) => {
      weight.transferred += event.encodedDataLength;
      const type = types.get(event.requestId) ?? "Other";
      weight.byType.set(type, (weight.byType.get(type) ?? 0) + event.encodedDataLength);
    });
    await cdp.send("Network.enable");
    const response = await page.goto(`${origin}${path}`, { waitUntil: "networkidle" });
    if (!response?.ok()) throw new Error(`${path} answered ${response?.status()}`);
    return weight;
  } finally {
    await context.close();
  }
}
