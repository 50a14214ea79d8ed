import { sql } from "drizzle-orm";
import { renderMarkdown } from "../../app/utils/markdown.server";
import { DAY_MS } from "./calendar";
import type { SeedStep } from "./context";

const HOUR_MS = 3_600_000;

type Plan = {
  title: string;
  days: number;
  hour: number;
  format: "online" | "venue";
  capacity: number;
  registrations: number;
  segments: string[] | null;
  language: "en" | "ja";
};

/** Past events (with attendance, speakers, survey answers and materials) and upcoming ones (one full, with a waitlist), in both languages. */
const PLANS: Plan[] = [
  {
    title: "Kizuna user group Tokyo #9: NPS in practice",
    days: -120,
    hour: 10,
    format: "venue",
    capacity: 40,
    registrations: 34,
    segments: null,
    language: "ja",
  },
  {
    title: "Customer success meetup: closing the loop with detractors",
    days: -75,
    hour: 9,
    format: "online",
    capacity: 100,
    registrations: 46,
    segments: null,
    language: "en",
  },
  {
    title: "Kizuna ユーザー会 #10：テックタッチの自動化事例",
    days: -40,
    hour: 10,
    format: "venue",
    capacity: 30,
    registrations: 28,
    segments: null,
    language: "ja",
  },
  { title: "Ask the product team: roadmap Q&A", days: -12, hour: 8, format: "online", capacity: 80, registrations: 38, segments: null, language: "en" },
  { title: "Kizuna ユーザー会 #11：ヘルススコアの設計", days: 10, hour: 10, format: "venue", capacity: 12, registrations: 16, segments: null, language: "ja" },
  {
    title: "Executive roundtable: renewals and expansion",
    days: 24,
    hour: 9,
    format: "online",
    capacity: 20,
    registrations: 6,
    segments: ["high", "low"],
    language: "en",
  },
];

const DESCRIPTION = {
  en: "An evening with customers who run their customer success on Kizuna.\n\n- Two short talks from customers\n- Open Q&A with the product team\n- Networking\n\nBring your questions!",
  ja: "Kizuna を活用しているお客様同士で事例を共有する会です。\n\n- お客様による事例紹介（2 本）\n- プロダクトチームとの Q&A\n- 懇親会\n\nお気軽にご参加ください。",
};
const COMMENTS = {
  en: [
    "The detractor follow-up demo was exactly what we needed.",
    "More time for Q&A next time, please.",
    "Great to meet other CS teams.",
    "Slides in advance would help.",
  ],
  ja: [
    "他社の運用事例がとても参考になりました。",
    "Q&A の時間をもう少し長くしてほしいです。",
    "次回はオンライン配信もあると嬉しいです。",
    "ヘルススコアの設計について詳しく聞けてよかったです。",
  ],
};

/** The monthly calendar label of a day offset ("2025-03"), to tell repeated events apart. */
function monthOf(todayMs: number, days: number): string {
  return new Date(todayMs + days * DAY_MS).toISOString().slice(0, 7);
}

/**
 * The large scale's three years of user groups: the demo's past events again every four months
 * (four times the seats and registrations, for a community of 200,000), then the demo's own.
 */
function largePlans(todayMs: number): Plan[] {
  const past = PLANS.filter((plan) => plan.days < 0);
  const earlier = Array.from({ length: 8 }, (_, cycle) => cycle + 1)
    .reverse()
    .flatMap((cycle) =>
      past.map((plan) => {
        const days = plan.days - cycle * 120;
        return { ...plan, days, title: `${plan.title} (${monthOf(todayMs, days)})`, capacity: plan.capacity * 4, registrations: plan.registrations * 4 };
      }),
    );
  return [...earlier, ...PLANS];
}

/**
 * User-group events (meetups) on the demo accounts: four past ones with attendance (about three
 * in four registrations came), two speakers each, survey answers and materials; two upcoming, one
 * over capacity (a waitlist), one for high- and low-touch customers only. The event reminders of the
 * upcoming ones are queued as jobs, as the console would; the large scale adds three years of them
 * (`largePlans`). (The attendee badge is
 * left to staff marking attendance: the community seed's members hold exactly the badges their activity earned.)
 */
