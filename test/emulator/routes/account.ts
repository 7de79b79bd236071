import type { Route } from '../http';
import { json } from '../http';

/** GET /account: what a client calls to check that a token works. */
export function accountRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/v1\/account\/?$/,
      name: 'account.get',
      auth: true,
      handle: () => json(200, { type: 'user', username: 'weft-test', name: 'Weft Test', github_url: null }),
    },
  ];
}
