import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { NpsTrendChart } from "../components/charts/nps-trend-chart";
import { AdvocacyPanel } from "../components/advocacy-panel";
import { CommunityParticipationCard, ContactParticipationCell } from "../components/community-participation";
import { MeetupParticipationCard } from "../components/meetup-participation";
import { OnboardingPanel } from "../components/onboarding-panel";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { ResponseScore } from "../components/response-score";
import { daysUntil, RenewalDate, SegmentBadge, useStageLabel } from "../components/segment-badge";
import { useFormat } from "../components/use-format";
import type { AccountScore } from "../domain/account-360";
import { categoryFor } from "../domain/nps";
import { can } from "../domain/permissions";
import { bucketLabel, formatNpsWithMargin } from "../domain/nps-wording";
import { reportingContext } from "../services/currency-settings.server";
import { loadAccount360 } from "../services/account-360.server";
import { accountAdvocacyTimeline } from "../services/advocacy-timeline.server";
import { accountOnboarding } from "../services/account-onboarding.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { requireId } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:account:any");
  const t = await fixedT(user.language, "accounts");
  const id = requireId(params);
  const account360 = loadAccount360(id);
  if (!account360) throw new Response(t("detail.notFound", { id }), { status: 404 });
  return {
    ...account360,
    advocacy: accountAdvocacyTimeline(id),
    onboarding: accountOnboarding(id),
    reportingCurrency: reportingContext().reportingCurrency,
    // Admins open a contact's page (its personal data panel) from the contact table.
    canManageContacts: can(user.role, "manage:contact:any"),
    title: t("detail.title", { name: account360.account.name }),
  };
}

