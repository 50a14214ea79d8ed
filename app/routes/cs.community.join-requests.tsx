import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActionNotice } from "../components/action-notice";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { useWordMessage } from "../components/settings-form";
import { JoinRequestDecisionForm, JOIN_DECLINE_REASON_MAX } from "../domain/community-join";
import { fieldMessage } from "../domain/field-message";
import { listAccountChoices, listDecidedJoinRequests, listPendingJoinRequests, suggestAccounts } from "../models/community-join-request.server";
import { approveJoinRequest, declineJoinRequest } from "../services/community-join-requests.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/** `/cs/community/join-requests`: "ask to join" requests for CSMs and admins to approve into an account or decline. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const t = await fixedT(user.language, "communityAdmin");
  const pending = listPendingJoinRequests().map((r) => ({ ...r, suggestions: suggestAccounts(r) }));
  return { title: t("joinRequests.title"), pending, decided: listDecidedJoinRequests(), accounts: listAccountChoices() };
}

type ActionResult = { ok: boolean; message: string; id?: number; field?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "moderate:community:any");
  const submission = parseWithZod(await request.formData(), { schema: JoinRequestDecisionForm });
  if (submission.status !== "success") {
    const [field, messages] = Object.entries(submission.reply().error ?? {}).find(([, m]) => m?.length) ?? ["", [fieldMessage("joinRequestMissing")]];
    return data<ActionResult>({ ok: false, message: messages![0], id: Number(submission.payload.id) || undefined, field }, { status: 400 });
  }
  const t = await fixedT(user.language, "communityAdmin");
  const form = submission.value;
  const actor = { user, ip: clientIp(request) };
  try {
    if (form.intent === "approve") {
      const approved = await approveJoinRequest(actor, form);
      return data<ActionResult>({ ok: true, id: form.id, message: t("joinRequests.approved", { email: approved.email, account: approved.accountName }) });
    }
    const declined = declineJoinRequest(actor, form);
    return data<ActionResult>({ ok: true, id: form.id, message: t("joinRequests.declined", { email: declined.email }) });
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: user.language });
    const [field, messages] = Object.entries(result.error ?? {}).find(([, m]) => m?.length) ?? ["", []];
    return data<ActionResult>({ ok: false, id: form.id, field, message: messages?.[0] ?? "" }, { status });
  }
}

export default function JoinRequests() {
  const { pending, decided, accounts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation("communityAdmin");
  const word = useWordMessage();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("joinRequests.heading")}</h1>
          <p>{t("joinRequests.intro")}</p>
        </div>
      </div>
      <ActionNotice result={actionData} />
      <div className="stack">
        <section className="card" aria-labelledby="pending-heading">
          <h2 id="pending-heading">{t("joinRequests.pendingHeading")}</h2>
          {pending.length === 0 ? (
            <p className="muted">{t("joinRequests.none")}</p>
          ) : (
            <div className="table-wrap flat">
              <table className="community-admin-table">
                <caption className="visually-hidden">{t("joinRequests.captionPending")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("joinRequests.person")}</th>
                    <th scope="col">{t("joinRequests.company")}</th>
                    <th scope="col">{t("joinRequests.message")}</th>
                    <th scope="col">{t("joinRequests.received")}</th>
                    <th scope="col">{t("joinRequests.decision")}</th>
                  </tr>
                </thead>
                <tbody>
                  {pending.map((r) => {
                    const error = actionData && !actionData.ok && actionData.id === r.id ? word(actionData.message) : null;
                    const errorId = `join-request-${r.id}-error`;
                    return (
                      <tr key={r.id}>
                        <td>
                          <strong>{r.name}</strong>
                          <div className="small">{r.email}</div>
                          <div className="muted small">{t(`joinRequests.languages.${r.locale}`)}</div>
                        </td>
                        <td>{r.company}</td>
                        <td className="small">{r.message}</td>
                        <td className="nowrap small">
                          <LocalTime value={r.createdAt} />
                        </td>
                        <td>
                          <div className="join-request-decide">
                            <Form method="post">
                              <input type="hidden" name="intent" value="approve" />
                              <input type="hidden" name="id" value={r.id} />
                              <label className="visually-hidden" htmlFor={`account-${r.id}`}>
                                {t("joinRequests.account")}
                              </label>
                              <select
                                id={`account-${r.id}`}
                                name="accountId"
                                defaultValue={r.suggestions.length === 1 ? String(r.suggestions[0].id) : ""}
                                aria-invalid={error && actionData?.field === "accountId" ? true : undefined}
                                aria-describedby={error ? errorId : undefined}
                              >
                                <option value="">{t("joinRequests.chooseAccount")}</option>
                                {r.suggestions.length ? (
                                  <optgroup label={t("joinRequests.suggested")}>
                                    {r.suggestions.map((a) => (
                                      <option key={a.id} value={a.id}>
                                        {a.name}
                                      </option>
                                    ))}
                                  </optgroup>
                                ) : null}
                                <optgroup label={t("joinRequests.allAccounts")}>
                                  {accounts.map((a) => (
                                    <option key={a.id} value={a.id}>
                                      {a.name}
                                    </option>
                                  ))}
                                </optgroup>
                              </select>
                              <button type="submit" disabled={busy}>
                                {t("joinRequests.approve")}
                              </button>
                            </Form>
                            <Form method="post">
                              <input type="hidden" name="intent" value="decline" />
                              <input type="hidden" name="id" value={r.id} />
                              <label className="visually-hidden" htmlFor={`reason-${r.id}`}>
                                {t("joinRequests.declineReason")}
                              </label>
                              <input
                                id={`reason-${r.id}`}
                                name="reason"
                                type="text"
                                maxLength={JOIN_DECLINE_REASON_MAX}
                                placeholder={t("joinRequests.declineReason")}
                                aria-invalid={error && actionData?.field === "reason" ? true : undefined}
                                aria-describedby={error ? errorId : undefined}
                              />
                              <button type="submit" className="secondary" disabled={busy}>
                                {t("joinRequests.decline")}
                              </button>
                            </Form>
                            {error ? (
                              <p className="field-error" id={errorId}>
                                {error}
                              </p>
                            ) : null}
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="card" aria-labelledby="decided-heading">
          <h2 id="decided-heading">{t("joinRequests.decidedHeading")}</h2>
          {decided.length === 0 ? (
            <p className="muted">{t("joinRequests.noneDecided")}</p>
          ) : (
            <div className="table-wrap flat">
              <table className="community-admin-table">
                <caption className="visually-hidden">{t("joinRequests.captionDecided")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("joinRequests.person")}</th>
                    <th scope="col">{t("joinRequests.company")}</th>
                    <th scope="col">{t("joinRequests.decision")}</th>
                    <th scope="col">{t("joinRequests.account")}</th>
                  </tr>
                </thead>
                <tbody>
                  {decided.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <strong>{r.name}</strong>
                        <div className="small">{r.email}</div>
                      </td>
                      <td>{r.company}</td>
                      <td>
                        {t("joinRequests.decidedBy", { status: t(`joinRequests.status.${r.status}`), who: r.decidedBy ?? "—" })}
                        {r.decidedAt ? (
                          <div className="muted small">
                            <LocalTime value={r.decidedAt} />
                          </div>
                        ) : null}
                        {r.declineReason ? <div className="muted small">{r.declineReason}</div> : null}
                      </td>
                      <td>{r.accountName ?? "—"}</td>
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

export function ErrorBoundary() {
  return <ConsoleError />;
}
