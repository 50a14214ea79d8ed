import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { KpiQuery } from "../domain/revenue-events";
import { retentionKpis } from "../services/retention-kpis.server";
import { getSetting } from "../models/settings.server";
import { ApiError, apiJson, authenticateApiRequest, handleApi, methodNotAllowed } from "../utils/api.server";
import { parseApiQuery } from "../utils/api-query.server";

/**
 * GET /api/v1/kpis?from=&to=&segment= — GRR, NRR and churn for a period (scope kpis:read):
 * `{"currency","startingArr","endingArr","expansion","contraction","churn","nrr","grr",
 * "logos":{"start","churned"},"churnByReason":[{"reason","arr","logos"}]}`. Money in minor units
 * of the reporting currency; ratios are decimals, null with no cohort; `from` and `to` are
 * inclusive days in the team's zone. A currency without a rate in force on `to` answers 422.
 */
export function loader({ request }: LoaderFunctionArgs) {
  return handleApi(() => {
    const { headers } = authenticateApiRequest(request, "kpis:read");
    const query = parseApiQuery(KpiQuery, request, headers, "?from=YYYY-MM-DD&to=YYYY-MM-DD&segment=high|low|tech");
    const result = retentionKpis(query);
    if (!result.ok) {
      const reporting = getSetting("currency").reportingCurrency;
      throw new ApiError(
        422,
        "no_rate",
        `No exchange rate into ${reporting} is in force on ${query.to} for ${result.missingCurrencies.join(", ")}; an admin can add one in Settings → Currency.`,
        headers,
        { missingCurrencies: result.missingCurrencies },
      );
    }
    const { accounts: _accounts, ...figures } = result.figures;
    return apiJson(figures, 200, headers);
  });
}

export function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, ["GET"]);
}
