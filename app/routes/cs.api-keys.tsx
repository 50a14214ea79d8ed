import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConsoleError } from "../components/console-error";
import { FieldError, FormError } from "../components/settings-form";
import { useFormat } from "../components/use-format";
import { useHydrated } from "../components/use-hydrated";
import { API_SCOPES, CreateKeyForm, RevokeKeyForm } from "../domain/api-scopes";
import { firstError } from "../domain/form-input";
import { listApiKeys } from "../models/api-key.server";
import { createApiKey } from "../services/create-api-key.server";
import { revokeApiKey } from "../services/revoke-api-key.server";
import { requireStaff } from "../utils/auth.server";
import { env } from "../utils/env.server";
import { fixedT } from "../utils/i18n.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

// The page that shows a new key must never be stored by a browser or proxy cache.
const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manage:api-key:any");
  const t = await fixedT(user.language, "admin");
  return { title: t("apiKeys.title"), keys: listApiKeys(), appUrl: env().APP_URL };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manage:api-key:any");
  const formData = await request.formData();
  if (formData.get("intent") === "revoke") {
    // Each key's button is its own form: a refusal comes back naming the key (`id`) it was for.
    const submission = parseWithZod(formData, { schema: RevokeKeyForm });
    const id = Number(submission.payload.id) || null;
    if (submission.status !== "success") {
      const result = submission.reply();
      return data({ kind: "revoke" as const, id, error: firstError(result, user.language), result, revoked: null }, { status: 400 });
    }
    try {
      const revoked = revokeApiKey(user, submission.value.id, clientIp(request));
      return { kind: "revoke" as const, id, error: null, result: submission.reply(), revoked };
    } catch (error) {
      const { result, status } = refusalReply(submission, error, { language: user.language });
      return data({ kind: "revoke" as const, id, error: firstError(result, user.language), result, revoked: null }, { status });
    }
  }
  const submission = parseWithZod(formData, { schema: CreateKeyForm });
  if (submission.status !== "success") return data({ kind: "create" as const, result: submission.reply(), created: null }, { status: 400, headers: NO_STORE });
  const created = createApiKey({ name: submission.value.name, scopes: submission.value.scopes }, { user, ip: clientIp(request) });
  return data(
    {
      kind: "create" as const,
      result: submission.reply({ resetForm: true }),
      created: { ...created, name: submission.value.name, scopes: submission.value.scopes },
    },
    { headers: NO_STORE },
  );
}

