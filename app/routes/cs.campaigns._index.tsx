import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CampaignStatusBadge, formatRate } from "../components/campaign-status";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { responseRate } from "../domain/campaign-rules";
import { can } from "../domain/permissions";
import { listCampaigns } from "../models/campaign.server";
import { requireStaff } from "../utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Campaigns · Kizuna console" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:campaign:any");
  const campaigns = listCampaigns(200).map((campaign) => ({ ...campaign, rate: responseRate(campaign.answered, campaign.reached) }));
  return { campaigns, canWrite: can(user.role, "write:campaign:any") };
}

export default function Campaigns() {
  const { campaigns, canWrite } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Campaigns</h1>
          <p>NPS survey waves: who was asked, how far sending got, and how many answered.</p>
        </div>
        {canWrite ? (
          <Link className="button" to="/cs/campaigns/new">
            New campaign
          </Link>
        ) : null}
      </div>
      {campaigns.length === 0 ? (
        <div className="card empty-state">
          <h2>No campaigns yet</h2>
          <p className="muted">{canWrite ? <Link to="/cs/campaigns/new">Create the first survey wave</Link> : "An admin can create the first survey wave."}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Campaigns, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col" className="num">
                  Recipients
                </th>
                <th scope="col" className="num">
                  Answered
                </th>
                <th scope="col" className="num">
                  Response rate
                </th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((campaign) => (
                <tr key={campaign.id}>
                  <td>
                    <Link to={`/cs/campaigns/${campaign.id}`} className="strong-link">
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
                        <span className="muted">scheduled</span> <LocalTime value={campaign.scheduledAt} />
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="num">{Math.max(campaign.recipients, campaign.invited).toLocaleString("en")}</td>
                  <td className="num">{campaign.answered.toLocaleString("en")}</td>
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
  return <ConsoleError back={{ to: "/cs", label: "Back to the overview" }} />;
}
