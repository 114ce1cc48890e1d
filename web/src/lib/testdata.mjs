// @ts-check
// Fixtures shared by the helpers' tests.

/** graph is a small subgraph as GET /api/v1/graph answers it. */
export const graph = {
  nodes: [
    { id: 'MTW', name: 'Mount Weld', tier: 'Mine', country: 'AU', company: 'Lynas', status: 'operating' },
    {
      id: 'LAMP',
      name: 'Lynas Malaysia',
      tier: 'Separation',
      country: 'MY',
      company: 'Lynas',
      status: 'operating',
      locationApproximate: true,
    },
    {
      id: 'BAOTOU',
      name: 'Baotou',
      tier: 'Separation',
      country: 'CN',
      company: 'Northern',
      status: 'operating',
      aggregate: true,
    },
    { id: 'SHINETSU', name: 'Shin-Etsu', tier: 'Magnet', country: 'JP', company: 'Shin-Etsu', status: 'planned' },
  ],
  edges: [
    { from: 'MTW', to: 'LAMP', material: 'mixed-concentrate', tonnes: 9000, basis: 'reported', sources: ['https://a'] },
    { from: 'LAMP', to: 'SHINETSU', material: 'ndpr-oxide', tonnes: 900, basis: 'estimated', sources: [] },
    { from: 'BAOTOU', to: 'SHINETSU', material: 'ndpr-oxide', tonnes: null, basis: 'inferred', sources: [] },
  ],
};

/** nodes are facilities of a destination's chain; names maps country codes to names. */
export const nodes = [
  { id: 'MTW', name: 'Mount Weld', tier: 'Mine', country: 'AU', company: 'Lynas Rare Earths' },
  { id: 'LAMP', name: 'Lynas Malaysia', tier: 'Separation', country: 'MY', company: 'Lynas Rare Earths' },
  { id: 'BAOTOU', name: 'Baotou', tier: 'Separation', country: 'CN', company: 'Northern' },
  { id: 'MAG', name: 'Shin-Etsu', tier: 'Magnet', country: 'JP', company: 'Shin-Etsu' },
  { id: 'OEM', name: 'Toyota', tier: 'OEM', country: 'JP', company: 'Toyota' },
  { id: 'US1', name: 'Far away', tier: 'Mine', country: 'US', company: 'X' },
];
export const names = new Map([
  ['JP', 'Japan'],
  ['CN', 'China'],
  ['MY', 'Malaysia'],
]);
