import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { ConsoleError } from "../components/console-error";
import { Pager } from "../components/pager";
import { FilterSelect } from "../components/filter-select";
import { SegmentBadge, useSegmentOptions } from "../components/segment-badge";
import { useFormat } from "../components/use-format";
import { CONTACT_LOCALES } from "../domain/contact-rows";
import { can } from "../domain/permissions";
import type { Segment } from "../domain/segments";
import { findAccountDetail } from "../models/account.server";
import { listContacts } from "../models/contact.server";
import { contactsParticipation } from "../services/community-participation.server";
import { ContactParticipationCell } from "../components/community-participation";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { parseSearchParams } from "../utils/search-params.server";
import { ListEmptyState } from "../components/list-empty-state";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const PAGE_SIZE = 50;
const SEGMENTS = ["high", "low", "tech"] as const satisfies readonly Segment[];

// What each parameter accepts, as a refusal names it: codes and formats, the same in every language.
const PAGE_NUMBERS = "1–1,000,000";

const ContactListParams = z.object({
  q: z.string().trim().max(100, "≤ 100").optional(),
  locale: z.enum(CONTACT_LOCALES, CONTACT_LOCALES.join(" | ")).optional(),
  segment: z.enum(SEGMENTS, SEGMENTS.join(" | ")).optional(),
  unsubscribed: z.enum(["yes", "no"], "yes | no").optional(),
  account: z.coerce.number({ error: "1, 2, 3…" }).int("1, 2, 3…").positive("1, 2, 3…").optional(),
  page: z.coerce.number({ error: PAGE_NUMBERS }).int(PAGE_NUMBERS).min(1, PAGE_NUMBERS).max(1_000_000, PAGE_NUMBERS).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:contact:any");
  const params = parseSearchParams(request, ContactListParams, user.language);
  const { rows, total } = listContacts({
    q: params.q,
    locale: params.locale,
    segment: params.segment,
    unsubscribed: params.unsubscribed === undefined ? undefined : params.unsubscribed === "yes",
    accountId: params.account,
    page: params.page,
    pageSize: PAGE_SIZE,
  });
  const community = contactsParticipation(rows.map((row) => row.id));
  const account = params.account === undefined ? null : (findAccountDetail(params.account) ?? null);
  return {
    params,
    rows: rows.map((row) => ({ ...row, community: community.get(row.id) ?? null })),
    total,
    pageSize: PAGE_SIZE,
    account: account ? { id: account.id, name: account.name } : null,
    canImport: can(user.role, "import:contact:any"),
    // Admins open a contact's page (its personal data panel); other roles see the list only.
    canManage: can(user.role, "manage:contact:any"),
    title: (await fixedT(user.language, "accounts"))("contacts.title"),
  };
}

export default function Contacts() {
  const { params, rows, total, pageSize, account, canImport, canManage } = useLoaderData<typeof loader>();
  const { t } = useTranslation(["accounts", "console"]);
  const format = useFormat();
  const segmentOptions = useSegmentOptions();
  const filtered = Boolean(params.q || params.locale || params.segment || params.unsubscribed || params.account);
  const what = t(filtered ? "accounts:contacts.matching" : "accounts:contacts.count", { count: total, n: format.number(total) });
  const languageLabel = (locale: (typeof CONTACT_LOCALES)[number]) => t(`console:terms.language.${locale}`);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("accounts:contacts.heading")}</h1>
          <p>
            {account ? (
              <Trans
                t={t}
                i18nKey="accounts:contacts.summaryAt"
                values={{ what, name: account.name }}
                components={{ account: <Link to={`/cs/accounts/${account.id}`} /> }}
              />
            ) : (
              t("accounts:contacts.summary", { what })
            )}
          </p>
        </div>
        {canImport ? (
          <Link className="button secondary" to="/cs/import?kind=contacts">
            {t("accounts:contacts.importCsv")}
          </Link>
        ) : null}
      </div>

      <Form method="get" className="filters" role="search" aria-label={t("accounts:contacts.filterLabel")}>
        <div className="field grow">
          <label htmlFor="q">{t("accounts:contacts.search")}</label>
          <input id="q" name="q" type="search" defaultValue={params.q ?? ""} placeholder={t("accounts:contacts.searchPlaceholder")} />
        </div>
        <FilterSelect
          name="locale"
          label={t("accounts:contacts.language")}
          anyLabel={t("accounts:contacts.allLanguages")}
          value={params.locale}
          options={CONTACT_LOCALES.map((locale) => ({ value: locale, label: languageLabel(locale) }))}
        />
        <FilterSelect
          name="segment"
          label={t("accounts:contacts.segment")}
          anyLabel={t("accounts:contacts.allSegments")}
          value={params.segment}
          options={segmentOptions}
        />
        <FilterSelect
          name="unsubscribed"
          label={t("accounts:contacts.surveys")}
          anyLabel={t("accounts:contacts.everyone")}
          value={params.unsubscribed}
          options={[
            { value: "no", label: t("accounts:contacts.subscribed") },
            { value: "yes", label: t("accounts:contacts.unsubscribed") },
          ]}
        />
        {params.account ? <input type="hidden" name="account" value={params.account} /> : null}
        <button type="submit">{t("accounts:contacts.apply")}</button>
        {filtered ? (
          <Link to="/cs/contacts" className="button secondary">
            {t("accounts:contacts.clear")}
          </Link>
        ) : null}
      </Form>

      {rows.length === 0 ? (
        <ListEmptyState
          noun={t("accounts:contacts.noun")}
          listPath="/cs/contacts"
          total={total}
          filtered={filtered}
          whenEmpty={
            canImport ? (
              <Trans t={t} i18nKey="accounts:contacts.importHint" components={{ import: <Link to="/cs/import?kind=contacts" /> }} />
            ) : (
              t("accounts:contacts.adminImports")
            )
          }
        />
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("accounts:contacts.caption")}</caption>
            <thead>
              <tr className="nowrap-head">
                <th scope="col">{t("accounts:contacts.contact")}</th>
                <th scope="col">{t("accounts:contacts.jobTitle")}</th>
                <th scope="col">{t("accounts:contacts.account")}</th>
                <th scope="col">{t("accounts:contacts.language")}</th>
                <th scope="col">{t("accounts:contacts.surveys")}</th>
                <th scope="col">{t("communityConsole:participation.contactColumn")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((contact) => (
                <tr key={contact.id}>
                  <td>
                    <div>
                      {canManage ? (
                        <Link to={`/cs/contacts/${contact.id}`}>{contact.name ?? t("accounts:contacts.noName")}</Link>
                      ) : (
                        (contact.name ?? <span className="muted">{t("accounts:contacts.noName")}</span>)
                      )}
                    </div>
                    <div className="muted small">{contact.email}</div>
                  </td>
                  <td>{contact.title ?? <span className="muted">—</span>}</td>
                  <td>
                    <Link to={`/cs/accounts/${contact.accountId}`}>{contact.accountName}</Link> <SegmentBadge segment={contact.segment} />
                  </td>
                  <td>{languageLabel(contact.locale)}</td>
                  <td>
                    {contact.unsubscribedAt ? (
                      <span className="badge warn">{t("accounts:contacts.unsubscribed")}</span>
                    ) : (
                      <span className="badge good">{t("accounts:contacts.subscribed")}</span>
                    )}
                  </td>
                  <td>
                    <ContactParticipationCell community={contact.community} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={params.page} pageSize={pageSize} total={total} noun={t("accounts:contacts.noun")} />
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("accounts");
  return <ConsoleError back={{ to: "/cs/contacts", label: t("contacts.back") }} />;
}
