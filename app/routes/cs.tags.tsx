import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ActionNotice, type ActionOutcome } from "../components/action-notice";
import { ConsoleError } from "../components/console-error";
import { LocalTime } from "../components/local-time";
import { can } from "../domain/permissions";
import { MAX_TAG_NAME_LENGTH } from "../domain/rule-tags";
import { MAX_KEYWORD_LENGTH, MAX_KEYWORDS_PER_RULE } from "../domain/tag-rules";
import { createTag, deleteTag, renameTag, saveTagRule } from "../services/manage-tags.server";
import { refusalOf } from "../utils/refusal.server";
import { loadTagOverview } from "../services/tag-overview.server";
import { requireStaff } from "../utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Tags · Kizuna console" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const me = await requireStaff(request, "read:response:any");
  return { ...loadTagOverview(), canManage: can(me.role, "manage:settings:any") };
}

const tagId = z.coerce.number("Choose a tag.").int("Choose a tag.").positive("Choose a tag.");
const tagName = z.string("Type a tag name.").max(200, `Keep tag names to ${MAX_TAG_NAME_LENGTH} characters.`);
const ActionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: tagName }),
  z.object({ intent: z.literal("rename"), tagId, name: tagName }),
  z.object({ intent: z.literal("delete"), tagId }),
  z.object({
    intent: z.literal("rule"),
    tagId,
    keywords: z.string("Type the keywords.").max(MAX_KEYWORDS_PER_RULE * (MAX_KEYWORD_LENGTH + 2) * 2, "That is more text than a rule can hold."),
  }),
]);

type ActionResult = ActionOutcome & { tagId?: number };

export async function action({ request }: ActionFunctionArgs) {
  const me = await requireStaff(request, "manage:settings:any");
  const parsed = ActionForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<ActionResult>({ ok: false, message: parsed.error.issues[0]?.message ?? "Use the forms on the page." }, { status: 400 });
  const form = parsed.data;
  try {
    switch (form.intent) {
      case "create": {
        const tag = createTag(me, { name: form.name });
        return data<ActionResult>({ ok: true, message: `Created the tag “${tag.name}”. Add keywords to tag comments automatically.`, tagId: tag.id });
      }
      case "rename": {
        const tag = renameTag(me, { tagId: form.tagId, name: form.name });
        return data<ActionResult>({ ok: true, message: `Renamed to “${tag.name}”.`, tagId: tag.id });
      }
      case "delete": {
        const tag = deleteTag(me, { tagId: form.tagId });
        return data<ActionResult>({ ok: true, message: `Deleted the tag “${tag.name}” and took it off every response.` });
      }
      case "rule": {
        const saved = saveTagRule(me, { tagId: form.tagId, keywords: form.keywords });
        const message = !saved.changed
          ? "The keywords are unchanged."
          : saved.keywords.length === 0
            ? "Rule removed. Existing comments are being re-tagged in the background."
            : `Saved ${saved.keywords.length} keyword${saved.keywords.length === 1 ? "" : "s"}. Existing comments are being re-tagged in the background.`;
        return data<ActionResult>({ ok: true, message, tagId: saved.tagId });
      }
    }
  } catch (error) {
    const refusal = refusalOf(error);
    return data<ActionResult>({ ok: false, message: refusal.message, tagId: "tagId" in form ? form.tagId : undefined }, { status: refusal.status });
  }
}

