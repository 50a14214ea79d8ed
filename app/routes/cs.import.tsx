import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { z } from "zod";
import { ConsoleError } from "../components/console-error";
import { SegmentBadge } from "../components/segment-badge";
import { useWordMessage } from "../components/settings-form";
import { useFormat } from "../components/use-format";
import { ACCOUNT_CSV_COLUMNS, ACCOUNT_STAGES } from "../domain/account-rows";
import { CONTACT_CSV_COLUMNS } from "../domain/contact-rows";
import { IMPORT_KINDS, IMPORT_LIMITS, type CsvColumn, type ImportKind } from "../domain/csv-rows";
import { fieldMessage } from "../domain/field-message";
import { can } from "../domain/permissions";
import { errorMessage } from "../domain/service-error";
import { commitCsvImport, decodeCsv, isImportRejected, previewCsvImport, type ImportPreview } from "../services/import-csv.server";
import { requireStaff } from "../utils/auth.server";
import { BodyTooLargeError, formatBytes, readFormData } from "../utils/body.server";
import { clientIp } from "../utils/rate-limit.server";
import { parseSearchParams } from "../utils/search-params.server";
import { fixedT } from "../utils/i18n.server";
import { refusalOf } from "../utils/refusal.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna" }];

const COLUMNS: Record<ImportKind, readonly CsvColumn[]> = { accounts: ACCOUNT_CSV_COLUMNS, contacts: CONTACT_CSV_COLUMNS };

const ImportPageParams = z.object({ kind: z.enum(IMPORT_KINDS, IMPORT_KINDS.join(" | ")).default("accounts") });

const Intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("preview"),
    kind: z.enum(IMPORT_KINDS, fieldMessage("importChooseKind")),
    file: z.instanceof(File, { message: fieldMessage("importChooseFile") }).refine((file) => file.size > 0, fieldMessage("importEmptyFile")),
  }),
  z.object({
    intent: z.literal("commit"),
    kind: z.enum(IMPORT_KINDS, fieldMessage("importChooseKind")),
    content: z.string().min(1, fieldMessage("importFileMissing")),
    fileName: z.string().max(255).default("upload.csv"),
    encoding: z.enum(["UTF-8", "Shift_JIS"]).default("UTF-8"),
  }),
]);

/** `formError` is a `fieldMessage` code, worded by the page. */
type ActionResult =
  | { step: "upload"; kind: ImportKind; formError: string }
  | { step: "preview"; preview: ImportPreview; content: string; refused: boolean }
  | { step: "done"; kind: ImportKind; fileName: string; rows: number; created: number; updated: number; unchanged: number };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "import:account:any");
  const { kind } = parseSearchParams(request, ImportPageParams, user.language);
  return { kind, canImportContacts: can(user.role, "import:contact:any"), title: (await fixedT(user.language, "accounts"))("import.title") };
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
          formError: fieldMessage("importTooLarge", { max: formatBytes(IMPORT_LIMITS.maxBytes) }),
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
            formError: fieldMessage("importFileTooLarge", { size: formatBytes(input.file.size), max: formatBytes(IMPORT_LIMITS.maxBytes) }),
          },
          { status: 413 },
        );
      }
      const decoded = decodeCsv(new Uint8Array(await input.file.arrayBuffer()));
      if ("error" in decoded) return data<ActionResult>({ step: "upload", kind, formError: fieldMessage(decoded.error) }, { status: 400 });
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
      return data<ActionResult>({ step: "upload", kind, formError: fieldMessage("importReadBack") }, { status: 400 });
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
    const refusal = refusalOf(error, user.language);
    return data<ActionResult>({ step: "upload", kind: input.kind, formError: refusal.message }, { status: refusal.status });
  }
}

