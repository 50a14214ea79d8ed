import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LocalTime } from "../components/local-time";
import { FieldError, FormError } from "../components/settings-form";
import { RecoveryCodesForm, TwoFactorConfirmForm, TwoFactorStartForm } from "../domain/two-factor-forms";
import { confirmTotpEnrolment, pendingEnrolment, replaceOwnRecoveryCodes, startTotpEnrolment, twoFactorStatus } from "../services/staff-two-factor.server";
import { requireSessionForTwoFactorSetup, safeRedirectPath } from "../utils/auth.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

/*
 * Setting up the TOTP second factor: one's own, from the profile, or an admin's required one
 * right after password sign-in (the session reaches nothing else until it is done). Outside the
 * console's shell, so a held session sees no navigation it could not use.
 */

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, pending } = await requireSessionForTwoFactorSetup(request);
  const t = await fixedT(user.language, "staffAuth");
  const status = twoFactorStatus(user.id);
  return {
    title: t("setup.title"),
    required: pending === "enrol",
    next: safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), pending === "enrol" ? "/cs" : "/cs/profile"),
    status,
    email: user.email,
    enrolment: status.enabled ? null : await pendingEnrolment(user),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireSessionForTwoFactorSetup(request);
  const formData = await request.formData();
  const here = new URL(request.url);
  if (formData.get("intent") === "start") {
    const submission = parseWithZod(formData, { schema: TwoFactorStartForm });
    try {
      startTotpEnrolment(session.user);
    } catch (error) {
      return data({ recoveryCodes: null, result: refusalReply(submission, error, { language: session.user.language }).result }, { status: 409 });
    }
    return redirect(here.pathname + here.search);
  }
  const recovery = formData.get("intent") === "recovery";
  const submission = parseWithZod(formData, { schema: recovery ? RecoveryCodesForm : TwoFactorConfirmForm });
  if (submission.status !== "success") return data({ recoveryCodes: null, result: submission.reply({ hideFields: ["code"] }) }, { status: 400 });
  try {
    const ip = clientIp(request);
    const recoveryCodes = recovery
      ? replaceOwnRecoveryCodes(session.user, submission.value.code, { ip })
      : confirmTotpEnrolment(session.user, submission.value.code, { ip, keepSessionId: session.sessionId });
    // The codes exist in clear only in this answer: shown once, never stored.
    return data({ recoveryCodes, replaced: recovery, result: submission.reply({ resetForm: true }) }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    const { result, status } = refusalReply(submission, error, { hideFields: ["code"], language: session.user.language });
    return data({ recoveryCodes: null, result }, { status });
  }
}

export default function TwoFactorSetup() {
  const { required, next, status, email, enrolment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("staffAuth");
  const [form, fields] = useForm({
    id: "two-factor-confirm",
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TwoFactorConfirmForm }),
  });
  const [recoveryForm, recoveryFields] = useForm({
    id: "two-factor-recovery",
    lastResult: actionData?.recoveryCodes ? undefined : actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RecoveryCodesForm }),
  });
  const [startForm] = useForm({ id: "two-factor-start", lastResult: actionData?.recoveryCodes ? undefined : actionData?.result });

  return (
    <main className="centered-page" id="main">
      <div className="card narrow two-factor">
        <p className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} /> Kizuna
        </p>
        <h1>{t("setup.heading")}</h1>
        {actionData?.recoveryCodes ? (
          <section aria-labelledby="recovery-heading">
            <div className="notice success" role="status">
              {"replaced" in actionData && actionData.replaced ? t("setup.codesReplaced") : t("setup.enabledNow")}
            </div>
            <h2 id="recovery-heading">{t("setup.recoveryHeading")}</h2>
            <p>{t("setup.recoveryIntro")}</p>
            <ul className="recovery-codes mono" aria-label={t("setup.recoveryHeading")}>
              {actionData.recoveryCodes.map((code) => (
                <li key={code}>{code}</li>
              ))}
            </ul>
            <a className="button wide" href={next}>
              {t("setup.recoverySaved")}
            </a>
          </section>
        ) : status.enabled ? (
          <>
            <p>
              {t("setup.onSince")} <LocalTime value={status.enabledAt!} />
            </p>
            <p className="muted">{t("setup.codesLeft", { count: status.recoveryCodesLeft })}</p>
            <p className="muted">{t("setup.lostPhone")}</p>
            <Form method="post" {...getFormProps(recoveryForm)}>
              <h2>{t("setup.newCodesHeading")}</h2>
              <p className="muted">{t("setup.newCodesIntro")}</p>
              <FormError errors={recoveryForm.errors} id={recoveryForm.errorId} />
              <input type="hidden" name="intent" value="recovery" />
              <div className="field">
                <label htmlFor={recoveryFields.code.id}>{t("setup.codeLabel")}</label>
                <input {...getInputProps(recoveryFields.code, { type: "text" })} inputMode="numeric" autoComplete="one-time-code" maxLength={7} size={8} />
                <FieldError errors={recoveryFields.code.errors} id={recoveryFields.code.errorId} />
              </div>
              <button type="submit" className="secondary">
                {t("setup.newCodes")}
              </button>
            </Form>
            <p>
              <a href={next}>{t("setup.back")}</a>
            </p>
          </>
        ) : enrolment ? (
          <>
            {required ? <p className="notice warn">{t("setup.required")}</p> : null}
            <ol className="two-factor-steps">
              <li>
                <p>{t("setup.scan")}</p>
                {/* The QR code is an SVG drawn on the server from the otpauth:// URI (no script, no image request). */}
                <div className="two-factor-qr" role="img" aria-label={t("setup.qrLabel")} dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
                <details>
                  <summary>{t("setup.cannotScan")}</summary>
                  <p>{t("setup.manualKey", { email })}</p>
                  <p className="mono two-factor-secret" data-testid="totp-secret">
                    {enrolment.secret.replace(/(.{4})/g, "$1 ").trim()}
                  </p>
                  <p className="hint">{t("setup.uriLabel")}</p>
                  <p className="mono two-factor-uri">{enrolment.uri}</p>
                </details>
              </li>
              <li>
                <Form method="post" {...getFormProps(form)}>
                  <FormError errors={form.errors} id={form.errorId} />
                  <input type="hidden" name="intent" value="confirm" />
                  <div className="field">
                    <label htmlFor={fields.code.id}>{t("setup.codeLabel")}</label>
                    <input
                      {...getInputProps(fields.code, { type: "text" })}
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      pattern="[0-9 ]*"
                      maxLength={7}
                      size={8}
                    />
                    <FieldError errors={fields.code.errors} id={fields.code.errorId} />
                  </div>
                  <button type="submit">{t("setup.confirm")}</button>
                </Form>
              </li>
            </ol>
          </>
        ) : (
          <>
            {required ? <p className="notice warn">{t("setup.required")}</p> : null}
            <p>{t("setup.intro")}</p>
            <Form method="post" {...getFormProps(startForm)}>
              <FormError errors={startForm.errors} id={startForm.errorId} />
              <input type="hidden" name="intent" value="start" />
              <button type="submit">{t("setup.start")}</button>
            </Form>
          </>
        )}
        {required && !actionData?.recoveryCodes ? (
          <form method="post" action="/cs/logout" className="sign-in-cancel">
            <button type="submit" className="link-button">
              {t("setup.signOut")}
            </button>
          </form>
        ) : null}
      </div>
    </main>
  );
}
