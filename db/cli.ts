import { existsSync, writeFileSync } from "node:fs";
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
import { runOnboardingCheck } from "../app/services/onboarding-check.server";
import { eraseContact } from "../app/services/erase-contact.server";
import { exportPersonalData, findContactIdByEmail } from "../app/services/export-personal-data.server";
import { askingDrift, rebuildIdeaAsking } from "../app/services/idea-asking.server";
import { rebuildAdvocacyRecords } from "../app/services/advocacy.server";
import { audit } from "../app/models/audit.server";
import { ensureFirstAdmin, firstAdminNotice } from "../app/services/ensure-first-admin.server";
import { closeDb, db, sqlite } from "../app/utils/db.server";
import { env, EnvError } from "../app/utils/env.server";
import { backupIntoDir, migrateWithBackup, PreMigrationBackupFailed, recordBackupOutcome, takeBackup } from "../app/services/backup.server";
import { restoreBackup, RestoreRefused } from "../app/services/restore-backup.server";
import { runMigrations } from "./client";
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
    name: "onboarding check",
    summary: "Run the onboarding stall check and the nudge emails now (the worker runs them every 15 minutes).",
    usage: "onboarding check [--at YYYY-MM-DDTHH:MM:SSZ]",
    options: {
      at: { type: "string", value: "TIME", description: "The moment the check runs as of (default now; up to 60 days ahead, to try the rules out)." },
    },
    details: [
      "Marks guides without progress for their stall delay as stalled (low-touch accounts get a task for their",
      "CSM, tech-touch ones the stalled list), then queues each quiet guide's nudges: one per person and step,",
      "at most one onboarding email per person in 3 days. Running it again changes nothing more.",
    ],
    examples: ["npm run cli -- onboarding check", "npm run cli -- onboarding check --at 2026-12-21T09:00:00Z"],
    needsDatabase: true,
    prepare({ values }) {
      const text = values.at as string | undefined;
      const at = text === undefined ? Date.now() : Date.parse(text);
      if (text !== undefined && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) || Number.isNaN(at)))
        throw new UsageError(`--at "${text}": use a time such as 2026-12-21T09:00:00Z.`);
      if (at > Date.now() + 60 * 86_400_000) throw new UsageError(`--at "${text}": at most 60 days ahead.`);
      return async () => {
        const { stall, nudges } = await runOnboardingCheck(at);
        out(
          `Stalled: ${formatCount(stall.stalled)} (tasks opened: ${formatCount(stall.tasks)}, stalled list only: ${formatCount(stall.pooled)}, left to their CSM: ${formatCount(stall.leftToCsm)}).`,
        );
        out(`Nudges queued: ${formatCount(nudges.sent)} (quiet guides read: ${formatCount(nudges.enrolments)}).`);
      };
    },
  },
  // Personal data requests (docs/decisions/043).
  {
    name: "contact export",
    summary: "Print everything Kizuna holds about one person as JSON (a subject access request).",
    usage: "contact export EMAIL [--out FILE]",
    options: { out: { type: "string", value: "FILE", description: "Write the JSON to FILE (readable only by you) instead of printing it." } },
    positionals: 1,
    details: [
      "The JSON holds the contact's fields, their answers with earlier versions and consents, invitations,",
      "cases, the emails sent to them (metadata, not bodies), sign-ins and their community profile and",
      "activity, with a short readable summary first. The export is recorded in the audit log.",
    ],
    examples: ["npm run cli -- contact export hanako@example.co.jp --out hanako.json"],
    needsDatabase: true,
    prepare({ values, positionals }) {
      if (positionals.length !== 1) throw new UsageError("contact export needs the person's EMAIL.");
      const [email] = positionals;
      const out = values.out as string | undefined;
      return async () => {
        const contactId = findContactIdByEmail(email);
        if (contactId === undefined) throw new CommandFailed(`No contact has the address ${email}.`);
        const data = await exportPersonalData(CLI_ACTOR, contactId, "en");
        const json = JSON.stringify(data, null, 2) + "\n";
        if (out === undefined) process.stdout.write(json);
        else {
          writeFileSync(out, json, { mode: 0o600 });
          process.stderr.write(`Wrote ${email}'s personal data to ${out} (${formatBytes(Buffer.byteLength(json))}).\n`);
        }
      };
    },
  },
  {
    name: "contact erase",
    summary: "Erase one person's identity everywhere, keeping their answers as anonymous scores.",
    usage: "contact erase EMAIL [--delete-posts] --yes",
    options: {
      "delete-posts": { type: "boolean", description: "Delete their community posts too (default: keep them, shown as a deleted member)." },
      yes: { type: "boolean", description: "Confirm: erasure cannot be undone." },
    },
    positionals: 1,
    details: [
      "Removes the person's name, address, job title, comments, sign-in links and sessions, and their community",
      "identity; their answers keep counting in every NPS figure, without them. The address goes on a hashed",
      "do-not-contact list: an import or the API cannot add it again. Recorded in the audit log, without the data.",
      "Export first if the person also asked for a copy.",
    ],
    examples: ["npm run cli -- contact erase hanako@example.co.jp --yes", "npm run cli -- contact erase hanako@example.co.jp --delete-posts --yes"],
    needsDatabase: true,
    prepare({ values, positionals }) {
      if (positionals.length !== 1) throw new UsageError("contact erase needs the person's EMAIL.");
      const [email] = positionals;
      if (!values.yes) throw new UsageError(`Erasing ${email} cannot be undone: add --yes to confirm.`);
      const posts = values["delete-posts"] ? "delete" : "keep";
      return () => {
        const contactId = findContactIdByEmail(email);
        if (contactId === undefined) throw new CommandFailed(`No contact has the address ${email}.`);
        const counts = eraseContact(CLI_ACTOR, { contactId, confirmEmail: email, posts });
        out(`Erased contact #${contactId}.`);
        out(`  ${formatCount(counts.responses)} responses kept as anonymous scores (${formatCount(counts.commentsErased)} comments erased)`);
        out(`  ${formatCount(counts.emailsStripped)} emails to them stripped of address and body (${formatCount(counts.emailsCancelled)} unsent cancelled)`);
        out(`  ${formatCount(counts.emailsNamingThem)} emails to others no longer name them`);
        out(
          `  ${formatCount(counts.posts)} community posts ${posts === "delete" ? `deleted (${formatCount(counts.topicsDeleted)} topics)` : "kept under a deleted member"}`,
        );
        out("The address is on the do-not-contact list.");
      };
    },
  },
  {
    name: "ideas rebuild",
    summary: "Recompute every idea's accounts, ARR asking and segment counts from its votes, requests and author.",
    usage: "ideas rebuild",
    options: {},
    details: [
      "The figures are kept up to date as votes, requests, merges and account changes happen; this rebuilds",
      "them from scratch (after a restore, or if a check finds them drifted) in one transaction.",
    ],
    examples: ["npm run cli -- ideas rebuild"],
    needsDatabase: true,
    prepare: () => () => {
      const drifted = askingDrift().length;
      const outcome = rebuildIdeaAsking();
      out(
        `Rebuilt the asking of every idea in ${Math.round(outcome.ms)} ms: ${formatCount(outcome.accountRows)} account rows, ${formatCount(outcome.ideas)} idea${outcome.ideas === 1 ? "" : "s"} corrected (${formatCount(drifted)} had drifted).`,
      );
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
    summary: "Back up the live database with SQLite's online backup (safe while Kizuna runs), checked with PRAGMA integrity_check.",
    usage: "backup [FILE] [--force]",
    options: { force: { type: "boolean", description: "Replace FILE if it exists." } },
    positionals: 1,
    details: [
      "Without FILE the backup goes into BACKUP_DIR under a Kizuna backup name, like the nightly one, and",
      "backups older than BACKUP_KEEP days are deleted after it. A copy that fails the check is deleted:",
      "FILE only ever appears complete and checked. Each backup is recorded in the audit log.",
      "To restore one: stop Kizuna, then `npm run cli -- restore FILE`.",
    ],
    examples: ["npm run cli -- backup", "npm run cli -- backup backups/kizuna-$(date +%F).db"],
    needsDatabase: true,
    prepare({ values, positionals }) {
      const [file] = positionals;
      if (file === undefined && !env().BACKUP_DIR) throw new UsageError("backup needs the FILE to write (or BACKUP_DIR set, to back up into it).");
      const target = file === undefined ? undefined : resolve(file);
      if (target === resolve(env().databaseFile)) throw new UsageError(`${file} is the live database itself; choose another path.`);
      return async () => {
        if (target && existsSync(target) && !values.force) throw new CommandFailed(`${file} already exists; pass --force to replace it.`);
        const outcome = target ? await takeBackup(target, "file") : await backupIntoDir("manual", { record: false });
        recordBackupOutcome(outcome);
        if (!outcome.ok) throw new CommandFailed(`Backup failed: ${outcome.reason}`);
        out(
          `Backed up ${env().databaseFile} to ${file ?? outcome.file}: ${formatBytes(outcome.bytes)} in ${(outcome.ms / 1000).toFixed(2)} s (integrity check ok).`,
        );
      };
    },
  },
  {
    name: "restore",
    summary: "Put a backup in place of the database of a stopped Kizuna, after checking the file.",
    usage: "restore FILE",
    options: {},
    positionals: 1,
    details: [
      "Refuses while a Kizuna server or worker runs on the database, and refuses a file that is not a",
      "sound Kizuna backup (SQLite header, PRAGMA integrity_check, Kizuna's tables) or that comes from a",
      "newer Kizuna than this one: then nothing is changed. Otherwise the current database is kept aside",
      "as <database>.before-restore-<time> (with its -wal and -shm), never deleted, and a copy of FILE",
      "takes its place. Start Kizuna again afterwards: it applies any migrations the backup lacks.",
    ],
    examples: ["npm run cli -- restore /var/backups/kizuna/kizuna-backup-20261207T030000Z-nightly.db"],
    needsDatabase: false,
    prepare({ positionals }) {
      if (positionals.length !== 1) throw new UsageError("restore needs the backup FILE to restore.");
      const [file] = positionals;
      return () => {
        const report = restoreBackup(file, env().databaseFile);
        const taken = report.takenAt === null ? "" : ` (taken ${new Date(report.takenAt).toISOString().replace(".000Z", "Z")})`;
        out(`Checked ${file}${taken}: integrity check ok, a Kizuna database with ${report.migrationsInBackup} migrations.`);
        out(report.keptAside ? `Kept the previous database as ${report.keptAside} (with its -wal and -shm, if any).` : "There was no database to keep aside.");
        out(`Restored ${file} to ${report.databaseFile}: ${formatBytes(report.bytes)}.`);
        out(
          report.pendingMigrations > 0
            ? `Start Kizuna again: it applies the ${report.pendingMigrations} migration${report.pendingMigrations === 1 ? "" : "s"} this version has that the backup lacks.`
            : "Start Kizuna again.",
        );
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
    "Every command except help and restore works on the database named by DATABASE_URL (default file:data/kizuna.db)",
    "and applies pending migrations first (after a backup into BACKUP_DIR, when it is set). Seeding refuses a database that already has accounts; seeded",
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
      // With BACKUP_DIR set, a backup before migrations run (docs/decisions/042).
      const backedUp = await migrateWithBackup(() => runMigrations(db));
      if (backedUp?.ok) out(`Backed up the database before migrating: ${backedUp.file}`);
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
      error instanceof ServiceError ||
      error instanceof RestoreRefused ||
      error instanceof PreMigrationBackupFailed
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
