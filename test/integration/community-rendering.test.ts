import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { communityMembers, communityPosts } from "../../db/schema";
import { queuePostRerenderIfStale, rerenderPosts } from "../../app/jobs/community-rerender.server";
import { ensureContactMember } from "../../app/models/community-member.server";
import { replyToTopic } from "../../app/services/community-reply.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { requireCommunityReader, type CommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { listActiveJobs } from "../../app/utils/jobs.server";
import { MARKDOWN_RENDER_VERSION } from "../../app/utils/markdown.server";
import { contactCookie, createAccount, createContact, getRequest } from "../factories";

async function member(name: string): Promise<{ reader: CommunityReader; handle: string }> {
  const contact = createContact({ accountId: createAccount().id, name });
  const row = ensureContactMember(db, contact);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, row.id)).run();
  return { reader: await requireCommunityReader(getRequest("/community", await contactCookie(contact.id))), handle: row.handle };
}

const post = (id: number) => db.select().from(communityPosts).where(eq(communityPosts.id, id)).get()!;

describe("a post's stored HTML", () => {
  it("links @mentions of members who exist and leaves a mention of nobody as text", async () => {
    const asker = await member("Aiko Mention");
    const helper = await member("Ben Mention");
    const { postId } = startTopic(asker.reader, {
      category: "questions",
      title: "Who knows the export settings?",
      body: `Maybe @${helper.handle} knows, or @nobody_here_at_all.`,
    });
    const html = post(postId).html;
    expect(html).toContain(`href="/community/u/${helper.handle}"`);
    expect(html).toContain("@nobody_here_at_all");
    expect(html).not.toContain("/community/u/nobody_here_at_all");
    expect(post(postId).renderVersion).toBe(MARKDOWN_RENDER_VERSION);
  });

  it("is rendered again from its source when an older renderer wrote it, without counting as an edit", async () => {
    const asker = await member("Chika Render");
    const { topicId, postId } = startTopic(asker.reader, {
      category: "questions",
      title: "Rendering again",
      body: "**bold** and [a link](https://example.com)",
    });
    const { postId: replyId } = replyToTopic(asker.reader, topicId, { body: "a reply with `code`" });
    const fresh = { opening: post(postId).html, reply: post(replyId).html };
    // What an older renderer left: other HTML and an older version.
    for (const id of [postId, replyId])
      db.update(communityPosts)
        .set({ html: "<p>old</p>", renderVersion: MARKDOWN_RENDER_VERSION - 1 })
        .where(eq(communityPosts.id, id))
        .run();

    expect(queuePostRerenderIfStale()).not.toBeNull();
    // One walk at a time: a second start while it waits queues nothing.
    expect(queuePostRerenderIfStale()).toBeNull();
    const [job] = listActiveJobs("community.rerender");
    await rerenderPosts(job.payload, { restMs: 0 });

    expect(post(postId)).toMatchObject({ html: fresh.opening, renderVersion: MARKDOWN_RENDER_VERSION, editCount: 0, editedAt: null });
    expect(post(replyId)).toMatchObject({ html: fresh.reply, renderVersion: MARKDOWN_RENDER_VERSION });
  });
});
