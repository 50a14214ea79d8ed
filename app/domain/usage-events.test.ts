import { describe, expect, it } from "vitest";
import { personKey, propertiesProblem, rollUp, UsageEventRow, validateUsageEvents, wellFormedUsageEvent } from "./usage-events";

const NOW = Date.parse("2026-12-07T00:00:00Z");
const event = (extra: Record<string, unknown> = {}) => ({
  id: "e1",
  type: "login",
  accountExternalId: "A-1",
  occurredAt: "2026-12-06T10:00:00+09:00",
  ...extra,
});

describe("validateUsageEvents", () => {
  it("keeps each valid event with its time in epoch ms and its properties as JSON", () => {
    const { valid, errors } = validateUsageEvents([event({ email: " Hana@Example.JP ", properties: { plan: "pro", seats: 3, trial: false } })], NOW);
    expect(errors).toEqual([]);
    expect(valid).toEqual([
      {
        index: 0,
        eventId: "e1",
        type: "login",
        accountExternalId: "A-1",
        email: "hana@example.jp",
        userId: null,
        occurredAt: Date.parse("2026-12-06T01:00:00Z"),
        properties: '{"plan":"pro","seats":3,"trial":false}',
      },
    ]);
  });

  it("lists each bad field of each bad event by index and path, and keeps the good ones", () => {
    const { valid, errors } = validateUsageEvents(
      [
        event({ id: "" }),
        event({ id: "ok" }),
        event({ id: "t", occurredAt: "2026-12-06 10:00" }),
        event({ id: "z", occurredAt: "2026-12-06T10:00:00" }),
        event({ id: "p", properties: { nested: { a: 1 } } }),
        event({ id: "u", colour: "red" }),
        event({ id: "f", occurredAt: "2026-12-09T00:00:00Z" }),
        event({ id: "m", email: "not-an-address" }),
      ],
      NOW,
    );
    expect(valid.map((v) => v.eventId)).toEqual(["ok"]);
    expect(errors.map((e) => [e.index, e.path, e.code])).toEqual([
      [0, "id", "invalid_value"],
      [2, "occurredAt", "invalid_value"],
      [3, "occurredAt", "invalid_value"],
      [4, "properties", "invalid_value"],
      [5, "colour", "unknown_field"],
      [6, "occurredAt", "invalid_value"],
      [7, "email", "invalid_value"],
    ]);
  });

  it("counts an id repeated inside the call as a duplicate of the first", () => {
    const { valid, duplicates } = validateUsageEvents([event(), event({ type: "export" }), event({ id: "e2" })], NOW);
    expect(valid.map((v) => [v.eventId, v.type])).toEqual([
      ["e1", "login"],
      ["e2", "login"],
    ]);
    expect(duplicates).toBe(1);
  });
});

describe("propertiesProblem", () => {
  it("accepts a flat object and refuses nesting, lists, long values and more than 2 kB", () => {
    expect(propertiesProblem({ a: "x", b: 1, c: true, d: null })).toBeNull();
    expect(propertiesProblem([1])).toMatch(/object/);
    expect(propertiesProblem({ a: [1] })).toMatch(/^a: /);
    expect(propertiesProblem({ a: "x".repeat(501) })).toMatch(/500/);
    expect(propertiesProblem(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, "v".repeat(300)])))).toMatch(/2048 bytes/);
  });
});

describe("personKey", () => {
  it("names a person by address when one is known, else by the product's user id", () => {
    expect(personKey({ email: "a@b.jp", userId: "u1" })).toBe("e:a@b.jp");
    expect(personKey({ email: null, userId: "u1" })).toBe("u:u1");
    expect(personKey({ email: null, userId: null })).toBeNull();
  });
});

describe("rollUp", () => {
  it("adds a batch up per account, day and type, and per account, day and person", () => {
    const rollup = rollUp([
      { accountId: 1, day: "2026-12-06", typeId: 7, person: 100 },
      { accountId: 1, day: "2026-12-06", typeId: 7, person: 100 },
      { accountId: 1, day: "2026-12-06", typeId: 8, person: 200 },
      { accountId: 1, day: "2026-12-07", typeId: 7, person: null },
      { accountId: 2, day: "2026-12-06", typeId: 7, person: 100 },
    ]);
    expect([...rollup.byType.values()]).toEqual([
      { accountId: 1, day: "2026-12-06", typeId: 7, events: 2 },
      { accountId: 1, day: "2026-12-06", typeId: 8, events: 1 },
      { accountId: 1, day: "2026-12-07", typeId: 7, events: 1 },
      { accountId: 2, day: "2026-12-06", typeId: 7, events: 1 },
    ]);
    expect([...rollup.byPerson.values()]).toEqual([
      { accountId: 1, day: "2026-12-06", person: 100, events: 2 },
      { accountId: 1, day: "2026-12-06", person: 200, events: 1 },
      { accountId: 2, day: "2026-12-06", person: 100, events: 1 },
    ]);
  });
});

describe("wellFormedUsageEvent (the fast path in front of the schema)", () => {
  const corpus: unknown[] = [
    event(),
    event({ email: " Hana@Example.JP " }),
    event({ userId: " u-42 ", properties: { plan: "pro", seats: 3, trial: false, note: null } }),
    event({ id: "  padded  ", type: " login ", accountExternalId: " A-1 " }),
    event({ occurredAt: "2026-12-06T10:00Z" }),
    event({ occurredAt: "2026-12-06T10:00:00.123456+0900" }),
    event({ id: "x".repeat(200) }),
    // Each of these is refused by the schema; the fast path must refuse them too.
    event({ id: "x".repeat(201) }),
    event({ id: "   " }),
    event({ id: 42 }),
    event({ type: "a\tb" }),
    event({ accountExternalId: "A\u2028" }),
    event({ email: "not-an-address" }),
    event({ email: null }),
    event({ email: `${"a".repeat(250)}@x.jp` }),
    event({ userId: "" }),
    event({ occurredAt: "2026-02-30T10:00:00Z" }),
    event({ occurredAt: "2026-12-06 10:00:00" }),
    event({ occurredAt: "2026-12-06T10:00:00" }),
    event({ properties: { nested: { a: 1 } } }),
    event({ properties: [1, 2] }),
    event({ properties: null }),
    event({ properties: { long: "x".repeat(501) } }),
    event({ extra: "field" }),
    { type: "login", accountExternalId: "A-1", occurredAt: "2026-12-06T10:00:00Z" },
    null,
    "event",
    [event()],
  ];

  it("returns exactly what the schema returns, or null so the schema words the errors", () => {
    for (const input of corpus) {
      const fast = wellFormedUsageEvent(input);
      const parsed = UsageEventRow.safeParse(input);
      if (!parsed.success) expect(fast, JSON.stringify(input)).toBeNull();
      else if (fast !== null) expect(fast, JSON.stringify(input)).toEqual(parsed.data);
    }
  });

  it("takes the common well-formed events itself", () => {
    for (const input of corpus.slice(0, 7)) expect(wellFormedUsageEvent(input), JSON.stringify(input)).not.toBeNull();
  });
});
