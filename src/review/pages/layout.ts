/** The frame of every review page: head, navigation, sign-out form. No inline script or style. */
import { html, type SafeHtml } from '../html.js';
import type { Reviewer } from '../reviewers.js';

export interface PageFrame {
  readonly title: string;
  /** Absent on the login page. */
  readonly reviewer?: Reviewer;
  readonly csrf?: string;
  /** Marks the current navigation entry. */
  readonly section?: 'queue' | 'stats';
  /** For review.js: which keyboard shortcuts apply. */
  readonly kind: 'login' | 'queue' | 'decision' | 'stats' | 'error';
}

function nav(frame: PageFrame): SafeHtml | null {
  if (!frame.reviewer || !frame.csrf) return null;
  const scope = frame.reviewer.scope === 'all' ? 'all products' : frame.reviewer.scope.join(', ');
  const current = (s: PageFrame['section']) =>
    frame.section === s ? html` aria-current="page"` : null;
  return html`<nav>
    <a href="/review" ${current('queue')}>Queue</a>
    <a href="/review/stats" ${current('stats')}>Stats</a>
    <a href="/review/export">Export labels (JSONL)</a>
    <span class="who">${frame.reviewer.name} · ${scope}</span>
    <form method="post" action="/review/logout" class="inline">
      <input type="hidden" name="_csrf" value="${frame.csrf}" />
      <button type="submit">Sign out</button>
    </form>
  </nav>`;
}

export function page(frame: PageFrame, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${frame.title} · Parapet review</title>
        <link rel="stylesheet" href="/review/static/review.css" />
        <link rel="stylesheet" href="/review/static/triage.css" />
        <script src="/review/static/review.js" defer></script>
      </head>
      <body data-page="${frame.kind}">
        <header><a class="brand" href="/review">Parapet review</a>${nav(frame)}</header>
        <main>${body}</main>
      </body>
    </html> `.value;
}

/** A failure shown as a page (the API answers the same codes as JSON). */
export function errorPage(
  status: number,
  code: string,
  message: string,
  signedIn: boolean,
): string {
  const back = signedIn
    ? html`<a href="/review">Back to the queue</a>`
    : html`<a href="/review/login">Sign in</a>`;
  return page(
    { title: `Error ${status}`, kind: 'error' },
    html`<h1>${status}: ${code}</h1>
      <p>${message}</p>
      <p>${back}</p>`,
  );
}