/** A health or advocacy score: the value with its reasons once scored, and plainly "not scored yet" before. */
function ScoreSlot({ title, score, what }: { title: string; score: AccountScore; what: string }) {
  const { t } = useTranslation("console");
  return (
    <div className="account-score">
      <h3>{title}</h3>
      {score.status === "not_scored" ? (
        <>
          <p className="account-score-value muted">{t("terms.scoreBand.notScored")}</p>
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

export default function AccountDetail() {
  const {
    account,
    contacts,
    today,
    trend,
    allTime,
    openCases,
    campaigns,
    scores,
    thresholds,
    reportingCurrency,
    community,
    canManageContacts,
    meetups,
    advocacy,
    onboarding,
  } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["accounts", "console"]);
  const format = useFormat();
  const stageLabel = useStageLabel();
  // English keeps ISO dates here, as before; Japanese reads 2026年12月7日.
  const day = (value: Date | string | number) => (format.language === "ja" ? format.date(value) : new Date(value).toISOString().slice(0, 10));
  const npsText = (summary: { nps: number | null; margin: number | null }) => formatNpsWithMargin(summary, format);
  const acv = format.moneySummary(account.acvAmount, account.acvCurrency);
  const acvInReporting =
    account.acvCurrency === reportingCurrency && account.acvReportingMinor !== null
      ? format.money(account.acvAmount, account.acvCurrency)
      : `${format.money(account.acvAmount, account.acvCurrency)} (${account.acvReportingMinor === null ? t("accounts:acv.noRate") : format.money(account.acvReportingMinor, reportingCurrency)})`;
  const renewalDays = account.renewalDate ? daysUntil(account.renewalDate, today) : null;
  const overdueCases = openCases.filter((c) => c.overdue).length;
  return (
    <>
      <nav aria-label={t("accounts:detail.breadcrumb")} className="breadcrumb">
        <Link to="/cs/accounts">{t("accounts:detail.accounts")}</Link> <span aria-hidden="true">/</span> <span aria-current="page">{account.name}</span>
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
              t("accounts:detail.noDomain")
            )}{" "}
            · <span className="mono">{account.externalId}</span>
          </p>
        </div>
        <SegmentBadge segment={account.segment} />
      </div>

      <div className="stats">
        <div className="stat">
          <div className="value">{acv}</div>
          <div className="label">{t("accounts:detail.acv", { currency: account.acvCurrency })}</div>
        </div>
        <div className="stat">
          <div className="value value-text">{stageLabel(account.stage)}</div>
          <div className="label">{t("accounts:detail.stage")}</div>
        </div>
        <div className="stat">
          <div className="value">
            {renewalDays === null
              ? "—"
              : renewalDays < 0
                ? t("accounts:detail.renewalPassed")
                : t("accounts:detail.renewalDays", { count: renewalDays, n: format.number(renewalDays) })}
          </div>
          <div className="label">
            {account.renewalDate ? t("accounts:detail.untilRenewal", { date: format.day(account.renewalDate) }) : t("accounts:detail.noRenewal")}
          </div>
        </div>
        <div className="stat">
          <div className="value">{format.number(contacts.length)}</div>
          <div className="label">{t("accounts:detail.contacts")}</div>
        </div>
        <div className="stat">
          <div className="value">{npsText(allTime)}</div>
          <div className="label">{t("accounts:detail.npsAll", { count: allTime.n, n: format.number(allTime.n) })}</div>
        </div>
        <div className="stat">
          <div className="value">{format.number(openCases.length)}</div>
          <div className="label">
            {overdueCases > 0 ? t("accounts:detail.openFollowUpsOverdue", { n: format.number(overdueCases) }) : t("accounts:detail.openFollowUps")}
          </div>
        </div>
      </div>

      <div className="account-sections stack">
        <section className="card" aria-labelledby="facts-heading">
          <h2 id="facts-heading">{t("accounts:detail.facts")}</h2>
          <dl className="facts">
            <dt>{t("accounts:detail.externalId")}</dt>
            <dd className="mono">{account.externalId}</dd>
            <dt>{t("accounts:detail.segment")}</dt>
            <dd>
              <SegmentBadge segment={account.segment} /> <span className="muted small">{t("accounts:detail.segmentFrom")}</span>
            </dd>
            <dt>{t("accounts:list.acv")}</dt>
            <dd>{acvInReporting}</dd>
            <dt>{t("accounts:detail.customerSince")}</dt>
            <dd>{format.language === "ja" ? format.day(account.startDate) : account.startDate}</dd>
            <dt>{t("accounts:detail.renewal")}</dt>
            <dd>
              <RenewalDate date={account.renewalDate} today={today} />
            </dd>
            <dt>{t("accounts:detail.csm")}</dt>
            <dd>
              {account.csmName ? (
                <>
                  {account.csmName} <span className="muted small">{account.csmEmail}</span>
                </>
              ) : (
                <span className="muted">{t("accounts:detail.noCsm")}</span>
              )}
            </dd>
            <dt>{t("accounts:detail.inKizunaSince")}</dt>
            <dd>{day(account.createdAt)}</dd>
            <dt>{t("accounts:detail.lastChanged")}</dt>
            <dd>{day(account.updatedAt)}</dd>
          </dl>
        </section>

        <TableCard
          id="contacts-heading"
          title={t("accounts:detail.contacts")}
          aside={contacts.length > 0 ? <Link to={`/cs/contacts?account=${account.id}`}>{t("accounts:detail.openInContactList")}</Link> : null}
          empty={contacts.length === 0 ? t("accounts:detail.noContacts", { externalId: account.externalId }) : null}
          caption={t("accounts:detail.contactsCaption", { name: account.name })}
          head={
            <>
              <th scope="col">{t("accounts:detail.name")}</th>
              <th scope="col">{t("accounts:detail.email")}</th>
              <th scope="col">{t("accounts:detail.jobTitle")}</th>
              <th scope="col">{t("accounts:detail.language")}</th>
              <th scope="col" className="num">
                {t("accounts:detail.latestScore")}
              </th>
              <th scope="col">{t("accounts:detail.answered")}</th>
              <th scope="col">{t("accounts:detail.surveys")}</th>
              <th scope="col">{t("communityConsole:participation.contactColumn")}</th>
            </>
          }
        >
          {contacts.map((contact) => (
            <tr key={contact.id}>
              <td>
                {canManageContacts ? <Link to={`/cs/contacts/${contact.id}`}>{contact.name ?? "—"}</Link> : (contact.name ?? <span className="muted">—</span>)}
              </td>
              <td>{contact.email}</td>
              <td>{contact.title ?? <span className="muted">—</span>}</td>
              <td>{t(`console:terms.language.${contact.locale === "ja" ? "ja" : "en"}`)}</td>
              <td className="num">
                {contact.latestScore === null ? (
                  <span className="muted">—</span>
                ) : (
                  <ResponseScore score={contact.latestScore} category={categoryFor(contact.latestScore, thresholds)} />
                )}
              </td>
              <td>
                {contact.latestAnsweredAt === null ? (
                  <span className="muted">{t("accounts:detail.neverAnswered")}</span>
                ) : (
                  <>
                    <LocalTime value={contact.latestAnsweredAt} dateOnly />
                    {contact.responses > 1 ? (
                      <span className="muted small"> · {t("accounts:detail.answers", { count: contact.responses, n: format.number(contact.responses) })}</span>
                    ) : null}
                  </>
                )}
              </td>
              <td>
                {contact.unsubscribedAt ? (
                  <span className="badge warn" title={t("accounts:detail.unsubscribedOn", { date: day(contact.unsubscribedAt) })}>
                    {t("accounts:detail.unsubscribed")}
                  </span>
                ) : (
                  <span className="badge good">{t("accounts:detail.subscribed")}</span>
                )}
              </td>
              <td>
                <ContactParticipationCell community={contact.community} />
              </td>
            </tr>
          ))}
        </TableCard>

        <OnboardingPanel onboarding={onboarding} />
        <CommunityParticipationCard community={community} accountName={account.name} />
        <MeetupParticipationCard meetups={meetups} />
        <AdvocacyPanel accountId={account.id} entries={advocacy.entries} totals={advocacy.totals} />

        <section className="card" aria-labelledby="trend-heading">
          <h2 id="trend-heading">{t("accounts:detail.trend")}</h2>
          <NpsTrendChart
            title={t("accounts:detail.trendTitle")}
            points={trend.map((point) => ({
              bucket: point.bucket,
              label: bucketLabel(point.bucket, "month", format.language),
              nps: point.summary.nps,
              margin: point.summary.margin,
              n: point.summary.n,
            }))}
          />
        </section>

        <TableCard
          id="cases-heading"
          title={t("accounts:detail.openFollowUps")}
          empty={openCases.length === 0 ? t("accounts:detail.noOpenCases") : null}
          caption={t("accounts:detail.casesCaption", { name: account.name })}
          head={
            <>
              <th scope="col">{t("accounts:detail.case")}</th>
              <th scope="col">{t("accounts:detail.contact")}</th>
              <th scope="col" className="num">
                {t("accounts:detail.score")}
              </th>
              <th scope="col">{t("accounts:detail.status")}</th>
              <th scope="col">{t("accounts:detail.owner")}</th>
              <th scope="col">{t("accounts:detail.due")}</th>
            </>
          }
        >
          {openCases.map((followUp) => (
            <tr key={followUp.id}>
              <td>
                <Link to={`/cs/cases/${followUp.id}`} className="strong-link">
                  {t("accounts:detail.caseNumber", { id: followUp.id })}
                </Link>
              </td>
              <td>
                <div>{followUp.contactName ?? followUp.contactEmail}</div>
                {followUp.comment ? <div className="muted small account-case-comment">{followUp.comment}</div> : null}
              </td>
              <td className="num">
                <ResponseScore score={followUp.score} category={categoryFor(followUp.score, thresholds)} />
              </td>
              <td>{t(`accounts:detail.caseStatus.${followUp.status}`)}</td>
              <td>{followUp.ownerName ?? <span className="muted">{t("accounts:detail.unassigned")}</span>}</td>
              <td>
                <LocalTime value={followUp.dueAt} /> {followUp.overdue ? <span className="badge bad">{t("accounts:detail.overdue")}</span> : null}
              </td>
            </tr>
          ))}
        </TableCard>

        <TableCard
          id="campaigns-heading"
          title={t("accounts:detail.campaigns")}
          empty={campaigns.length === 0 ? t("accounts:detail.noCampaigns") : null}
          caption={t("accounts:detail.campaignsCaption", { name: account.name })}
          head={
            <>
              <th scope="col">{t("accounts:detail.campaign")}</th>
              <th scope="col">{t("accounts:detail.launched")}</th>
              <th scope="col" className="num">
                {t("accounts:detail.invited")}
              </th>
              <th scope="col" className="num">
                {t("accounts:detail.answeredCount")}
              </th>
              <th scope="col" className="num">
                {t("accounts:detail.nps")}
              </th>
            </>
          }
        >
          {campaigns.map((campaign) => (
            <tr key={campaign.campaignId}>
              <td>
                <Link to={`/cs/campaigns/${campaign.campaignId}`}>{campaign.campaignName}</Link>
              </td>
              <td>
                {campaign.launchedAt === null ? (
                  <span className="muted">{t("accounts:detail.notLaunched")}</span>
                ) : (
                  <LocalTime value={campaign.launchedAt} dateOnly />
                )}
              </td>
              <td className="num">{format.number(campaign.invited)}</td>
              <td className="num">{format.number(campaign.answered)}</td>
              <td className="num">{npsText(campaign.summary)}</td>
            </tr>
          ))}
        </TableCard>

        <section className="card" aria-labelledby="scores-heading">
          <h2 id="scores-heading">{t("accounts:detail.scores")}</h2>
          <div className="account-scores">
            <ScoreSlot title={t("console:terms.score.health")} score={scores.health} what={t("accounts:detail.healthWhat")} />
            <ScoreSlot title={t("console:terms.score.advocacy")} score={scores.advocacy} what={t("accounts:detail.advocacyWhat")} />
          </div>
        </section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("accounts");
  return <ConsoleError back={{ to: "/cs/accounts", label: t("list.back") }} />;
}
