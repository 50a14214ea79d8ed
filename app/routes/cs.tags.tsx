import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { ActionNotice, type ActionOutcome } from "../components/action-notice";
import { ConsoleError } from "../components/console-error";
import { FieldError } from "../components/settings-form";
import { TagForm } from "../domain/tag-forms";
import { LocalTime } from "../components/local-time";
import { useFormat } from "../components/use-format";
import { fieldMessage } from "../domain/field-message";
import { can } from "../domain/permissions";
import { MAX_TAG_NAME_LENGTH } from "../domain/rule-tags";
import { MAX_KEYWORD_LENGTH, MAX_KEYWORDS_PER_RULE } from "../domain/tag-rules";
import { createTag, deleteTag, renameTag, saveTagRule } from "../services/manage-tags.server";
import { refusalReply } from "../utils/refusal.server";
import { loadTagOverview } from "../services/tag-overview.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "read:response:any");
  const t = await fixedT(me.language, "responses");
  return { ...loadTagOverview(), canManage: can(me.role, "manage:settings:any"), title: t("tags.title") };
}

type ActionResult = ActionOutcome & { tagId?: number; intent?: string; result?: SubmissionResult<string[]> };

/** The message for the page's notice: the first refusal, whichever field it is on (a code the notice words, or a sentence). */
function firstError(result: SubmissionResult<string[]>): string {
  return Object.values(result.error ?? {}).find((messages) => messages?.length)?.[0] ?? fieldMessage("tagFormUnknown");
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
  const t = await fixedT(me.language, "responses");
  const answer = (message: string, tagId?: number) =>
    data<ActionResult>({ ok: true, message, tagId, intent: form.intent, result: submission.reply({ resetForm: form.intent === "create" }) });
  try {
    switch (form.intent) {
      case "create": {
        const tag = createTag(me, { name: form.name });
        return answer(t("tags.created", { name: tag.name }), tag.id);
      }
      case "rename": {
        const tag = renameTag(me, { tagId: form.tagId, name: form.name });
        return answer(t("tags.renamed", { name: tag.name }), tag.id);
      }
      case "delete": {
        const tag = deleteTag(me, { tagId: form.tagId });
        return answer(t("tags.deleted", { name: tag.name }));
      }
      case "rule": {
        const saved = saveTagRule(me, { tagId: form.tagId, keywords: form.keywords });
        const message = !saved.changed
          ? t("tags.unchanged")
          : saved.keywords.length === 0
            ? t("tags.ruleRemoved")
            : t("tags.ruleSaved", { count: saved.keywords.length });
        return answer(message, saved.tagId);
      }
    }
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: me.language });
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
  const { t } = useTranslation("responses");
  const { t: shared } = useTranslation("console");
  const format = useFormat();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("tags.heading")}</h1>
          <p>
            {t("tags.intro")}
            {shared("shared.sentenceGap")}
            <Link to="/cs/responses/untagged">{t("tags.untaggedLink")}</Link>
          </p>
        </div>
      </div>

      <ActionNotice result={result} />

      {progress.running ? (
        <div className="notice info tag-backfill" role="status">
          <p>{t("tags.backfill", { percent: progress.percent, done: format.number(progress.doneThroughId), upTo: format.number(progress.upToId) })}</p>
          <progress max={100} value={progress.percent} aria-label={t("tags.backfillLabel")}>
            {progress.percent}%
          </progress>
        </div>
      ) : null}

      <div className="stack">
        {tags.length === 0 ? (
          <div className="card empty-state">
            <h2>{t("tags.emptyHeading")}</h2>
            <p className="muted">{canManage ? t("tags.emptyManage") : t("tags.emptyView")}</p>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="tag-table">
              <caption className="visually-hidden">{t("tags.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("tags.colTag")}</th>
                  <th scope="col" className="num">
                    {t("tags.colResponses")}
                  </th>
                  <th scope="col">{t("tags.colKeywords")}</th>
                </tr>
              </thead>
              <tbody>
                {tags.map((tag) => (
                  <tr key={tag.id}>
                    <th scope="row">{tag.name}</th>
                    <td className="num">{format.number(tag.responses)}</td>
                    <td>
                      {tag.keywords.length ? (
                        <>
                          <span className="tag-keywords">{tag.keywords.join(t("tags.keywordSeparator"))}</span>
                          {tag.ruleUpdatedAt ? (
                            <span className="muted small">
                              {" · "}
                              <Trans t={t} i18nKey="tags.changed" components={{ date: <LocalTime value={tag.ruleUpdatedAt} dateOnly /> }} />
                            </span>
                          ) : null}
                        </>
                      ) : (
                        <span className="muted">{t("tags.noRule")}</span>
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
                  {tag.keywords.length ? t("tags.editKeywords", { name: tag.name, count: tag.keywords.length }) : t("tags.edit", { name: tag.name })}
                </summary>
                <KeywordsForm tag={tag} result={result} busy={busy} />
                <div className="tag-editor-row">
                  <TagNameForm intent="rename" tag={tag} result={result} busy={busy} />
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="tagId" value={tag.id} />
                    <button type="submit" className="danger small" disabled={busy}>
                      {t("tags.delete")}
                    </button>
                    <span className="muted small">{t("tags.deleteHint", { count: tag.responses })}</span>
                  </Form>
                </div>
              </details>
            ))}
            <section className="card" aria-labelledby="create-tag-heading">
              <h2 id="create-tag-heading">{t("tags.createHeading")}</h2>
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
  const { t } = useTranslation("responses");
  const hintId = `${fields.keywords.id}-hint`;
  return (
    <Form method="post" className="tag-rule-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="rule" />
      <input type="hidden" name="tagId" value={tag.id} />
      <div className="field">
        <label htmlFor={fields.keywords.id}>{t("tags.keywords")}</label>
        <p className="hint" id={hintId}>
          {t("tags.keywordsHint", { max: MAX_KEYWORDS_PER_RULE, length: MAX_KEYWORD_LENGTH })}
        </p>
        <textarea {...getTextareaProps(fields.keywords, { ariaDescribedBy: hintId })} rows={4} />
        <FieldError errors={fields.keywords.errors} id={fields.keywords.errorId} />
      </div>
      <button type="submit" disabled={busy}>
        {t("tags.saveKeywords")}
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
  const { t } = useTranslation("responses");
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      {tag ? <input type="hidden" name="tagId" value={tag.id} /> : null}
      <label htmlFor={fields.name.id}>{t("tags.name")}</label>
      <input {...getInputProps(fields.name, { type: "text" })} maxLength={MAX_TAG_NAME_LENGTH} autoComplete="off" />
      <button type="submit" className={tag ? "secondary small" : undefined} disabled={busy}>
        {tag ? t("tags.rename") : t("tags.create")}
      </button>
      <FieldError errors={fields.name.errors} id={fields.name.errorId} />
    </Form>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("responses");
  return <ConsoleError back={{ to: "/cs/responses", label: t("tags.back") }} />;
}
