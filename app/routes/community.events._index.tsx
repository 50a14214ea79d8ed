import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { meetupList, type MeetupSummary } from "../services/meetup-pages.server";
import { requireCommunityReader } from "../utils/community-access.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** `/community/events`: upcoming user-group events, then past ones with their materials. Members only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const reader = await requireCommunityReader(request);
  const t = await fixedT(reader.language, "meetups");
  return { ...meetupList(reader), title: t("list.metaTitle") };
}

export default function MeetupList() {
  const { upcoming, past } = useLoaderData<typeof loader>();
  const { t } = useTranslation("meetups");
  return (
    <div className="community-page stack">
      <section className="community-hero" aria-labelledby="events-title">
        <div>
          <h1 id="events-title">{t("list.heading")}</h1>
          <p className="muted flush">{t("list.intro")}</p>
        </div>
      </section>
      <section aria-labelledby="events-upcoming" className="stack">
        <h2 id="events-upcoming">{t("list.upcoming")}</h2>
        {upcoming.length === 0 ? <p className="empty-state">{t("list.noneUpcoming")}</p> : <MeetupCards meetups={upcoming} past={false} />}
      </section>
      <section aria-labelledby="events-past" className="stack">
        <h2 id="events-past">{t("list.past")}</h2>
        {past.length === 0 ? <p className="empty-state">{t("list.nonePast")}</p> : <MeetupCards meetups={past} past />}
      </section>
    </div>
  );
}

function MeetupCards({ meetups, past }: { meetups: MeetupSummary[]; past: boolean }) {
  const { t } = useTranslation("meetups");
  return (
    <ul className="meetup-list">
      {meetups.map((m) => (
        <li key={m.id} className="card meetup-card">
          <h3>
            <a href={`/community/events/${m.id}`}>{m.title}</a>
          </h3>
          <p className="meetup-when">
            <time dateTime={new Date(m.startsAt).toISOString()}>{m.when}</time> <span className="muted small">({m.zone})</span>
          </p>
          <p className="muted small">{m.format === "online" ? t("list.online") : m.venue}</p>
          <p className="meetup-tags">
            {m.mine?.status === "confirmed" ? <span className="badge good">{m.mine.attended ? t("list.attended") : t("list.registered")}</span> : null}
            {m.mine?.status === "waitlisted" ? <span className="badge warn">{t("list.waitlisted", { position: m.mine.position })}</span> : null}
            {!past && !m.mine ? (
              m.seatsLeft > 0 ? (
                <span className="badge">{t("list.seatsLeft", { count: m.seatsLeft })}</span>
              ) : (
                <span className="badge warn">{t("list.full")}</span>
              )
            ) : null}
            {m.restricted ? <span className="badge info">{t("list.restricted")}</span> : null}
          </p>
          {past ? (
            m.materials.length > 0 ? (
              <div>
                <h4 className="small">{t("list.materials")}</h4>
                <ul className="meetup-materials">
                  {m.materials.map((material) => (
                    <li key={material.url}>
                      <a href={material.url} rel="noopener noreferrer">
                        {material.title}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <p className="muted small">{t("list.noMaterials")}</p>
            )
          ) : null}
        </li>
      ))}
    </ul>
  );
}
