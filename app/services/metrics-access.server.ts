import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "../utils/env.server";

export type MetricsAccess = "off" | "refused" | "granted";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Who may read /metrics: nobody unless METRICS_TOKEN is set (never public by accident), then
 * whoever sends it as a Bearer token. Compared as SHA-256 digests in constant time, so neither
 * the token's length nor its first differing character shows in the answer's timing.
 */
export function metricsAccess(authorization: string | null): MetricsAccess {
  const token = env().METRICS_TOKEN;
  if (!token) return "off";
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(sent), digest(token)) ? "granted" : "refused";
}
