import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ConsoleError } from "../components/console-error";
import { countOf, Pager } from "../components/pager";
import { FilterSelect, SEGMENT_OPTIONS } from "../components/filter-select";
import { SegmentBadge } from "../components/segment-badge";
import { CONTACT_LOCALES } from "../domain/contact-rows";
import { can } from "../domain/permissions";
import type { Segment } from "../domain/segments";
import { findAccountDetail } from "../models/account.server";
import { listContacts } from "../models/contact.server";
import { requireStaff } from "../utils/auth.server";
import { parseSearchParams } from "../utils/search-params.server";
import { ListEmptyState } from "../components/list-empty-state";

export const meta: MetaFunction = () => [{ title: "Contacts · Kizuna console" }];

const PAGE_SIZE = 50;
const SEGMENTS = ["high", "low", "tech"] as const satisfies readonly Segment[];
const LOCALE_LABEL = { en: "English", ja: "日本語" } as const;
const SURVEY_OPTIONS = [
  { value: "no", label: "Subscribed" },
  { value: "yes", label: "Unsubscribed" },
];

const ContactListParams = z.object({
  q: z.string().trim().max(100, "search for at most 100 characters").optional(),
  locale: z.enum(CONTACT_LOCALES, "use en or ja").optional(),
  segment: z.enum(SEGMENTS, "use high, low or tech").optional(),
  unsubscribed: z.enum(["yes", "no"], "use yes or no").optional(),
  account: z.coerce.number({ error: "use an account number" }).int("use an account number").positive("use an account number").optional(),
  page: z.coerce
    .number({ error: "use a page number" })
    .int("use a whole page number")
    .min(1, "pages start at 1")
    .max(1_000_000, "that page is out of range")
    .default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:contact:any");
  const params = parseSearchParams(request, ContactListParams);
  const { rows, total } = listContacts({
    q: params.q,
    locale: params.locale,
    segment: params.segment,
    unsubscribed: params.unsubscribed === undefined ? undefined : params.unsubscribed === "yes",
    accountId: params.account,
    page: params.page,
    pageSize: PAGE_SIZE,
  });
  const account = params.account === undefined ? null : (findAccountDetail(params.account) ?? null);
  return {
    params,
    rows,
    total,
    pageSize: PAGE_SIZE,
    account: account ? { id: account.id, name: account.name } : null,
    canImport: can(user.role, "import:contact:any"),
  };
}

export default function Contacts() {
  const { params, rows, total, pageSize, account, canImport } = useLoaderData<typeof loader>();
  const filtered = Boolean(params.q || params.locale || params.segment || params.unsubscribed || params.account);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Contacts</h1>
          <p>
            {filtered ? countOf(total, "matching contact") : countOf(total, "contact")}
            {account ? (
              <>
                {" "}
                at <Link to={`/cs/accounts/${account.id}`}>{account.name}</Link>
              </>
            ) : null}
            .
          </p>
        </div>
        {canImport ? (
          <Link className="button secondary" to="/cs/import?kind=contacts">
            Import CSV
          </Link>
        ) : null}
      </div>

      <Form method="get" className="filters" role="search" aria-label="Filter contacts">
        <div className="field grow">
          <label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" defaultValue={params.q ?? ""} placeholder="Email, name or account" />
        </div>
        <FilterSelect
          name="locale"
          label="Language"
          anyLabel="All languages"
          value={params.locale}
          options={CONTACT_LOCALES.map((locale) => ({ value: locale, label: LOCALE_LABEL[locale] }))}
        />
        <FilterSelect name="segment" label="Account segment" anyLabel="All segments" value={params.segment} options={SEGMENT_OPTIONS} />
        <FilterSelect name="unsubscribed" label="Surveys" anyLabel="Everyone" value={params.unsubscribed} options={SURVEY_OPTIONS} />
        {params.account ? <input type="hidden" name="account" value={params.account} /> : null}
        <button type="submit">Apply</button>
        {filtered ? (
          <Link to="/cs/contacts" className="button secondary">
            Clear
          </Link>
        ) : null}
      </Form>

      {rows.length === 0 ? (
        <ListEmptyState
          noun="contacts"
          listPath="/cs/contacts"
          total={total}
          filtered={filtered}
          whenEmpty={
            canImport ? (
              <>
                <Link to="/cs/import?kind=contacts">Import contacts from a CSV file</Link> once their accounts are in Kizuna.
              </>
            ) : (
              "An admin can import contacts from a CSV file."
            )
          }
        />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Contacts</caption>
            <thead>
              <tr>
                <th scope="col">Contact</th>
                <th scope="col">Title</th>
                <th scope="col">Account</th>
                <th scope="col">Language</th>
                <th scope="col">Surveys</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((contact) => (
                <tr key={contact.id}>
                  <td>
                    <div>{contact.name ?? <span className="muted">No name</span>}</div>
                    <div className="muted small">{contact.email}</div>
                  </td>
                  <td>{contact.title ?? <span className="muted">—</span>}</td>
                  <td>
                    <Link to={`/cs/accounts/${contact.accountId}`}>{contact.accountName}</Link> <SegmentBadge segment={contact.segment} />
                  </td>
                  <td>{LOCALE_LABEL[contact.locale]}</td>
                  <td>{contact.unsubscribedAt ? <span className="badge warn">Unsubscribed</span> : <span className="badge good">Subscribed</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={params.page} pageSize={pageSize} total={total} noun="contacts" />
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/contacts", label: "Back to all contacts" }} />;
}
