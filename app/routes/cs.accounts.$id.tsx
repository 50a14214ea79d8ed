import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ConsoleError } from "../components/console-error";
import { daysUntil, RenewalDate, SegmentBadge, stageLabel } from "../components/segment-badge";
import { todayIso } from "../domain/rows";
import { formatMoney } from "../domain/segments";
import { findAccountDetail } from "../models/account.server";
import { listContactsOfAccount } from "../models/contact.server";
import { requireStaff } from "../utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.account.name ?? "Account"} · Kizuna console` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "read:account:any");
  const id = /^[1-9]\d{0,15}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  if (!Number.isSafeInteger(id)) {
    throw new Response(`“${params.id}” is not an account number. Account addresses look like /cs/accounts/42.`, { status: 400 });
  }
  const account = findAccountDetail(id);
  if (!account) throw new Response(`There is no account ${id}. It may have been removed; search the account list.`, { status: 404 });
  return { account, contacts: listContactsOfAccount(id), today: todayIso() };
}

function isoDay(date: Date | string) {
  return new Date(date).toISOString().slice(0, 10);
}

export default function AccountDetail() {
  const { account, contacts, today } = useLoaderData<typeof loader>();
  const acv = formatMoney({ amount: account.acvAmount, currency: account.acvCurrency });
  const renewalDays = account.renewalDate ? daysUntil(account.renewalDate, today) : null;
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
            <dd>{acv}</dd>
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

        <section className="card" aria-labelledby="contacts-heading">
          <div className="section-head">
            <h2 id="contacts-heading">Contacts</h2>
            {contacts.length > 0 ? <Link to={`/cs/contacts?account=${account.id}`}>Open in contact list</Link> : null}
          </div>
          {contacts.length === 0 ? (
            <p className="muted">No contacts yet. Import contacts with this account's external id ({account.externalId}).</p>
          ) : (
            <div className="table-wrap flat">
              <table>
                <caption className="visually-hidden">Contacts of {account.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Title</th>
                    <th scope="col">Language</th>
                    <th scope="col">Surveys</th>
                  </tr>
                </thead>
                <tbody>
                  {contacts.map((contact) => (
                    <tr key={contact.id}>
                      <td>{contact.name ?? <span className="muted">—</span>}</td>
                      <td>{contact.email}</td>
                      <td>{contact.title ?? <span className="muted">—</span>}</td>
                      <td>{contact.locale === "ja" ? "日本語" : "English"}</td>
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
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/accounts", label: "Back to all accounts" }} />;
}
