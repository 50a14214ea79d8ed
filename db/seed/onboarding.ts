import { guideHeader, parseGuidesBody, type GuideInput } from "../../app/domain/guides";
import { personKey, rollUp, type CountedEvent } from "../../app/domain/usage-events";
import { dayInZone } from "../../app/domain/zone-days";
import { insertGuide, publishGuideVersion } from "../../app/models/guide.server";
import { enrolmentOfAccount, insertEnrolment, insertPersonCompletion } from "../../app/models/guide-progress.server";
import { advanceOnboardingIn } from "../../app/services/advance-onboarding.server";
import { personHash } from "../../app/services/record-usage-events.server";
import { DAY_MS, isoDate } from "./calendar";
import type { SeedStep } from "./context";

const HOUR_MS = 3_600_000;
/** The guide's own stall delay (the default of `guides.stall_after_days`). */
const STALL_AFTER_DAYS = 14;

/** The default tech-touch guide: seven steps, event-driven, one manual, one community, first value at the first dashboard. */
export const DEMO_GUIDE: GuideInput = {
  key: "tech-default",
  name: { en: "Get started with Acme Analytics", ja: "Acme Analytics をはじめよう" },
  description: {
    en: "Seven steps from sign-up to your team's first shared dashboard.",
    ja: "登録からチームで共有する最初のダッシュボードまでの 7 ステップです。",
  },
  segments: ["tech"],
  targetDays: 14,
  steps: [
    {
      key: "connect",
      title: { en: "Connect a data source", ja: "データソースを接続する" },
      body: {
        en: "Open **Settings → Sources** and connect your warehouse or a spreadsheet. Anyone on your team can do it once for everyone.",
        ja: "**設定 → ソース** を開き、データウェアハウスかスプレッドシートを接続します。チームのどなたか 1 人が行えば全員が使えます。",
      },
      video: "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
      scope: "account",
      doneWhen: { event: "integration_connected" },
    },
    {
      key: "import",
      title: { en: "Import your first data", ja: "最初のデータを取り込む" },
      body: { en: "Run the first sync from the source you connected.", ja: "接続したソースから最初の同期を実行します。" },
      scope: "account",
      doneWhen: { event: "data_imported" },
    },
    {
      key: "tour",
      title: { en: "Take the product tour", ja: "製品ツアーを見る" },
      body: {
        en: "A five-minute tour of the workspace. Mark it as done when you have watched it.",
        ja: "ワークスペースを 5 分で紹介します。見終わったら「完了にする」を押してください。",
      },
      video: "https://player.vimeo.com/video/76979871?dnt=1",
      scope: "user",
      doneWhen: { manual: true },
    },
    {
      key: "invite",
      title: { en: "Invite two teammates", ja: "同僚を 2 人招待する" },
      body: {
        en: "Analytics pays off when the team shares it: invite two colleagues from **Settings → Members**.",
        ja: "分析はチームで共有してこそ効果が出ます。**設定 → メンバー** から同僚を 2 人招待しましょう。",
      },
      scope: "account",
      doneWhen: { event: "user_invited", count: 2 },
    },
    {
      key: "dashboard",
      title: { en: "Build your first dashboard", ja: "最初のダッシュボードを作る" },
      body: { en: "Pick a template or start blank, add two charts and save it.", ja: "テンプレートを選ぶか白紙から始め、グラフを 2 つ追加して保存します。" },
      scope: "user",
      doneWhen: { event: "dashboard_created", where: { source: "connected" } },
      firstValue: true,
    },
    {
      key: "community",
      title: { en: "Join the user community", ja: "ユーザーコミュニティに参加する" },
      body: { en: "Ask questions and learn how other teams work.", ja: "質問したり、ほかのチームの使い方を学んだりできます。" },
      scope: "user",
      doneWhen: { community: "joined" },
    },
    {
      key: "alerts",
      title: { en: "Set up an alert within 30 days", ja: "30 日以内にアラートを設定する" },
      body: { en: "Get an email when a metric moves, so the dashboard works for you.", ja: "指標が動いたときにメールで知らせます。" },
      scope: "account",
      doneWhen: { event: "alert_configured", withinDays: 30 },
    },
  ],
};

const EVENT_TYPES = ["integration_connected", "data_imported", "user_invited", "dashboard_created", "alert_configured", "login"] as const;
type EventType = (typeof EVENT_TYPES)[number];