export default function Tags() {
  const { tags, progress, canManage } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Tags</h1>
          <p>
            Themes in NPS comments. A tag's keywords (English or Japanese) tag new answers automatically; CSMs add and remove tags on each response.{" "}
            <Link to="/cs/responses/untagged">Untagged comments</Link>
          </p>
        </div>
      </div>

      <ActionNotice result={result} />

      {progress.running ? (
        <div className="notice info tag-backfill" role="status">
          <p>
            Applying the keyword rules to existing comments: {progress.percent}% (responses up to #{progress.doneThroughId.toLocaleString("en")} of{" "}
            {progress.upToId.toLocaleString("en")}). Reload to see progress; counts below grow as it goes.
          </p>
          <progress max={100} value={progress.percent} aria-label="Re-tagging progress">
            {progress.percent}%
          </progress>
        </div>
      ) : null}

      <div className="stack">
        {tags.length === 0 ? (
          <div className="card empty-state">
            <h2>No tags yet</h2>
            <p className="muted">
              {canManage
                ? "Create the first tag below, e.g. “Pricing” with the keywords price, expensive, 高い."
                : "An admin creates tags and their keyword rules."}
            </p>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="tag-table">
              <caption className="visually-hidden">Tags with the number of responses carrying each</caption>
              <thead>
                <tr>
                  <th scope="col">Tag</th>
                  <th scope="col" className="num">
                    Responses
                  </th>
                  <th scope="col">Keywords</th>
                </tr>
              </thead>
              <tbody>
                {tags.map((tag) => (
                  <tr key={tag.id}>
                    <th scope="row">{tag.name}</th>
                    <td className="num">{tag.responses.toLocaleString("en")}</td>
                    <td>
                      {tag.keywords.length ? (
                        <>
                          <span className="tag-keywords">{tag.keywords.join(", ")}</span>
                          {tag.ruleUpdatedAt ? (
                            <span className="muted small">
                              {" "}
                              · changed <LocalTime value={tag.ruleUpdatedAt} dateOnly />
                            </span>
                          ) : null}
                        </>
                      ) : (
                        <span className="muted">No rule: tagged by hand only</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}

        {canManage ? (
          <>
            {tags.map((tag) => (
              <details key={tag.id} className="card tag-editor" open={result?.tagId === tag.id && !result.ok}>
                <summary>
                  Edit “{tag.name}”{tag.keywords.length ? ` · ${tag.keywords.length} keyword${tag.keywords.length === 1 ? "" : "s"}` : ""}
                </summary>
                <Form method="post" className="tag-rule-form">
                  <input type="hidden" name="intent" value="rule" />
                  <input type="hidden" name="tagId" value={tag.id} />
                  <div className="field">
                    <label htmlFor={`keywords-${tag.id}`}>Keywords</label>
                    <p className="hint" id={`keywords-hint-${tag.id}`}>
                      One a line or separated by commas, up to {MAX_KEYWORDS_PER_RULE} of at most {MAX_KEYWORD_LENGTH} characters. English words match whole
                      words and plurals (“price” tags “prices”, not “priceless”); Japanese matches anywhere in the text (“高い” tags “価格が高いです”). Leave
                      empty to stop tagging automatically.
                    </p>
                    <textarea
                      id={`keywords-${tag.id}`}
                      name="keywords"
                      rows={4}
                      defaultValue={tag.keywords.join("\n")}
                      aria-describedby={`keywords-hint-${tag.id}`}
                    />
                  </div>
                  <button type="submit" disabled={busy}>
                    Save keywords
                  </button>
                </Form>
                <div className="tag-editor-row">
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="rename" />
                    <input type="hidden" name="tagId" value={tag.id} />
                    <label htmlFor={`rename-${tag.id}`}>Name</label>
                    <input id={`rename-${tag.id}`} name="name" type="text" required maxLength={MAX_TAG_NAME_LENGTH} defaultValue={tag.name} />
                    <button type="submit" className="secondary small" disabled={busy}>
                      Rename
                    </button>
                  </Form>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="tagId" value={tag.id} />
                    <button type="submit" className="danger small" disabled={busy}>
                      Delete tag
                    </button>
                    <span className="muted small">Takes it off {tag.responses.toLocaleString("en")} responses.</span>
                  </Form>
                </div>
              </details>
            ))}
            <section className="card" aria-labelledby="create-tag-heading">
              <h2 id="create-tag-heading">Create a tag</h2>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="create" />
                <label htmlFor="create-tag-name">Name</label>
                <input id="create-tag-name" name="name" type="text" required maxLength={MAX_TAG_NAME_LENGTH} autoComplete="off" />
                <button type="submit" disabled={busy}>
                  Create tag
                </button>
              </Form>
            </section>
          </>
        ) : null}
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ConsoleError back={{ to: "/cs/responses", label: "Back to the responses" }} />;
}
