import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionNotice, type ActionOutcome } from "../components/action-notice";
import { CaseStatusBadge } from "../components/case-status";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { CATEGORY_LABEL, ResponseScore } from "../components/response-score";
import { ResponseTagList } from "../components/response-tag-list";
import { RenewalDate, SegmentBadge } from "../components/segment-badge";
import { FieldError, FormError } from "../components/settings-form";
import { firstError } from "../domain/form-input";
import { RESPONSE_FORM_INTENTS, ResponseForm, type ResponseFormIntent } from "../domain/response-forms";
import { categoryFor } from "../domain/nps";
import { can } from "../domain/permissions";
import { PROMOTER_ACTION_LABEL } from "../domain/promoter-actions";
import { MAX_TAG_NAME_LENGTH } from "../domain/rule-tags";
import { todayIso } from "../domain/rows";
import { formatMoney } from "../domain/segments";
import { recordPromoterAction } from "../services/record-promoter-action.server";
import { loadResponseDetail } from "../services/response-detail.server";
import { refusalReply, requireId } from "../utils/refusal.server";
import { addManualTag, removeResponseTag } from "../services/tag-response.server";
import { requireStaff } from "../utils/auth.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Response ${data.detail.response.id} from ${data.detail.response.accountName} · Kizuna console` : "Response · Kizuna console" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "read:response:any");
  const id = requireId(params);
  const detail = loadResponseDetail(id);
  if (!detail) throw new Response(`There is no response ${id}. It may have been removed with its contact; search the response list.`, { status: 404 });
  return { detail, canWrite: can(me.role, "write:response:any"), today: todayIso() };
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
  const done = (message: string) => answer(true, submission.reply({ resetForm: true }), message);
  try {
    if (form.intent === "add-tag" || form.intent === "new-tag") {
      const result = addManualTag(me, form.intent === "add-tag" ? { responseId, tagId: form.tagId } : { responseId, name: form.name });
      return done(result.added ? `Tagged “${result.tag.name}”.` : `Already tagged “${result.tag.name}”.`);
    }
    if (form.intent === "remove-tag") {
      const result = removeResponseTag(me, { responseId, tagId: form.tagId });
      return done(result.removed ? "Tag removed." : "That tag was not on this response.");
    }
    const outcome = await recordPromoterAction(me, { responseId, kind: form.kind });
    return done(outcome.note);
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: me.language });
    return answer(false, result, firstError(result, me.language), status);
  }
}

