import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
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
import { errorMessage } from "../domain/service-error";
import { listUntaggedResponses, parseUntaggedQuery } from "../services/list-untagged-responses.server";
import { refusalReply } from "../utils/refusal.server";
import { addManualTag } from "../services/tag-response.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** Quick-tag buttons per row; more tags than this are one click away on the response page. */
const QUICK_TAGS = 8;

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "read:response:any");
  const query = parseUntaggedQuery(new URL(request.url).searchParams);
  if (!query.ok) throw new Response(errorMessage(query.code, {}, me.language), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const page = listUntaggedResponses(query.after);
  const canTag = can(me.role, "write:response:any");
  const t = await fixedT(me.language, "responses");
  return { title: t("untagged.title"), ...page, firstPage: query.after === null, quickTags: canTag ? listTags().slice(0, QUICK_TAGS) : [], canTag };
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
    const t = await fixedT(me.language, "responses");
    return data<ActionResult>({
      ok: true,
      message: t("untagged.tagged", { id: submission.value.responseId, name: tag.name }),
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
  const { t } = useTranslation("responses");
  // A refusal is said on the row that was posted; one for no row on this page is the page's notice.
  const landed = result && !result.ok && rows.some((row) => row.id === result.responseId);
  return (
    <>
      <nav aria-label={t("untagged.breadcrumb")} className="breadcrumb">
        <Link to="/cs/responses">{t("untagged.responses")}</Link> <span aria-hidden="true">/</span> <span aria-current="page">{t("untagged.crumb")}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>{t("untagged.heading")}</h1>
          <p>
            <Trans t={t} i18nKey="untagged.intro" components={{ tags: <Link to="/cs/tags" /> }} />
          </p>
        </div>
      </div>

      <ActionNotice result={landed ? undefined : result} />
      {canTag && quickTags.length === 0 ? (
        <div className="notice info">
          <Trans t={t} i18nKey="untagged.noTags" components={{ tags: <Link to="/cs/tags" /> }} />
        </div>
      ) : null}

      {rows.length === 0 ? (
        <div className="card empty-state">
          <h2>{firstPage ? t("untagged.allTagged") : t("untagged.noMore")}</h2>
          <p className="muted">{firstPage ? t("untagged.allTaggedHint") : <Link to="/cs/responses/untagged">{t("untagged.backToNewest")}</Link>}</p>
        </div>
      ) : (
        <ul className="untagged-list">
          {rows.map((row) => (
            <li key={row.id} className="card untagged-item">
              <div className="untagged-head">
                <ResponseScore score={row.score} category={row.category} />
                <span>
                  <strong>{row.contactName ?? row.contactEmail}</strong> {t("untagged.at")} <Link to={`/cs/accounts/${row.accountId}`}>{row.accountName}</Link>
                </span>
                <span className="muted small">
                  <LocalTime value={row.updatedAt} />
                </span>
                <Link to={`/cs/responses/${row.id}`} className="untagged-open">
                  {t("untagged.open")}
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

      <nav className="pager" aria-label={t("untagged.pages")}>
        {!firstPage ? (
          <Link className="button secondary small" to="/cs/responses/untagged">
            {t("untagged.newest")}
          </Link>
        ) : null}
        {next ? (
          <Link className="button secondary small" rel="next" to={withParams(search, { after: next })}>
            {t("untagged.older")}
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
  const { t } = useTranslation("responses");
  const [form, fields] = useForm({ id: `quick-tag-${responseId}`, lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: QuickTagForm }) });
  // The buttons are the tag field, the hidden id the response field: either refusal is about the row.
  const refusal = [...(form.errors ?? []), ...(fields.tagId.errors ?? []), ...(fields.responseId.errors ?? [])];
  return (
    <Form method="post" className="quick-tags" aria-label={t("untagged.tagRow", { id: responseId })} action={action} {...getFormProps(form)}>
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
  const { t } = useTranslation("responses");
  return <ConsoleError back={{ to: "/cs/responses/untagged", label: t("untagged.back") }} />;
}
