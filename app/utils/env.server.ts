import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { databasePath } from "../../db/client";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z.string().min(1).default("file:data/kizuna.db"),
  RESEND_API_KEY: optionalString,
  RESEND_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Replaces the origin of Slack webhook URLs (https://hooks.slack.com), so tests post to a local server. */
  SLACK_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  RESEND_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/, "must look like whsec_<base64>")
    .optional(),
  EMAIL_FROM: z.string().min(3).default("Kizuna <nps@kizuna.localhost>"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  KIZUNA_DEMO: z
    .enum(["0", "1", "true", "false"])
    .default("1")
    .transform((v) => v === "1" || v === "true"),
  /** "1" behind a reverse proxy: the client address is the last one the proxy adds to X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((v) => v === "1" || v === "true"),
  /** How much the JSON log says: fatal, error, warn, info (every request and job), debug, trace, or silent. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Turns on GET /metrics, which then asks for it as a Bearer token (unset: /metrics answers 404). */
  METRICS_TOKEN: z
    .string()
    .trim()
    .transform((v) => (v === "" ? undefined : v))
    .pipe(z.string().min(16, "must be at least 16 characters (a random token: openssl rand -hex 32)").optional())
    .optional(),
  /** A directory: turns on the nightly backup into it (03:00 team time) and a backup before migrations run (docs/decisions/042). */
  BACKUP_DIR: optionalString,
  /** Days a backup in BACKUP_DIR is kept (Kizuna's own backup files only; the newest is always kept). */
  BACKUP_KEEP: z.coerce.number().int("must be a whole number of days").min(1, "must be 1 day or more").max(3650).default(14),
  /** OpenID Connect sign-in for the CS team (docs/decisions/044): the provider's issuer URL, e.g. https://accounts.google.com. */
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  /** The provider's name on the sign-in button ("Sign in with Google"); the issuer's host name when unset. */
  OIDC_NAME: optionalString,
  /** "0" keeps the worker out of the web process (run `npm run worker` beside it). */
  KIZUNA_WORKER: z
    .enum(["0", "1", "true", "false"])
    .default("1")
    .transform((v) => v === "1" || v === "true"),
});

export type Env = z.infer<typeof schema> & { APP_URL: string; SESSION_SECRET: string; databaseFile: string };

export class EnvError extends Error {}

/** Parses `source` (process.env by default) or throws one line naming the first bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0] ?? "environment");
    const value = source[name];
    throw new EnvError(`Invalid ${name}${value === undefined ? "" : `="${value}"`}: ${issue.message}`);
  }
  const env = result.data;
  if (env.OIDC_ISSUER && !env.OIDC_CLIENT_ID) throw new EnvError("Invalid OIDC_CLIENT_ID: required when OIDC_ISSUER is set");
  const databaseFile = databasePath(env.DATABASE_URL);
  return {
    ...env,
    databaseFile,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    SESSION_SECRET: env.SESSION_SECRET ?? sessionSecretBeside(databaseFile),
  };
}

/** A secret generated on first start and kept next to the database, so zero config is stable. */
function sessionSecretBeside(databaseFile: string): string {
  const dir = databaseFile === ":memory:" ? "data" : dirname(databaseFile);
  const file = join(dir, "session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

const globalEnv = globalThis as unknown as { __kizunaEnv?: Env };

export function env(): Env {
  return (globalEnv.__kizunaEnv ??= parseEnv());
}
