import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { ActionNotice, type ActionOutcome } from "../components/action-notice";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { ResponseScore } from "../components/response-score";
import { withParams } from "../components/pager";
import { FormError } from "../components/settings-form";
import { firstError } from "../domain/form-input";
import { QuickTagForm } from "../domain/response-forms";
import { can } from "../domain/permissions";
import { listTags } from "../models/tag.server";
import { listUntaggedResponses, parseUntaggedQuery } from "../services/list-untagged-responses.server";
import { refusalReply } from "../utils/refusal.server";
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

/** The outcome in a sentence, the row it answers (`responseId`) and conform's reply for that row's form. */
type ActionResult = ActionOutcome & { responseId?: number; result: SubmissionResult<string[]> };

/** A row's quick tag (schema: domain/response-forms): the row's response and the tag button pressed. */
export async function action({ request }: ActionFunctionArgs) {
  const me = await requireStaff(request, "write:response:any");
  const submission = parseWithZod(await request.formData(), { schema: QuickTagForm });
  const responseId = Number(submission.payload.responseId) || undefined;
  if (submission.status !== "success") {
    const result = submission.reply();
    return data<ActionResult>({ ok: false, message: firstError(result, me.language), responseId, result }, { status: 400 });
  }
  try {
    const { tag } = addManualTag(me, submission.value);
    return data<ActionResult>({
      ok: true,
      message: `Tagged response ${submission.value.responseId} “${tag.name}”; it left this queue.`,
      responseId,
      result: submission.reply({ resetForm: true }),
    });
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: me.language });
    return data<ActionResult>({ ok: false, message: firstError(result, me.language), responseId, result }, { status });
  }
}

export default function UntaggedResponses() {
  const { rows, next, firstPage, quickTags, canTag } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { search } = useLocation();
  // A refusal is said on the row that was posted; one for no row on this page is the page's notice.
  const landed = result && !result.ok && rows.some((row) => row.id === result.responseId);
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

      <ActionNotice result={landed ? undefined : result} />
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
                <QuickTagRow
                  responseId={row.id}
                  tags={quickTags}
                  action={`/cs/responses/untagged${search}`}
                  lastResult={landed && result.responseId === row.id ? result.result : undefined}
                  busy={busy}
                />
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

/** One row's tag buttons: each posts the row's response and its own tag; a refusal is said under them. */
function QuickTagRow({
  responseId,
  tags,
  action,
  lastResult,
  busy,
}: {
  responseId: number;
  tags: { id: number; name: string }[];
  action: string;
  lastResult: SubmissionResult<string[]> | undefined;
  busy: boolean;
}) {
  const [form, fields] = useForm({ id: `quick-tag-${responseId}`, lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: QuickTagForm }) });
  // The buttons are the tag field, the hidden id the response field: either refusal is about the row.
  const refusal = [...(form.errors ?? []), ...(fields.tagId.errors ?? []), ...(fields.responseId.errors ?? [])];
  return (
    <Form method="post" className="quick-tags" aria-label={`Tag response ${responseId}`} action={action} {...getFormProps(form)}>
      <input type="hidden" name="responseId" value={responseId} />
      {tags.map((tag) => (
        <button
          key={tag.id}
          type="submit"
          name="tagId"
          value={tag.id}
          className="secondary small"
          disabled={busy}
          aria-describedby={refusal.length ? form.errorId : undefined}
        >
          {tag.name}
        </button>
      ))}
      <FormError errors={refusal.length ? refusal : undefined} id={form.errorId} />
    </Form>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/responses/untagged", label: "Back to the newest untagged comments" }} />;
}
