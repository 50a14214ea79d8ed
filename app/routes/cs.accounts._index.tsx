import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { ConsoleError } from "../components/console-error";
import { Pager, withParams } from "../components/pager";
import { FilterSelect, namedOptions } from "../components/filter-select";
import { RenewalDate, SegmentBadge, useSegmentOptions, useStageLabel } from "../components/segment-badge";
import { useFormat } from "../components/use-format";
import { ACCOUNT_STAGES } from "../domain/account-rows";
import { can } from "../domain/permissions";
import { todayIso } from "../domain/rows";
import type { Segment } from "../domain/segments";
import { ACCOUNT_SORTS, type AccountSort } from "../domain/account-list";
import { countAccountsByCurrency, listAccounts } from "../models/account.server";
import { reportingContext } from "../services/currency-settings.server";
import { AcvAmount, MissingRatesNote } from "../components/acv-amount";
import { listActiveCsms } from "../models/user.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { parseSearchParams } from "../utils/search-params.server";
import { ListEmptyState } from "../components/list-empty-state";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const PAGE_SIZE = 50;
const SEGMENTS = ["high", "low", "tech"] as const satisfies readonly Segment[];

const DEFAULT_DIR: Record<AccountSort, "asc" | "desc"> = { name: "asc", acv: "desc", renewal: "asc" };

// What each parameter accepts, as a refusal names it: codes and formats, the same in every language.
const PAGE_NUMBERS = "1–1,000,000";

const AccountListParams = z.object({
  q: z.string().trim().max(100, "≤ 100").optional(),
  segment: z.enum(SEGMENTS, SEGMENTS.join(" | ")).optional(),
  stage: z.enum(ACCOUNT_STAGES, ACCOUNT_STAGES.join(" | ")).optional(),
  csm: z
    .string()
    .regex(/^(none|[1-9]\d{0,9})$/, "1, 2, 3… | none")
    .transform((value) => (value === "none" ? ("none" as const) : Number(value)))
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "JPY, USD, EUR…")
    .optional(),
  sort: z.enum(ACCOUNT_SORTS, ACCOUNT_SORTS.join(" | ")).default("name"),
  dir: z.enum(["asc", "desc"], "asc | desc").optional(),
  page: z.coerce.number({ error: PAGE_NUMBERS }).int(PAGE_NUMBERS).min(1, PAGE_NUMBERS).max(1_000_000, PAGE_NUMBERS).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:account:any");
  const params = parseSearchParams(request, AccountListParams, user.language);
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
    title: (await fixedT(user.language, "accounts"))("list.title"),
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
  const { t } = useTranslation("accounts");
  const format = useFormat();
  const segmentOptions = useSegmentOptions();
  const stageLabel = useStageLabel();
  const filtered = Boolean(params.q || params.segment || params.stage || params.csm || params.currency);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("list.heading")}</h1>
          <p>
            {t(filtered ? "list.matching" : "list.count", { count: total, n: format.number(total) })}{" "}
            {t("list.acvSort", { currency: reporting.reportingCurrency })}
          </p>
        </div>
        {canImport ? (
          <Link className="button secondary" to="/cs/import?kind=accounts">
            {t("list.importCsv")}
          </Link>
        ) : null}
      </div>

      <MissingRatesNote missing={reporting.missing} reportingCurrency={reporting.reportingCurrency} />

      <Form method="get" className="filters" role="search" aria-label={t("list.filterLabel")}>
        <div className="field grow">
          <label htmlFor="q">{t("list.search")}</label>
          <input id="q" name="q" type="search" defaultValue={params.q ?? ""} placeholder={t("list.searchPlaceholder")} />
        </div>
        <FilterSelect name="segment" label={t("list.segment")} anyLabel={t("list.allSegments")} value={params.segment} options={segmentOptions} />
        <FilterSelect
          name="stage"
          label={t("list.stage")}
          anyLabel={t("list.allStages")}
          value={params.stage}
          options={ACCOUNT_STAGES.map((stage) => ({ value: stage, label: stageLabel(stage) }))}
        />
        <FilterSelect
          name="csm"
          label={t("list.csm")}
          anyLabel={t("list.anyone")}
          value={params.csm}
          options={[{ value: "none", label: t("list.noCsm") }, ...namedOptions(csms)]}
        />
        {currencies.length > 1 ? (
          <FilterSelect
            name="currency"
            label={t("list.currency")}
            anyLabel={t("list.allCurrencies")}
            value={params.currency}
            options={currencies.map((currency) => ({ value: currency, label: currency }))}
          />
        ) : null}
        <input type="hidden" name="sort" value={params.sort} />
        <input type="hidden" name="dir" value={params.dir} />
        <button type="submit">{t("list.apply")}</button>
        {filtered ? (
          <Link to="/cs/accounts" className="button secondary">
            {t("list.clear")}
          </Link>
        ) : null}
      </Form>

      {rows.length === 0 ? (
        <ListEmptyState
          noun={t("list.noun")}
          listPath="/cs/accounts"
          total={total}
          filtered={filtered}
          whenEmpty={
            canImport ? <Trans t={t} i18nKey="list.importHint" components={{ import: <Link to="/cs/import?kind=accounts" /> }} /> : t("list.adminImports")
          }
        />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("list.caption")}</caption>
            <thead>
              <tr className="nowrap-head">
                <SortHeader sort="name" label={t("list.account")} />
                <th scope="col">{t("list.segment")}</th>
                <th scope="col">{t("list.stage")}</th>
                <SortHeader sort="acv" label={t("list.acv")} className="num" />
                <SortHeader sort="renewal" label={t("list.renewal")} />
                <th scope="col">{t("list.csm")}</th>
                <th scope="col" className="num">
                  {t("list.contacts")}
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
                      {account.domain ?? t("list.noDomain")} · <span className="mono">{account.externalId}</span>
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
                  <td className="num">{format.number(account.contacts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={params.page} pageSize={pageSize} total={total} noun={t("list.noun")} />
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("accounts");
  return <ConsoleError back={{ to: "/cs/accounts", label: t("list.back") }} />;
}
