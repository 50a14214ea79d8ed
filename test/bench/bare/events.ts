import type { BareHandler } from "./server";

/**
 * Usage events reduced to their core: parse the batch and insert each event into the same
 * table (the same unique event id, the same indexes), in one transaction, then 202 — what the
 * app's POST /api/v1/events does, minus authentication, rate limits, validation, resolving people
 * and the day rollups.
 */
const events: BareHandler = (sqlite) => {
  const accountIds = new Map(
    (sqlite.prepare("SELECT external_id AS externalId, id FROM accounts").all() as { externalId: string; id: number }[]).map((a) => [a.externalId, a.id]),
  );
  const typeIds = new Map<string, number>();
  const insertType = sqlite.prepare("INSERT INTO usage_event_types (name) VALUES (?) ON CONFLICT(name) DO UPDATE SET name = excluded.name RETURNING id");
  const insert = sqlite.prepare(
    `INSERT INTO usage_events (event_id, account_id, contact_id, person, type_id, occurred_at, received_at, properties)
     VALUES (?, ?, NULL, NULL, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING`,
  );
  type Event = { id: string; type: string; accountExternalId: string; occurredAt: string; properties?: Record<string, unknown> };
  const write = sqlite.transaction((batch: Event[], now: number) => {
    let accepted = 0;
    for (const event of batch) {
      let typeId = typeIds.get(event.type);
      if (typeId === undefined) typeIds.set(event.type, (typeId = (insertType.get(event.type) as { id: number }).id));
      const props = event.properties ? JSON.stringify(event.properties) : null;
      accepted += insert.run(event.id, accountIds.get(event.accountExternalId), typeId, Date.parse(event.occurredAt), now, props).changes;
    }
    return accepted;
  });
  return (request, response, body) => {
    if (request.method === "GET") {
      response.writeHead(request.url === "/healthz" ? 200 : 404).end();
      return;
    }
    const batch = (JSON.parse(body.toString("utf8")) as { events: Event[] }).events;
    const accepted = write.immediate(batch, Date.now());
    response.writeHead(202, { "Content-Type": "application/json" }).end(JSON.stringify({ accepted, duplicates: batch.length - accepted, errors: [] }));
  };
};

export default events;
