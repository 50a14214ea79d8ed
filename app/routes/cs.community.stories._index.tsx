import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { storyPipeline } from "../services/story-pages.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const TABS = ["draft", "in_review", "published"] as const;

/** `/cs/community/stories?status=`: the stories pipeline (draft → in review → published) with each story's consent. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:account:any");
  const t = await fixedT(user.language, "stories");
  const status = TABS.find((tab) => tab === new URL(request.url).searchParams.get("status")) ?? null;
  return { ...storyPipeline(status), status, title: t("console.pipelineTitle") };
}

export default function StoryPipeline() {
  const { stories, counts, status } = useLoaderData<typeof loader>();
  const { t } = useTranslation("stories");
  const total = counts.draft + counts.in_review + counts.published;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("console.pipelineHeading")}</h1>
          <p>{t("console.pipelineIntro")}</p>
        </div>
        <Link className="button" to="/cs/community/stories/new">
          {t("console.new")}
        </Link>
      </div>
      <nav className="story-tabs" aria-label={t("console.caption")}>
        <Link to="/cs/community/stories" aria-current={status === null ? "page" : undefined}>
          {t("console.tabs.all")} ({total})
        </Link>
        {TABS.map((tab) => (
          <Link key={tab} to={`/cs/community/stories?status=${tab}`} aria-current={status === tab ? "page" : undefined}>
            {t(`console.tabs.${tab}`)} ({counts[tab]})
          </Link>
        ))}
      </nav>
      <section className="card">
        {stories.length === 0 ? (
          <p className="muted">{t("console.empty")}</p>
        ) : (
          <div className="table-wrap flat">
            <table className="story-pipeline">
              <caption className="visually-hidden">{t("console.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("console.story")}</th>
                  <th scope="col">{t("console.account")}</th>
                  <th scope="col">{t("console.author")}</th>
                  <th scope="col" className="nowrap">
                    {t("console.statusColumn")}
                  </th>
                  <th scope="col" className="nowrap">
                    {t("console.consent")}
                  </th>
                  <th scope="col" className="nowrap">
                    {t("console.comments")}
                  </th>
                  <th scope="col" className="nowrap">
                    {t("console.updated")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {stories.map((story) => (
                  <tr key={story.id}>
                    <td>
                      <Link to={`/cs/community/stories/${story.id}`}>{story.title}</Link>
                      <div className="muted small">{story.industry}</div>
                    </td>
                    <td>
                      <Link to={`/cs/accounts/${story.accountId}`}>{story.accountName}</Link>
                    </td>
                    <td>{story.authorMember ?? (story.authorStaff ? t("console.byTeam", { name: story.authorStaff }) : "—")}</td>
                    <td className="nowrap">
                      <span className={`badge story-status-${story.status}`}>{t(`status.${story.status}`)}</span>
                    </td>
                    <td className="small">
                      {story.uses.length ? (
                        story.uses.map((use) => t(`console.uses.${use}`)).join(" · ")
                      ) : (
                        <span className="muted">{t("console.noConsent")}</span>
                      )}
                    </td>
                    <td className="num">{story.comments}</td>
                    <td className="nowrap small">
                      <LocalTime value={story.updatedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError />;
}
