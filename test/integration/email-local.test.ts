import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { outbox, outboxBodies } from "../../db/schema";
import { deliverOutbox } from "../../app/services/deliver-outbox.server";
import { closeDb, db, sqlite } from "../../app/utils/db.server";
import { sendEmail } from "../factories/email";
import { outboxEmail } from "../factories/outbox";
import { captureLog } from "../setup/capture-log";
import { env } from "../../app/utils/env.server";
import { runWorkerStep, startWorker } from "../../app/worker.server";

// No RESEND_API_KEY (the test setup removes it): the zero-config default.

describe("local delivery (no RESEND_API_KEY)", () => {
  it("marks due emails `local` without any network call", async () => {
    expect(env().RESEND_API_KEY).toBeUndefined();
    const props = { name: "Hanako", url: "http://localhost:3000/login/x", expiresMinutes: 15 };
    const first = await sendEmail("magic-link", props, { to: "one@example.com", locale: "ja" });
    const second = await sendEmail("magic-link", props, { to: "two@example.com", locale: "en" });
    const now = Date.now();
    const step = await deliverOutbox({ now });
    expect(step).toMatchObject({ claimed: 2, local: 2, sent: 0, pausedUntil: null });
    const rows = db.select().from(outbox).orderBy(asc(outbox.id)).all();
    expect(rows.map((r) => [r.id, r.status, r.sentAt, r.attempts])).toEqual([
      [first, "local", now, 1],
      [second, "local", now, 1],
    ]);
    expect((await deliverOutbox({ now })).claimed).toBe(0);
  });

  it("keeps a kept email's body for the preview, and drops the body of one queued with working links", async () => {
    const kept = await sendEmail(
      "magic-link",
      { name: "Aiko", url: "http://localhost:3000/login/KZSIGNINTOKEN", expiresMinutes: 15 },
      {
        to: "kept@example.com",
        locale: "en",
        links: { kind: "sign-in", salt: "salt_0123456789abcdef" },
      },
    );
    const now = Date.now();
    // A row written before links were minted at send time: its body holds a working token.
    const { id: legacy } = db
      .insert(outbox)
      .values({
        template: "magic-link",
        toEmail: "old@example.com",
        fromEmail: "nps@kizuna.test",
        subject: "Sign in",
        headers: {},
        tags: [],
        locale: "en",
        nextAttemptAt: now,
        createdAt: now,
      })
      .returning({ id: outbox.id })
      .get();
    db.insert(outboxBodies).values({ outboxId: legacy, html: "<a href='http://localhost:3000/login/legacy'>x</a>", text: "legacy" }).run();

    await deliverOutbox({ now });
    expect(outboxEmail(eq(outbox.id, kept))).toMatchObject({ status: "local", html: expect.stringContaining("/login/KZSIGNINTOKEN") });
    expect(outboxEmail(eq(outbox.id, legacy))).toMatchObject({ status: "local", html: "", text: "" });
    expect(db.select().from(outboxBodies).where(eq(outboxBodies.outboxId, legacy)).all()).toEqual([]);
  });

  it("leaves emails that are not due yet in the queue", async () => {
    const now = Date.now();
    const id = await sendEmail(
      "magic-link",
      { name: null, url: "http://localhost:3000/login/y", expiresMinutes: 15 },
      { to: "later@example.com", locale: "en" },
    );
    db.update(outbox)
      .set({ nextAttemptAt: now + 60_000 })
      .where(eq(outbox.id, id))
      .run();
    await deliverOutbox({ now });
    expect(db.select().from(outbox).where(eq(outbox.id, id)).get()?.status).toBe("queued");
  });
});

describe("the worker loop", () => {
  it("delivers what is queued while running, and stop() waits for the step in progress", async () => {
    const stop = startWorker({ tickMs: 20 });
    const id = await sendEmail(
      "magic-link",
      { name: "Sam", url: "http://localhost:3000/login/z", expiresMinutes: 15 },
      { to: "worker@example.com", locale: "en" },
    );
    const deadline = Date.now() + 5_000;
    while (db.select().from(outbox).where(eq(outbox.id, id)).get()?.status !== "local" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(db.select().from(outbox).where(eq(outbox.id, id)).get()?.status).toBe("local");
    await stop();
  });

  it("logs a failing step and carries on", async () => {
    const logged = captureLog();
    sqlite().close();
    const broken = await runWorkerStep();
    expect(broken).toEqual({ outbox: null, jobs: null });
    expect(logged.lines().map((line) => [line.level, line.msg])).toEqual([
      ["error", "worker: outbox delivery failed"],
      ["error", "worker: running jobs failed"],
    ]);
    logged.restore();
    closeDb(); // the next step opens a fresh connection
    const healthy = await runWorkerStep();
    expect(healthy.outbox).not.toBeNull();
    expect(healthy.jobs).not.toBeNull();
  });
});
