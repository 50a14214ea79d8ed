import { describe, expect, it } from "vitest";
import { emailDomain, isFreeMailDomain, joinableDomain } from "./community-join";

describe("free-mail domains never join by domain", () => {
  const listed = [
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.jp",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.de",
    "gmx.net",
    "gmx.co.uk",
    "gmx.com",
    "mail.ru",
    "qq.com",
    "163.com",
    "naver.com",
    "docomo.ne.jp",
    "ezweb.ne.jp",
    "softbank.ne.jp",
    "i.softbank.jp",
  ];
  it.each(listed)("%s is free mail", (domain) => {
    expect(isFreeMailDomain(domain)).toBe(true);
    expect(joinableDomain(`someone@${domain}`)).toBeNull();
  });

  it("ignores case, spaces and a trailing dot", () => {
    expect(joinableDomain("Taro@GMAIL.COM")).toBeNull();
    expect(joinableDomain("taro@Yahoo.Co.Jp.")).toBeNull();
    expect(isFreeMailDomain(" GMX.AT ")).toBe(true);
  });

  it("leaves companies alone, including ones whose names start like a provider's", () => {
    expect(joinableDomain("hanako@acme.co.jp")).toBe("acme.co.jp");
    expect(joinableDomain("Hanako@ACME.example")).toBe("acme.example");
    expect(isFreeMailDomain("gmx-consulting.de")).toBe(false);
    expect(isFreeMailDomain("gmail.com.acme.example")).toBe(false);
    expect(isFreeMailDomain("webcorp.com")).toBe(false);
    expect(isFreeMailDomain("web.acme-holdings.com")).toBe(false);
    expect(isFreeMailDomain("mail.acme.ru")).toBe(false);
  });
});

describe("an address's domain", () => {
  it("is the part after the last @", () => {
    expect(emailDomain("a@b.example")).toBe("b.example");
    expect(emailDomain('"a@x"@b.example')).toBe("b.example");
  });
  it("is null for something that is not a domain", () => {
    expect(emailDomain("no-at-sign")).toBeNull();
    expect(emailDomain("@b.example")).toBeNull();
    expect(emailDomain("a@localhost")).toBeNull();
    expect(emailDomain("a@b..example")).toBeNull();
  });
});
