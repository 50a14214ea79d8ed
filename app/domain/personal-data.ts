import { z } from "zod";
import { fieldMessage } from "./field-message";

/** What becomes of an erased person's community posts: kept under a "deleted member", or deleted. */
export const ERASE_POSTS_CHOICES = ["keep", "delete"] as const;
export type ErasePostsChoice = (typeof ERASE_POSTS_CHOICES)[number];

/**
 * The contact page's erase form (`/cs/contacts/:id`): the address typed as a confirmation (the
 * service compares it with the contact's) and the choice for the posts, which has no default.
 */
export const EraseContactForm = z.object({
  intent: z.literal("erase"),
  confirmEmail: z.string(fieldMessage("eraseConfirmEmail")).trim().min(1, fieldMessage("eraseConfirmEmail")).max(254, fieldMessage("eraseConfirmEmail")),
  posts: z.enum(ERASE_POSTS_CHOICES, fieldMessage("erasePostsChoice")),
});
