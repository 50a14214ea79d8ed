import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Avatar, MemberBadges, TeamBadge, TopicList } from "../components/community";
import { useFormat } from "../components/use-format";
import { memberProfilePage } from "../services/community-profile-page.server";
import { requireCommunityReadScope } from "../utils/community-access.server";
import { mayReadAnonymously } from "../services/community-settings.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Signed-out visitors read too when the admin lets everyone read.
  const { scope: reader } = await requireCommunityReadScope(request, mayReadAnonymously());
  const profile = memberProfilePage(reader, (params.handle ?? "").slice(0, 100));
  const t = await fixedT(reader.language, ["community", "common", "communityModeration"]);
  if (!profile) throw new Response(t("common:notFound.title"), { status: 404 });
  const badges = profile.badges.map((badge) => ({ key: badge.code, name: t(`communityModeration:badges.${badge.code}`), description: "" }));
  return { profile, badges, title: t("profile.metaTitle", { name: profile.displayName }) };
}

export default function MemberProfile() {
  const { profile, badges } = useLoaderData<typeof loader>();
  const { t } = useTranslation("community");
  const format = useFormat();
  const counts = [
    ["topics", profile.counts.topics],
    ["replies", profile.counts.answers],
    ["accepted", profile.counts.acceptedAnswers],
    ["likesReceived", profile.counts.likesReceived],
  ] as const;
  return (
    <div className="community-page stack">
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <a href="/community">{t("nav.home")}</a>
      </nav>
      <header className="profile-head">
        <Avatar name={profile.displayName} size="large" />
        <div>
          <h1>
            {profile.displayName} {profile.staff ? <TeamBadge /> : null}
          </h1>
          {profile.title ? <p className="flush">{profile.title}</p> : null}
          {profile.company ? <p className="muted flush">{profile.company}</p> : null}
          {profile.customerSince ? <p className="muted flush">{t("profile.customerSince", { date: format.day(profile.customerSince) })}</p> : null}
        </div>
        {profile.own ? (
          <a className="button secondary small profile-edit" href="/community/profile">
            {t("profile.edit")}
          </a>
        ) : null}
      </header>
      {profile.suspendedUntil ? <p className="notice warn">{t("profile.suspended", { date: format.date(profile.suspendedUntil) })}</p> : null}

      <MemberBadges badges={badges} />

      <section aria-labelledby="profile-stats">
        <h2 id="profile-stats">{t("profile.stats")}</h2>
        <dl className="profile-stats">
          {counts.map(([key, value]) => (
            <div key={key}>
              <dt>{t(`profile.${key}`)}</dt>
              <dd>{format.number(value)}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="profile-topics">
        <h2 id="profile-topics">{t("profile.recentTopics")}</h2>
        {profile.recentTopics.length > 0 ? <TopicList topics={profile.recentTopics} /> : <p className="empty-state">{t("profile.nothingYet")}</p>}
      </section>
    </div>
  );
}
