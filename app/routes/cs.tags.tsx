import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionNotice, type ActionOutcome } from "../components/action-notice";
import { ConsoleError } from "../components/console-error";
import { FieldError } from "../components/settings-form";
import { TagForm } from "../domain/tag-forms";
import { LocalTime } from "../components/local-time";
import { can } from "../domain/permissions";
import { MAX_TAG_NAME_LENGTH } from "../domain/rule-tags";
import { MAX_KEYWORD_LENGTH, MAX_KEYWORDS_PER_RULE } from "../domain/tag-rules";
import { createTag, deleteTag, renameTag, saveTagRule } from "../services/manage-tags.server";
import { refusalReply } from "../utils/refusal.server";
import { loadTagOverview } from "../services/tag-overview.server";
import { requireStaff } from "../utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Tags · Kizuna console" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "read:response:any");
  return { ...loadTagOverview(), canManage: can(me.role, "manage:settings:any") };
}

type ActionResult = ActionOutcome & { tagId?: number; intent?: string; result?: SubmissionResult<string[]> };

/** The sentence for the page's notice: the first refusal, whichever field it is on. */
function firstError(result: SubmissionResult<string[]>): string {
  return Object.values(result.error ?? {}).find((messages) => messages?.length)?.[0] ?? "Use the forms on the page.";
}

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireStaff(request, "manage:settings:any");
  const submission = parseWithZod(await request.formData(), { schema: TagForm });
  if (submission.status !== "success") {
    const result = submission.reply();
    const intent = submission.payload.intent;
    const tagId = Number(submission.payload.tagId) || undefined;
    return data<ActionResult>(
      { ok: false, message: firstError(result), result, intent: typeof intent === "string" ? intent : undefined, tagId },
      { status: 400 },
    );
  }
  const form = submission.value;
  const answer = (message: string, tagId?: number) =>
    data<ActionResult>({ ok: true, message, tagId, intent: form.intent, result: submission.reply({ resetForm: form.intent === "create" }) });
  try {
    switch (form.intent) {
      case "create": {
        const tag = createTag(me, { name: form.name });
        return answer(`Created the tag “${tag.name}”. Add keywords to tag comments automatically.`, tag.id);
      }
      case "rename": {
        const tag = renameTag(me, { tagId: form.tagId, name: form.name });
        return answer(`Renamed to “${tag.name}”.`, tag.id);
      }
      case "delete": {
        const tag = deleteTag(me, { tagId: form.tagId });
        return answer(`Deleted the tag “${tag.name}” and took it off every response.`);
      }
      case "rule": {
        const saved = saveTagRule(me, { tagId: form.tagId, keywords: form.keywords });
        const message = !saved.changed
          ? "The keywords are unchanged."
          : saved.keywords.length === 0
            ? "Rule removed. Existing comments are being re-tagged in the background."
            : `Saved ${saved.keywords.length} keyword${saved.keywords.length === 1 ? "" : "s"}. Existing comments are being re-tagged in the background.`;
        return answer(message, saved.tagId);
      }
    }
  } catch (error) {
    const { result, status } = refusalReply(submission, error);
    return data<ActionResult>(
      { ok: false, message: firstError(result), result, intent: form.intent, tagId: "tagId" in form ? form.tagId : undefined },
      { status },
    );
  }
}