export default function ImportCsv() {
  const { kind: initialKind, canImportContacts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { t } = useTranslation("accounts");
  const format = useFormat();
  const word = useWordMessage();

  if (result?.step === "preview") return <PreviewStep preview={result.preview} content={result.content} refused={result.refused} busy={busy} />;
  if (result?.step === "done") return <DoneStep result={result} />;

  const kind = result?.step === "upload" ? result.kind : initialKind;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("import.heading")}</h1>
          <p>{t("import.intro")}</p>
        </div>
      </div>
      <Steps current={1} />
      <div className="two-col import-layout">
        <section className="card" aria-labelledby="upload-heading">
          <h2 id="upload-heading">{t("import.uploadHeading")}</h2>
          {result?.step === "upload" ? (
            <div className="notice error" role="alert" id="upload-error">
              {word(result.formError)}
            </div>
          ) : null}
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="preview" />
            <fieldset>
              <legend>{t("import.whatKind")}</legend>
              {IMPORT_KINDS.map((option) => (
                <label key={option} className="choice">
                  <input type="radio" name="kind" value={option} defaultChecked={option === kind} disabled={option === "contacts" && !canImportContacts} />
                  <span className="choice-text">
                    <strong>{t(`import.kind.${option}`)}</strong>
                    <span className="hint">{t(option === "accounts" ? "import.accountsHint" : "import.contactsHint")}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="file">{t("import.file")}</label>
              <p className="hint" id="file-hint">
                {t("import.fileHint", { size: formatBytesClient(IMPORT_LIMITS.maxBytes), rows: format.number(IMPORT_LIMITS.maxRows) })}
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
              {busy ? t("import.reading") : t("import.preview")}
            </button>
          </Form>
        </section>
        <section className="card" aria-labelledby="templates-heading">
          <h2 id="templates-heading">{t("import.templates")}</h2>
          <p>{t("import.templatesIntro")}</p>
          <ul className="plain-list">
            <li>
              <a href="/cs/import/accounts.csv" download>
                accounts.csv
              </a>{" "}
              <span className="muted small">— </span>
              <span className="muted small mono">{templateHeader("accounts")}</span>
            </li>
            <li>
              <a href="/cs/import/contacts.csv" download>
                contacts.csv
              </a>{" "}
              <span className="muted small">— </span>
              <span className="muted small mono">{templateHeader("contacts")}</span>
            </li>
          </ul>
          <p className="muted small">
            <Trans t={t} i18nKey="import.templatesRules" components={{ c: <code className="mono" /> }} />
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
  const { t } = useTranslation("accounts");
  const steps = [t("import.steps.upload"), t("import.steps.review"), t("import.steps.done")];
  return (
    <ol className="steps" aria-label={t("import.steps.label")}>
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

/**
 * A column's meaning in the reader's language (the column names and values themselves are the
 * file format's, in English, set as code: `<c>`).
 */
function columnMeaning(t: ReturnType<typeof useTranslation<"accounts">>["t"], kind: ImportKind, column: CsvColumn) {
  const key = `import.columns.${kind}.${column.name}`;
  return (
    <Trans
      t={t}
      i18nKey={key as "import.columns.accounts.name"}
      values={{ stages: ACCOUNT_STAGES.join(", ") }}
      defaults={column.description}
      components={{ c: <code className="mono" /> }}
    />
  );
}

function ColumnReference({ kind, open }: { kind: ImportKind; open: boolean }) {
  const { t } = useTranslation("accounts");
  return (
    <details className="card column-reference" open={open}>
      <summary>
        <h2>{t("import.columnsHeading", { kind: t(`import.kind.${kind}`) })}</h2>
      </summary>
      <div className="table-wrap flat">
        <table>
          <thead>
            <tr className="nowrap-head">
              <th scope="col">{t("import.column")}</th>
              <th scope="col">{t("import.required")}</th>
              <th scope="col">{t("import.meaning")}</th>
              <th scope="col">{t("import.example")}</th>
              <th scope="col">{t("import.aliases")}</th>
            </tr>
          </thead>
          <tbody>
            {COLUMNS[kind].map((column) => (
              <tr key={column.name}>
                <td className="mono">{column.name}</td>
                <td className="nowrap">{column.required ? t("import.yes") : t("import.no")}</td>
                <td>{columnMeaning(t, kind, column)}</td>
                <td className="mono">{column.example}</td>
                <td className="muted small mono">{column.aliases.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

const STATUS_CLASS = { new: "good", updated: "info", unchanged: "", error: "bad" } as const;

function PreviewStep({ preview, content, refused, busy }: { preview: ImportPreview; content: string; refused: boolean; busy: boolean }) {
  const { t } = useTranslation("accounts");
  const format = useFormat();
  const { counts } = preview;
  const importable = counts.created + counts.updated + counts.unchanged;
  const hasErrors = preview.errors.length > 0;
  const problems = preview.errors.length + preview.moreErrors;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("import.reviewHeading")}</h1>
          <p>
            <span className="mono">{preview.fileName}</span> ·{" "}
            {format.language === "en" ? t(`import.kind.${preview.kind}`).toLowerCase() : t(`import.kind.${preview.kind}`)} ·{" "}
            {t("import.rows", { count: preview.rows, n: format.number(preview.rows) })} · {preview.encoding}
          </p>
        </div>
        <Link to={`/cs/import?kind=${preview.kind}`} className="button secondary">
          {t("import.anotherFile")}
        </Link>
      </div>
      <Steps current={2} />

      {refused ? (
        <div className="notice error" role="alert">
          {t("import.refused")}
        </div>
      ) : null}
      <div className="stack">
        {preview.encoding === "Shift_JIS" ? <div className="notice info">{t("import.shiftJis")}</div> : null}
        {preview.ignoredColumns.length > 0 ? (
          <div className="notice warn">{t("import.ignored", { count: preview.ignoredColumns.length, columns: preview.ignoredColumns.join(", ") })}</div>
        ) : null}

        <div className="stats">
          <div className="stat">
            <div className="value">{format.number(counts.created)}</div>
            <div className="label">{t("import.counts.created")}</div>
          </div>
          <div className="stat">
            <div className="value">{format.number(counts.updated)}</div>
            <div className="label">{t("import.counts.updated")}</div>
          </div>
          <div className="stat">
            <div className="value">{format.number(counts.unchanged)}</div>
            <div className="label">{t("import.counts.unchanged")}</div>
          </div>
          <div className={`stat${hasErrors ? " stat-bad" : ""}`}>
            <div className="value">{format.number(counts.errorRows)}</div>
            <div className="label">{t("import.counts.errorRows")}</div>
          </div>
        </div>

        {hasErrors ? (
          <section className="card stack" aria-labelledby="errors-heading">
            <div>
              <h2 id="errors-heading">{t("import.problems", { count: problems, n: format.number(problems) })}</h2>
              <p className="muted">{t("import.problemsHint")}</p>
            </div>
            <div className="table-wrap flat">
              <table>
                <thead>
                  <tr>
                    <th scope="col" className="nowrap">
                      {t("import.where")}
                    </th>
                    <th scope="col">{t("import.problem")}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.errors.map((error, index) => (
                    <tr key={index} className="row-error">
                      <td className="nowrap">
                        {error.line === null ? t("import.wholeFile") : t("import.line", { line: format.number(error.line) })}
                        {error.column ? (
                          <>
                            , <code className="mono">{error.column}</code>
                          </>
                        ) : null}
                      </td>
                      <td>{errorMessage(error.code, error.params, format.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {preview.moreErrors > 0 ? <p className="muted">{t("import.more", { n: format.number(preview.moreErrors) })}</p> : null}
          </section>
        ) : null}

        {preview.sample.length > 0 && preview.columns.length > 0 ? (
          <section className="card" aria-labelledby="sample-heading">
            <h2 id="sample-heading">
              {preview.rows > preview.sample.length
                ? t("import.firstRows", { shown: format.number(preview.sample.length), total: format.number(preview.rows) })
                : t("import.allRows")}
            </h2>
            {preview.kind === "accounts" ? (
              <p className="muted small">
                <Trans t={t} i18nKey="import.readAsHint" components={{ c: <code className="mono" /> }} />
              </p>
            ) : null}
            <div className="table-wrap flat">
              <table>
                <thead>
                  <tr>
                    <th scope="col" className="num nowrap">
                      {t("import.lineColumn")}
                    </th>
                    <th scope="col" className="nowrap">
                      {t("import.result")}
                    </th>
                    {preview.columns.map((column) => (
                      <th scope="col" key={column.name} className="as-written">
                        {column.header}
                      </th>
                    ))}
                    {preview.kind === "accounts" ? (
                      <th scope="col" className="nowrap">
                        {t("import.readAs")}
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {preview.sample.map((row) => (
                    <tr key={row.line} className={row.status === "error" ? "row-error" : undefined}>
                      <td className="num">{row.line}</td>
                      <td>
                        <span className={`badge ${STATUS_CLASS[row.status]}`}>{t(`import.status.${row.status}`)}</span>
                      </td>
                      {row.cells.map((cell, index) => (
                        <td key={index}>{cell}</td>
                      ))}
                      {preview.kind === "accounts" ? (
                        <td className="nowrap">
                          {row.acv && row.segment ? (
                            <>
                              {format.money(row.acv.amount, row.acv.currency)} <SegmentBadge segment={row.segment} />
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
          {busy
            ? t("import.importing")
            : preview.canCommit
              ? t("import.importRows", { count: importable, n: format.number(importable) })
              : t("import.importButton")}
        </button>
        <span className="muted" id="commit-hint">
          {preview.canCommit
            ? t("import.commitHint", {
                created: format.number(counts.created),
                updated: format.number(counts.updated),
                unchanged: format.number(counts.unchanged),
              })
            : t("import.fixFirst")}
        </span>
      </Form>
    </>
  );
}

function DoneStep({ result }: { result: Extract<ActionResult, { step: "done" }> }) {
  const { t } = useTranslation("accounts");
  const format = useFormat();
  const list = result.kind === "accounts" ? "/cs/accounts" : "/cs/contacts";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("import.doneHeading")}</h1>
          <p>
            <span className="mono">{result.fileName}</span>
          </p>
        </div>
      </div>
      <Steps current={3} />
      <div className="notice success" role="status">
        {t(`import.imported.${result.kind}`, {
          rows: format.number(result.rows),
          created: format.number(result.created),
          updated: format.number(result.updated),
          unchanged: format.number(result.unchanged),
        })}
      </div>
      <p className="actions">
        <Link className="button" to={list}>
          {t(`import.view.${result.kind}`)}
        </Link>{" "}
        <Link className="button secondary" to={`/cs/import?kind=${result.kind === "accounts" ? "contacts" : "accounts"}`}>
          {t(`import.next.${result.kind}`)}
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  const { t } = useTranslation("accounts");
  return <ConsoleError back={{ to: "/cs/import", label: t("import.back") }} />;
}