export const meetupsStep: SeedStep = {
  name: "meetups",
  run(ctx): Record<string, number> {
    if (ctx.contacts.length === 0) return { meetups: 0, meetupRegistrations: 0 };
    const plans = ctx.scale === "large" ? largePlans(ctx.todayMs) : PLANS;
    const rng = ctx.rng("meetups");
    const sqlite = ctx.sqlite;
    const segmentOf = new Map(ctx.accounts.map((a) => [a.id, a.segment]));
    const staffId = ctx.csms[0]?.id ?? null;
    const insertMeetup = sqlite.prepare(
      `INSERT INTO meetups (title, description_source, description_html, format, join_url, venue, starts_at, ends_at, time_zone, capacity, registration_deadline, segments, materials, confirmed_count, waitlist_count, created_by_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Asia/Tokyo', ?, ?, ?, ?, 0, 0, ?, ?, ?) RETURNING id`,
    );
    const insertRegistration = sqlite.prepare(
      `INSERT INTO meetup_registrations (meetup_id, contact_id, status, registered_at, waitlisted_at, confirmed_at, attended_at, speaker, satisfaction, survey_comment, survey_answered_at, notice_sent_for)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'seed')`,
    );
    const insertJob = sqlite.prepare(
      `INSERT OR IGNORE INTO jobs (type, payload, status, run_at, attempts, max_attempts, unique_key, created_at) VALUES ('meetup.reminder', ?, 'queued', ?, 0, 8, ?, ?)`,
    );
    let registrations = 0;
    for (const plan of plans) {
      const startsAt = ctx.todayMs + plan.days * DAY_MS + plan.hour * HOUR_MS;
      const endsAt = startsAt + 2 * HOUR_MS;
      const past = endsAt <= ctx.todayMs;
      const createdAt = startsAt - 30 * DAY_MS;
      const materials = past
        ? JSON.stringify([
            { title: plan.language === "ja" ? "発表スライド" : "Slides", url: `https://example.com/events/${plan.days}/slides.pdf` },
            { title: plan.language === "ja" ? "録画" : "Recording", url: `https://video.example.com/events/${plan.days}` },
          ])
        : "[]";
      const description = DESCRIPTION[plan.language];
      const { id } = insertMeetup.get(
        plan.title,
        description,
        renderMarkdown(description),
        plan.format,
        plan.format === "online" ? `https://meet.example.com/kizuna-${Math.abs(plan.days)}` : null,
        plan.format === "venue"
          ? plan.language === "ja"
            ? "東京都千代田区丸の内 1-1-1 Kizuna セミナールーム"
            : "Kizuna Tokyo office, Marunouchi 1-1-1"
          : null,
        startsAt,
        endsAt,
        plan.capacity,
        startsAt - DAY_MS,
        plan.segments ? JSON.stringify(plan.segments) : null,
        materials,
        staffId,
        createdAt,
        createdAt,
      ) as { id: number };
      const pool = ctx.contacts.filter((c) => c.createdMs < createdAt && (!plan.segments || plan.segments.includes(segmentOf.get(c.accountId) ?? "")));
      const chosen = new Set<number>();
      const people = [];
      for (let tries = 0; people.length < Math.min(plan.registrations, pool.length) && tries < plan.registrations * 20; tries++) {
        const contact = rng.pick(pool);
        if (chosen.has(contact.id)) continue;
        chosen.add(contact.id);
        people.push(contact);
      }
      let confirmed = 0;
      let waiting = 0;
      let speakers = 0;
      people.forEach((contact, index) => {
        const registeredAt = createdAt + (index + 1) * 6 * HOUR_MS;
        const seated = confirmed < plan.capacity;
        const attended = past && seated && rng.chance(0.75);
        const speaker = attended && speakers < 2;
        if (speaker) speakers += 1;
        const answered = attended && rng.chance(0.55);
        const language = contact.locale;
        insertRegistration.run(
          id,
          contact.id,
          seated ? "confirmed" : "waitlisted",
          registeredAt,
          seated ? null : registeredAt,
          seated ? registeredAt : null,
          attended ? endsAt : null,
          speaker ? 1 : 0,
          answered ? rng.int(3, 5) : null,
          answered && rng.chance(0.5) ? rng.pick(COMMENTS[language]) : null,
          answered ? endsAt + 2 * HOUR_MS : null,
        );
        if (seated) confirmed += 1;
        else waiting += 1;
      });
      registrations += people.length;
      ctx.db.run(sql`UPDATE meetups SET confirmed_count = ${confirmed}, waitlist_count = ${waiting} WHERE id = ${id}`);
      if (!past) {
        for (const [kind, runAt] of [
          ["day", startsAt - DAY_MS],
          ["hour", startsAt - HOUR_MS],
          ["survey", endsAt + HOUR_MS],
        ] as const) {
          if (runAt > ctx.todayMs) insertJob.run(JSON.stringify({ meetupId: id, kind }), runAt, `meetup-reminder:${id}:${kind}:${runAt}`, ctx.todayMs);
        }
      }
    }
    return { meetups: plans.length, meetupRegistrations: registrations };
  },
};
