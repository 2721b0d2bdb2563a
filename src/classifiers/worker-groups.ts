/**
 * A scan worker's text views per group (one text of one stage on the request thread; ids from
 * scan-batch.ts), kept for the groups seen last: one text's jobs reach the worker in several
 * batches (the offloaded rules, then toxicity's scores after the language gate, ...), and each
 * batch built its own views and memo, so a 1 KB text's sentences were featurized about three
 * times on the worker (`npm run bench:profile`, 400 requests: ~3,300 characters featurized per
 * request of ~1,100).
 */
import type { TextViews } from '../contract/text-views.js';
import { createTextViews } from '../text/views.js';

/** Enough for every request in flight at 16 connections; each holds a few hundred KB at most. */
const RECENT_GROUPS = 64;

/** Where the jobs of one batch find their views: by group id, 0 meaning no group. */
export interface BatchViews {
  /** The views of `text` in group `id`, shared by every rule that scans it there. */
  views(id: number, text: string): TextViews;
  /**
   * Where a model job of group `id` memoizes: the group's first views (its own text, which the
   * offloaded rules scan; a model's memo entries are keyed by the text they hold, so every text
   * of the group may share them, as the raw text and its normalized reading do).
   */
  memo(id: number, text: string): TextViews;
}

function viewsIn(group: Map<string, TextViews>, text: string): TextViews {
  let views = group.get(text);
  if (!views) group.set(text, (views = createTextViews(text)));
  return views;
}

export class WorkerGroups {
  readonly #groups = new Map<number, Map<string, TextViews>>();
  readonly #max: number;

  /** `max`: groups kept, the least recently used dropped first. */
  constructor(max = RECENT_GROUPS) {
    this.#max = max;
  }

  #group(id: number): Map<string, TextViews> {
    let group = this.#groups.get(id);
    if (group) this.#groups.delete(id);
    else group = new Map();
    this.#groups.set(id, group);
    if (this.#groups.size > this.#max) this.#groups.delete(this.#groups.keys().next().value ?? 0);
    return group;
  }

  /**
   * The views of one batch. Jobs without a group (id 0: a language ranking, a caller without
   * views) share views within their batch only, in a map of the batch's own: given an id in the
   * kept groups, as they once were, every such batch took a slot there and pushed out a real
   * request's group while its later batches were still to come.
   */
  batch(): BatchViews {
    const ungrouped = new Map<string, TextViews>();
    const groupOf = (id: number) => (id === 0 ? ungrouped : this.#group(id));
    return {
      views: (id, text) => viewsIn(groupOf(id), text),
      memo: (id, text) => {
        const group = groupOf(id);
        return group.values().next().value ?? viewsIn(group, text);
      },
    };
  }
}
