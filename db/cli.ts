import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { z } from "zod";
import { API_SCOPES, NewApiKey } from "../app/domain/api-scopes";
import { ROLES } from "../app/domain/permissions";
import { CLI_ACTOR } from "../app/services/actor.server";
import { createApiKey } from "../app/services/create-api-key.server";
import { MIN_PASSWORD_LENGTH, NewStaffUser } from "../app/domain/staff-users";
import { wordMessage } from "../app/domain/field-message";
import { ServiceError } from "../app/domain/service-error";
import { createStaffUser } from "../app/services/create-staff-user.server";
import { sendAdminDigestAt } from "../app/services/admin-digest.server";
import { rebuildAdvocacyRecords } from "../app/services/advocacy.server";
import { audit } from "../app/models/audit.server";
import { ensureFirstAdmin, firstAdminNotice } from "../app/services/ensure-first-admin.server";
import { closeDb, db, sqlite } from "../app/utils/db.server";
import { env, EnvError } from "../app/utils/env.server";
import { backupTo, runMigrations } from "./client";
import { assertSeedable, DatabaseNotEmptyError, SCALE_NAMES, SEED_AREA_NAMES, seedDatabase, type ScaleName, type SeedArea } from "./seed";
import { CommunityNotEmptyError } from "./seed/community-large";
import { parseIsoDate } from "./seed/calendar";

/**
 * Kizuna's command line: `npm run cli -- <command>`. Exit codes: 0 done, 1 the command failed
 * (the database, the file system, a conflict), 2 the command line itself is wrong.
 */

/** The command line is wrong: exit 2 with a pointer to `help`. */
class UsageError extends Error {
  constructor(
    message: string,
    public command?: Command,
  ) {
    super(message);
  }
}

/** The command was understood but could not be done: exit 1. */
class CommandFailed extends Error {}

type OptionSpec = { type: "string" | "boolean"; value?: string; description: string; multiple?: boolean };

type Command = {
  name: string;
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  positionals?: number;
  details?: string[];
  examples: string[];
  needsDatabase: boolean;
  /** Checks the arguments (throwing UsageError before the database is touched) and returns the work. */
  prepare(args: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] }): () => Promise<void> | void;
};

