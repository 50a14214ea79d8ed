import { useTranslation } from "react-i18next";
import type { CommunityParticipation, ContactCommunityParticipation } from "../domain/community-participation";
import { LocalTime } from "./local-time";
import { useFormat } from "./use-format";

/** The account's people in the community, from the participation aggregates. */
export function CommunityParticipationCard({ community, accountName }: { community: CommunityParticipation; accountName: string }) {
  const { t } = useTranslation("communityConsole");
  const format = useFormat();
  return (
    <section className="card" aria-labelledby="community-heading" data-testid="account-community">
      <div className="section-head">
        <h2 id="community-heading">{t("participation.heading")}</h2>
        <span className="muted">{t("participation.members", { count: community.members, n: format.number(community.members) })}</span>
      </div>
      {community.members === 0 ? (
        <p className="muted">{t("participation.none")}</p>
      ) : (
        <dl className="facts" aria-label={t("participation.caption", { name: accountName })}>
          <dt>{t("participation.active30")}</dt>
          <dd>{format.number(community.active30)}</dd>
          <dt>{t("participation.active90")}</dt>
          <dd>{format.number(community.active90)}</dd>
          <dt>{t("participation.topics")}</dt>
          <dd>{format.number(community.topics)}</dd>
          <dt>{t("participation.replies")}</dt>
          <dd>{format.number(community.replies)}</dd>
          <dt>{t("participation.acceptedAnswers")}</dt>
          <dd>{format.number(community.acceptedAnswers)}</dd>
          <dt>{t("participation.likesReceived")}</dt>
          <dd>{format.number(community.likesReceived)}</dd>
          <dt>{t("participation.lastActivity")}</dt>
          <dd>
            {community.lastActivityAt === null ? <span className="muted">{t("participation.never")}</span> : <LocalTime value={community.lastActivityAt} />}
          </dd>
        </dl>
      )}
    </section>
  );
}

/** A contact's own participation in one cell: counts and when they last posted, or "not a member". */
export function ContactParticipationCell({ community }: { community: ContactCommunityParticipation | null }) {
  const { t } = useTranslation("communityConsole");
  const format = useFormat();
  if (!community) return <span className="muted">{t("participation.notMember")}</span>;
  return (
    <>
      <span className="small">
        {t("participation.contactSummary", {
          topics: format.number(community.topics),
          replies: format.number(community.replies),
          accepted: format.number(community.acceptedAnswers),
        })}
      </span>
      {community.lastActivityAt !== null ? (
        <span className="muted small">
          {" · "}
          <LocalTime value={community.lastActivityAt} dateOnly />
        </span>
      ) : null}
    </>
  );
}
