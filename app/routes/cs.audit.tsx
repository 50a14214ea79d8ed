import { ConsoleError } from "../components/console-error";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { LocalTime } from "../components/local-time";
import { AUDIT_ENTITIES, isAuditAction, type AuditEntity } from "../domain/audit-actions";
import en from "../locales/en/admin";
import type { resources } from "../locales";
import { fixedT } from "../utils/i18n.server";
import { listAudit, listAuditActions, type AuditListEntry } from "../models/audit.server";
import { listUsers } from "../models/user.server";
import { requireStaff } from "../utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const PAGE_SIZE = 50;

// Empty form fields ("All") mean no filter.
const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);
const cursor = z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional());

const AuditQuery = z.object({
  action: z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(100)
      .regex(/^[a-z0-9_.:-]+$/, "unknown action")
      .optional(),
  ),
  actor: z.preprocess(blankToUndefined, z.union([z.literal("none"), z.coerce.number().int().positive()]).optional()),
  entity: z.preprocess(
    blankToUndefined,
    z
      .string()
      .max(40)
      .regex(/^[a-z_-]+$/, "unknown entity")
      .optional(),
  ),
  entityId: z.preprocess(blankToUndefined, z.string().max(64).optional()),
  before: cursor,
  after: cursor,
});
type AuditQuery = z.infer<typeof AuditQuery>;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "read:audit:any");
  const t = await fixedT(user.language, "admin");
  const params = new URL(request.url).searchParams;
  const parsed = AuditQuery.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Response(t("audit.badFilter", { field: String(issue.path[0]) }), { status: 400 });
  }
  const query = parsed.data;
  const page = listAudit(
    { action: query.action, actor: query.actor, entity: query.entity, entityId: query.entityId },
    { before: query.before, after: query.after, limit: PAGE_SIZE },
  );
  return {
    title: t("audit.title"),
    query,
    ...page,
    actions: listAuditActions(),
    actors: listUsers().map((u) => ({ id: u.id, name: u.name, email: u.email })),
  };
}

type AuditStrings = (typeof resources)["en"]["admin"]["audit"];

/** The action's name in the reader's language; a code nobody named shows as itself (the page marks it as a code). */
function actionName(t: TFunction, action: string): string | null {
  return isAuditAction(action) ? t(`audit.actions.${action}`) : null;
}

function entityName(t: TFunction, entity: string): string {
  return (AUDIT_ENTITIES as readonly string[]).includes(entity) ? t(`audit.entity.${entity as AuditEntity}`) : entity;
}

function ActionName({ action }: { action: string }) {
  const { t } = useTranslation("admin");
  const name = actionName(t, action);
  return name ? <>{name}</> : <span className="mono">{action}</span>;
}

function who(t: TFunction, entry: AuditListEntry) {
  if (entry.actorName) return { name: entry.actorName, sub: entry.actorEmail };
  if (entry.entity === "contact") return { name: t("audit.customer"), sub: entry.contactEmail };
  if (entry.action.startsWith("auth.")) return { name: t("audit.visitor"), sub: null };
  return { name: t("audit.system"), sub: t("audit.systemSub") };
}

function Subject({ entry }: { entry: AuditListEntry }) {
  const { t } = useTranslation("admin");
  // "Kizuna Admin signed in to the console Kizuna Admin" says nothing twice.
  if (entry.entity === "user" && entry.actorUserId !== null && entry.entityId === String(entry.actorUserId) && entry.action.startsWith("auth.")) return null;
  if (entry.entity === "user" && entry.entityId) {
    return (
      <Link to={`/cs/users/${entry.entityId}`} translate={entry.targetUserName ? "no" : undefined}>
        {entry.targetUserName ?? t("audit.subject", { entity: entityName(t, "user"), id: entry.entityId })}
      </Link>
    );
  }
  if (entry.entity === "contact" && entry.entityId)
    return (
      <span translate={entry.contactEmail ? "no" : undefined}>
        {entry.contactEmail ?? t("audit.subject", { entity: entityName(t, "contact"), id: entry.entityId })}
      </span>
    );
  if (entry.entity && entry.entityId) return <>{t("audit.subject", { entity: entityName(t, entry.entity), id: entry.entityId })}</>;
  return null;
}

const DETAIL_KEYS = new Set(Object.keys(en.audit.detailKey));

const ROLES = new Set(["admin", "csm", "viewer"]);

/** A value as recorded; a staff role (a code) by its name in the reader's language. */
function DetailValue({ value, field }: { value: unknown; field: string }) {
  const { t } = useTranslation("admin");
  if ((field === "role" || field === "from" || field === "to") && typeof value === "string" && ROLES.has(value))
    return <>{t(`console:roles.${value as "admin" | "csm" | "viewer"}`)}</>;
  if (typeof value === "boolean") return <>{value ? t("audit.yes") : t("audit.no")}</>;
  if (typeof value === "string" || typeof value === "number") return <>{String(value)}</>;
  return <span className="mono">{JSON.stringify(value)}</span>;
}

