import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CustomerShell } from "./customer-shell";

/**
 * A one-time link that no longer works (expired, used, replaced by a newer one, or unknown), for
 * sign-in and join links alike: why, and a form to have a new one sent (the sign-in page answers
 * every address the same way, so this form never tells whether the address is known).
 */
export function DeadLinkPage({
  title,
  body,
  email,
  redirectTo,
  button,
  busy,
}: {
  title: string;
  body: string;
  email: string;
  redirectTo: string;
  button: string;
  busy: boolean;
}) {
  const { t } = useTranslation("auth");
  return (
    <CustomerShell>
      <div className="auth-page">
        <div className="card narrow">
          <p className="eyebrow">{t("login.eyebrow")}</p>
          <h1>{title}</h1>
          <p>{body}</p>
          <Form method="post" action="/login">
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <div className="field">
              <label htmlFor="new-link-email">{t("login.emailLabel")}</label>
              <input id="new-link-email" name="email" type="email" required autoComplete="email" defaultValue={email} />
            </div>
            <button type="submit" className="wide" disabled={busy}>
              {button}
            </button>
          </Form>
        </div>
      </div>
    </CustomerShell>
  );
}
