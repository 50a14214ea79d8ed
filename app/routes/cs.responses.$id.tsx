import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { IdeaLinkSection } from "../components/idea-link";
import { ideasOfResponse } from "../services/idea-console.server";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { ActionNotice, type ActionOutcome } from "../components/action-notice";
import { CaseStatusBadge } from "../components/case-status";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { ResponseScore, useCategoryLabel } from "../components/response-score";
import { useFormat } from "../components/use-format";
import { ResponseTagList } from "../components/response-tag-list";
import { RenewalDate, SegmentBadge } from "../components/segment-badge";
import { FieldError, FormError } from "../components/settings-form";
import { firstError } from "../domain/form-input";
import { RESPONSE_FORM_INTENTS, ResponseForm, type ResponseFormIntent } from "../domain/response-forms";
import { categoryFor } from "../domain/nps";
import { can } from "../domain/permissions";
import { MAX_TAG_NAME_LENGTH } from "../domain/rule-tags";
import { todayIso } from "../domain/rows";
import { errorMessage } from "../domain/service-error";
import { recordPromoterAction } from "../services/record-promoter-action.server";
import { loadResponseDetail } from "../services/response-detail.server";
import { refusalReply, requireId } from "../utils/refusal.server";
import { addManualTag, removeResponseTag } from "../services/tag-response.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

type PromoterKind = "reference" | "community" | "review";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "read:response:any");
  const id = requireId(params);
  const t = await fixedT(me.language, "responses");
  const detail = loadResponseDetail(id);
  if (!detail) throw new Response(t("detail.notFound", { id }), { status: 404 });
  // Why an ask cannot go, worded for the reader (the service gives a code and its params).
  const blocks = Object.fromEntries((detail.promoter?.actions ?? []).map((a) => [a.kind, a.block && errorMessage(a.block.code, a.block.params, me.language)]));
  return {
    title: t("detail.title", { id: detail.response.id, account: detail.response.accountName }),
    detail,
    blocks,
    canWrite: can(me.role, "write:response:any"),
    today: todayIso(),
    // The feedback loop: ideas this comment is linked to, and whether this reader may link one.
    ideaLinks: { ideas: ideasOfResponse(id), canLink: can(me.role, "write:idea:any"), hasComment: Boolean(detail.response.comment?.trim()) },
  };
}

/**
 * What the action answered: the outcome in a sentence (a success is the page's notice), which
 * form it answers (`intent`, with the chip's `tagId` or the action's `kind` where the page has one
 * such form per item) and conform's reply for that form.
 */
type ActionResult = ActionOutcome & { intent: ResponseFormIntent | null; tagId?: number; kind?: string; result: SubmissionResult<string[]> };

/** The page's forms, told apart by `intent` (schema: domain/response-forms). */
export async function action({ request, params }: ActionFunctionArgs) {
  const me = await requireStaff(request, "write:response:any");
  const responseId = requireId(params);
  const submission = parseWithZod(await request.formData(), { schema: ResponseForm });
  const posted = {
    intent: RESPONSE_FORM_INTENTS.find((name) => name === submission.payload.intent) ?? null,
    tagId: Number(submission.payload.tagId) || undefined,
    kind: typeof submission.payload.kind === "string" ? submission.payload.kind : undefined,
  };
  const answer = (ok: boolean, result: SubmissionResult<string[]>, message: string, status = ok ? 200 : 400) =>
    data<ActionResult>({ ok, message, ...posted, result }, { status });
  if (submission.status !== "success") {
    const result = submission.reply();
    return answer(false, result, firstError(result, me.language));
  }
  const form = submission.value;
  const t = await fixedT(me.language, "responses");
  const done = (message: string) => answer(true, submission.reply({ resetForm: true }), message);
  try {
    if (form.intent === "add-tag" || form.intent === "new-tag") {
      const result = addManualTag(me, form.intent === "add-tag" ? { responseId, tagId: form.tagId } : { responseId, name: form.name });
      return done(t(result.added ? "detail.tagged" : "detail.alreadyTagged", { name: result.tag.name }));
    }
    if (form.intent === "remove-tag") {
      const result = removeResponseTag(me, { responseId, tagId: form.tagId });
      return done(result.removed ? t("detail.tagRemoved") : t("detail.tagNotThere"));
    }
    const outcome = await recordPromoterAction(me, { responseId, kind: form.kind });
    const action = t(`detail.action.${outcome.kind}`);
    if (outcome.kind === "reference") return done(outcome.csmName ? t("detail.referenceEmailed", { name: outcome.csmName }) : t("detail.referenceNoCsm"));
    return done(t("detail.askQueued", { action, to: outcome.emailedTo, language: t(`detail.emailLanguage.${outcome.emailLanguage ?? "en"}`) }));
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: me.language });
    return answer(false, result, firstError(result, me.language), status);
  }
}