const out = (line = ""): void => {
  process.stdout.write(line + "\n");
};
const formatCount = (n: number) => n.toLocaleString("en-US");
const formatBytes = (n: number) => (n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** Zod issues as `--option: message` lines, the same messages the console shows. */
function usageFromIssues(issues: z.core.$ZodIssue[], valuesOf: (path: PropertyKey[]) => string | undefined): UsageError {
  const lines = issues.map((issue) => {
    const option = `--${String(issue.path[0])}`;
    const value = valuesOf(issue.path);
    const message = wordMessage(issue.message, "en");
    return value === undefined ? `${option}: ${message}` : `${option} "${value}": ${message}`;
  });
  return new UsageError(lines.join("\n"));
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string") throw new UsageError(`Missing --${name}.`);
  return value;
}

/** "jane.doe@example.com" → "Jane Doe", when no --name is given. */
function nameFromEmail(email: string): string {
  const local = email.split("@")[0] ?? email;
  const words = local.split(/[._+-]+/).filter(Boolean);
  return words.map((word) => word[0].toUpperCase() + word.slice(1)).join(" ") || local;
}

const commands: Command[] = [
  {
    name: "migrate",
    summary: "Apply pending database migrations (every command does this first).",
    usage: "migrate",
    options: {},
    examples: ["npm run cli -- migrate"],
    needsDatabase: true,
    prepare: () => () => {
      const applied = sqlite().prepare<[], { n: number }>("SELECT count(*) AS n FROM __drizzle_migrations").get()!.n;
      out(`Database ${env().databaseFile} is up to date (${applied} migration${applied === 1 ? "" : "s"} applied).`);
    },
  },
  {
    name: "seed",
    summary: "Load deterministic demo data into a database that has no accounts yet.",
    usage: "seed [--scale demo|large] [--only community] [--today YYYY-MM-DD]",
    options: {
      scale: {
        type: "string",
        value: "demo|large",
        description:
          "demo (default): 300 accounts, 1,500 contacts; large: 20,000 and 200,000, and a community of 100,000 topics, 1,000,000 posts, 50,000 members.",
      },
      only: {
        type: "string",
        value: "community",
        description: "Load one area alone, also into a database that has accounts (e.g. a large seed made before the area existed).",
      },
      today: { type: "string", value: "YYYY-MM-DD", description: "Day relative dates start from (default today, UTC); same day, same bytes." },
    },
    details: [
      "Seeding refuses a database that already has accounts, rather than mixing demo rows into real ones:",
      "point DATABASE_URL at a new file to seed again. It also creates the first admin if there is no user",
      "yet (its password goes to data/first-admin-password, beside the database, readable only by you). Seeded CSMs have no usable password: they cannot sign in until",
      "an admin sets one for them in the console (Users).",
    ],
    examples: [
      "npm run cli -- seed",
      "DATABASE_URL=file:data/bench.db npm run cli -- seed --scale large",
      "DATABASE_URL=file:data/bench.db npm run cli -- seed --scale large --only community",
    ],
    needsDatabase: true,
    prepare({ values }) {
      const scale = (values.scale ?? "demo") as string;
      if (!(SCALE_NAMES as readonly string[]).includes(scale)) throw new UsageError(`--scale "${scale}": use ${SCALE_NAMES.join(" or ")}.`);
      const today = values.today as string | undefined;
      if (today !== undefined && parseIsoDate(today) === null) throw new UsageError(`--today "${today}": use a date as YYYY-MM-DD.`);
      const only = values.only as string | undefined;
      if (only !== undefined && !(SEED_AREA_NAMES as string[]).includes(only)) throw new UsageError(`--only "${only}": use ${SEED_AREA_NAMES.join(" or ")}.`);
      return async () => {
        if (!only) assertSeedable(db);
        // Before the seeded CSMs exist, which would otherwise count as "a user already exists".
        const admin = await ensureFirstAdmin();
        if (admin) for (const line of firstAdminNotice(admin)) out(line);
        out(`Seeding ${scale} ${only ? `${only} ` : ""}data into ${env().databaseFile}…`);
        const started = performance.now();
        const counts = seedDatabase(db, { scale: scale as ScaleName, today, only: only as SeedArea | undefined, onProgress: (line) => out(`  ${line}`) });
        const seconds = (performance.now() - started) / 1000;
        const rows = Object.values(counts).reduce((a, b) => a + b, 0);
        const summary = Object.entries(counts)
          .map(([area, n]) => `${formatCount(n)} ${area}`)
          .join(", ");
        out(`Seeded ${summary} in ${seconds.toFixed(2)} s (${formatCount(Math.round(rows / Math.max(seconds, 0.001)))} rows/s).`);
        out("Seeded CSMs cannot sign in until an admin sets their password in the console.");
      };
    },
  },
  {
    name: "user create",
    summary: "Create a console user.",
    usage: "user create --email E --role admin|csm|viewer --password P [--name N]",
    options: {
      email: { type: "string", value: "E", description: "Sign-in email (stored lower-case)." },
      role: { type: "string", value: ROLES.join("|"), description: "admin: everything; csm: works accounts and cases; viewer: reads." },
      password: { type: "string", value: "P", description: `At least ${MIN_PASSWORD_LENGTH} characters.` },
      name: { type: "string", value: "N", description: "Display name (default from the email: jane.doe@… → Jane Doe)." },
    },
    examples: ["npm run cli -- user create --email aiko@example.com --role csm --password 'correct horse battery' --name '佐藤 愛子'"],
    needsDatabase: true,
    prepare({ values }) {
      const email = required(values, "email");
      const input = {
        email,
        role: required(values, "role"),
        password: required(values, "password"),
        name: (values.name as string | undefined) ?? nameFromEmail(email),
      };
      const parsed = NewStaffUser.safeParse(input);
      // Never echo the password back.
      if (!parsed.success) throw usageFromIssues(parsed.error.issues, ([field]) => (field === "password" ? undefined : input[field as keyof typeof input]));
      return async () => {
        const user = await createStaffUser(parsed.data, CLI_ACTOR);
        out(`Created ${user.role} ${user.email} (user #${user.id}).`);
      };
    },
  },
  {
    name: "api-key create",
    summary: "Create an API key; the key is printed once, as the last line.",
    usage: "api-key create --name N --scopes a,b",
    options: {
      name: { type: "string", value: "N", description: "What uses the key (shown in the console)." },
      scopes: { type: "string", value: "a,b", multiple: true, description: `Comma-separated, from: ${API_SCOPES.join(" ")}.` },
    },
    details: ["Only the key's SHA-256 is stored: copy the key when it is printed. Revoke keys in the console (API keys)."],
    examples: [
      "npm run cli -- api-key create --name 'CRM sync' --scopes accounts:write,contacts:write",
      "KEY=$(npm run -s cli -- api-key create --name CI --scopes responses:read | tail -n 1)",
    ],
    needsDatabase: true,
    prepare({ values }) {
      const name = required(values, "name");
      const scopeArgs = values.scopes as string[] | undefined;
      if (!scopeArgs) throw new UsageError("api-key create needs --scopes.");
      const scopes = scopeArgs
        .flatMap((arg) => arg.split(","))
        .map((scope) => scope.trim())
        .filter(Boolean);
      const parsed = NewApiKey.safeParse({ name, scopes });
      if (!parsed.success)
        throw usageFromIssues(parsed.error.issues, ([field, index]) => (field === "scopes" ? (typeof index === "number" ? scopes[index] : undefined) : name));
      return () => {
        const created = createApiKey(parsed.data, CLI_ACTOR);
        out(`Created API key "${parsed.data.name}" (${created.prefix}) with scopes ${[...new Set(parsed.data.scopes)].join(", ")}.`);
        out("Copy it now: it is shown only this once.");
        out(created.key);
      };
    },
  },
  {
    name: "digest",
    summary: "Queue the admins' daily digest now, each in their own language (the worker sends it).",
    usage: "digest [--at YYYY-MM-DDTHH:MM:SSZ]",
    options: {
      at: { type: "string", value: "TIME", description: "The moment the digest is as of (default now; not in the future)." },
    },
    details: [
      "The digest covers the news since the previous day's 08:00 (team time zone) up to that moment: new",
      "detractors, overdue cases and the week's NPS. Sent after 08:00 it is that day's digest: the scheduled",
      "one is not sent after it. Nothing new to report sends nothing.",
    ],
    examples: ["npm run cli -- digest", "npm run cli -- digest --at 2026-12-07T09:30:00+09:00"],
    needsDatabase: true,
    prepare({ values }) {
      const text = values.at as string | undefined;
      const at = text === undefined ? Date.now() : Date.parse(text);
      if (text !== undefined && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) || Number.isNaN(at)))
        throw new UsageError(`--at "${text}": use a time such as 2026-12-07T09:30:00Z.`);
      if (at > Date.now() + 60_000) throw new UsageError(`--at "${text}": a digest cannot report on the future.`);
      return async () => {
        const outcome = await sendAdminDigestAt(at);
        if (outcome.sent > 0) out(`Queued the digest for ${formatCount(outcome.sent)} admin${outcome.sent === 1 ? "" : "s"}.`);
        else
          out(
            {
              "already-sent": "This day's digest was already sent.",
              "nothing-to-report": "Nothing to report: no digest sent.",
              "no-admins": "No active admin to send it to.",
            }[outcome.reason!],
          );
      };
    },
  },
  {
    name: "advocacy rebuild",
    summary: "Write the advocacy timeline's records of what already happened and are missing (promoter answers, accepted answers, likes, published stories).",
    usage: "advocacy rebuild",
    options: {},
    details: [
      "Records are written as things happen; this fills in the past (a database loaded from elsewhere, a large seed).",
      "It adds only what is missing: running it twice writes nothing the second time.",
    ],
    examples: ["npm run cli -- advocacy rebuild"],
    needsDatabase: true,
    prepare: () => () => {
      const added = rebuildAdvocacyRecords();
      audit({ action: "advocacy.rebuilt", detail: { added } });
      out(`Added ${formatCount(added)} advocacy record${added === 1 ? "" : "s"}.`);
    },
  },
  {
    name: "backup",
    summary: "Copy the live database to FILE with SQLite's online backup (safe while Kizuna runs).",
    usage: "backup FILE [--force]",
    options: { force: { type: "boolean", description: "Replace FILE if it exists." } },
    positionals: 1,
    details: [
      "To restore: stop Kizuna, delete the database's -wal and -shm files if any, copy FILE to the",
      "database path (DATABASE_URL, default data/kizuna.db), and start Kizuna again.",
    ],
    examples: ["npm run cli -- backup backups/kizuna-$(date +%F).db"],
    needsDatabase: true,
    prepare({ values, positionals }) {
      if (positionals.length !== 1) throw new UsageError("backup needs the FILE to write.");
      const [file] = positionals;
      const target = resolve(file);
      if (target === resolve(env().databaseFile)) throw new UsageError(`${file} is the live database itself; choose another path.`);
      return async () => {
        if (existsSync(target) && !values.force) throw new CommandFailed(`${file} already exists; pass --force to replace it.`);
        const started = performance.now();
        await backupTo(sqlite(), target);
        const seconds = (performance.now() - started) / 1000;
        out(`Backed up ${env().databaseFile} to ${file}: ${formatBytes(statSync(target).size)} in ${seconds.toFixed(2)} s.`);
      };
    },
  },
  {
    name: "help",
    summary: "Show this help, or the help of one command.",
    usage: "help [command]",
    options: {},
    positionals: 2,
    examples: ["npm run cli -- help", "npm run cli -- help user create"],
    needsDatabase: false,
    prepare({ positionals }) {
      const name = positionals.join(" ");
      if (!name) return () => out(overview());
      const command = commands.find((c) => c.name === name || c.name.split(" ")[0] === name);
      if (!command) throw new UsageError(`No command "${name}".`, helpCommand());
      return () => out(commandHelp(command));
    },
  },
];

