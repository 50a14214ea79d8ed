/** How long a customer's sign-in link works; the pages that send and refuse links say so. */
export const MAGIC_LINK_TTL_MINUTES = 15;