export default function ResponseDetailPage() {
  const { detail, blocks, canWrite, today, ideaLinks } = useLoaderData<typeof loader>();
  const { t } = useTranslation("responses");
  const format = useFormat();
  const categoryLabel = useCategoryLabel();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const { response, history, changes, otherContacts, followUpCase, tags, allTags, promoter, suppression } = detail;
  const changed = response.updatedAt !== response.createdAt;
  const untaggedChoices = allTags.filter((tag) => !tags.some((shown) => shown.id === tag.id));
  // A refusal lands on the form that was posted; one that matches no form on the page (a tag or
  // action that has gone since, a hand-made post) is the page's notice.
  const refusal = result && !result.ok ? result : undefined;
  const replyFor = (intent: ResponseFormIntent, item?: { tagId?: number; kind?: string }) =>
    refusal?.intent === intent && (item?.tagId === undefined || refusal.tagId === item.tagId) && (item?.kind === undefined || refusal.kind === item.kind)
      ? refusal.result
      : undefined;
  const landed =
    canWrite &&
    ((refusal?.intent === "add-tag" && untaggedChoices.length > 0) ||
      refusal?.intent === "new-tag" ||
      (refusal?.intent === "remove-tag" && tags.some((tag) => tag.id === refusal.tagId)) ||
      (refusal?.intent === "promoter" && Boolean(promoter?.actions.some((action) => action.kind === refusal.kind && !action.done))));
  return (
    <>
      <nav aria-label={t("detail.breadcrumb")} className="breadcrumb">
        <Link to="/cs/responses">{t("detail.responses")}</Link> <span aria-hidden="true">/</span>{" "}
        <span aria-current="page">{t("detail.crumb", { id: response.id })}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>
            {response.contactName ?? response.contactEmail} <span className="muted">{t("detail.at")}</span>{" "}
            <Link to={`/cs/accounts/${response.accountId}`}>{response.accountName}</Link>
          </h1>
          <p>
            {response.contactEmail} · {t(`detail.language.${response.contactLocale === "ja" ? "ja" : "en"}`)}
            {response.contactTitle ? ` · ${response.contactTitle}` : ""}
          </p>
        </div>
        <div className="response-detail-score">
          <ResponseScore score={response.score} category={response.category} />
          <span className={`badge category-${response.category}`}>{categoryLabel(response.category)}</span>
        </div>
      </div>

      <ActionNotice result={result?.ok || !landed ? result : undefined} />

      <div className="response-detail stack">
        <section className="card" aria-labelledby="answer-heading">
          <h2 id="answer-heading">{t("detail.answer")}</h2>
          {response.comment ? (
            <blockquote className="response-detail-comment">{response.comment}</blockquote>
          ) : (
            <p className="muted">{t("detail.noComment")}</p>
          )}
          <dl className="facts">
            <dt>{t("detail.score")}</dt>
            <dd>{t("detail.scoreOf", { score: response.score, category: categoryLabel(response.category) })}</dd>
            <dt>{t("detail.answered")}</dt>
            <dd>
              <LocalTime value={response.createdAt} />{" "}
              <span className="muted small">{t(`detail.by.${response.channel === "portal" ? "portal" : "email"}`)}</span>
            </dd>
            {changed ? (
              <>
                <dt>{t("detail.changed")}</dt>
                <dd>
                  <LocalTime value={response.updatedAt} />
                </dd>
              </>
            ) : null}
            <dt>{t("detail.wave")}</dt>
            <dd>
              {response.campaignId ? (
                <Link to={`/cs/campaigns/${response.campaignId}`}>{response.campaignName}</Link>
              ) : (
                <span className="muted">{t("detail.noWave")}</span>
              )}
            </dd>
          </dl>
          {changes.length > 0 ? (
            <>
              <h3>{t("detail.earlier")}</h3>
              <ol className="response-changes">
                {changes.map((change, index) => (
                  <li key={index}>
                    <ResponseScore score={change.score} category={categoryFor(change.score)} />{" "}
                    <Trans t={t} i18nKey="detail.until" components={{ date: <LocalTime value={change.changedAt} /> }} />
                    {change.comment ? <span className="muted"> — “{change.comment}”</span> : null}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </section>

        <IdeaLinkSection responseId={response.id} {...ideaLinks} />

        <section className="card" aria-labelledby="tags-heading">
          <div className="section-head">
            <h2 id="tags-heading">{t("detail.tags")}</h2>
            <Link to="/cs/tags">{t("detail.tagsLink")}</Link>
          </div>
          <ResponseTagList
            tags={tags}
            canEdit={canWrite}
            busy={busy}
            refusal={refusal?.intent === "remove-tag" && refusal.tagId !== undefined ? { tagId: refusal.tagId, message: refusal.message } : undefined}
          />
          {canWrite ? (
            <div className="tag-add-forms">
              {untaggedChoices.length > 0 ? <AddTagForm choices={untaggedChoices} lastResult={replyFor("add-tag")} busy={busy} /> : null}
              <NewTagForm lastResult={replyFor("new-tag")} busy={busy} />
            </div>
          ) : null}
        </section>

        {promoter ? (
          <section className="card" aria-labelledby="promoter-heading">
            <h2 id="promoter-heading">{t("detail.promoterActions")}</h2>
            <p className="muted small">
              {t("detail.consents", {
                reference: t(`detail.consent.reference.${consentKey(promoter.consents.reference)}`),
                contact: t(`detail.consent.contact.${consentKey(promoter.consents.contact)}`),
              })}
            </p>
            <ul className="promoter-actions">
              {promoter.actions.map((action) => (
                <li key={action.kind}>
                  {action.done ? (
                    <span>
                      <span className="badge good">{t("detail.done")}</span> {t(`detail.action.${action.kind}`)}{" "}
                      <span className="muted small">
                        <LocalTime value={action.done.at} dateOnly />
                        {action.done.by ? t("detail.doneBy", { name: action.done.by }) : ""}
                        {action.done.emailed ? t("detail.doneEmailed") : ""}
                      </span>
                    </span>
                  ) : canWrite ? (
                    <PromoterActionForm
                      kind={action.kind}
                      blocker={blocks[action.kind] ?? null}
                      lastResult={replyFor("promoter", { kind: action.kind })}
                      busy={busy}
                    />
                  ) : (
                    <span className="muted">{t("detail.notDone", { action: t(`detail.action.${action.kind}`) })}</span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <section className="card" aria-labelledby="case-heading">
          <h2 id="case-heading">{t("detail.followUp")}</h2>
          {followUpCase ? (
            <dl className="facts">
              <dt>{t("detail.case")}</dt>
              <dd>
                <Link to={`/cs/cases/${followUpCase.id}`}>{t("detail.caseN", { id: followUpCase.id })}</Link> <CaseStatusBadge status={followUpCase.status} />
              </dd>
              <dt>{t("detail.owner")}</dt>
              <dd>{followUpCase.ownerName ?? <span className="muted">{t("detail.unassigned")}</span>}</dd>
              <dt>{followUpCase.closedAt ? t("detail.closed") : t("detail.due")}</dt>
              <dd>
                <LocalTime value={followUpCase.closedAt ?? followUpCase.dueAt} />
              </dd>
            </dl>
          ) : (
            <p className="muted">{t("detail.noCase")}</p>
          )}
        </section>

        <section className="card" aria-labelledby="history-heading">
          <h2 id="history-heading">{t("detail.history", { who: response.contactName ?? response.contactEmail })}</h2>
          <div className="table-wrap flat">
            <table>
              <caption className="visually-hidden">{t("detail.historyCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("detail.colAnswered")}</th>
                  <th scope="col">{t("detail.colWave")}</th>
                  <th scope="col" className="num">
                    {t("detail.colScore")}
                  </th>
                  <th scope="col">{t("detail.colComment")}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((row) => (
                  <tr key={row.id} aria-current={row.id === response.id ? "true" : undefined} className={row.id === response.id ? "current-row" : undefined}>
                    <td>
                      {row.id === response.id ? (
                        <LocalTime value={row.createdAt} dateOnly />
                      ) : (
                        <Link to={`/cs/responses/${row.id}`}>
                          <LocalTime value={row.createdAt} dateOnly />
                        </Link>
                      )}
                      {row.id === response.id ? <span className="muted small">{t("detail.thisOne")}</span> : null}
                    </td>
                    <td>{row.campaignName ?? <span className="muted">{t("detail.portal")}</span>}</td>
                    <td className="num">
                      <ResponseScore score={row.score} category={row.category} />
                    </td>
                    <td className="response-comment-cell">
                      {row.comment ? <p className="response-comment">{row.comment}</p> : <span className="muted">—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>

        <section className="card" aria-labelledby="account-heading">
          <div className="section-head">
            <h2 id="account-heading">{response.accountName}</h2>
            <Link to={`/cs/accounts/${response.accountId}`}>{t("detail.openAccount")}</Link>
          </div>
          <dl className="facts">
            <dt>{t("detail.acv")}</dt>
            <dd>{response.acvAmount === null ? "—" : format.money(response.acvAmount, response.acvCurrency)}</dd>
            <dt>{t("detail.segment")}</dt>
            <dd>
              <SegmentBadge segment={response.segment} />
            </dd>
            <dt>{t("detail.renewal")}</dt>
            <dd>
              <RenewalDate date={response.renewalDate} today={today} />
            </dd>
            <dt>{t("detail.csm")}</dt>
            <dd>
              {response.csmName ? (
                <>
                  {response.csmName} <span className="muted small">{response.csmEmail}</span>
                  {response.csmDisabledAt ? <span className="badge bad">{t("detail.disabled")}</span> : null}
                </>
              ) : (
                <span className="muted">{t("detail.noCsm")}</span>
              )}
            </dd>
            <dt>{t("detail.thisContact")}</dt>
            <dd>
              {response.unsubscribedAt ? (
                <span className="badge warn">{t("detail.unsubscribed")}</span>
              ) : suppression ? (
                <span className="badge bad">{t(`detail.suppressed.${suppression === "complained" ? "complained" : "bounced"}`)}</span>
              ) : (
                <span className="badge good">{t("detail.subscribed")}</span>
              )}
            </dd>
          </dl>
          <h3>{t("detail.others")}</h3>
          {otherContacts.length === 0 ? (
            <p className="muted">{t("detail.noOthers")}</p>
          ) : (
            <div className="table-wrap flat">
              <table>
                <caption className="visually-hidden">{t("detail.othersCaption", { account: response.accountName })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("detail.colContact")}</th>
                    <th scope="col" className="num">
                      {t("detail.colLatest")}
                    </th>
                    <th scope="col">{t("detail.colAnswered")}</th>
                  </tr>
                </thead>
                <tbody>
                  {otherContacts.map((contact) => (
                    <tr key={contact.contactId}>
                      <td>
                        <div>{contact.name ?? <span className="muted">{t("detail.noName")}</span>}</div>
                        <div className="muted small">{contact.email}</div>
                      </td>
                      <td className="num">
                        {contact.responseId !== null && contact.score !== null && contact.category !== null ? (
                          <Link to={`/cs/responses/${contact.responseId}`}>
                            <ResponseScore score={contact.score} category={contact.category} />
                          </Link>
                        ) : (
                          <span className="muted">{t("detail.notAnswered")}</span>
                        )}
                      </td>
                      <td>{contact.answeredAt !== null ? <LocalTime value={contact.answeredAt} dateOnly /> : <span className="muted">—</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </div>
    </>
  );
}

type FormProps = { lastResult: SubmissionResult<string[]> | undefined; busy: boolean };

function useResponseForm(id: string, lastResult: SubmissionResult<string[]> | undefined, defaultValue: Record<string, string>) {
  return useForm({
    id,
    lastResult,
    defaultValue,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResponseForm }),
  });
}

function AddTagForm({ choices, lastResult, busy }: FormProps & { choices: { id: number; name: string }[] }) {
  const { t } = useTranslation("responses");
  const [form, fields] = useResponseForm("add-tag", lastResult, { intent: "add-tag", tagId: "" });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add-tag" />
      <label htmlFor={fields.tagId.id} className="visually-hidden">
        {t("detail.existingTag")}
      </label>
      <select {...getSelectProps(fields.tagId)} required>
        <option value="" disabled>
          {t("detail.chooseTag")}
        </option>
        {choices.map((tag) => (
          <option key={tag.id} value={tag.id}>
            {tag.name}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary small" disabled={busy}>
        {t("detail.addTag")}
      </button>
      <FieldError errors={fields.tagId.errors} id={fields.tagId.errorId} />
      <FormError errors={form.errors} id={form.errorId} />
    </Form>
  );
}

function NewTagForm({ lastResult, busy }: FormProps) {
  const { t } = useTranslation("responses");
  const [form, fields] = useResponseForm("new-tag", lastResult, { intent: "new-tag", name: "" });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="new-tag" />
      <label htmlFor={fields.name.id} className="visually-hidden">
        {t("detail.newTagName")}
      </label>
      <input {...getInputProps(fields.name, { type: "text" })} required maxLength={MAX_TAG_NAME_LENGTH} placeholder={t("detail.newTag")} autoComplete="off" />
      <button type="submit" className="secondary small" disabled={busy}>
        {t("detail.createAndAdd")}
      </button>
      <FieldError errors={fields.name.errors} id={fields.name.errorId} />
      <FormError errors={form.errors} id={form.errorId} />
    </Form>
  );
}

function PromoterActionForm({ kind, blocker, lastResult, busy }: FormProps & { kind: PromoterKind; blocker: string | null }) {
  const { t } = useTranslation("responses");
  const [form, fields] = useResponseForm(`promoter-${kind}`, lastResult, { intent: "promoter", kind });
  const refusal = [...(form.errors ?? []), ...(fields.kind.errors ?? [])];
  const blockerId = `blocker-${kind}`;
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="promoter" />
      <input type="hidden" name="kind" value={kind} />
      <button
        type="submit"
        className="secondary small"
        disabled={busy || blocker !== null}
        aria-describedby={[blocker ? blockerId : null, refusal.length ? form.errorId : null].filter(Boolean).join(" ") || undefined}
      >
        {t(`detail.action.${kind}`)}
      </button>
      {blocker ? (
        <span className="muted small" id={blockerId}>
          {blocker}
        </span>
      ) : (
        <span className="muted small">{t(`detail.hint.${kind}`)}</span>
      )}
      <FormError errors={refusal.length ? refusal : undefined} id={form.errorId} />
    </Form>
  );
}

function consentKey(value: boolean | null): "yes" | "no" | "unknown" {
  return value === true ? "yes" : value === false ? "no" : "unknown";
}

export function ErrorBoundary() {
  const { t } = useTranslation("responses");
  return <ConsoleError back={{ to: "/cs/responses", label: t("detail.back") }} />;
}
