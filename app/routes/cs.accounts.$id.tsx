import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { bucketLabel, NpsTrendChart } from "../components/charts/nps-trend-chart";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { ResponseScore } from "../components/response-score";
import { daysUntil, RenewalDate, SegmentBadge } from "../components/segment-badge";
import type { AccountScore } from "../domain/account-360";
import { CASE_STATUS_LABEL } from "../domain/case-workflow";
import { categoryFor } from "../domain/nps";
import type { NpsSummary } from "../domain/nps-stats";
import { formatMoney, stageLabel } from "../domain/segments";
import { formatWithReporting } from "../domain/money";
import { reportingContext } from "../services/currency-settings.server";
import { loadAccount360 } from "../services/account-360.server";
import { requireStaff } from "../utils/auth.server";
import { requireId } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.account.name ?? "Account"} · Kizuna console` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "read:account:any");
  const id = requireId(params);
  const account360 = loadAccount360(id);
  if (!account360) throw new Response(`There is no account ${id}. It may have been removed; search the account list.`, { status: 404 });
  return { ...account360, reportingCurrency: reportingContext().reportingCurrency };
}

function npsText(summary: Pick<NpsSummary, "nps" | "margin">) {
  if (summary.nps === null) return "—";
  return `${summary.nps.toFixed(0)}${summary.margin === null ? "" : ` ±${summary.margin.toFixed(0)}`}`;
}

/** A health or advocacy score: the value with its reasons once scored, and plainly "not scored yet" before. */
function ScoreSlot({ title, score, what }: { title: string; score: AccountScore; what: string }) {
  return (
    <div className="account-score">
      <h3>{title}</h3>
      {score.status === "not_scored" ? (
        <>
          <p className="account-score-value muted">Not scored yet</p>
          <p className="muted small">{what}</p>
        </>
      ) : (
        <>
          <p className="account-score-value">{score.value}</p>
          <ul className="small">
            {score.reasons.map((reason) => (
              <li key={reason.label}>
                {reason.label}: {reason.points > 0 ? `+${reason.points}` : reason.points}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** A card with one table of the account's rows, or a line saying why there are none (`empty`). */
function TableCard({
  id,
  title,
  aside,
  empty,
  caption,
  head,
  children,
}: {
  id: string;
  title: string;
  /** Beside the title, in a section head; leave it out for a plain title. */
  aside?: ReactNode;
  /** Null when there are rows. */
  empty: ReactNode;
  caption: string;
  head: ReactNode;
  children: ReactNode;
}) {
  const heading = <h2 id={id}>{title}</h2>;
  return (
    <section className="card" aria-labelledby={id}>
      {aside === undefined ? (
        heading
      ) : (
        <div className="section-head">
          {heading}
          {aside}
        </div>
      )}
      {empty ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap flat">
          <table>
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>{head}</tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function isoDay(date: Date | string | number) {
  return new Date(date).toISOString().slice(0, 10);
}

export default function AccountDetail() {
  const { account, contacts, today, trend, allTime, openCases, campaigns, scores, thresholds, reportingCurrency } = useLoaderData<typeof loader>();
  const acv = formatMoney({ amount: account.acvAmount, currency: account.acvCurrency });
  const renewalDays = account.renewalDate ? daysUntil(account.renewalDate, today) : null;
  const overdueCases = openCases.filter((c) => c.overdue).length;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/cs/accounts">Accounts</Link> <span aria-hidden="true">/</span> <span aria-current="page">{account.name}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>{account.name}</h1>
          <p>
            {account.domain ? (
              <a href={`https://${account.domain}`} rel="noreferrer noopener" target="_blank">
                {account.domain}
              </a>
            ) : (
              "No domain"
            )}{" "}
            · <span className="mono">{account.externalId}</span>
          </p>
        </div>
        <SegmentBadge segment={account.segment} />
      </div>

      <div className="stats">
        <div className="stat">
          <div className="value">{acv}</div>
          <div className="label">ACV ({account.acvCurrency})</div>
        </div>
        <div className="stat">
          <div className="value">{stageLabel(account.stage)}</div>
          <div className="label">Lifecycle stage</div>
        </div>
        <div className="stat">
          <div className="value">{renewalDays === null ? "—" : renewalDays < 0 ? "Passed" : `${renewalDays} d`}</div>
          <div className="label">{account.renewalDate ? `Until renewal (${account.renewalDate})` : "No renewal date"}</div>
        </div>
        <div className="stat">
          <div className="value">{contacts.length.toLocaleString("en")}</div>
          <div className="label">Contacts</div>
        </div>
        <div className="stat">
          <div className="value">{npsText(allTime)}</div>
          <div className="label">NPS, all {allTime.n.toLocaleString("en")} answers</div>
        </div>
        <div className="stat">
          <div className="value">{openCases.length.toLocaleString("en")}</div>
          <div className="label">Open follow-ups{overdueCases > 0 ? ` (${overdueCases} overdue)` : ""}</div>
        </div>
      </div>

      <div className="account-sections stack">
        <section className="card" aria-labelledby="facts-heading">
          <h2 id="facts-heading">Facts</h2>
          <dl className="facts">
            <dt>External id</dt>
            <dd className="mono">{account.externalId}</dd>
            <dt>Segment</dt>
            <dd>
              <SegmentBadge segment={account.segment} /> <span className="muted small">from ACV and the thresholds in Settings</span>
            </dd>
            <dt>ACV</dt>
            <dd>{formatWithReporting({ amount: account.acvAmount, currency: account.acvCurrency }, account.acvReportingMinor, reportingCurrency)}</dd>
            <dt>Customer since</dt>
            <dd>{account.startDate}</dd>
            <dt>Renewal</dt>
            <dd>
              <RenewalDate date={account.renewalDate} today={today} />
            </dd>
            <dt>CSM</dt>
            <dd>
              {account.csmName ? (
                <>
                  {account.csmName} <span className="muted small">{account.csmEmail}</span>
                </>
              ) : (
                <span className="muted">No CSM assigned</span>
              )}
            </dd>
            <dt>In Kizuna since</dt>
            <dd>{isoDay(account.createdAt)}</dd>
            <dt>Last changed</dt>
            <dd>{isoDay(account.updatedAt)}</dd>
          </dl>
        </section>

        <TableCard
          id="contacts-heading"
          title="Contacts"
          aside={contacts.length > 0 ? <Link to={`/cs/contacts?account=${account.id}`}>Open in contact list</Link> : null}
          empty={contacts.length === 0 ? <>No contacts yet. Import contacts with this account's external id ({account.externalId}).</> : null}
          caption={`Contacts of ${account.name}`}
          head={
            <>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Title</th>
              <th scope="col">Language</th>
              <th scope="col" className="num">
                Latest score
              </th>
              <th scope="col">Answered</th>
              <th scope="col">Surveys</th>
            </>
          }
        >
          {contacts.map((contact) => (
            <tr key={contact.id}>
              <td>{contact.name ?? <span className="muted">—</span>}</td>
              <td>{contact.email}</td>
              <td>{contact.title ?? <span className="muted">—</span>}</td>
              <td>{contact.locale === "ja" ? "日本語" : "English"}</td>
              <td className="num">
                {contact.latestScore === null ? (
                  <span className="muted">—</span>
                ) : (
                  <ResponseScore score={contact.latestScore} category={categoryFor(contact.latestScore, thresholds)} />
                )}
              </td>
              <td>
                {contact.latestAnsweredAt === null ? (
                  <span className="muted">Never answered</span>
                ) : (
                  <>
                    <LocalTime value={contact.latestAnsweredAt} dateOnly />
                    {contact.responses > 1 ? <span className="muted small"> · {contact.responses} answers</span> : null}
                  </>
                )}
              </td>
              <td>
                {contact.unsubscribedAt ? (
                  <span className="badge warn" title={`Unsubscribed ${isoDay(contact.unsubscribedAt)}`}>
                    Unsubscribed
                  </span>
                ) : (
                  <span className="badge good">Subscribed</span>
                )}
              </td>
            </tr>
          ))}
        </TableCard>

        <section className="card" aria-labelledby="trend-heading">
          <h2 id="trend-heading">NPS over time</h2>
          <NpsTrendChart
            title="NPS by month, this account's answers"
            points={trend.map((point) => ({
              bucket: point.bucket,
              label: bucketLabel(point.bucket, "month"),
              nps: point.summary.nps,
              margin: point.summary.margin,
              n: point.summary.n,
            }))}
          />
        </section>

        <TableCard
          id="cases-heading"
          title="Open follow-ups"
          empty={openCases.length === 0 ? "No follow-up cases are open for this account." : null}
          caption={`Open follow-up cases of ${account.name}`}
          head={
            <>
              <th scope="col">Case</th>
              <th scope="col">Contact</th>
              <th scope="col" className="num">
                Score
              </th>
              <th scope="col">Status</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
            </>
          }
        >
          {openCases.map((followUp) => (
            <tr key={followUp.id}>
              <td>
                <Link to={`/cs/cases/${followUp.id}`} className="strong-link">
                  Case {followUp.id}
                </Link>
              </td>
              <td>
                <div>{followUp.contactName ?? followUp.contactEmail}</div>
                {followUp.comment ? <div className="muted small account-case-comment">{followUp.comment}</div> : null}
              </td>
              <td className="num">
                <ResponseScore score={followUp.score} category={categoryFor(followUp.score, thresholds)} />
              </td>
              <td>{CASE_STATUS_LABEL[followUp.status]}</td>
              <td>{followUp.ownerName ?? <span className="muted">Unassigned</span>}</td>
              <td>
                <LocalTime value={followUp.dueAt} /> {followUp.overdue ? <span className="badge bad">overdue</span> : null}
              </td>
            </tr>
          ))}
        </TableCard>

        <TableCard
          id="campaigns-heading"
          title="Survey campaigns"
          empty={campaigns.length === 0 ? "No campaign has invited this account's contacts yet." : null}
          caption={`Campaigns that invited contacts of ${account.name}`}
          head={
            <>
              <th scope="col">Campaign</th>
              <th scope="col">Launched</th>
              <th scope="col" className="num">
                Invited
              </th>
              <th scope="col" className="num">
                Answered
              </th>
              <th scope="col" className="num">
                NPS
              </th>
            </>
          }
        >
          {campaigns.map((campaign) => (
            <tr key={campaign.campaignId}>
              <td>
                <Link to={`/cs/campaigns/${campaign.campaignId}`}>{campaign.campaignName}</Link>
              </td>
              <td>{campaign.launchedAt === null ? <span className="muted">Not launched</span> : <LocalTime value={campaign.launchedAt} dateOnly />}</td>
              <td className="num">{campaign.invited.toLocaleString("en")}</td>
              <td className="num">{campaign.answered.toLocaleString("en")}</td>
              <td className="num">{npsText(campaign.summary)}</td>
            </tr>
          ))}
        </TableCard>

        <section className="card" aria-labelledby="scores-heading">
          <h2 id="scores-heading">Health and advocacy</h2>
          <div className="account-scores">
            <ScoreSlot
              title="Health score"
              score={scores.health}
              what="Retention risk from product usage and the CSM's check. Scoring arrives in a later release."
            />
            <ScoreSlot
              title="Advocacy score"
              score={scores.advocacy}
              what="Willingness to speak for us, from promoter answers and community activity. Scoring arrives in a later release."
            />
          </div>
        </section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/accounts", label: "Back to all accounts" }} />;
}
