/**
 * What the console calls each promoter action. Kept apart from the service: the response page
 * renders these in the browser, where a `.server` module is an empty stand-in.
 */
export const PROMOTER_ACTION_LABEL = {
  reference: "Reference candidate",
  community: "Invite to the community",
  review: "Ask for a review",
} as const;
