import { useTranslation } from "react-i18next";
import type { MeetupParticipation } from "../services/meetup-participation.server";
import { LocalTime } from "./local-time";
import { useFormat } from "./use-format";

/** The account's people at user-group events: attendances, talks, and the latest events they came to. */
export function MeetupParticipationCard({ meetups }: { meetups: MeetupParticipation }) {
  const { t } = useTranslation("meetups");
  const format = useFormat();
  return (
    <section className="card" aria-labelledby="meetups-heading" data-testid="account-meetups">
      <div className="section-head">
        <h2 id="meetups-heading">{t("account.heading")}</h2>
        {meetups.attended > 0 ? (
          <span className="muted">
            {t("account.totals", { attended: format.number(meetups.attended), people: format.number(meetups.people), spoke: format.number(meetups.spoke) })}
          </span>
        ) : null}
      </div>
      {meetups.attended === 0 ? (
        <p className="muted">{t("account.none")}</p>
      ) : (
        <table className="meetup-table">
          <caption className="visually-hidden">{t("account.caption")}</caption>
          <tbody>
            {meetups.recent.map((row) => (
              <tr key={`${row.meetupId}-${row.contactId}`}>
                <td className="nowrap">
                  <LocalTime value={row.startsAt} dateOnly />
                </td>
                <td>
                  <a href={`/cs/community/events/${row.meetupId}`}>{row.title}</a>
                </td>
                <td>
                  {row.contactName ?? row.email}
                  {row.speaker ? <span className="badge info">{t("account.speaker")}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
