import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { ConsoleError } from "../components/console-error";
import { countOf, Pager, withParams } from "../components/pager";
import { FilterSelect, namedOptions, SEGMENT_OPTIONS } from "../components/filter-select";
import { RenewalDate, SegmentBadge } from "../components/segment-badge";
import { ACCOUNT_STAGES } from "../domain/account-rows";
import { can } from "../domain/permissions";
import { todayIso } from "../domain/rows";
import { stageLabel, type Segment } from "../domain/segments";
import { ACCOUNT_SORTS, type AccountSort } from "../domain/account-list";
import { countAccountsByCurrency, listAccounts } from "../models/account.server";
import { reportingContext } from "../services/currency-settings.server";
import { AcvAmount, MissingRatesNote } from "../components/acv-amount";
import { listActiveCsms } from "../models/user.server";
import { requireStaff } from "../utils/auth.server";
import { parseSearchParams } from "../utils/search-params.server";
import { ListEmptyState } from "../components/list-empty-state";

export const meta: MetaFunction = () => [{ title: "Accounts · Kizuna console" }];

const PAGE_SIZE = 50;
const SEGMENTS = ["high", "low", "tech"] as const satisfies readonly Segment[];

const DEFAULT_DIR: Record<AccountSort, "asc" | "desc"> = { name: "asc", acv: "desc", renewal: "asc" };

const AccountListParams = z.object({
  q: z.string().trim().max(100, "search for at most 100 characters").optional(),
  segment: z.enum(SEGMENTS, "use high, low or tech").optional(),
  stage: z.enum(ACCOUNT_STAGES, `use one of ${ACCOUNT_STAGES.join(", ")}`).optional(),
  csm: z
    .string()
    .regex(/^(none|[1-9]\d{0,9})$/, "use a user id or none")
    .transform((value) => (value === "none" ? ("none" as const) : Number(value)))
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "use a 3-letter ISO currency code")
    .optional(),
  sort: z.enum(ACCOUNT_SORTS, `use one of ${ACCOUNT_SORTS.join(", ")}`).default("name"),
  dir: z.enum(["asc", "desc"], "use asc or desc").optional(),
  page: z.coerce
    .number({ error: "use a page number" })
    .int("use a whole page number")
    .min(1, "pages start at 1")
    .max(1_000_000, "that page is out of range")
    .default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:account:any");
  const params = parseSearchParams(request, AccountListParams);
  const dir = params.dir ?? DEFAULT_DIR[params.sort];
  const { rows, total } = listAccounts({ ...params, dir, pageSize: PAGE_SIZE });
  return {
    params: { ...params, dir },
    rows,
    total,
    pageSize: PAGE_SIZE,
    csms: listActiveCsms().map(({ id, name }) => ({ id, name })),
    currencies: Object.keys(countAccountsByCurrency()).sort(),
    today: todayIso(),
    canImport: can(user.role, "import:account:any"),
    reporting: reportingContext(),
  };
}

function SortHeader({ sort, label, className }: { sort: AccountSort; label: string; className?: string }) {
  const { params } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const active = params.sort === sort;
  const nextDir = active ? (params.dir === "asc" ? "desc" : "asc") : DEFAULT_DIR[sort];
  return (
    <th scope="col" className={className} aria-sort={active ? (params.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link to={withParams(search, { sort, dir: nextDir, page: undefined })} className="sort-link">
        {label}
        <span aria-hidden="true">{active ? (params.dir === "asc" ? " ↑" : " ↓") : ""}</span>
      </Link>
    </th>
  );
}

export default function Accounts() {
  const { params, rows, total, pageSize, csms, currencies, today, canImport, reporting } = useLoaderData<typeof loader>();
  const filtered = Boolean(params.q || params.segment || params.stage || params.csm || params.currency);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Accounts</h1>
          <p>
            {filtered ? countOf(total, "matching account") : countOf(total, "account")}. ACV sorts by its value in {reporting.reportingCurrency}, at the rate in
            force.
          </p>
        </div>
        {canImport ? (
          <Link className="button secondary" to="/cs/import?kind=accounts">
            Import CSV
          </Link>
        ) : null}
      </div>

      <MissingRatesNote missing={reporting.missing} reportingCurrency={reporting.reportingCurrency} />

      <Form method="get" className="filters" role="search" aria-label="Filter accounts">
        <div className="field grow">
          <label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" defaultValue={params.q ?? ""} placeholder="Name, domain or external id" />
        </div>
        <FilterSelect name="segment" label="Segment" anyLabel="All segments" value={params.segment} options={SEGMENT_OPTIONS} />
        <FilterSelect
          name="stage"
          label="Stage"
          anyLabel="All stages"
          value={params.stage}
          options={ACCOUNT_STAGES.map((stage) => ({ value: stage, label: stageLabel(stage) }))}
        />
        <FilterSelect name="csm" label="CSM" anyLabel="Anyone" value={params.csm} options={[{ value: "none", label: "No CSM" }, ...namedOptions(csms)]} />
        {currencies.length > 1 ? (
          <FilterSelect
            name="currency"
            label="Currency"
            anyLabel="All"
            value={params.currency}
            options={currencies.map((currency) => ({ value: currency, label: currency }))}
          />
        ) : null}
        <input type="hidden" name="sort" value={params.sort} />
        <input type="hidden" name="dir" value={params.dir} />
        <button type="submit">Apply</button>
        {filtered ? (
          <Link to="/cs/accounts" className="button secondary">
            Clear
          </Link>
        ) : null}
      </Form>

      {rows.length === 0 ? (
        <ListEmptyState
          noun="accounts"
          listPath="/cs/accounts"
          total={total}
          filtered={filtered}
          whenEmpty={
            canImport ? (
              <>
                <Link to="/cs/import?kind=accounts">Import accounts from a CSV file</Link> or send them through the API.
              </>
            ) : (
              "An admin can import accounts from a CSV file."
            )
          }
        />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Accounts</caption>
            <thead>
              <tr>
                <SortHeader sort="name" label="Account" />
                <th scope="col">Segment</th>
                <th scope="col">Stage</th>
                <SortHeader sort="acv" label="ACV" className="num" />
                <SortHeader sort="renewal" label="Renewal" />
                <th scope="col">CSM</th>
                <th scope="col" className="num">
                  Contacts
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((account) => (
                <tr key={account.id}>
                  <td>
                    <Link to={`/cs/accounts/${account.id}`} className="strong-link">
                      {account.name}
                    </Link>
                    <div className="muted small">
                      {account.domain ?? "no domain"} · <span className="mono">{account.externalId}</span>
                    </div>
                  </td>
                  <td>
                    <SegmentBadge segment={account.segment} />
                  </td>
                  <td>{stageLabel(account.stage)}</td>
                  <td className="num">
                    <AcvAmount
                      amount={account.acvAmount}
                      currency={account.acvCurrency}
                      reporting={account.acvReportingMinor}
                      reportingCurrency={reporting.reportingCurrency}
                    />
                  </td>
                  <td>
                    <RenewalDate date={account.renewalDate} today={today} />
                  </td>
                  <td>{account.csmName ?? <span className="muted">—</span>}</td>
                  <td className="num">{account.contacts.toLocaleString("en")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={params.page} pageSize={pageSize} total={total} noun="accounts" />
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/accounts", label: "Back to all accounts" }} />;
}
