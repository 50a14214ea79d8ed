import { ConsoleError } from "../components/console-error";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { LocalTime } from "../components/local-time";
import { listAudit, listAuditActions, type AuditListEntry } from "../models/audit.server";
import { listUsers } from "../models/user.server";
import { requireStaff } from "../utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Kizuna console" }];

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
  await requireStaff(request, "read:audit:any");
  const params = new URL(request.url).searchParams;
  const parsed = AuditQuery.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Response(`The audit log filter "${String(issue.path[0])}" is not valid (${issue.message}). Clear the filters and try again.`, { status: 400 });
  }
  const query = parsed.data;
  const page = listAudit(
    { action: query.action, actor: query.actor, entity: query.entity, entityId: query.entityId },
    { before: query.before, after: query.after, limit: PAGE_SIZE },
  );
  return {
    query,
    ...page,
    actions: listAuditActions(),
    actors: listUsers().map((u) => ({ id: u.id, name: u.name, email: u.email })),
  };
}

/** Plain-language names for the actions Kizuna records; anything else shows its code. */
const ACTION_LABELS: Record<string, string> = {
  "auth.sign_in": "Signed in to the console",
  "auth.sign_in_failed": "Failed console sign-in",
  "auth.sign_in_throttled": "Console sign-in refused: too many failures from this address",
  "auth.sign_out": "Signed out of the console",
  "auth.contact_sign_in": "Customer signed in to the portal",
  "auth.magic_link_throttled": "Portal sign-in link blocked by rate limit",
  "auth.magic_link_capped": "Portal sign-in link not sent: daily email cap reached",
  "user.created": "Created user",
  "user.role_changed": "Changed role of",
  "user.disabled": "Disabled user",
  "user.enabled": "Re-enabled user",
  "user.password_reset": "Reset password of",
  "api_key.created": "Created API key",
  "api_key.revoked": "Revoked API key",
  "case.opened": "Opened follow-up case",
  "case.status_changed": "Changed status of",
  "case.note_added": "Added a note to",
  "case.assigned": "Assigned an owner to",
  "case.reply_sent": "Emailed the contact a reply on",
  "tag.created": "Created tag",
  "tag.renamed": "Renamed tag",
  "tag.deleted": "Deleted tag",
  "tag.rule_changed": "Changed the keyword rule of tag",
  "tags.rules_applied": "Applied tag rules to earlier responses",
  "response.tag_added": "Added a tag to",
  "response.tag_removed": "Removed a tag from",
  "response.promoter_reference": "Marked the promoter as a reference candidate",
  "response.promoter_community": "Invited the promoter to the community",
  "response.promoter_review": "Asked the promoter for a review",
  "response.export_started": "Started a response export",
  "response.export_ended": "Ended a response export",
  "settings.alerts_updated": "Changed the Slack alert webhook",
  "settings.slack_test_requested": "Requested a Slack test message",
  "settings.close_the_loop_updated": "Changed closing-the-loop settings",
  "settings.promoter_actions_updated": "Changed the promoter review link",
  "alerts.slack_rejected": "Slack refused an alert (check the webhook)",
  "alerts.admin_digest_sent": "Sent the admin daily digest",
};

function actionLabel(action: string) {
  return ACTION_LABELS[action] ?? action;
}

function who(entry: AuditListEntry) {
  if (entry.actorName) return { name: entry.actorName, sub: entry.actorEmail };
  if (entry.entity === "contact") return { name: "Customer", sub: entry.contactEmail };
  if (entry.action.startsWith("auth.")) return { name: "Visitor", sub: null };
  return { name: "System", sub: "CLI or background job" };
}

