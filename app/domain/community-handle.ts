/**
 * A member's handle: what `@mentions` and the profile's URL use. Made once, when the member is
 * first seen, from their name (Latin letters kept, accents folded) or else their email's local
 * part, then made unique by a number. Japanese names have no Latin spelling to take, so their
 * handle comes from the email.
 */
export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9_-]{1,29}$/i;

export function handleBase(name: string | null, email: string): string {
  const fromName = latinSlug(name ?? "");
  if (fromName.length >= 2) return fromName;
  const fromEmail = latinSlug(email.split("@")[0] ?? "");
  return fromEmail.length >= 2 ? fromEmail : "member";
}

/** `base`, or `base2`, `base3`… for the first one `taken` says is free. */
export function uniqueHandle(base: string, taken: (handle: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 30 - String(n).length)}${n}`;
    if (!taken(candidate)) return candidate;
  }
}

function latinSlug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 24);
}
