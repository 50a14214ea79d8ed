import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ConsoleError } from "../components/console-error";
import { SegmentBadge } from "../components/segment-badge";
import { ACCOUNT_CSV_COLUMNS } from "../domain/account-rows";
import { CONTACT_CSV_COLUMNS } from "../domain/contact-rows";
import { IMPORT_KINDS, IMPORT_LIMITS, type CsvColumn, type ImportKind } from "../domain/csv-rows";
import { can } from "../domain/permissions";
import { commitCsvImport, decodeCsv, isImportRejected, previewCsvImport, type ImportPreview } from "../services/import-csv.server";
import { requireStaff } from "../utils/auth.server";
import { BodyTooLargeError, formatBytes, readFormData } from "../utils/body.server";
import { clientIp } from "../utils/rate-limit.server";
import { parseSearchParams } from "../utils/search-params.server";
import { refusalOf } from "../utils/refusal.server";

export const meta: MetaFunction = () => [{ title: "Import CSV · Kizuna console" }];

const COLUMNS: Record<ImportKind, readonly CsvColumn[]> = { accounts: ACCOUNT_CSV_COLUMNS, contacts: CONTACT_CSV_COLUMNS };
const KIND_LABEL: Record<ImportKind, string> = { accounts: "Accounts", contacts: "Contacts" };

const ImportPageParams = z.object({ kind: z.enum(IMPORT_KINDS, "use accounts or contacts").default("accounts") });

const Intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("preview"),
    kind: z.enum(IMPORT_KINDS, "Choose accounts or contacts."),
    file: z.instanceof(File, { message: "Choose a CSV file to upload." }).refine((file) => file.size > 0, "Choose a CSV file to upload: this one is empty."),
  }),
  z.object({
    intent: z.literal("commit"),
    kind: z.enum(IMPORT_KINDS, "Choose accounts or contacts."),
    content: z.string().min(1, "The file is missing; upload it again."),
    fileName: z.string().max(255).default("upload.csv"),
    encoding: z.enum(["UTF-8", "Shift_JIS"]).default("UTF-8"),
  }),
]);

type ActionResult =
  | { step: "upload"; kind: ImportKind; formError: string }
  | { step: "preview"; preview: ImportPreview; content: string; refused: boolean }
  | { step: "done"; kind: ImportKind; fileName: string; rows: number; created: number; updated: number; unchanged: number };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "import:account:any");
  const { kind } = parseSearchParams(request, ImportPageParams);
  return { kind, canImportContacts: can(user.role, "import:contact:any") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "import:account:any");
  let form: FormData;
  try {
    // Base64 in the commit step makes the text a third larger than the file.
    form = await readFormData(request, { maxPartBytes: Math.ceil((IMPORT_LIMITS.maxBytes * 4) / 3) + 1024, maxTotalBytes: 20 * 1024 * 1024 });
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return data<ActionResult>(
        {
          step: "upload",
          kind: "accounts",
          formError: `The upload is too large. Import files of up to ${formatBytes(IMPORT_LIMITS.maxBytes)} (split larger ones).`,
        },
        { status: 413 },
      );
    }
    throw error;
  }
  const parsed = Intent.safeParse(Object.fromEntries(form));
  const kind = IMPORT_KINDS.find((k) => k === form.get("kind")) ?? "accounts";
  if (!parsed.success) {
    return data<ActionResult>({ step: "upload", kind, formError: parsed.error.issues[0].message }, { status: 400 });
  }
  const actor = { kind: "staff" as const, user, ip: clientIp(request) };
  const input = parsed.data;
  try {
    if (input.intent === "preview") {
      if (input.file.size > IMPORT_LIMITS.maxBytes) {
        return data<ActionResult>(
          {
            step: "upload",
            kind,
            formError: `This file is ${formatBytes(input.file.size)}; import files of up to ${formatBytes(IMPORT_LIMITS.maxBytes)} (split it).`,
          },
          { status: 413 },
        );
      }
      const decoded = decodeCsv(new Uint8Array(await input.file.arrayBuffer()));
      if ("error" in decoded) return data<ActionResult>({ step: "upload", kind, formError: decoded.error }, { status: 400 });
      const preview = await previewCsvImport(actor, input.kind, decoded.text, {
        fileName: (input.file.name || "upload.csv").slice(0, 255),
        encoding: decoded.encoding,
      });
      return data<ActionResult>({ step: "preview", preview, content: Buffer.from(decoded.text, "utf8").toString("base64"), refused: false });
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(input.content, "base64"));
    } catch {
      return data<ActionResult>({ step: "upload", kind, formError: "The file could not be read back; upload it again." }, { status: 400 });
    }
    const counts = await commitCsvImport(actor, input.kind, text, { fileName: input.fileName, encoding: input.encoding });
    return data<ActionResult>({ step: "done", kind: input.kind, fileName: input.fileName, ...counts });
  } catch (error) {
    if (isImportRejected(error) && error.detail) {
      return data<ActionResult>(
        { step: "preview", preview: error.detail, content: input.intent === "commit" ? input.content : "", refused: true },
        { status: 422 },
      );
    }
    const refusal = refusalOf(error);
    return data<ActionResult>({ step: "upload", kind: input.kind, formError: refusal.message }, { status: refusal.status });
  }
}

