// @name routes
// @description Mine→destination routes that avoid some countries and cross one of the via countries, widest (largest bottleneck tonnes) first; each route lists its hops with material, tonnes and basis. Up to 5 shortest routes per mine and OEM are considered, up to 8 hops long.
// @param to string = "JP"             Destination country: routes end at its OEMs.
// @param avoid list<string> = ["CN"]  No facility of the route may be in these countries.
// @param via list<string> = ["AU", "MY"]  The route must cross at least one of these countries; [] for no constraint.
// @param limit int = 10               How many routes to return.
MATCH p = SHORTEST 5 (
  (m:Mine WHERE NOT m.country IN $avoid)
  (()-[:SUPPLIES]->(b:Facility WHERE NOT b.country IN $avoid)){1,8}
  (d:OEM WHERE d.country = $to)
  WHERE size($via) = 0 OR m.country IN $via OR any(x IN b WHERE x.country IN $via)
)
WITH p, relationships(p) AS rels
WITH p, rels, reduce(b = 1.0e18, r IN rels | CASE WHEN coalesce(r.tonnesPerYear, 0.0) < b THEN coalesce(r.tonnesPerYear, 0.0) ELSE b END) AS bottleneck
RETURN [n IN nodes(p) | n.id + ' (' + n.country + ')'] AS route,
       bottleneck AS bottleneckTonnes,
       size(rels) AS hops,
       [r IN rels | {from: startNode(r).id, to: endNode(r).id, material: r.material, tonnes: r.tonnesPerYear, basis: r.basis}] AS flows
ORDER BY bottleneckTonnes DESC, hops, route
LIMIT $limit
