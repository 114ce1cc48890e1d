// @ts-check
// The source registry: what each citation is (title, publisher, date,
// kind), fetched once and kept, so every list of sources can name them.

import { api } from './api.js';

/** @typedef {{id: string, url: string, title: string, publisher: string,
 *   published?: string, kind: string, tier1: boolean}} Source */

/** @type {Promise<Map<string, Source>> | null} */
let registry = null;

/** sources resolves to the registry by URL; a failure leaves it empty (the
 * lists then show bare URLs) and is tried again next time.
 * @returns {Promise<Map<string, Source>>} */
export function sources() {
  if (!registry) {
    registry = api
      .sources()
      .then((res) => new Map((res.items || []).map((s) => [s.url, s])))
      .catch(() => {
        registry = null;
        return new Map();
      });
  }
  return registry;
}