export default function ImportCsv() {
  const { kind: initialKind, canImportContacts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";

  if (result?.step === "preview") return <PreviewStep preview={result.preview} content={result.content} refused={result.refused} busy={busy} />;
  if (result?.step === "done") return <DoneStep result={result} />;

  const kind = result?.step === "upload" ? result.kind : initialKind;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Import CSV</h1>
          <p>Add or update accounts and contacts from a spreadsheet. You will see a preview before anything is saved.</p>
        </div>
      </div>
      <Steps current={1} />
      <div className="two-col import-layout">
        <section className="card" aria-labelledby="upload-heading">
          <h2 id="upload-heading">Upload a file</h2>
          {result?.step === "upload" ? (
            <div className="notice error" role="alert" id="upload-error">
              {result.formError}
            </div>
          ) : null}
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="preview" />
            <fieldset>
              <legend>What does the file contain?</legend>
              {IMPORT_KINDS.map((option) => (
                <label key={option} className="choice">
                  <input type="radio" name="kind" value={option} defaultChecked={option === kind} disabled={option === "contacts" && !canImportContacts} />
                  <span className="choice-text">
                    <strong>{KIND_LABEL[option]}</strong>
                    <span className="hint">
                      {option === "accounts" ? "Companies, keyed by their CRM id." : "People, keyed by email. Import their accounts first."}
                    </span>
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="file">CSV file</label>
              <p className="hint" id="file-hint">
                UTF-8 or Shift_JIS (Excel in Japanese), up to {formatBytesClient(IMPORT_LIMITS.maxBytes)} and {IMPORT_LIMITS.maxRows.toLocaleString("en")} rows.
                The first line names the columns.
              </p>
              <input
                id="file"
                name="file"
                type="file"
                accept=".csv,text/csv"
                required
                aria-invalid={result?.step === "upload" ? true : undefined}
                aria-describedby={result?.step === "upload" ? "file-hint upload-error" : "file-hint"}
              />
            </div>
            <button type="submit" disabled={busy}>
              {busy ? "Reading the file…" : "Preview import"}
            </button>
          </Form>
        </section>
        <section className="card" aria-labelledby="templates-heading">
          <h2 id="templates-heading">Templates</h2>
          <p>
            Start from a template with the exact headers, or use your own export: headers are matched whatever their case or spacing, and common alternatives
            are accepted.
          </p>
          <ul className="plain-list">
            <li>
              <a href="/cs/import/accounts.csv" download>
                accounts.csv
              </a>{" "}
              <span className="muted small">— {templateHeader("accounts")}</span>
            </li>
            <li>
              <a href="/cs/import/contacts.csv" download>
                contacts.csv
              </a>{" "}
              <span className="muted small">— {templateHeader("contacts")}</span>
            </li>
          </ul>
          <p className="muted small">
            A row whose key (external_id for accounts, email for contacts) is already in Kizuna updates it; importing the same file twice changes nothing. An
            empty cell clears an optional value; leave a column out of the file to keep what Kizuna has. If any row has an error, nothing is imported.
          </p>
        </section>
      </div>
      {IMPORT_KINDS.map((option) => (
        <ColumnReference key={option} kind={option} open={option === kind} />
      ))}
    </>
  );
}

function formatBytesClient(bytes: number) {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

function templateHeader(kind: ImportKind) {
  return COLUMNS[kind].map((column) => column.name).join(", ");
}

function Steps({ current }: { current: 1 | 2 | 3 }) {
  const steps = ["Upload", "Review", "Done"];
  return (
    <ol className="steps" aria-label="Import steps">
      {steps.map((label, index) => (
        <li
          key={label}
          className={index + 1 === current ? "current" : index + 1 < current ? "done" : undefined}
          aria-current={index + 1 === current ? "step" : undefined}
        >
          <span className="step-number">{index + 1}</span> {label}
        </li>
      ))}
    </ol>
  );
}

function ColumnReference({ kind, open }: { kind: ImportKind; open: boolean }) {
  return (
    <details className="card column-reference" open={open}>
      <summary>
        <h2>{KIND_LABEL[kind]} columns</h2>
      </summary>
      <div className="table-wrap flat">
        <table>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Required</th>
              <th scope="col">Meaning</th>
              <th scope="col">Example</th>
              <th scope="col">Also accepted</th>
            </tr>
          </thead>
          <tbody>
            {COLUMNS[kind].map((column) => (
              <tr key={column.name}>
                <td className="mono">{column.name}</td>
                <td>{column.required ? "Yes" : "No"}</td>
                <td>{column.description}</td>
                <td className="mono">{column.example}</td>
                <td className="muted small">{column.aliases.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

const STATUS_LABEL = { new: "New", updated: "Update", unchanged: "Unchanged", error: "Error" } as const;
const STATUS_CLASS = { new: "good", updated: "info", unchanged: "", error: "bad" } as const;

function PreviewStep({ preview, content, refused, busy }: { preview: ImportPreview; content: string; refused: boolean; busy: boolean }) {
  const { counts } = preview;
  const importable = counts.created + counts.updated + counts.unchanged;
  const hasErrors = preview.errors.length > 0;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Review the import</h1>
          <p>
            <span className="mono">{preview.fileName}</span> · {KIND_LABEL[preview.kind].toLowerCase()} · {preview.rows.toLocaleString("en")} row
            {preview.rows === 1 ? "" : "s"} · {preview.encoding}
          </p>
        </div>
        <Link to={`/cs/import?kind=${preview.kind}`} className="button secondary">
          Choose another file
        </Link>
      </div>
      <Steps current={2} />

      {refused ? (
        <div className="notice error" role="alert">
          Nothing was imported: the file has errors (the data may have changed since the preview). Fix them and upload the file again.
        </div>
      ) : null}
      <div className="stack">
        {preview.encoding === "Shift_JIS" ? (
          <div className="notice info">
            This file was read as Shift_JIS (Excel’s Japanese CSV). Check that names below look right; if not, save it as “CSV UTF-8” and upload again.
          </div>
        ) : null}
        {preview.ignoredColumns.length > 0 ? (
          <div className="notice warn">
            Ignored column{preview.ignoredColumns.length > 1 ? "s" : ""} (Kizuna does not know {preview.ignoredColumns.length > 1 ? "them" : "it"}):{" "}
            {preview.ignoredColumns.join(", ")}.
          </div>
        ) : null}

        <div className="stats">
          <div className="stat">
            <div className="value">{counts.created.toLocaleString("en")}</div>
            <div className="label">New</div>
          </div>
          <div className="stat">
            <div className="value">{counts.updated.toLocaleString("en")}</div>
            <div className="label">Updated</div>
          </div>
          <div className="stat">
            <div className="value">{counts.unchanged.toLocaleString("en")}</div>
            <div className="label">Unchanged</div>
          </div>
          <div className={`stat${hasErrors ? " stat-bad" : ""}`}>
            <div className="value">{counts.errorRows.toLocaleString("en")}</div>
            <div className="label">Rows with errors</div>
          </div>
        </div>

        {hasErrors ? (
          <section className="card stack" aria-labelledby="errors-heading">
            <div>
              <h2 id="errors-heading">
                {preview.errors.length + preview.moreErrors === 1
                  ? "1 problem"
                  : `${(preview.errors.length + preview.moreErrors).toLocaleString("en")} problems`}{" "}
                to fix
              </h2>
              <p className="muted">Nothing can be imported until the file has no errors. Fix these in your spreadsheet and upload it again.</p>
            </div>
            <div className="table-wrap flat">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Where</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.errors.map((error, index) => (
                    <tr key={index} className="row-error">
                      <td className="nowrap">
                        {error.line === null ? "whole file" : `line ${error.line}`}
                        {error.column ? (
                          <>
                            , <code className="mono">{error.column}</code>
                          </>
                        ) : null}
                      </td>
                      <td>{error.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {preview.moreErrors > 0 ? <p className="muted">…and {preview.moreErrors.toLocaleString("en")} more. Fix these first.</p> : null}
          </section>
        ) : null}

        {preview.sample.length > 0 && preview.columns.length > 0 ? (
          <section className="card" aria-labelledby="sample-heading">
            <h2 id="sample-heading">
              {preview.rows > preview.sample.length ? `First ${preview.sample.length} of ${preview.rows.toLocaleString("en")} rows` : "All rows"}
            </h2>
            {preview.kind === "accounts" ? (
              <p className="muted small">
                “Read as” shows the ACV as Kizuna understood it (acv_amount is in minor units: cents for USD) and the segment it gives.
              </p>
            ) : null}
            <div className="table-wrap flat">
              <table>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Line
                    </th>
                    <th scope="col">Result</th>
                    {preview.columns.map((column) => (
                      <th scope="col" key={column.name} className="as-written">
                        {column.header}
                      </th>
                    ))}
                    {preview.kind === "accounts" ? <th scope="col">Read as</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {preview.sample.map((row) => (
                    <tr key={row.line} className={row.status === "error" ? "row-error" : undefined}>
                      <td className="num">{row.line}</td>
                      <td>
                        <span className={`badge ${STATUS_CLASS[row.status]}`}>{STATUS_LABEL[row.status]}</span>
                      </td>
                      {row.cells.map((cell, index) => (
                        <td key={index}>{cell}</td>
                      ))}
                      {preview.kind === "accounts" ? (
                        <td className="nowrap">
                          {row.acv && row.segment ? (
                            <>
                              {row.acv} <SegmentBadge segment={row.segment} />
                            </>
                          ) : (
                            "—"
                          )}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}
      </div>

      <Form method="post" encType="multipart/form-data" className="commit-bar">
        <input type="hidden" name="intent" value="commit" />
        <input type="hidden" name="kind" value={preview.kind} />
        <input type="hidden" name="fileName" value={preview.fileName} />
        <input type="hidden" name="encoding" value={preview.encoding} />
        <input type="hidden" name="content" value={content} />
        <button type="submit" disabled={!preview.canCommit || busy} aria-describedby="commit-hint">
          {busy ? "Importing…" : preview.canCommit ? `Import ${importable.toLocaleString("en")} row${importable === 1 ? "" : "s"}` : "Import"}
        </button>
        <span className="muted" id="commit-hint">
          {preview.canCommit
            ? `${counts.created.toLocaleString("en")} new, ${counts.updated.toLocaleString("en")} updated, ${counts.unchanged.toLocaleString("en")} unchanged. All rows are saved together.`
            : "Fix the errors above and upload the file again; nothing has been saved."}
        </span>
      </Form>
    </>
  );
}

function DoneStep({ result }: { result: Extract<ActionResult, { step: "done" }> }) {
  const list = result.kind === "accounts" ? "/cs/accounts" : "/cs/contacts";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Import complete</h1>
          <p>
            <span className="mono">{result.fileName}</span>
          </p>
        </div>
      </div>
      <Steps current={3} />
      <div className="notice success" role="status">
        Imported {result.rows.toLocaleString("en")} {result.kind}: {result.created.toLocaleString("en")} new, {result.updated.toLocaleString("en")} updated,{" "}
        {result.unchanged.toLocaleString("en")} unchanged.
      </div>
      <p className="actions">
        <Link className="button" to={list}>
          View {result.kind}
        </Link>{" "}
        <Link className="button secondary" to={`/cs/import?kind=${result.kind === "accounts" ? "contacts" : "accounts"}`}>
          Import {result.kind === "accounts" ? "contacts" : "accounts"} next
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/import", label: "Back to CSV import" }} />;
}
