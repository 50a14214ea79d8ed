import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { IdeaList } from "../components/ideas";
import { roadmap } from "../services/idea-board.server";
import { mayReadAnonymously } from "../services/community-settings.server";
import { requireCommunityReadScope } from "../utils/community-access.server";
import { fixedT } from "../utils/i18n.server";
import { SERVER_RENDERED_ONLY } from "../utils/page-handle";

export const handle = SERVER_RENDERED_ONLY;
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** The public roadmap: ideas planned, in progress and shipped, most votes first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireCommunityReadScope(request, mayReadAnonymously());
  const t = await fixedT(scope.language, "ideas");
  return { columns: roadmap(scope), title: t("roadmap.metaTitle") };
}

export default function Roadmap() {
  const { columns } = useLoaderData<typeof loader>();
  const { t } = useTranslation("ideas");
  const { t: tc } = useTranslation("community");
  return (
    <div className="community-page stack">
      <nav aria-label={tc("nav.breadcrumb")} className="breadcrumb">
        <a href="/community">{tc("nav.home")}</a> <a href="/community/c/ideas">{t("roadmap.board")}</a>
      </nav>
      <header>
        <h1>{t("roadmap.heading")}</h1>
        <p className="muted flush">{t("roadmap.intro")}</p>
        <p className="flush">
          <a href="/community/changelog">{t("board.changelog")}</a>
        </p>
      </header>
      <div className="roadmap">
        {columns.map((column) => (
          <section key={column.status} className="roadmap-column" aria-labelledby={`roadmap-${column.status}`}>
            <h2 id={`roadmap-${column.status}`}>{t(`status.${column.status}`)}</h2>
            {column.ideas.length > 0 ? <IdeaList ideas={column.ideas} currency={null} /> : <p className="muted">{t("roadmap.empty")}</p>}
          </section>
        ))}
      </div>
    </div>
  );
}
