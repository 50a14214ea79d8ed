import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CampaignStatusBadge, useFormatRate } from "../components/campaign-status";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { useFormat } from "../components/use-format";
import { responseRate } from "../domain/campaign-rules";
import { can } from "../domain/permissions";
import { listCampaigns } from "../models/campaign.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:campaign:any");
  const t = await fixedT(user.language, "campaigns");
  const campaigns = listCampaigns(200).map((campaign) => ({ ...campaign, rate: responseRate(campaign.answered, campaign.reached) }));
  return { title: t("list.title"), campaigns, canWrite: can(user.role, "write:campaign:any") };
}

export default function Campaigns() {
  const { campaigns, canWrite } = useLoaderData<typeof loader>();
  const { t } = useTranslation("campaigns");
  const format = useFormat();
  const formatRate = useFormatRate();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("list.heading")}</h1>
          <p>{t("list.intro")}</p>
        </div>
        {canWrite ? (
          <Link className="button" to="/cs/campaigns/new">
            {t("list.new")}
          </Link>
        ) : null}
      </div>
      {campaigns.length === 0 ? (
        <div className="card empty-state">
          <h2>{t("list.empty")}</h2>
          <p className="muted">{canWrite ? <Link to="/cs/campaigns/new">{t("list.createFirst")}</Link> : t("list.adminCreates")}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("list.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("list.col.campaign")}</th>
                <th scope="col">{t("list.col.status")}</th>
                <th scope="col">{t("list.col.started")}</th>
                <th scope="col" className="num">
                  {t("list.col.recipients")}
                </th>
                <th scope="col" className="num">
                  {t("list.col.answered")}
                </th>
                <th scope="col" className="num">
                  {t("list.col.rate")}
                </th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((campaign) => (
                <tr key={campaign.id}>
                  <td>
                    <Link to={`/cs/campaigns/${campaign.id}`} className="strong-link" translate="no">
                      {campaign.name}
                    </Link>
                  </td>
                  <td>
                    <CampaignStatusBadge status={campaign.status} />
                  </td>
                  <td>
                    {campaign.launchedAt ? (
                      <LocalTime value={campaign.launchedAt} />
                    ) : campaign.scheduledAt ? (
                      <>
                        <span className="muted">{t("list.scheduled")}</span> <LocalTime value={campaign.scheduledAt} />
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="num">{format.number(Math.max(campaign.recipients, campaign.invited))}</td>
                  <td className="num">{format.number(campaign.answered)}</td>
                  <td className="num">{formatRate(campaign.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("campaigns");
  return <ConsoleError back={{ to: "/cs", label: t("list.back") }} />;
}
