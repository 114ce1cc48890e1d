// @ts-check
// The chain's Cytoscape styles and the sizes it is drawn at.

/** Column spacing (model units): the seed-sized chain leaves room for a
 * label right of each node; big graphs have no labels. */
export const COL_GAP = 190;
export const BIG_COL_GAP = 280;
/** Room kept right of the last column for its labels (model units). */
export const LABEL_ROOM = 110;
/** Height of the tier headers over the chain (pixels). */
export const HEADER_H = 26;
/** On-screen size of the significant nodes' labels at the first fit (px). */
export const SIG_FONT_PX = 10;
/** BIG is the node count above which the chain uses plain columns and
 * cheaper styles. */
export const BIG = 800;

/** chainStyle is the chain's stylesheet; big graphs get cheaper styles.
 * @param {boolean} big
 * @returns {import('cytoscape').StylesheetJson} */
export function chainStyle(big) {
  return big ? bigStyle() : fullStyle(false);
}

/** bigStyle is the stylesheet of a big graph: the marks' rules of the full
 * one, over a node and a flow rule with only what a dot and a line need
 * (no label, ring or text properties): each property costs Cytoscape its
 * computation on every one of thousands of elements at the first paint.
 * @returns {import('cytoscape').StylesheetJson} */
function bigStyle() {
  const rules = /** @type {any[]} */ (fullStyle(true));
  return [
    { selector: 'node', style: { 'background-color': 'data(colour)', width: 'data(size)', height: 'data(size)' } },
    {
      selector: 'edge',
      style: { width: 'data(width)', 'line-color': '#8a96a3', opacity: 0.7, 'curve-style': 'haystack' },
    },
    ...rules.filter((r) => r.selector !== 'node' && r.selector !== 'edge'),
  ];
}

/** fullStyle is the stylesheet of a graph small enough for labels.
 * @param {boolean} big
 * @returns {import('cytoscape').StylesheetJson} */
