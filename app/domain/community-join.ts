/**
 * Self sign-up by company domain: who may join the community by proving an address at a
 * customer's domain. Pure: the services look the domain up and send the link.
 */

/** How long a join link works. Longer than a sign-in link: it may wait for a first look at the community. */
export const JOIN_LINK_TTL_MINUTES = 60;

/**
 * Mailbox providers anyone can sign up at: an address there proves nothing about an employer,
 * so such a domain never matches an account, even one whose `domain` was set to it by mistake.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  "gmail.com",
  "googlemail.com",
  "yahoo.com",
  "yahoo.co.jp",
  "ymail.com",
  "outlook.com",
  "outlook.jp",
  "hotmail.com",
  "hotmail.co.jp",
  "live.com",
  "live.jp",
  "msn.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "pm.me",
  "mail.ru",
  "yandex.ru",
  "qq.com",
  "163.com",
  "126.com",
  "naver.com",
  "daum.net",
  "docomo.ne.jp",
  "ezweb.ne.jp",
  "au.com",
  "softbank.ne.jp",
  "i.softbank.jp",
  "ymobile.ne.jp",
  "zoho.com",
  "tutanota.com",
  "fastmail.com",
  "hey.com",
]);

/** Providers under many country domains (gmx.de, gmx.net, gmx.co.uk, yahoo.fr, hotmail.fr, …). */
const FREE_MAIL_BRANDS: ReadonlySet<string> = new Set(["gmx", "web", "yahoo", "hotmail", "outlook", "live"]);

/** The domain as it is compared: lower case, no surrounding space, no trailing dot. */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.+$/, "");
}

export function isFreeMailDomain(domain: string): boolean {
  const d = normalizeDomain(domain);
  if (FREE_MAIL_DOMAINS.has(d)) return true;
  const labels = d.split(".");
  // gmx.* and the like: the brand followed by a public suffix only (one or two short labels: .de, .co.uk).
  if (labels.length >= 2 && labels.length <= 3 && FREE_MAIL_BRANDS.has(labels[0])) {
    const suffix = labels.slice(1);
    return suffix.every((label) => label.length <= 3) && (suffix.length === 1 || suffix[0].length <= 3);
  }
  return false;
}

/** The part after the last `@`, normalised; null when there is none. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at < 1) return null;
  const domain = normalizeDomain(email.slice(at + 1));
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : null;
}

/**
 * The domain to look an account up by, or null when this address can never join by domain
 * (free mail, or no usable domain). Matching is exact and case-insensitive: a subdomain is
 * another organisation's as far as we can tell.
 */
export function joinableDomain(email: string): string | null {
  const domain = emailDomain(email);
  if (!domain || isFreeMailDomain(domain)) return null;
  return domain;
}
