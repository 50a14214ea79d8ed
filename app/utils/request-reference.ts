import { createContext, useContext, useState } from "react";

/** The server's id for the request being rendered (set by entry.server from X-Request-Id). */
export const RequestIdContext = createContext<string | null>(null);

let hydrated = false;

/** Called once the page has hydrated: from then on an error comes from a client-side request, not the page's own. */
export function markHydrated() {
  hydrated = true;
}

/** The attribute the reference is rendered under, for hydration to read back. */
export const REFERENCE_ATTRIBUTE = "data-request-reference";

/**
 * The id of the request whose error a boundary shows, for a person to quote (the server logged
 * its line under it). On the server it is the request being rendered; while the page hydrates,
 * the one the server rendered; an error met after hydration belongs to a later request whose
 * id the page never saw, so none is shown rather than the wrong one.
 */
export function useRequestReference(): string | null {
  const rendering = useContext(RequestIdContext);
  const [reference] = useState(() => {
    if (typeof document === "undefined") return rendering;
    if (hydrated) return null;
    return document.querySelector(`[${REFERENCE_ATTRIBUTE}]`)?.textContent ?? null;
  });
  return reference;
}
