import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FilterSelect } from "../components/filter-select";
import { Pager, withParams } from "../components/pager";
import { SegmentBadge, useSegmentOptions } from "../components/segment-badge";
import { useFormat } from "../components/use-format";
import { TRUST_LEVEL_ORDER, LAST_SEEN_FILTERS, lastSeenFilter, MEMBER_SORT_DEFAULT_DIR, MemberListParams, type MemberSort } from "../domain/community-console";
import { listCommunityMembers } from "../models/community-member-list.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { parseSearchParams } from "../utils/search-params.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const PAGE_SIZE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const params = parseSearchParams(request, MemberListParams, user.language);
  const dir = params.dir ?? MEMBER_SORT_DEFAULT_DIR[params.sort];
  const now = Date.now();
  const { rows, total } = listCommunityMembers({ ...params, dir, pageSize: PAGE_SIZE, now });
  return { params: { ...params, dir }, rows, total, now, pageSize: PAGE_SIZE, title: (await fixedT(user.language, "communityConsole"))("members.title") };
}

function SortHeader({ sort, label, className }: { sort: MemberSort; label: string; className?: string }) {
  const { params } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  const active = params.sort === sort;
  const nextDir = active ? (params.dir === "asc" ? "desc" : "asc") : MEMBER_SORT_DEFAULT_DIR[sort];
  return (
    <th scope="col" className={className} aria-sort={active ? (params.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link to={withParams(search, { sort, dir: nextDir, page: undefined })} className="sort-link">
        {label}
        <span aria-hidden="true">{active ? (params.dir === "asc" ? " ↑" : " ↓") : ""}</span>
      </Link>
    </th>
  );
}

export default function CommunityMembers() {
  const { params, rows, total, now, pageSize } = useLoaderData<typeof loader>();
  const { t } = useTranslation("communityConsole");
  const format = useFormat();
  const segmentOptions = useSegmentOptions();
  const filtered = Boolean(params.account || params.segment || params.trust || params.seen);
  const seenLabel = (filter: (typeof LAST_SEEN_FILTERS)[number]) => {
    const { within, days } = lastSeenFilter(filter);
    return t(within ? "members.seenWithin" : "members.notSeenFor", { days });
  };
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("members.heading")}</h1>
          <p>{t("members.count", { count: total, n: format.number(total) })}</p>
        </div>
      </div>

      <Form method="get" className="filters" role="search" aria-label={t("members.filterLabel")}>
        <div className="field grow">
          <label htmlFor="account">{t("members.account")}</label>
          <input id="account" name="account" type="search" defaultValue={params.account ?? ""} placeholder={t("members.accountPlaceholder")} />
        </div>
        <FilterSelect
          name="segment"
          label={t("members.segment")}
          anyLabel={t("members.allSegments")}
          value={params.segment}
          options={[...segmentOptions, { value: "staff", label: t("members.staff") }]}
        />
        <FilterSelect
          name="trust"
          label={t("members.trustLevel")}
          anyLabel={t("members.allTrustLevels")}
          value={params.trust}
          options={TRUST_LEVEL_ORDER.map((level) => ({ value: level, label: t(`members.trust.${level}`) }))}
        />
        <FilterSelect
          name="seen"
          label={t("members.lastSeen")}
          anyLabel={t("members.anyTime")}
          value={params.seen}
          options={LAST_SEEN_FILTERS.map((filter) => ({ value: filter, label: seenLabel(filter) }))}
        />
        <input type="hidden" name="sort" value={params.sort} />
        <input type="hidden" name="dir" value={params.dir} />
        <button type="submit">{t("members.filter")}</button>
        {filtered ? (
          <Link to="/cs/community/members" className="button secondary">
            {t("members.clear")}
          </Link>
        ) : null}
      </Form>

      {rows.length === 0 ? (
        <div className="empty-state">
          <p>{t("members.empty")}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("members.caption")}</caption>
            <thead>
              <tr className="nowrap-head">
                <SortHeader sort="name" label={t("members.member")} />
                <th scope="col">{t("members.company")}</th>
                <th scope="col">{t("members.trustLevel")}</th>
                <SortHeader sort="topics" label={t("members.topics")} className="num" />
                <SortHeader sort="replies" label={t("members.replies")} className="num" />
                <SortHeader sort="accepted" label={t("members.accepted")} className="num" />
                <SortHeader sort="likes" label={t("members.likes")} className="num" />
                <SortHeader sort="lastPosted" label={t("members.lastPosted")} />
                <SortHeader sort="lastSeen" label={t("members.lastSeenColumn")} />
              </tr>
            </thead>
            <tbody>
              {rows.map((member) => (
                <tr key={member.id}>
                  <td>
                    <strong translate="no">{member.displayName}</strong> {member.isStaff ? <span className="badge info">{t("members.staff")}</span> : null}
                    {member.suspendedUntil !== null && member.suspendedUntil > now ? <span className="badge bad">{t("members.suspended")}</span> : null}
                    <div className="muted small">
                      <span className="mono">@{member.handle}</span>
                      {member.email ? ` · ${member.email}` : null}
                    </div>
                  </td>
                  <td>
                    {member.accountId !== null ? (
                      <>
                        <Link to={`/cs/accounts/${member.accountId}`}>{member.accountName}</Link>{" "}
                        {member.segment ? <SegmentBadge segment={member.segment} /> : null}
                      </>
                    ) : (
                      <span className="muted">{t("members.staff")}</span>
                    )}
                  </td>
                  <td className="nowrap">{t(`members.trust.${member.trustLevel}`)}</td>
                  <td className="num">{format.number(member.topicCount)}</td>
                  <td className="num">{format.number(member.replyCount)}</td>
                  <td className="num">{format.number(member.acceptedAnswerCount)}</td>
                  <td className="num">{format.number(member.likesReceived)}</td>
                  <td className="nowrap">
                    {member.lastPostedAt !== null ? format.dateShort(member.lastPostedAt, now) : <span className="muted">{t("members.never")}</span>}
                  </td>
                  <td className="nowrap">
                    {member.lastSeenAt !== null ? format.dateShort(member.lastSeenAt, now) : <span className="muted">{t("members.never")}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={params.page} pageSize={pageSize} total={total} noun={t("members.noun")} />
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("communityConsole");
  return <ConsoleError back={{ to: "/cs/community/members", label: t("members.heading") }} />;
}