export default function Tags() {
  const { tags, progress, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Tags</h1>
          <p>
            Themes in NPS comments. A tag's keywords (English or Japanese) tag new answers automatically; CSMs add and remove tags on each response.{" "}
            <Link to="/cs/responses/untagged">Untagged comments</Link>
          </p>
        </div>
      </div>

      <ActionNotice result={result} />

      {progress.running ? (
        <div className="notice info tag-backfill" role="status">
          <p>
            Applying the keyword rules to existing comments: {progress.percent}% (responses up to #{progress.doneThroughId.toLocaleString("en")} of{" "}
            {progress.upToId.toLocaleString("en")}). Reload to see progress; counts below grow as it goes.
          </p>
          <progress max={100} value={progress.percent} aria-label="Re-tagging progress">
            {progress.percent}%
          </progress>
        </div>
      ) : null}

      <div className="stack">
        {tags.length === 0 ? (
          <div className="card empty-state">
            <h2>No tags yet</h2>
            <p className="muted">
              {canManage
                ? "Create the first tag below, e.g. “Pricing” with the keywords price, expensive, 高い."
                : "An admin creates tags and their keyword rules."}
            </p>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="tag-table">
              <caption className="visually-hidden">Tags with the number of responses carrying each</caption>
              <thead>
                <tr>
                  <th scope="col">Tag</th>
                  <th scope="col" className="num">
                    Responses
                  </th>
                  <th scope="col">Keywords</th>
                </tr>
              </thead>
              <tbody>
                {tags.map((tag) => (
                  <tr key={tag.id}>
                    <th scope="row">{tag.name}</th>
                    <td className="num">{tag.responses.toLocaleString("en")}</td>
                    <td>
                      {tag.keywords.length ? (
                        <>
                          <span className="tag-keywords">{tag.keywords.join(", ")}</span>
                          {tag.ruleUpdatedAt ? (
                            <span className="muted small">
                              {" "}
                              · changed <LocalTime value={tag.ruleUpdatedAt} dateOnly />
                            </span>
                          ) : null}
                        </>
                      ) : (
                        <span className="muted">No rule: tagged by hand only</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}

        {canManage ? (
          <>
            {tags.map((tag) => (
              <details key={tag.id} className="card tag-editor" open={result?.tagId === tag.id && !result.ok}>
                <summary>
                  Edit “{tag.name}”{tag.keywords.length ? ` · ${tag.keywords.length} keyword${tag.keywords.length === 1 ? "" : "s"}` : ""}
                </summary>
                <KeywordsForm tag={tag} result={result} busy={busy} />
                <div className="tag-editor-row">
                  <TagNameForm intent="rename" tag={tag} result={result} busy={busy} />
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="tagId" value={tag.id} />
                    <button type="submit" className="danger small" disabled={busy}>
                      Delete tag
                    </button>
                    <span className="muted small">Takes it off {tag.responses.toLocaleString("en")} responses.</span>
                  </Form>
                </div>
              </details>
            ))}
            <section className="card" aria-labelledby="create-tag-heading">
              <h2 id="create-tag-heading">Create a tag</h2>
              <TagNameForm intent="create" result={result} busy={busy} />
            </section>
          </>
        ) : null}
      </div>
    </>
  );
}

type Tag = { id: number; name: string; keywords: string[] };

/** The action's reply, when it answers this very form (one page, many small forms). */
function replyFor(result: ActionResult | undefined, intent: string, tagId?: number) {
  return result?.intent === intent && (tagId === undefined || result.tagId === tagId) ? result.result : undefined;
}

function KeywordsForm({ tag, result, busy }: { tag: Tag; result: ActionResult | undefined; busy: boolean }) {
  const [form, fields] = useForm({
    id: `keywords-${tag.id}`,
    lastResult: replyFor(result, "rule", tag.id),
    defaultValue: { intent: "rule", tagId: String(tag.id), keywords: tag.keywords.join("\n") },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TagForm }),
  });
  const hintId = `${fields.keywords.id}-hint`;
  return (
    <Form method="post" className="tag-rule-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="rule" />
      <input type="hidden" name="tagId" value={tag.id} />
      <div className="field">
        <label htmlFor={fields.keywords.id}>Keywords</label>
        <p className="hint" id={hintId}>
          One a line or separated by commas, up to {MAX_KEYWORDS_PER_RULE} of at most {MAX_KEYWORD_LENGTH} characters. English words match whole words and
          plurals (“price” tags “prices”, not “priceless”); Japanese matches anywhere in the text (“高い” tags “価格が高いです”). Leave empty to stop tagging
          automatically.
        </p>
        <textarea {...getTextareaProps(fields.keywords, { ariaDescribedBy: hintId })} rows={4} />
        <FieldError errors={fields.keywords.errors} id={fields.keywords.errorId} />
      </div>
      <button type="submit" disabled={busy}>
        Save keywords
      </button>
    </Form>
  );
}

function TagNameForm({ intent, tag, result, busy }: { intent: "create" | "rename"; tag?: Tag; result: ActionResult | undefined; busy: boolean }) {
  const [form, fields] = useForm({
    id: tag ? `rename-${tag.id}` : "create-tag",
    lastResult: replyFor(result, intent, tag?.id),
    defaultValue: { intent, tagId: tag ? String(tag.id) : undefined, name: tag?.name ?? "" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TagForm }),
  });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      {tag ? <input type="hidden" name="tagId" value={tag.id} /> : null}
      <label htmlFor={fields.name.id}>Name</label>
      <input {...getInputProps(fields.name, { type: "text" })} maxLength={MAX_TAG_NAME_LENGTH} autoComplete="off" />
      <button type="submit" className={tag ? "secondary small" : undefined} disabled={busy}>
        {tag ? "Rename" : "Create tag"}
      </button>
      <FieldError errors={fields.name.errors} id={fields.name.errorId} />
    </Form>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/responses", label: "Back to the responses" }} />;
}
