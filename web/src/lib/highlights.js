// @ts-check
// The analyses' marks on the graph and the key that lists them. No DOM.

/** HIGHLIGHTS are the analyses' marks on the graph, in the order the
 * "on the graph now" key lists them; class is the Cytoscape class, lg the
 * legend swatch's class. */
export const HIGHLIGHTS = [
  { key: 'dest', lg: 'dest', label: "destination's receiving facilities" },
  { key: 'cutoff', lg: 'cut', label: 'cut off in the scenario' },
  { key: 'affected', lg: 'part', label: 'partly cut in the scenario' },
  { key: 'blocked', lg: 'blocked', label: 'flows blocked by the controls', edges: true },
  { key: 'choke', lg: 'choke', label: 'chokepoints (share lost without each)' },
  { key: 'route', lg: 'route', label: 'routes (element tonnes per hop)' },
  { key: 'doubt', lg: 'doubt', label: 'route links in doubt (⚠ in the list)', edges: true },
  { key: 'match', lg: 'match', label: 'search matches' },
  { key: 'notyet', lg: 'notyet', label: 'not yet online on the as-of date (faded)' },
  { key: 'ramping', lg: 'ramping', label: 'ramping up to capacity (dashed ring)' },
  { key: 'notinforce', lg: 'notinforce', label: 'flows not in force on the as-of date (faded)', edges: true },
];

/**
 * highlightKey lists the highlights on screen, given how many elements
 * carry each ({dest: 7, route: 12, …}): only those with at least one, in
 * HIGHLIGHTS order, each with its count and noun.
 * @param {Record<string, number>} counts
 */
export function highlightKey(counts) {
  return HIGHLIGHTS.filter((x) => (counts && counts[x.key]) > 0).map((x) => ({
    ...x,
    n: counts[x.key],
    text: `${x.label}: ${counts[x.key]}`,
  }));
}