export default function ApiKeys() {
  const { keys, appUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation("admin");
  const format = useFormat();
  const formatWhen = (value: Date | string | null) => (value ? format.dateTime(value) : null);
  const created = actionData?.kind === "create" ? actionData.created : null;
  const [form, fields] = useForm({
    lastResult: actionData?.kind === "create" ? actionData.result : undefined,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateKeyForm }),
  });
  const scopeOptions = fields.scopes;
  const active = keys.filter((key) => !key.revokedAt).length;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("apiKeys.heading")}</h1>
          <p>{t("apiKeys.intro", { count: active })}</p>
        </div>
      </div>

      {created ? <NewKey created={created} appUrl={appUrl} /> : null}
      {actionData?.kind === "revoke" && actionData.revoked ? (
        <div className="notice success" role="status">
          {t("apiKeys.revoked", { name: actionData.revoked.name, prefix: actionData.revoked.prefix })}
        </div>
      ) : null}
      {actionData?.kind === "revoke" && actionData.error && !keys.some((key) => key.id === actionData.id && !key.revokedAt) ? (
        <div className="notice error" role="alert">
          {actionData.error}
        </div>
      ) : null}

      <div className="stack">
        <section className="card" aria-labelledby="create-heading">
          <h2 id="create-heading">{t("apiKeys.createHeading")}</h2>
          <FormError errors={form.errors} id={form.errorId} />
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="create" />
            <div className="field">
              <label htmlFor={fields.name.id}>{t("apiKeys.name")}</label>
              <p className="hint" id={`${fields.name.id}-hint`}>
                {t("apiKeys.nameHint")}
              </p>
              <input
                {...getInputProps(fields.name, { type: "text" })}
                aria-describedby={[`${fields.name.id}-hint`, fields.name.errors ? fields.name.errorId : ""].join(" ").trim()}
                autoComplete="off"
              />
              <FieldError errors={fields.name.errors} id={fields.name.errorId} />
            </div>
            <fieldset aria-describedby={scopeOptions.errors ? scopeOptions.errorId : undefined} aria-invalid={scopeOptions.errors ? true : undefined}>
              <legend>{t("apiKeys.scopes")}</legend>
              {API_SCOPES.map((scope) => (
                <label key={scope} className="choice">
                  <input type="checkbox" name={scopeOptions.name} value={scope} defaultChecked={scopeOptions.initialValue?.includes(scope)} />
                  <span className="choice-text">
                    <span className="mono">{scope}</span>
                    {/* "accounts:write" is the key "scopeHelp.accounts.write" (a colon would be read as a namespace). */}
                    <span className="hint">{t(`apiKeys.scopeHelp.${scope.replace(":", ".")}`)}</span>
                  </span>
                </label>
              ))}
              <FieldError errors={scopeOptions.errors} id={scopeOptions.errorId} />
            </fieldset>
            <button type="submit" disabled={navigation.state === "submitting"}>
              {t("apiKeys.create")}
            </button>
          </Form>
        </section>

        <section aria-labelledby="keys-heading">
          <h2 id="keys-heading">{t("apiKeys.keysHeading")}</h2>
          {keys.length === 0 ? (
            <div className="card empty-state">
              <p className="muted">{t("apiKeys.none")}</p>
            </div>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t("apiKeys.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("apiKeys.name")}</th>
                    <th scope="col">{t("apiKeys.key")}</th>
                    <th scope="col">{t("apiKeys.scopesColumn")}</th>
                    <th scope="col">{t("apiKeys.createdAt")}</th>
                    <th scope="col">{t("apiKeys.lastUsed")}</th>
                    <th scope="col">{t("apiKeys.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {keys.map((key) => (
                    <tr key={key.id}>
                      <td>{key.name}</td>
                      <td className="mono">{key.prefix}_…</td>
                      <td>
                        {key.scopes.map((scope) => (
                          <span key={scope} className="badge mono scope">
                            {scope}
                          </span>
                        ))}
                      </td>
                      <td>
                        {formatWhen(key.createdAt)}
                        <div className="muted small">{key.createdByName ?? t("apiKeys.commandLine")}</div>
                      </td>
                      <td>{formatWhen(key.lastUsedAt) ?? <span className="muted">{t("apiKeys.never")}</span>}</td>
                      <td>
                        {key.revokedAt ? (
                          <span className="badge bad" title={t("apiKeys.revokedOn", { when: formatWhen(key.revokedAt) })}>
                            {t("apiKeys.revokedBadge")}
                          </span>
                        ) : (
                          <RevokeButton
                            apiKey={key}
                            lastResult={actionData?.kind === "revoke" && actionData.id === key.id && actionData.error ? actionData.result : undefined}
                          />
                        )}
                      </td>
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

function NewKey({ created, appUrl }: { created: { key: string; prefix: string; name: string; scopes: string[] }; appUrl: string }) {
  const hydrated = useHydrated();
  const [copied, setCopied] = useState(false);
  const { t } = useTranslation("admin");
  return (
    <section className="card new-key stack" aria-labelledby="new-key-heading" role="status">
      <div>
        <h2 id="new-key-heading">{t("apiKeys.newKeyHeading", { name: created.name })}</h2>
        <p>{t("apiKeys.newKeyIntro")}</p>
      </div>
      <input className="secret-once" id="new-api-key" readOnly value={created.key} aria-label={t("apiKeys.newKeyLabel")} />
      {hydrated ? (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            navigator.clipboard.writeText(created.key).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? t("apiKeys.copied") : t("apiKeys.copy")}
        </button>
      ) : (
        <p className="muted small">{t("apiKeys.copyByHand")}</p>
      )}
      <div>
        <p className="muted small">{t("apiKeys.bearer", { scopes: created.scopes.join(", ") })}</p>
        <pre className="preview">{`curl -X PUT ${appUrl}/api/v1/accounts \\
  -H "Authorization: Bearer ${created.prefix}_…" \\
  -H "Content-Type: application/json" \\
  -d '{"accounts":[{"externalId":"0015g00000XyZ12","name":"Sample KK","acv":{"amount":3600000,"currency":"JPY"}}]}'`}</pre>
      </div>
    </section>
  );
}

/** One key's revoke button (its own form); a refusal is said beside it. */
function RevokeButton({ apiKey, lastResult }: { apiKey: { id: number; name: string; prefix: string }; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation("admin");
  const [form, fields] = useForm({ id: `revoke-${apiKey.id}`, lastResult });
  const refusal = [...(form.errors ?? []), ...(fields.id.errors ?? [])];
  return (
    <Form
      method="post"
      className="inline-form"
      {...getFormProps(form)}
      onSubmit={(event) => {
        if (!window.confirm(t("apiKeys.confirmRevoke", { name: apiKey.name }))) event.preventDefault();
        else form.onSubmit(event);
      }}
    >
      <input type="hidden" name="intent" value="revoke" />
      <input type="hidden" name="id" value={apiKey.id} />
      <span className="badge good">{t("apiKeys.active")}</span>{" "}
      <button
        type="submit"
        className="danger small"
        aria-label={t("apiKeys.revokeLabel", { name: apiKey.name, prefix: apiKey.prefix })}
        aria-describedby={refusal.length ? form.errorId : undefined}
      >
        {t("apiKeys.revoke")}
      </button>
      <FormError errors={refusal.length ? refusal : undefined} id={form.errorId} />
    </Form>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("admin");
  return <ConsoleError back={{ to: "/cs/api-keys", label: t("apiKeys.back") }} />;
}
