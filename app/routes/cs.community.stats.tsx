import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { WeeklyBarChart } from "../components/charts/weekly-bar-chart";
import { ConsoleError } from "../components/console-error";
import { useFormat } from "../components/use-format";
import { lastWeeks, STATS_WEEKS, WEEK_MS } from "../domain/community-console";
import { communityWeeklyStats } from "../models/community-stats.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

// Full weeks only: the week under way would read as a fall in every chart until Sunday.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const weeks = communityWeeklyStats(lastWeeks(Date.now() - WEEK_MS, STATS_WEEKS));
  return { weeks, title: (await fixedT(user.language, "communityConsole"))("stats.title") };
}

const HOUR_MS = 3_600_000;

export default function CommunityStats() {
  const { weeks } = useLoaderData<typeof loader>();
  const { t } = useTranslation("communityConsole");
  const format = useFormat();
  const hours = (ms: number) => t("stats.hours", { n: format.number(ms / HOUR_MS, ms < 10 * HOUR_MS ? 1 : 0) });
  const count = (n: number) => format.number(n);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("stats.heading")}</h1>
          <p>{t("stats.intro", { weeks: STATS_WEEKS })}</p>
        </div>
      </div>
      <div className="community-charts">
        <section className="card">
          <WeeklyBarChart
            title={t("stats.activeMembers")}
            help={t("stats.activeMembersHelp")}
            weeks={weeks.map((w) => ({ weekStart: w.weekStart, value: w.activeMembers }))}
            formatValue={count}
          />
        </section>
        <section className="card">
          <WeeklyBarChart title={t("stats.newTopics")} weeks={weeks.map((w) => ({ weekStart: w.weekStart, value: w.newTopics }))} formatValue={count} />
        </section>
        <section className="card">
          <WeeklyBarChart
            title={t("stats.answerRate")}
            help={t("stats.answerRateHelp")}
            weeks={weeks.map((w) => ({
              weekStart: w.weekStart,
              value: w.questions === 0 ? null : w.answered / w.questions,
              detail: t("stats.answeredOf", { answered: format.number(w.answered), questions: format.number(w.questions) }),
            }))}
            formatValue={(share) => format.percent(share)}
            detailLabel={t("stats.answeredOfLabel")}
          />
        </section>
        <section className="card">
          <WeeklyBarChart
            title={t("stats.firstAnswer")}
            help={t("stats.firstAnswerHelp")}
            weeks={weeks.map((w) => ({ weekStart: w.weekStart, value: w.medianFirstAnswerMs }))}
            formatValue={hours}
          />
        </section>
        <section className="card">
          <WeeklyBarChart
            title={t("stats.acceptedAnswer")}
            help={t("stats.acceptedAnswerHelp")}
            weeks={weeks.map((w) => ({ weekStart: w.weekStart, value: w.medianAcceptedMs }))}
            formatValue={hours}
          />
        </section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("communityConsole");
  return <ConsoleError back={{ to: "/cs/community/stats", label: t("stats.heading") }} />;
}