/**
 * Onboarding demo: the default tech-touch guide, published a year ago; the tech-touch accounts that
 * started since join it on their start date; a year of usage events for them — start-month
 * cohorts that reach first value faster as the year goes on, some still on their way, a few
 * stalled — run through the real step engine, so completions, activation and TTV are exactly
 * what the product's events make them. Accounts short of first value with no progress for the
 * guide's 14 days carry `stalled_at` as the stall check would have set it (14 days after their
 * last progress).
 */
export const onboardingStep: SeedStep = {
  name: "onboarding",
  run(ctx) {
    // The large scale's onboarding data (10,000,000 events) is its own step; this one is the demo's.
    if (ctx.scale !== "demo") return 0;
    const { sqlite, db, todayMs } = ctx;
    const rng = ctx.rng("onboarding");
    const parsed = parseGuidesBody({ guides: [DEMO_GUIDE] });
    if (!parsed.guides) throw new Error(`The demo guide is invalid: ${JSON.stringify(parsed.errors)}`);
    const guide = parsed.guides[0];
    const publishedAt = todayMs - 365 * DAY_MS;
    const guideId = insertGuide(guideHeader(guide), publishedAt, db);
    const versionId = publishGuideVersion(guideId, 1, guide.steps, publishedAt, db);

    const zoneRow = sqlite.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'closeTheLoop'").get();
    const zone = zoneRow ? ((JSON.parse(zoneRow.value) as { timeZone?: string }).timeZone ?? "UTC") : "UTC";
    // Team-calendar days, as the rollups count them (UTC on a new install: no time zone conversion needed).
    const dayOf = zone === "UTC" ? (ms: number) => isoDate(ms) : (ms: number) => dayInZone(ms, zone);
    const typeIds = new Map<EventType, number>();
    const insertType = sqlite.prepare<[string], { id: number }>(
      "INSERT INTO usage_event_types (name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id",
    );
    for (const type of EVENT_TYPES) typeIds.set(type, insertType.get(type)!.id);
    const insertEvent = sqlite.prepare(
      `INSERT INTO usage_events (event_id, account_id, contact_id, person, type_id, occurred_at, received_at, properties) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const addDaily = sqlite.prepare(
      `INSERT INTO usage_daily (account_id, day, type_id, events) VALUES (?, ?, ?, ?) ON CONFLICT(account_id, day, type_id) DO UPDATE SET events = events + excluded.events`,
    );
    const addDailyPerson = sqlite.prepare(
      `INSERT INTO usage_daily_people (account_id, day, person, events) VALUES (?, ?, ?, ?) ON CONFLICT(account_id, day, person) DO UPDATE SET events = events + excluded.events`,
    );
    const setStalled = sqlite.prepare(`UPDATE guide_enrolments SET stalled_at = ? WHERE id = ?`);

    const contactsOf = new Map<number, { id: number; email: string }[]>();
    for (const contact of ctx.contacts) {
      if (contact.unsubscribedMs !== null) continue;
      const list = contactsOf.get(contact.accountId) ?? [];
      list.push({ id: contact.id, email: contact.email });
      contactsOf.set(contact.accountId, list);
    }

    let events = 0;
    let enrolled = 0;
    let stalled = 0;
    const counted: CountedEvent[] = [];
    for (const account of ctx.accounts) {
      if (account.segment !== "tech" || account.startMs < publishedAt || account.startMs >= todayMs) continue;
      const people = (contactsOf.get(account.id) ?? [])
        .slice(0, 3)
        .map((contact) => ({ ...contact, person: personHash(personKey({ email: contact.email, userId: null })!) }));
      if (people.length === 0) continue;
      insertEnrolment(
        { accountId: account.id, guideId, versionId, startedAt: isoDate(account.startMs), nudges: true, enrolledBy: "start" },
        account.startMs,
        db,
      );
      const enrolment = enrolmentOfAccount(account.id, db)!;
      enrolled++;

      // Older start-month cohorts took longer to reach first value: about 22 days a year ago, 6 now.
      const monthsAgo = Math.floor((todayMs - account.startMs) / (30 * DAY_MS));
      const ttv = Math.max(1, Math.round((6 + monthsAgo * 1.4) * (0.5 + rng.next())));
      const ageDays = (todayMs - account.startMs) / DAY_MS;
      // A few stop after a step or two and stall; the rest keep going.
      const stopsAfter = ageDays > STALL_AFTER_DAYS + 6 && rng.chance(0.14) ? rng.int(1, 3) : Infinity;
      const at = (day: number) => account.startMs + day * DAY_MS + rng.int(8, 18) * HOUR_MS + rng.int(0, 59) * 60_000;
      const plan: { type: EventType; at: number; who: number; properties?: Record<string, string>; milestone: number }[] = [];
      const connectDay = rng.int(0, 3);
      plan.push({ type: "integration_connected", at: at(connectDay), who: 0, milestone: 1 });
      plan.push({ type: "data_imported", at: at(connectDay + rng.int(0, 2)), who: rng.int(0, people.length - 1), milestone: 2 });
      const inviteDay = connectDay + rng.int(1, 6);
      plan.push(
        { type: "user_invited", at: at(inviteDay), who: 0, milestone: 3 },
        { type: "user_invited", at: at(inviteDay + rng.int(0, 3)), who: 0, milestone: 3 },
      );
      plan.push({ type: "dashboard_created", at: at(Math.max(ttv - 1, connectDay)), who: 0, properties: { source: "sample" }, milestone: 4 });
      plan.push({
        type: "dashboard_created",
        at: at(Math.max(ttv, connectDay)),
        who: rng.int(0, people.length - 1),
        properties: { source: "connected" },
        milestone: 4,
      });
      if (rng.chance(0.65)) plan.push({ type: "alert_configured", at: at(ttv + rng.int(1, 22)), who: 0, milestone: 5 });
      // The tour, ticked by the first person early on.
      const tourAt = at(rng.int(0, 4));

      const kept = plan.filter((entry) => entry.milestone <= stopsAfter && entry.at < todayMs);
      const lastActive = stopsAfter === Infinity ? todayMs : Math.max(account.startMs, ...kept.map((entry) => entry.at)) + 2 * DAY_MS;
      // Logins: each person about weekly while the account is active.
      for (const [index] of people.entries()) {
        for (let day = rng.int(0, 2); account.startMs + day * DAY_MS < Math.min(lastActive, todayMs); day += rng.int(4, 10)) {
          const when = at(day);
          if (when < todayMs && when < lastActive) kept.push({ type: "login", at: when, who: index, milestone: 0 });
        }
      }
      let n = 0;
      for (const entry of kept) {
        const person = people[entry.who];
        const typeId = typeIds.get(entry.type)!;
        insertEvent.run(
          `seed-${account.externalId}-${++n}`,
          account.id,
          person.id,
          person.person,
          typeId,
          entry.at,
          Math.min(entry.at + 2_000, todayMs),
          entry.properties ? JSON.stringify(entry.properties) : null,
        );
        counted.push({ accountId: account.id, day: dayOf(entry.at), typeId, person: person.person });
        events++;
      }
      if (tourAt < todayMs && stopsAfter >= 2) {
        insertPersonCompletion(
          enrolment.id,
          { stepKey: "tour", person: people[0].person, contactId: people[0].id, doneBy: people[0].email, doneAt: tourAt, source: "manual" },
          db,
        );
      }
      // The real step engine decides what these facts complete.
      advanceOnboardingIn(db, account.id, todayMs);
      const after = sqlite
        .prepare<[number], { activated: number | null; last: number | null }>(
          "SELECT activated_at AS activated, last_progress_at AS last FROM guide_enrolments WHERE id = ?",
        )
        .get(enrolment.id)!;
      // Stalled: short of first value and no progress for the guide's stall delay.
      const quietSince = after.last ?? account.startMs;
      if (after.activated === null && quietSince + STALL_AFTER_DAYS * DAY_MS <= todayMs) {
        setStalled.run(quietSince + STALL_AFTER_DAYS * DAY_MS, enrolment.id);
        stalled++;
      }
    }
    const rollup = rollUp(counted);
    for (const row of rollup.byType.values()) addDaily.run(row.accountId, row.day, row.typeId, row.events);
    for (const row of rollup.byPerson.values()) addDailyPerson.run(row.accountId, row.day, row.person, row.events);
    ctx.progress(`onboarding: ${enrolled} accounts in the guide, ${stalled} stalled, ${events} usage events`);
    return { guides: 1, guideEnrolments: enrolled, usageEvents: events };
  },
};