function Subject({ entry }: { entry: AuditListEntry }) {
  // "Kizuna Admin signed in to the console Kizuna Admin" says nothing twice.
  if (entry.entity === "user" && entry.actorUserId !== null && entry.entityId === String(entry.actorUserId) && entry.action.startsWith("auth.")) return null;
  if (entry.entity === "user" && entry.entityId) {
    return <Link to={`/cs/users/${entry.entityId}`}>{entry.targetUserName ?? `user #${entry.entityId}`}</Link>;
  }
  if (entry.entity === "contact" && entry.entityId) return <>{entry.contactEmail ?? `contact #${entry.entityId}`}</>;
  if (entry.entity && entry.entityId) return <span className="mono">{`${entry.entity} #${entry.entityId}`}</span>;
  return null;
}

function Detail({ detail }: { detail: Record<string, unknown> | null }) {
  if (!detail || Object.keys(detail).length === 0) return <span className="muted">—</span>;
  if ("from" in detail && "to" in detail && Object.keys(detail).length === 2) {
    return (
      <span>
        {String(detail.from)} → <strong>{String(detail.to)}</strong>
      </span>
    );
  }
  return (
    <dl className="audit-detail">
      {Object.entries(detail).map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value)}</dd>
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
  const filtered = query.action !== undefined || query.actor !== undefined || query.entity !== undefined;
  const paged = query.before !== undefined || query.after !== undefined;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Audit log</h1>
          <p>Sign-ins, user and key changes, exports: who did what, when and from where. Newest first; times in your time zone.</p>
        </div>
      </div>

      <Form method="get" className="filters" aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" name="action" defaultValue={query.action ?? ""}>
            <option value="">All actions</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {actionLabel(action)}
                {ACTION_LABELS[action] ? ` (${action})` : ""}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-actor">Actor</label>
          <select id="audit-actor" name="actor" defaultValue={query.actor === undefined ? "" : String(query.actor)}>
            <option value="">Anyone</option>
            <option value="none">No console user (customers, visitors, system)</option>
            {actors.map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.name} ({actor.email})
              </option>
            ))}
          </select>
        </div>
        {query.entity ? <input type="hidden" name="entity" value={query.entity} /> : null}
        {query.entityId ? <input type="hidden" name="entityId" value={query.entityId} /> : null}
        <button type="submit">Filter</button>
        {filtered ? (
          <Link to="/cs/audit" className="button secondary">
            Clear
          </Link>
        ) : null}
      </Form>
      {query.entity ? (
        <p className="notice info">
          Showing only entries about {query.entity} #{query.entityId ?? "any"}. <Link to="/cs/audit">Show everything</Link>
        </p>
      ) : null}

      {entries.length === 0 ? (
        <div className="card">
          <p className="muted flush">{filtered || paged ? "No entries match these filters." : "Nothing has been recorded yet."}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="audit-table">
            <caption className="visually-hidden">Audit entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Detail</th>
                <th scope="col">IP</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const actor = who(entry);
                return (
                  <tr key={entry.id}>
                    <td className="nowrap">
                      <LocalTime value={entry.at} />
                    </td>
                    <td>
                      <div>{actor.name}</div>
                      {actor.sub ? <div className="muted small-text">{actor.sub}</div> : null}
                    </td>
                    <td>
                      <div>
                        {actionLabel(entry.action)} <Subject entry={entry} />
                      </div>
                      <div className="muted mono small-text">{entry.action}</div>
                    </td>
                    <td>
                      <Detail detail={entry.detail} />
                    </td>
                    <td className="mono">{entry.ip ?? "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <nav className="pager" aria-label="Audit log pages">
        {paged ? (
          <Link to={hrefWith(query, {})} className="button secondary small">
            Newest
          </Link>
        ) : null}
        {newerCursor ? (
          <Link to={hrefWith(query, { after: newerCursor })} className="button secondary small" rel="prev">
            ← Newer
          </Link>
        ) : null}
        {olderCursor ? (
          <Link to={hrefWith(query, { before: olderCursor })} className="button secondary small" rel="next">
            Older →
          </Link>
        ) : null}
      </nav>
    </>
  );
}

/** A loader that throws (a bad filter, an unknown id) keeps the console's navigation around the error. */
export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/audit", label: "Back to the audit log" }} />;
}
