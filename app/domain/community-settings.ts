import { z } from "zod";
import { fieldMessage } from "./field-message";

/*
 * The community's own settings: who may read it, and the guidelines members accept before they
 * post. Pure: the schema of the stored value, its defaults, the console form and the rule that
 * says when a member must (re)read the guidelines.
 */

/** Members only (the default: a customer community is private) or everyone, signed in or not. */
export const COMMUNITY_READERS = ["members", "everyone"] as const;
export type CommunityReaders = (typeof COMMUNITY_READERS)[number];

export const GUIDELINES_MAX = 20_000;

export const DEFAULT_GUIDELINES = {
  en: [
    "## Welcome",
    "",
    "This is where our customers help each other. A few things keep it useful for everyone:",
    "",
    "- **Be kind and assume good intent.** Everyone here is trying to get their work done.",
    "- **Search before you ask.** Your question may already have an accepted answer.",
    "- **One question per topic**, with what you tried and what you expected.",
    "- **Mark the answer that solved it**, so the next person finds it.",
    "- **Keep private things private.** No passwords, customer data or contract terms in posts.",
    "- **No advertising or spam.**",
    "",
    "Moderators may hide posts that break these rules. For account-specific problems, contact your support team.",
  ].join("\n"),
  ja: [
    "## ようこそ",
    "",
    "ここはお客様同士が助け合う場です。誰にとっても役立つ場であるために、次の点をお守りください。",
    "",
    "- **思いやりを持ち、善意を前提に。** 皆さん、業務を前に進めようとしています。",
    "- **質問の前に検索を。** すでに解決済みの回答があるかもしれません。",
    "- **1 つのトピックに 1 つの質問を。** 試したことと期待した結果を添えてください。",
    "- **解決した回答をベストアンサーに。** 次に同じことで困った人の助けになります。",
    "- **機密情報は書き込まない。** パスワード、顧客データ、契約条件などは投稿しないでください。",
    "- **宣伝やスパムは禁止です。**",
    "",
    "ルールに反する投稿はモデレーターが非表示にすることがあります。アカウント固有の問題はサポート窓口にご連絡ください。",
  ].join("\n"),
};

const guidelines = z
  .string(fieldMessage("communityGuidelinesRequired"))
  .trim()
  .min(1, fieldMessage("communityGuidelinesRequired"))
  .max(GUIDELINES_MAX, fieldMessage("communityTextTooLong", { max: GUIDELINES_MAX }));

/** The stored setting (models/settings.server SETTINGS.community). */
export const CommunitySettings = z.object({
  readers: z.enum(COMMUNITY_READERS),
  guidelines: z.object({ en: guidelines, ja: guidelines }),
  /** When the guidelines last changed: members who accepted before must accept again. */
  guidelinesUpdatedAt: z.number().int().nonnegative().nullable(),
});
export type CommunitySettings = z.infer<typeof CommunitySettings>;

export const DEFAULT_COMMUNITY_SETTINGS: CommunitySettings = { readers: "members", guidelines: DEFAULT_GUIDELINES, guidelinesUpdatedAt: null };

/** `/cs/community/settings`: one form for both. */
export const CommunitySettingsForm = z.object({
  readers: z.enum(COMMUNITY_READERS, fieldMessage("communityReaders")),
  guidelinesEn: guidelines,
  guidelinesJa: guidelines,
  /** Ticked: members who accepted the old text are asked to accept the new one. */
  askAgain: z
    .literal("on")
    .optional()
    .transform((value) => value === "on"),
});
export type CommunitySettingsInput = z.output<typeof CommunitySettingsForm>;

/**
 * Whether a member must accept the guidelines before posting: never accepted, or accepted a
 * version the admin has since asked everyone to accept again.
 */
export function mustAcceptGuidelines(acceptedAt: Date | number | null | undefined, guidelinesUpdatedAt: number | null): boolean {
  if (acceptedAt === null || acceptedAt === undefined) return true;
  const at = typeof acceptedAt === "number" ? acceptedAt : acceptedAt.getTime();
  return guidelinesUpdatedAt !== null && at < guidelinesUpdatedAt;
}

/** Where a member goes to read and accept the guidelines, coming back to `returnTo` (a same-origin path). */
export function welcomePath(returnTo: string): string {
  return `/community/welcome?redirectTo=${encodeURIComponent(returnTo)}`;
}
