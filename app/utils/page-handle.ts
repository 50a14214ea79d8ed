/**
 * A route's `handle`. `hydrate: false` serves the page as HTML and CSS only: root leaves out
 * `<Scripts>` (React, the router, the route modules) and `<ScrollRestoration>`. For pages that
 * work as plain forms and links, the ones a customer opens from an email: they load in one
 * round-trip on any phone. A page can still carry a small inline script of its own (with the nonce).
 */
export type PageHandle = { hydrate?: boolean };

export const SERVER_RENDERED_ONLY = { hydrate: false } satisfies PageHandle;

/** Whether the page of these matches loads the client scripts: unless one of its routes opts out. */
export function pageHydrates(matches: { handle?: unknown }[]): boolean {
  return !matches.some((match) => (match.handle as PageHandle | undefined)?.hydrate === false);
}