const helpCommand = () => commands.find((c) => c.name === "help")!;

function optionLines(command: Command, indent: string): string[] {
  const options = Object.entries(command.options).map(([option, spec]) => [`--${option}${spec.value ? ` ${spec.value}` : ""}`, spec.description]);
  const width = Math.max(0, ...options.map(([flag]) => flag.length)) + 2;
  return options.map(([flag, description]) => `${indent}${flag.padEnd(width)}${description}`);
}

function overview(): string {
  return [
    "Kizuna command line",
    "",
    "Usage: npm run cli -- <command> [options]",
    "",
    "Commands:",
    ...commands.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`, ...optionLines(c, "      "), ""]),
    "Every command except help works on the database named by DATABASE_URL (default file:data/kizuna.db)",
    "and applies pending migrations first. Seeding refuses a database that already has accounts; seeded",
    "CSMs cannot sign in until an admin sets their password.",
    "Exit codes: 0 done, 1 the command failed, 2 the command line is wrong.",
    "",
    "Examples:",
    ...commands.flatMap((c) => c.examples.map((example) => `  ${example}`)),
  ].join("\n");
}

function commandHelp(command: Command): string {
  const lines = [`Usage: npm run cli -- ${command.usage}`, "", command.summary];
  if (Object.keys(command.options).length > 0) lines.push("", "Options:", ...optionLines(command, "  "));
  if (command.details) lines.push("", ...command.details);
  lines.push("", "Examples:", ...command.examples.map((example) => `  ${example}`));
  return lines.join("\n");
}

/** Finds the command the words name ("user create" is two words) and what follows it. */
function findCommand(argv: string[]): { command: Command; rest: string[] } {
  const [first, second] = argv;
  if (first === undefined || first === "--help" || first === "-h") return { command: helpCommand(), rest: [] };
  const twoWords = commands.find((c) => c.name === `${first} ${second}`);
  if (twoWords) return { command: twoWords, rest: argv.slice(2) };
  const oneWord = commands.find((c) => c.name === first);
  if (oneWord) return { command: oneWord, rest: argv.slice(1) };
  const family = commands.filter((c) => c.name.startsWith(`${first} `));
  if (family.length > 0) {
    const what = second === undefined ? `"${first}" needs a subcommand` : `Unknown command "${first} ${second}"`;
    throw new UsageError(`${what} (try: ${family.map((c) => c.name).join(", ")}).`);
  }
  throw new UsageError(`Unknown command "${first}". Commands: ${commands.map((c) => c.name).join(", ")}.`);
}

/** node:util's messages, reworded to name the command and the option. */
function parseCommandArgs(command: Command, rest: string[]) {
  const options = Object.fromEntries(Object.entries(command.options).map(([name, spec]) => [name, { type: spec.type, multiple: spec.multiple ?? false }]));
  try {
    return parseArgs({
      args: rest,
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: (command.positionals ?? 0) > 0,
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    const option = /'(-[^' ]+)/.exec(message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`Unknown option ${option ?? ""} for "${command.name}".`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const name = /--[\w-]+/.exec(message)?.[0] ?? option;
      throw new UsageError(command.options[name?.replace(/^--/, "") ?? ""]?.type === "boolean" ? `${name} takes no value.` : `${name} needs a value.`);
    }
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      throw new UsageError(`Unexpected argument "${/'([^']*)'/.exec(message)?.[1] ?? ""}" for "${command.name}".`);
    }
    throw new UsageError(message);
  }
}

async function main(argv: string[]): Promise<number> {
  let command: Command | undefined;
  try {
    const found = findCommand(argv);
    command = found.command;
    const { values, positionals } = parseCommandArgs(command, found.rest);
    if (values.help) {
      out(commandHelp(command));
      return 0;
    }
    if (positionals.length > (command.positionals ?? 0)) throw new UsageError(`Too many arguments for "${command.name}".`);
    const work = command.prepare({ values, positionals });
    if (command.needsDatabase) {
      env();
      runMigrations(db);
    }
    await work();
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      const about = error.command ?? command;
      process.stderr.write(`${error.message}\n`);
      process.stderr.write(`Run \`npm run cli -- help${about && about.name !== "help" ? ` ${about.name}` : ""}\` for usage.\n`);
      return 2;
    }
    if (
      error instanceof CommandFailed ||
      error instanceof EnvError ||
      error instanceof DatabaseNotEmptyError ||
      error instanceof CommunityNotEmptyError ||
      error instanceof ServiceError
    ) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    closeDb();
  }
}

process.exitCode = await main(process.argv.slice(2));
