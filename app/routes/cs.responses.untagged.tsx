import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionNotice, type ActionOutcome } from "../components/action-notice";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { ResponseScore } from "../components/response-score";
import { withParams } from "../components/pager";
import { can } from "../domain/permissions";
import { listTags } from "../models/tag.server";
import { listUntaggedResponses, parseUntaggedQuery } from "../services/list-untagged-responses.server";
import { refusalOf } from "../utils/refusal.server";
import { addManualTag } from "../services/tag-response.server";
import { requireStaff } from "../utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Untagged comments · Kizuna console" }];

/** Quick-tag buttons per row; more tags than this are one click away on the response page. */
const QUICK_TAGS = 8;

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "read:response:any");
  const query = parseUntaggedQuery(new URL(request.url).searchParams);
  if (!query.ok) throw new Response(query.message, { status: 400 });
  const page = listUntaggedResponses(query.after);
  const canTag = can(me.role, "write:response:any");
  return { ...page, firstPage: query.after === null, quickTags: canTag ? listTags().slice(0, QUICK_TAGS) : [], canTag };
}

const QuickTagForm = z.object({
  responseId: z.coerce.number("Choose a response.").int("Choose a response.").positive("Choose a response."),
  tagId: z.coerce.number("Choose a tag.").int("Choose a tag.").positive("Choose a tag."),
});

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireStaff(request, "write:response:any");
  const parsed = QuickTagForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return data<ActionOutcome>({ ok: false, message: parsed.error.issues[0]?.message ?? "Use the tag buttons on the page." }, { status: 400 });
  try {
    const { tag } = addManualTag(me, parsed.data);
    return data<ActionOutcome>({ ok: true, message: `Tagged response ${parsed.data.responseId} “${tag.name}”; it left this queue.` });
  } catch (error) {
    const refusal = refusalOf(error);
    return data<ActionOutcome>({ ok: false, message: refusal.message }, { status: refusal.status });
  }
}

export default function UntaggedResponses() {
  const { rows, next, firstPage, quickTags, canTag } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { search } = useLocation();
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/cs/responses">Responses</Link> <span aria-hidden="true">/</span> <span aria-current="page">Untagged</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>Untagged comments</h1>
          <p>
            Comments no tag or keyword rule has caught yet, newest first. Tag them here, or <Link to="/cs/tags">add keywords to a tag</Link> so similar comments
            are tagged automatically.
          </p>
        </div>
      </div>

      <ActionNotice result={result} />
      {canTag && quickTags.length === 0 ? (
        <div className="notice info">
          There are no tags yet. Add one on a response page, or ask an admin to create tags on the <Link to="/cs/tags">tags page</Link>.
        </div>
      ) : null}

      {rows.length === 0 ? (
        <div className="card empty-state">
          <h2>{firstPage ? "Every comment has a tag" : "No more untagged comments"}</h2>
          <p className="muted">
            {firstPage ? "New comments that no rule catches will appear here." : <Link to="/cs/responses/untagged">Back to the newest</Link>}
          </p>
        </div>
      ) : (
        <ul className="untagged-list">
          {rows.map((row) => (
            <li key={row.id} className="card untagged-item">
              <div className="untagged-head">
                <ResponseScore score={row.score} category={row.category} />
                <span>
                  <strong>{row.contactName ?? row.contactEmail}</strong> at <Link to={`/cs/accounts/${row.accountId}`}>{row.accountName}</Link>
                </span>
                <span className="muted small">
                  <LocalTime value={row.updatedAt} />
                </span>
                <Link to={`/cs/responses/${row.id}`} className="untagged-open">
                  Open response
                </Link>
              </div>
              <p className="untagged-comment">{row.comment}</p>
              {canTag && quickTags.length > 0 ? (
                <Form method="post" className="quick-tags" aria-label={`Tag response ${row.id}`} action={`/cs/responses/untagged${search}`}>
                  <input type="hidden" name="responseId" value={row.id} />
                  {quickTags.map((tag) => (
                    <button key={tag.id} type="submit" name="tagId" value={tag.id} className="secondary small" disabled={busy}>
                      {tag.name}
                    </button>
                  ))}
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <nav className="pager" aria-label="Untagged pages">
        {!firstPage ? (
          <Link className="button secondary small" to="/cs/responses/untagged">
            Newest
          </Link>
        ) : null}
        {next ? (
          <Link className="button secondary small" rel="next" to={withParams(search, { after: next })}>
            Older
          </Link>
        ) : null}
      </nav>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/responses/untagged", label: "Back to the newest untagged comments" }} />;
}
