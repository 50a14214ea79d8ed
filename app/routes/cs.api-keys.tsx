import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { ConsoleError } from "../components/console-error";
import { useHydrated } from "../components/use-hydrated";
import { API_SCOPES, CreateKeyForm, RevokeKeyForm, type ApiScope } from "../domain/api-scopes";
import { firstError } from "../domain/form-input";
import { FormError } from "../components/settings-form";
import { listApiKeys } from "../models/api-key.server";
import { createApiKey } from "../services/create-api-key.server";
import { revokeApiKey } from "../services/revoke-api-key.server";
import { requireStaff } from "../utils/auth.server";
import { env } from "../utils/env.server";
import { clientIp } from "../utils/rate-limit.server";
import { refusalReply } from "../utils/refusal.server";

export const meta: MetaFunction = () => [{ title: "API keys · Kizuna console" }];

const SCOPE_HELP: Record<ApiScope, string> = {
  "accounts:write": "Create and update accounts — PUT /api/v1/accounts",
  "contacts:read": "Look up contacts by email — GET /api/v1/contacts",
  "contacts:write": "Create and update contacts — PUT /api/v1/contacts",
  "campaigns:write": "Launch and change NPS campaigns",
  "campaigns:read": "Read NPS campaigns and their progress",
  "responses:read": "Read NPS responses",
};

// The page that shows a new key must never be stored by a browser or proxy cache.
const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manage:api-key:any");
  return { keys: listApiKeys(), appUrl: env().APP_URL };
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

function formatWhen(value: Date | string | null) {
  if (!value) return null;
  return new Date(value).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export default function ApiKeys() {
  const { keys, appUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
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
          <h1>API keys</h1>
          <p>
            Keys let your CRM or data warehouse call the Kizuna API. {active} active key{active === 1 ? "" : "s"}.
          </p>
        </div>
      </div>

      {created ? <NewKey created={created} appUrl={appUrl} /> : null}
      {actionData?.kind === "revoke" && actionData.revoked ? (
        <div className="notice success" role="status">
          Revoked {actionData.revoked.name} ({actionData.revoked.prefix}). Requests with it now get 401.
        </div>
      ) : null}
      {actionData?.kind === "revoke" && actionData.error && !keys.some((key) => key.id === actionData.id && !key.revokedAt) ? (
        <div className="notice error" role="alert">
          {actionData.error}
        </div>
      ) : null}

      <div className="stack">
        <section className="card" aria-labelledby="create-heading">
          <h2 id="create-heading">Create a key</h2>
          {form.errors?.length ? (
            <div className="notice error" role="alert" id={form.errorId}>
              {form.errors.join(" ")}
            </div>
          ) : null}
          <Form method="post" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="create" />
            <div className="field">
              <label htmlFor={fields.name.id}>Name</label>
              <p className="hint" id={`${fields.name.id}-hint`}>
                What uses the key, e.g. “Salesforce sync”.
              </p>
              <input
                {...getInputProps(fields.name, { type: "text" })}
                aria-describedby={[`${fields.name.id}-hint`, fields.name.errors ? fields.name.errorId : ""].join(" ").trim()}
                autoComplete="off"
              />
              {fields.name.errors ? (
                <p className="field-error" id={fields.name.errorId}>
                  {fields.name.errors[0]}
                </p>
              ) : null}
            </div>
            <fieldset aria-describedby={scopeOptions.errors ? scopeOptions.errorId : undefined} aria-invalid={scopeOptions.errors ? true : undefined}>
              <legend>Scopes: what the key may do</legend>
              {API_SCOPES.map((scope) => (
                <label key={scope} className="choice">
                  <input type="checkbox" name={scopeOptions.name} value={scope} defaultChecked={scopeOptions.initialValue?.includes(scope)} />
                  <span className="choice-text">
                    <span className="mono">{scope}</span>
                    <span className="hint">{SCOPE_HELP[scope]}</span>
                  </span>
                </label>
              ))}
              {scopeOptions.errors ? (
                <p className="field-error" id={scopeOptions.errorId}>
                  {scopeOptions.errors[0]}
                </p>
              ) : null}
            </fieldset>
            <button type="submit" disabled={navigation.state === "submitting"}>
              Create key
            </button>
          </Form>
        </section>

        <section aria-labelledby="keys-heading">
          <h2 id="keys-heading">Keys</h2>
          {keys.length === 0 ? (
            <div className="card empty-state">
              <p className="muted">No keys yet.</p>
            </div>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">API keys</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Key</th>
                    <th scope="col">Scopes</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Status</th>
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
                        <div className="muted small">{key.createdByName ?? "command line"}</div>
                      </td>
                      <td>{formatWhen(key.lastUsedAt) ?? <span className="muted">never</span>}</td>
                      <td>
                        {key.revokedAt ? (
                          <span className="badge bad" title={`Revoked ${formatWhen(key.revokedAt)}`}>
                            Revoked
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
  return (
    <section className="card new-key stack" aria-labelledby="new-key-heading" role="status">
      <div>
        <h2 id="new-key-heading">Copy the key for {created.name} now</h2>
        <p>
          This is the only time Kizuna shows it: only a hash is stored, so it cannot be shown again. Put it in your integration’s secret store. If it is lost,
          revoke it and create another.
        </p>
      </div>
      <input className="secret-once" id="new-api-key" readOnly value={created.key} aria-label="New API key" />
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
          {copied ? "Copied" : "Copy key"}
        </button>
      ) : (
        <p className="muted small">Select the key above and copy it (Ctrl+C or ⌘C).</p>
      )}
      <div>
        <p className="muted small">Send it as a Bearer token. Scopes: {created.scopes.join(", ")}.</p>
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
  const [form, fields] = useForm({ id: `revoke-${apiKey.id}`, lastResult });
  const refusal = [...(form.errors ?? []), ...(fields.id.errors ?? [])];
  return (
    <Form
      method="post"
      className="inline-form"
      {...getFormProps(form)}
      onSubmit={(event) => {
        if (!window.confirm(`Revoke ${apiKey.name}? Anything using it stops working at once.`)) event.preventDefault();
        else form.onSubmit(event);
      }}
    >
      <input type="hidden" name="intent" value="revoke" />
      <input type="hidden" name="id" value={apiKey.id} />
      <span className="badge good">Active</span>{" "}
      <button
        type="submit"
        className="danger small"
        aria-label={`Revoke ${apiKey.name} (${apiKey.prefix})`}
        aria-describedby={refusal.length ? form.errorId : undefined}
      >
        Revoke
      </button>
      <FormError errors={refusal.length ? refusal : undefined} id={form.errorId} />
    </Form>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/api-keys", label: "Back to API keys" }} />;
}
