import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { FieldError, FormError } from "../components/settings-form";
import { useFormat } from "../components/use-format";
import { fieldMessage } from "../domain/field-message";
import { EraseContactForm } from "../domain/personal-data";
import { findContactDetail } from "../models/contact-detail.server";
import { eraseContact } from "../services/erase-contact.server";
import { requireStaff } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply, requireId } from "../utils/refusal.server";

/*
 * A contact's page, for admins: their details and the "Personal data" panel that answers a
 * person's request to see what Kizuna holds about them (the export) or to be forgotten (the
 * erasure, a POST with the address typed as a confirmation). Decision 043.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

function loadContact(params: LoaderFunctionArgs["params"]) {
  const contact = findContactDetail(requireId(params));
  if (!contact) throw new Response(fieldMessage("contactMissing"), { status: 404 });
  return contact;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "manage:contact:any");
  const contact = loadContact(params);
  const t = await fixedT(me.language, "privacy");
  const erasedNow = new URL(request.url).searchParams.get("done") === "erased" && contact.erasedAt !== null;
  return { contact, erasedNow, title: t("contact.title", { name: contact.erasedAt ? t("contact.erasedName") : (contact.name ?? contact.email) }) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const me = await requireStaff(request, "manage:contact:any");
  const contact = loadContact(params);
  const submission = parseWithZod(await request.formData(), { schema: EraseContactForm });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    eraseContact({ user: me, ip: clientIp(request) }, { contactId: contact.id, confirmEmail: submission.value.confirmEmail, posts: submission.value.posts });
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { language: me.language });
    return data({ result }, { status });
  }
  return redirect(`/cs/contacts/${contact.id}?done=erased`);
}

export default function ContactPage() {
  const { contact, erasedNow } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation(["privacy", "console"]);
  const format = useFormat();
  const [form, fields] = useForm({
    id: "erase-contact",
    lastResult: actionData?.result as SubmissionResult<string[]> | undefined,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EraseContactForm }),
  });
  const erased = contact.erasedAt !== null;
  const none = <span className="muted">{t("contact.none")}</span>;

  return (
    <>
      <p className="muted">
        <Link to="/cs/contacts">{t("contact.back")}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{erased ? t("contact.erasedName") : (contact.name ?? contact.email)}</h1>
          {erased ? null : <p>{contact.email}</p>}
        </div>
      </div>

      {erasedNow ? (
        <div className="notice success" role="status">
          {t("panel.erasedNow")}
        </div>
      ) : null}

      <div className="two-col">
        <div className="stack">
          <section className="card" aria-labelledby="contact-details">
            <h2 id="contact-details">{t("contact.details")}</h2>
            <dl className="facts">
              {erased ? null : (
                <>
                  <dt>{t("contact.email")}</dt>
                  <dd>{contact.email}</dd>
                  <dt>{t("contact.name")}</dt>
                  <dd>{contact.name ?? none}</dd>
                  <dt>{t("contact.jobTitle")}</dt>
                  <dd>{contact.title ?? none}</dd>
                </>
              )}
              <dt>{t("contact.account")}</dt>
              <dd>
                <Link to={`/cs/accounts/${contact.accountId}`}>{contact.accountName}</Link>
              </dd>
              <dt>{t("contact.language")}</dt>
              <dd>{t(`console:terms.language.${contact.locale}`)}</dd>
              <dt>{t("contact.surveys")}</dt>
              <dd>
                {contact.unsubscribedAt ? (
                  <span className="badge warn">{t("contact.unsubscribed")}</span>
                ) : (
                  <span className="badge good">{t("contact.subscribed")}</span>
                )}
              </dd>
              <dt>{t("contact.added")}</dt>
              <dd>
                <LocalTime value={contact.createdAt} dateOnly />
              </dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="contact-held">
            <h2 id="contact-held">{t("contact.held")}</h2>
            <ul>
              <li>{t("contact.responses", { count: contact.responses, n: format.number(contact.responses) })}</li>
              <li>{t("contact.invitations", { count: contact.invitations, n: format.number(contact.invitations) })}</li>
              <li>{contact.posts === null ? t("contact.noCommunity") : t("contact.posts", { count: contact.posts, n: format.number(contact.posts) })}</li>
            </ul>
          </section>
        </div>

        <div className="stack">
          <section className="card" aria-labelledby="personal-data">
            <h2 id="personal-data">{t("panel.heading")}</h2>
            {erased ? (
              <p>
                <Trans t={t} i18nKey="panel.erased" components={{ time: <LocalTime value={contact.erasedAt!} /> }} />
              </p>
            ) : (
              <>
                <p className="muted">{t("panel.intro")}</p>
                <h3>{t("panel.exportHeading")}</h3>
                <p>{t("panel.exportHelp")}</p>
                <p>
                  <a className="button secondary" href={`/cs/contacts/${contact.id}/export.json`} download>
                    {t("panel.exportButton")}
                  </a>
                </p>
                <h3>{t("panel.eraseHeading")}</h3>
                <p>{t("panel.eraseHelp")}</p>
                <Form method="post" {...getFormProps(form)}>
                  <FormError errors={form.errors} id={form.errorId} />
                  <input type="hidden" name="intent" value="erase" />
                  <fieldset className="field">
                    <legend>{t("panel.postsLegend")}</legend>
                    <label>
                      <input type="radio" name={fields.posts.name} value="keep" defaultChecked={fields.posts.initialValue === "keep"} /> {t("panel.postsKeep")}
                    </label>
                    <label>
                      <input type="radio" name={fields.posts.name} value="delete" defaultChecked={fields.posts.initialValue === "delete"} />{" "}
                      {t("panel.postsDelete")}
                    </label>
                    <FieldError errors={fields.posts.errors} id={fields.posts.errorId} />
                  </fieldset>
                  <div className="field">
                    <label htmlFor={fields.confirmEmail.id}>{t("panel.confirmLabel", { email: contact.email })}</label>
                    <input {...getInputProps(fields.confirmEmail, { type: "text" })} autoComplete="off" spellCheck={false} />
                    <FieldError errors={fields.confirmEmail.errors} id={fields.confirmEmail.errorId} />
                  </div>
                  <button type="submit" className="danger" disabled={busy}>
                    {t("panel.eraseButton")}
                  </button>
                </Form>
              </>
            )}
          </section>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("privacy");
  return <ConsoleError back={{ to: "/cs/contacts", label: t("contact.back") }} />;
}
