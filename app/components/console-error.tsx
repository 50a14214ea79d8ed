import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useRequestReference } from "../utils/request-reference";
import { RequestReference } from "./request-reference";
import { useWordMessage } from "./settings-form";

const TITLED = [400, 403, 404, 409, 413] as const;

/**
 * Errors inside the console keep the navigation around them, so a bad link or a refused
 * action is a page with a way on, not a dead end. 4xx messages are written for people and shown,
 * in the reader's language: a loader throws either a sentence already worded for its reader or a
 * code from `fieldMessage` (`requireId`, a route's "not found"), which is worded here.
 */
export function ConsoleError({ back }: { back?: { to: string; label: string } }) {
  const error = useRouteError();
  const { t } = useTranslation("admin");
  const word = useWordMessage();
  const reference = useRequestReference();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    isRouteErrorResponse(error) && status < 500 && typeof error.data === "string" && error.data.trim() !== ""
      ? word(error.data)
      : status === 404
        ? t("errorPages.nothingHere")
        : t("errorPages.ourSide");
  const title = (TITLED as readonly number[]).includes(status)
    ? t(`errorPages.titles.${status as (typeof TITLED)[number]}`)
    : status >= 500
      ? t("errorPages.titles.500")
      : t("errorPages.titles.other");
  return (
    <div className="card" role="alert">
      <p className="eyebrow">{t("errorPages.eyebrow", { status })}</p>
      <h1>{title}</h1>
      <p>{message}</p>
      <RequestReference label={t("errorPages.reference")} reference={reference} />
      {back ? (
        <p>
          <Link to={back.to}>{back.label}</Link>
        </p>
      ) : null}
    </div>
  );
}
