import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatMoney, type Segment } from "../domain/segments";
import { countAccountsBySegment, countContacts } from "../models/account.server";
import { requireStaff } from "../utils/auth.server";

export const meta: MetaFunction = () => [{ title: "Overview · Kizuna console" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "read:account:any");
  return { segments: countAccountsBySegment(), contacts: countContacts() };
}

const SEGMENT_LABEL: Record<Segment, string> = { high: "High touch", low: "Low touch", tech: "Tech touch" };

export default function Overview() {
  const { segments, contacts } = useLoaderData<typeof loader>();
  const total = Object.values(segments).reduce((sum, s) => sum + s.accounts, 0);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p>Your customer base by touch model.</p>
        </div>
      </div>
      <div className="stats">
        <div className="stat">
          <div className="value">{total.toLocaleString("en")}</div>
          <div className="label">Accounts</div>
        </div>
        <div className="stat">
          <div className="value">{contacts.toLocaleString("en")}</div>
          <div className="label">Contacts</div>
        </div>
      </div>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Accounts and ACV by segment</caption>
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col" className="num">Accounts</th>
              <th scope="col" className="num">ACV</th>
            </tr>
          </thead>
          <tbody>
            {(Object.keys(SEGMENT_LABEL) as Segment[]).map((segment) => (
              <tr key={segment}>
                <td>
                  <Link to={`/cs/accounts?segment=${segment}`}>
                    <span className={`badge ${segment}`}>{SEGMENT_LABEL[segment]}</span>
                  </Link>
                </td>
                <td className="num">{segments[segment].accounts.toLocaleString("en")}</td>
                <td className="num">
                  {Object.entries(segments[segment].acvByCurrency)
                    .map(([currency, amount]) => formatMoney({ amount, currency }))
                    .join(" · ") || "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