function Detail({ detail }: { detail: Record<string, unknown> | null }) {
  const { t } = useTranslation("admin");
  if (!detail || Object.keys(detail).length === 0) return <span className="muted">—</span>;
  if ("from" in detail && "to" in detail && Object.keys(detail).length === 2) {
    const role = ROLES.has(String(detail.from)) && ROLES.has(String(detail.to));
    return (
      <span>
        <span translate={role ? undefined : "no"}>
          <DetailValue value={detail.from} field="from" />
        </span>{" "}
        →{" "}
        <strong translate={role ? undefined : "no"}>
          <DetailValue value={detail.to} field="to" />
        </strong>
      </span>
    );
  }
  return (
    <dl className="audit-detail">
      {Object.entries(detail).map(([key, value]) => (
        <div key={key}>
          {DETAIL_KEYS.has(key) ? <dt>{t(`audit.detailKey.${key as keyof AuditStrings["detailKey"]}`)}</dt> : <dt className="mono">{key}</dt>}
          <dd translate={typeof value === "boolean" || (key === "role" && ROLES.has(String(value))) ? undefined : "no"}>
            <DetailValue value={value} field={key} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function hrefWith(query: AuditQuery, page: { before?: number; after?: number }) {
  const params = new URLSearchParams();
  for (const key of ["action", "actor", "entity", "entityId"] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, String(value));
  }
  if (page.before) params.set("before", String(page.before));
  if (page.after) params.set("after", String(page.after));
  const search = params.toString();
  return search ? `/cs/audit?${search}` : "/cs/audit";
}

export default function AuditLog() {
  const { query, entries, newerCursor, olderCursor, actions, actors } = useLoaderData<typeof loader>();
  const { t } = useTranslation("admin");
  const filtered = query.action !== undefined || query.actor !== undefined || query.entity !== undefined;
  const paged = query.before !== undefined || query.after !== undefined;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("audit.heading")}</h1>
          <p>{t("audit.intro")}</p>
        </div>
      </div>

      <Form method="get" className="filters" aria-label={t("audit.filterLabel")}>
        <div className="field">
          <label htmlFor="audit-action">{t("audit.action")}</label>
          <select id="audit-action" name="action" defaultValue={query.action ?? ""}>
            <option value="">{t("audit.allActions")}</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {actionName(t, action) ?? t("audit.unknownAction")} ({action})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-actor">{t("audit.actor")}</label>
          <select id="audit-actor" name="actor" defaultValue={query.actor === undefined ? "" : String(query.actor)}>
            <option value="">{t("audit.anyone")}</option>
            <option value="none">{t("audit.noConsoleUser")}</option>
            {actors.map((actor) => (
              <option key={actor.id} value={actor.id} translate="no">
                {actor.name} ({actor.email})
              </option>
            ))}
          </select>
        </div>
        {query.entity ? <input type="hidden" name="entity" value={query.entity} /> : null}
        {query.entityId ? <input type="hidden" name="entityId" value={query.entityId} /> : null}
        <button type="submit">{t("audit.filter")}</button>
        {filtered ? (
          <Link to="/cs/audit" className="button secondary">
            {t("audit.clear")}
          </Link>
        ) : null}
      </Form>
      {query.entity ? (
        <p className="notice info">
          {t("audit.onlyAbout", { entity: entityName(t, query.entity), id: query.entityId ?? t("audit.anyId") })}{" "}
          <Link to="/cs/audit">{t("audit.showEverything")}</Link>
        </p>
      ) : null}

      {entries.length === 0 ? (
        <div className="card">
          <p className="muted flush">{filtered || paged ? t("audit.noMatch") : t("audit.empty")}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="audit-table">
            <caption className="visually-hidden">{t("audit.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("audit.col.when")}</th>
                <th scope="col">{t("audit.col.who")}</th>
                <th scope="col">{t("audit.col.what")}</th>
                <th scope="col">{t("audit.col.detail")}</th>
                <th scope="col">{t("audit.col.ip")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const actor = who(t, entry);
                return (
                  <tr key={entry.id}>
                    <td className="nowrap">
                      <LocalTime value={entry.at} />
                    </td>
                    <td>
                      <div translate={entry.actorName ? "no" : undefined}>{actor.name}</div>
                      {actor.sub ? (
                        <div className="muted small-text" translate={entry.actorName || entry.contactEmail ? "no" : undefined}>
                          {actor.sub}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <div>
                        <ActionName action={entry.action} /> <Subject entry={entry} />
                      </div>
                      <div className="muted mono small-text">{entry.action}</div>
                    </td>
                    <td>
                      <Detail detail={entry.detail} />
                    </td>
                    <td className="mono" translate="no">
                      {entry.ip ?? "—"}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <nav className="pager" aria-label={t("audit.pages")}>
        {paged ? (
          <Link to={hrefWith(query, {})} className="button secondary small">
            {t("audit.newest")}
          </Link>
        ) : null}
        {newerCursor ? (
          <Link to={hrefWith(query, { after: newerCursor })} className="button secondary small" rel="prev">
            {t("audit.newer")}
          </Link>
        ) : null}
        {olderCursor ? (
          <Link to={hrefWith(query, { before: olderCursor })} className="button secondary small" rel="next">
            {t("audit.older")}
          </Link>
        ) : null}
      </nav>
    </>
  );
}

/** A loader that throws (a bad filter, an unknown id) keeps the console's navigation around the error. */
export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs/audit", label: t("audit.back") }} />;
}
