import { html } from '../html.js';
import { page } from './layout.js';

export function loginPage(csrf: string, failed: boolean): string {
  return page(
    { title: 'Sign in', kind: 'login' },
    html`<h1>Sign in</h1>
      <p>Paste the reviewer token printed by <code>parapet reviewers create</code>.</p>
      ${failed ? html`<p class="error" role="alert">That token is unknown or revoked.</p>` : null}
      <form method="post" action="/review/login" class="login">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <label for="token">Reviewer token</label>
        <input id="token" name="token" type="password" autocomplete="off" required autofocus />
        <button type="submit">Sign in</button>
      </form>`,
  );
}
