import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../components/use-format";
import { changelog } from "../services/idea-board.server";
import { mayReadAnonymously } from "../services/community-settings.server";
import { requireCommunityReadScope } from "../utils/community-access.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** The changelog: an entry for each idea that shipped, with the team's note; `?before=` continues. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireCommunityReadScope(request, mayReadAnonymously());
  const before = new URL(request.url).searchParams.get("before");
  const t = await fixedT(scope.language, "ideas");
  return { ...changelog(scope, before && /^\d{1,15}$/.test(before) ? Number(before) : null), title: t("changelog.metaTitle") };
}

export default function Changelog() {
  const { entries, next } = useLoaderData<typeof loader>();
  const { t } = useTranslation("ideas");
  const { t: tc } = useTranslation("community");
  const format = useFormat();
  return (
    <div className="community-page stack">
      <nav aria-label={tc("nav.breadcrumb")} className="breadcrumb">
        <a href="/community">{tc("nav.home")}</a> <a href="/community/roadmap">{t("board.roadmap")}</a>
      </nav>
      <header>
        <h1>{t("changelog.heading")}</h1>
        <p className="muted flush">{t("changelog.intro")}</p>
      </header>
      {entries.length === 0 ? <p className="empty-state">{t("changelog.empty")}</p> : null}
      {entries.map((entry) => (
        <article key={entry.id} className="card changelog-entry">
          <p className="muted flush">{t("changelog.shippedOn", { date: format.date(entry.createdAt) })}</p>
          <h2>
            <a href={entry.path}>{entry.title}</a>
          </h2>
          <div className="post-body" dangerouslySetInnerHTML={{ __html: entry.html }} />
        </article>
      ))}
      {next ? (
        <a className="button secondary small" href={`/community/changelog?before=${next}`} rel="next">
          {t("changelog.older")}
        </a>
      ) : null}
    </div>
  );
}
