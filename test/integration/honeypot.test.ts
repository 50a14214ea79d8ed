import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invitations, responses } from "../../db/schema";
import { action, loader } from "../../app/routes/s.$token_.h";
import { db, sqlite } from "../../app/utils/db.server";
import { createInvitation } from "../factories/nps";

const args = (request: Request, token: string) => ({ request, params: { token }, context: {} });
const scannedAt = (id: number) => db.select().from(invitations).where(eq(invitations.id, id)).get()!.scannedAt;
const totalChanges = () => (sqlite().prepare("SELECT total_changes() AS n").get() as { n: number }).n;

describe("the honeypot link", () => {
  it("marks the invitation scanned on GET, once, and never records an answer", async () => {
    const { token, invitation } = createInvitation();
    const first = await loader(args(new Request(`http://localhost/s/${token}/h`, { headers: { "User-Agent": "Mimecast" } }), token));
    expect(first.status).toBe(200);
    expect(first.headers.get("Cache-Control")).toBe("no-store");
    const at = scannedAt(invitation.id);
    expect(at).toBeTypeOf("number");

    const before = totalChanges();
    await loader(args(new Request(`http://localhost/s/${token}/h`, { method: "HEAD" }), token));
    await action(args(new Request(`http://localhost/s/${token}/h`, { method: "POST" }), token));
    expect(totalChanges()).toBe(before);
    expect(scannedAt(invitation.id)).toBe(at);
    expect(db.select().from(responses).where(eq(responses.invitationId, invitation.id)).all()).toHaveLength(0);
  });

  it("HEAD and POST mark it too", async () => {
    const viaHead = createInvitation();
    await loader(args(new Request(`http://localhost/s/${viaHead.token}/h`, { method: "HEAD" }), viaHead.token));
    expect(scannedAt(viaHead.invitation.id)).toBeTypeOf("number");
    const viaPost = createInvitation();
    await action(args(new Request(`http://localhost/s/${viaPost.token}/h`, { method: "POST" }), viaPost.token));
    expect(scannedAt(viaPost.invitation.id)).toBeTypeOf("number");
  });

  it("answers unknown tokens the same way and writes nothing", async () => {
    const before = totalChanges();
    for (const token of ["nope", "Q".repeat(43)]) expect((await loader(args(new Request(`http://localhost/s/${token}/h`), token))).status).toBe(200);
    expect(totalChanges()).toBe(before);
  });
});
