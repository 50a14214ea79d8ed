import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "That request could not be read",
  403: "Not allowed",
  404: "Not found",
  409: "Already done",
  413: "Too large",
};

/**
 * Errors inside the console keep the navigation around them, so a bad link or a refused
 * action is a page with a way on, not a dead end. 4xx messages are written for people and shown.
 */
export function ConsoleError({ back }: { back?: { to: string; label: string } }) {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    isRouteErrorResponse(error) && status < 500 && typeof error.data === "string" && error.data.trim() !== ""
      ? error.data
      : status === 404
        ? "There is nothing at this address."
        : "Something went wrong on our side. Try again in a moment.";
  return (
    <div className="card" role="alert">
      <p className="eyebrow">Error {status}</p>
      <h1>{TITLES[status] ?? (status >= 500 ? "Something went wrong" : "That did not work")}</h1>
      <p>{message}</p>
      {back ? (
        <p>
          <Link to={back.to}>{back.label}</Link>
        </p>
      ) : null}
    </div>
  );
}