function fullStyle(big) {
  return [
    {
      selector: 'node',
      style: {
        'background-color': 'data(colour)',
        width: 'data(size)',
        height: 'data(size)',
        label: big ? '' : 'data(label)',
        'font-size': 11,
        'text-valign': 'center',
        'text-halign': 'right',
        'text-margin-x': 3,
        color: '#1b1f24',
        'text-wrap': 'ellipsis',
        'text-max-width': `${COL_GAP - 24}px`,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.8,
        'text-background-padding': '1px',
        'text-background-shape': 'roundrectangle',
        // Big graphs draw no rings: half the strokes of the first paint.
        'border-width': big ? 0 : 1,
        'border-color': '#39424c',
        'min-zoomed-font-size': 8,
      },
    },
    { selector: 'node.significant', style: { 'font-size': 'data(sigFont)', 'z-index': 5 } },
    // The analyses' marked facilities keep readable labels when zoomed out,
    // as the significant ones do.
    {
      selector: 'node.dest, node.affected, node.cutoff, node.choke, node.route',
      style: { 'font-size': 'data(sigFont)' },
    },
    { selector: 'node.aggregate', style: { shape: 'hexagon', 'border-width': 3, 'border-style': 'double' } },
    // Planned or under construction: hollow (pale fill, ring in the
    // country's colour); the label carries the status.
    {
      selector: 'node.notoperating',
      style: { 'background-opacity': 0.18, 'border-width': 2.5, 'border-color': 'data(colour)', color: '#56616c' },
    },
    { selector: 'node.collapsed', style: { shape: 'round-rectangle', 'border-width': 2, 'font-weight': 'bold' } },
    {
      selector: 'edge',
      style: {
        width: 'data(width)',
        'line-color': '#8a96a3',
        opacity: 0.7,
        'curve-style': big ? 'haystack' : 'bezier',
        'target-arrow-shape': big ? 'none' : 'triangle',
        'target-arrow-color': '#8a96a3',
        'arrow-scale': 0.7,
      },
    },
    // Dashes are costly on a canvas: on big graphs an estimate is paler
    // instead.
    big
      ? { selector: 'edge.estimated', style: { opacity: 0.45 } }
      : { selector: 'edge.estimated', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
    // A flow that carries none of the element counted: thin and faint.
    { selector: 'edge.noelement', style: { width: 1, opacity: 0.25 } },
    { selector: '.faded', style: { opacity: 0.3 } },
    { selector: 'node.match', style: { 'border-width': 4, 'border-color': '#f2a900', 'z-index': 20 } },
    // Not bold: a label whose weight changes after it was measured is cut
    // short on the canvas ("Nidec Corporatio"); the colour and the ring mark it.
    { selector: 'node.dest', style: { 'border-width': 4, 'border-color': '#1a7f37', color: '#0f5323', 'z-index': 22 } },
    {
      selector: 'node.choke',
      style: {
        'border-width': 4,
        'border-color': '#b4236b',
        label: 'data(chokeLabel)',
        'font-weight': 'bold',
        'z-index': 25,
      },
    },
    { selector: 'node.structural', style: { 'border-width': 6 } },
    { selector: 'node.affected', style: { 'border-width': 4, 'border-color': '#e07b00', 'z-index': 28 } },
    {
      selector: 'node.cutoff',
      style: {
        'border-width': 5,
        'border-color': '#b00020',
        'underlay-color': '#b00020',
        'underlay-opacity': 0.3,
        'underlay-padding': 7,
        label: 'data(cutLabel)',
        color: '#8a0018',
        'font-weight': 'bold',
        'z-index': 30,
      },
    },
    {
      selector: 'edge.blocked',
      style: {
        'line-color': '#b00020',
        'target-arrow-color': '#b00020',
        opacity: 0.9,
        'line-style': 'dotted',
        width: 3,
      },
    },
    { selector: 'node.route', style: { 'border-width': 4, 'border-color': '#0b3d91', 'z-index': 40, opacity: 1 } },
    {
      selector: 'edge.route',
      style: {
        'line-color': '#0b3d91',
        'target-arrow-color': '#0b3d91',
        opacity: 1,
        'z-index': 40,
        width: 5,
        label: 'data(hopLabel)',
        // placed off each other (placeHopLabels in chain.js)
        'text-margin-y': /** @type {any} */ ('data(hopDy)'),
        'text-opacity': /** @type {any} */ ('data(hopOpacity)'), // mappings, which the types do not allow here
        'text-background-opacity': /** @type {any} */ ('data(hopOpacity)'),
        'font-size': 'data(sigFont)',
        'font-weight': 'bold',
        color: '#0b3d91',
        'text-background-color': '#fff',
        'text-background-padding': '2px',
      },
    },
    // A route's link in doubt (inferred, a plant not operating, a
    // restricting country): dashed orange over the route's blue.
    {
      selector: 'edge.route.doubt',
      style: {
        'line-color': '#c25e00',
        'target-arrow-color': '#c25e00',
        'line-style': 'dashed',
        'line-dash-pattern': [8, 4],
      },
    },
    // Not in force on the as-of date (a flow not valid that day, a
    // facility not yet online): faded, still selectable; a facility
    // ramping up to capacity has a dashed ring.
    { selector: 'node.ramping', style: { 'border-width': 3, 'border-style': 'dashed', 'border-color': '#6b4fbb' } },
    { selector: 'node.notinforce', style: { opacity: 0.22 } },
    { selector: 'edge.notinforce', style: { opacity: 0.12, 'line-style': 'dotted' } },
    { selector: '.notinforce:selected', style: { opacity: 0.7 } },
    {
      selector: 'node:selected',
      style: { 'border-width': 4, 'border-color': '#000', 'overlay-color': '#000', 'overlay-opacity': 0.08 },
    },
    { selector: 'edge:selected', style: { 'line-color': '#000', 'target-arrow-color': '#000', opacity: 1 } },
  ];
}
