import type { Db } from "../../db/client";
import { mentionsIn } from "../domain/mentions";
import { existingHandles } from "../models/community-member.server";
import { db } from "../utils/db.server";
import { MARKDOWN_RENDER_VERSION, renderMarkdown } from "../utils/markdown.server";

export type RenderedPost = { html: string; renderVersion: number };

/**
 * A post's stored HTML: its Markdown through the safe renderer, with `@handle` linked for the
 * members who exist now (a mention of nobody stays text), and the renderer's version beside it.
 */
export function renderPost(source: string, conn: Db = db): RenderedPost {
  const knownHandles = existingHandles(mentionsIn(source), conn);
  return { html: renderMarkdown(source, { knownHandles }), renderVersion: MARKDOWN_RENDER_VERSION };
}