export default function ResponseDetailPage() {
  const { detail, canWrite, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const { response, history, changes, otherContacts, followUpCase, tags, allTags, promoter, suppression } = detail;
  const changed = response.updatedAt !== response.createdAt;
  const untaggedChoices = allTags.filter((tag) => !tags.some((t) => t.id === tag.id));
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
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/cs/responses">Responses</Link> <span aria-hidden="true">/</span> <span aria-current="page">Response {response.id}</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>
            {response.contactName ?? response.contactEmail} <span className="muted">at</span>{" "}
            <Link to={`/cs/accounts/${response.accountId}`}>{response.accountName}</Link>
          </h1>
          <p>
            {response.contactEmail} · {response.contactLocale === "ja" ? "日本語" : "English"}
            {response.contactTitle ? ` · ${response.contactTitle}` : ""}
          </p>
        </div>
        <div className="response-detail-score">
          <ResponseScore score={response.score} category={response.category} />
          <span className={`badge category-${response.category}`}>{CATEGORY_LABEL[response.category]}</span>
        </div>
      </div>

      <ActionNotice result={result?.ok || !landed ? result : undefined} />

      <div className="response-detail stack">
        <section className="card" aria-labelledby="answer-heading">
          <h2 id="answer-heading">The answer</h2>
          {response.comment ? <blockquote className="response-detail-comment">{response.comment}</blockquote> : <p className="muted">No comment was left.</p>}
          <dl className="facts">
            <dt>Score</dt>
            <dd>
              {response.score} of 10 · {CATEGORY_LABEL[response.category]}
            </dd>
            <dt>Answered</dt>
            <dd>
              <LocalTime value={response.createdAt} /> <span className="muted small">by {response.channel === "portal" ? "the portal" : "email"}</span>
            </dd>
            {changed ? (
              <>
                <dt>Changed</dt>
                <dd>
                  <LocalTime value={response.updatedAt} />
                </dd>
              </>
            ) : null}
            <dt>Survey wave</dt>
            <dd>
              {response.campaignId ? (
                <Link to={`/cs/campaigns/${response.campaignId}`}>{response.campaignName}</Link>
              ) : (
                <span className="muted">None (answered in the portal)</span>
              )}
            </dd>
          </dl>
          {changes.length > 0 ? (
            <>
              <h3>Earlier versions of this answer</h3>
              <ol className="response-changes">
                {changes.map((change, index) => (
                  <li key={index}>
                    <ResponseScore score={change.score} category={categoryFor(change.score)} /> until <LocalTime value={change.changedAt} />
                    {change.comment ? <span className="muted"> — “{change.comment}”</span> : null}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </section>

        <section className="card" aria-labelledby="tags-heading">
          <div className="section-head">
            <h2 id="tags-heading">Tags</h2>
            <Link to="/cs/tags">Tags and rules</Link>
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
            <h2 id="promoter-heading">Promoter actions</h2>
            <p className="muted small">
              On the thank-you page they {consentText(promoter.consents.reference, "be a reference")} and{" "}
              {consentText(promoter.consents.contact, "be contacted")}.
            </p>
            <ul className="promoter-actions">
              {promoter.actions.map((action) => (
                <li key={action.kind}>
                  {action.done ? (
                    <span>
                      <span className="badge good">Done</span> {PROMOTER_ACTION_LABEL[action.kind]}{" "}
                      <span className="muted small">
                        <LocalTime value={action.done.at} dateOnly />
                        {action.done.by ? ` by ${action.done.by}` : ""}
                        {action.done.emailed ? " · emailed" : ""}
                      </span>
                    </span>
                  ) : canWrite ? (
                    <PromoterActionForm kind={action.kind} blocker={action.blocker} lastResult={replyFor("promoter", { kind: action.kind })} busy={busy} />
                  ) : (
                    <span className="muted">{PROMOTER_ACTION_LABEL[action.kind]}: not done</span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <section className="card" aria-labelledby="case-heading">
          <h2 id="case-heading">Follow-up</h2>
          {followUpCase ? (
            <dl className="facts">
              <dt>Case</dt>
              <dd>
                <Link to={`/cs/cases/${followUpCase.id}`}>Case {followUpCase.id}</Link> <CaseStatusBadge status={followUpCase.status} />
              </dd>
              <dt>Owner</dt>
              <dd>{followUpCase.ownerName ?? <span className="muted">Unassigned</span>}</dd>
              <dt>{followUpCase.closedAt ? "Closed" : "Due"}</dt>
              <dd>
                <LocalTime value={followUpCase.closedAt ?? followUpCase.dueAt} />
              </dd>
            </dl>
          ) : (
            <p className="muted">No follow-up case for this response.</p>
          )}
        </section>

        <section className="card" aria-labelledby="history-heading">
          <h2 id="history-heading">{response.contactName ?? response.contactEmail}'s answers over time</h2>
          <div className="table-wrap flat">
            <table>
              <caption className="visually-hidden">Every answer from this contact, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Answered</th>
                  <th scope="col">Wave</th>
                  <th scope="col" className="num">
                    Score
                  </th>
                  <th scope="col">Comment</th>
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
                      {row.id === response.id ? <span className="muted small"> (this one)</span> : null}
                    </td>
                    <td>{row.campaignName ?? <span className="muted">Portal</span>}</td>
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
            <Link to={`/cs/accounts/${response.accountId}`}>Open the account</Link>
          </div>
          <dl className="facts">
            <dt>ACV</dt>
            <dd>{formatMoney({ amount: response.acvAmount, currency: response.acvCurrency })}</dd>
            <dt>Segment</dt>
            <dd>
              <SegmentBadge segment={response.segment} />
            </dd>
            <dt>Renewal</dt>
            <dd>
              <RenewalDate date={response.renewalDate} today={today} />
            </dd>
            <dt>CSM</dt>
            <dd>
              {response.csmName ? (
                <>
                  {response.csmName} <span className="muted small">{response.csmEmail}</span>
                  {response.csmDisabledAt ? <span className="badge bad">Disabled</span> : null}
                </>
              ) : (
                <span className="muted">No CSM assigned</span>
              )}
            </dd>
            <dt>This contact</dt>
            <dd>
              {response.unsubscribedAt ? (
                <span className="badge warn">Unsubscribed</span>
              ) : suppression ? (
                <span className="badge bad">Email {suppression}</span>
              ) : (
                <span className="badge good">Subscribed</span>
              )}
            </dd>
          </dl>
          <h3>Other contacts' latest scores</h3>
          {otherContacts.length === 0 ? (
            <p className="muted">No other contacts at this account.</p>
          ) : (
            <div className="table-wrap flat">
              <table>
                <caption className="visually-hidden">Other contacts at {response.accountName} with their latest score</caption>
                <thead>
                  <tr>
                    <th scope="col">Contact</th>
                    <th scope="col" className="num">
                      Latest score
                    </th>
                    <th scope="col">Answered</th>
                  </tr>
                </thead>
                <tbody>
                  {otherContacts.map((contact) => (
                    <tr key={contact.contactId}>
                      <td>
                        <div>{contact.name ?? <span className="muted">No name</span>}</div>
                        <div className="muted small">{contact.email}</div>
                      </td>
                      <td className="num">
                        {contact.responseId !== null && contact.score !== null && contact.category !== null ? (
                          <Link to={`/cs/responses/${contact.responseId}`}>
                            <ResponseScore score={contact.score} category={contact.category} />
                          </Link>
                        ) : (
                          <span className="muted">Not answered</span>
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
  const [form, fields] = useResponseForm("add-tag", lastResult, { intent: "add-tag", tagId: "" });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="add-tag" />
      <label htmlFor={fields.tagId.id} className="visually-hidden">
        Existing tag
      </label>
      <select {...getSelectProps(fields.tagId)} required>
        <option value="" disabled>
          Choose a tag…
        </option>
        {choices.map((tag) => (
          <option key={tag.id} value={tag.id}>
            {tag.name}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary small" disabled={busy}>
        Add tag
      </button>
      <FieldError errors={fields.tagId.errors} id={fields.tagId.errorId} />
      <FormError errors={form.errors} id={form.errorId} />
    </Form>
  );
}

function NewTagForm({ lastResult, busy }: FormProps) {
  const [form, fields] = useResponseForm("new-tag", lastResult, { intent: "new-tag", name: "" });
  return (
    <Form method="post" className="inline-form" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="new-tag" />
      <label htmlFor={fields.name.id} className="visually-hidden">
        New tag name
      </label>
      <input {...getInputProps(fields.name, { type: "text" })} required maxLength={MAX_TAG_NAME_LENGTH} placeholder="New tag" autoComplete="off" />
      <button type="submit" className="secondary small" disabled={busy}>
        Create and add
      </button>
      <FieldError errors={fields.name.errors} id={fields.name.errorId} />
      <FormError errors={form.errors} id={form.errorId} />
    </Form>
  );
}

function PromoterActionForm({ kind, blocker, lastResult, busy }: FormProps & { kind: keyof typeof PROMOTER_ACTION_LABEL; blocker: string | null }) {
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
        {PROMOTER_ACTION_LABEL[kind]}
      </button>
      {blocker ? (
        <span className="muted small" id={blockerId}>
          {blocker}
        </span>
      ) : (
        <span className="muted small">{PROMOTER_HINT[kind]}</span>
      )}
      <FormError errors={refusal.length ? refusal : undefined} id={form.errorId} />
    </Form>
  );
}

const PROMOTER_HINT = {
  reference: "Records them as a reference candidate and emails the account's CSM to ask.",
  community: "Emails them an invitation to the community portal, in their language.",
  review: "Emails them a request to write a review, in their language.",
} as const;

function consentText(value: boolean | null, what: string): string {
  if (value === true) return `agreed to ${what}`;
  if (value === false) return `declined to ${what}`;
  return `did not say whether they would ${what}`;
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/responses", label: "Back to all responses" }} />;
}
