import { startFakeResend } from "../fake-resend/server";
import type { Bench } from "./harness";
import { checkDelivery, envNumber, launchThroughApi, seededRandom, sendingDatabase } from "./lib/sending";
import { startApp, type RunningServer } from "./lib/servers";

/**
 * The crash test: a 5,000-contact wave launched through the API; while it is being sent the app
 * is killed with SIGKILL at seeded-random moments and restarted on the same database, 10 times,
 * then left to finish. At the fake Resend every contact must have exactly one accepted
 * invitation: a batch resent after a crash carries the same idempotency key and body, so the
 * fake answers it from its cache instead of accepting it twice.
 * Options: BENCH_CRASH_CONTACTS (5000), BENCH_CRASH_KILLS (10), BENCH_CRASH_SEED (42),
 * BENCH_CRASH_RATE (requests/s at the fake, 2), BENCH_CRASH_MAX_UPTIME (s before a kill, 2).
 */
const APP_URL = "https://kizuna.bench.example";
const RESEND_KEY = "re_bench_crash";

const bench: Bench = {
  name: "crash",
  description: "Crash test: kill -9 during a 5,000-contact send, restart, 10 times; exactly one invitation per contact",
  async run(ctx) {
    const contacts = Math.round(envNumber("BENCH_CRASH_CONTACTS", 5_000));
    const kills = Math.round(envNumber("BENCH_CRASH_KILLS", 10));
    const seed = Math.round(envNumber("BENCH_CRASH_SEED", 42));
    const rate = envNumber("BENCH_CRASH_RATE", 2);
    const maxUptimeMs = envNumber("BENCH_CRASH_MAX_UPTIME", 2) * 1000;
    const random = seededRandom(seed);

    const database = sendingDatabase("crash", contacts);
    const fake = await startFakeResend({ rateLimitPerSecond: rate, apiKey: RESEND_KEY, keepBodies: false });
    const start = () => startApp({ databaseFile: database.file, env: { APP_URL, RESEND_API_KEY: RESEND_KEY, RESEND_BASE_URL: fake.url } });
    let app: RunningServer = await start();
    const started = performance.now();
    let killed = 0;
    const killedAt: number[] = [];
    try {
      const launched = await launchThroughApi(app.url, database.apiKey, "Crash wave");
      if (launched.recipients !== contacts) throw new Error(`The wave counts ${launched.recipients} recipients, not ${contacts}.`);
      ctx.log(`launched wave ${launched.id} to ${contacts} contacts; fake limit ${rate} requests/s; seed ${seed}`);

      // Kills fall inside the sending window: from the first email received to the last.
      while (fake.stats().emails === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      while (killed < kills && fake.stats().emails < contacts) {
        const uptime = 100 + random() * (maxUptimeMs - 100);
        await new Promise((resolve) => setTimeout(resolve, uptime));
        if (fake.stats().emails >= contacts) break;
        process.kill(app.pid, "SIGKILL");
        await app.stop(); // only waits for the exit: the process is already gone
        killed += 1;
        killedAt.push(fake.stats().emails);
        ctx.log(`kill ${killed} after ${Math.round(uptime)} ms up, ${fake.stats().emails} emails received; restarting`);
        app = await start();
      }

      // A batch in flight at a kill is resumed by the restarted process at once (it holds the
      // install lock alone), resent under the same idempotency key.
      ctx.log("letting the last run finish");
      let last = { emails: -1, at: performance.now() };
      for (;;) {
        const { emails } = fake.stats();
        if (emails >= contacts) break;
        if (emails !== last.emails) last = { emails, at: performance.now() };
        if (performance.now() - last.at > 6 * 60_000) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // Anything sent twice would arrive within seconds.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    } finally {
      await app.stop();
      await fake.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const check = checkDelivery(fake.emails(), fake.requests(), contacts);
    ctx.log(`emails received at each kill: ${killedAt.join(", ")}`);
    return [
      { label: "recipients", value: contacts, unit: "contacts" },
      { label: "kills (SIGKILL) while sending", value: killed, unit: "kills", threshold: { min: kills } },
      { label: "total time", value: seconds, unit: "s" },
      { label: "emails accepted", value: check.accepted, unit: "emails" },
      { label: "contacts with exactly one invitation", value: check.exactlyOnce, unit: "contacts", threshold: { min: contacts } },
      { label: "duplicate invitations", value: check.duplicates, unit: "emails", threshold: { max: 0 } },
      { label: "missing invitations", value: check.missing, unit: "contacts", threshold: { max: 0 } },
      { label: "contacts with differing bodies", value: check.recipientsWithSeveralBodies, unit: "contacts", threshold: { max: 0 } },
      { label: "emails to unknown addresses", value: check.strangers, unit: "emails", threshold: { max: 0 } },
      { label: "accepted requests", value: check.acceptedRequests, unit: "requests" },
      { label: "distinct idempotency keys accepted", value: check.distinctKeys, unit: "keys" },
      { label: "accepted requests - distinct keys", value: check.acceptedRequests - check.distinctKeys, unit: "requests", threshold: { max: 0 } },
      { label: "resends answered from the idempotency cache", value: check.replayed, unit: "requests" },
      { label: "429 answers", value: check.rateLimited, unit: "requests" },
      { label: "other refused requests", value: check.otherFailures, unit: "requests" },
    ];
  },
};

export default bench;
