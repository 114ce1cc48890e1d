// @name routes
// @description Mine→destination routes for an element that avoid some countries and cross one of the via countries, widest first, in tonnes of the element as metal: every hop must carry it (its material holds some), and each hop's tonnes are tonnesPerYear × its content of the elements (the flow's own content, else its shipper's, else the material's default). Up to 5 shortest routes per mine and OEM are considered, up to 8 hops long; the bottleneck counts the flows, not the facilities' capacities (the API's routes count both).
// @param to string = "JP"             Destination country: routes end at its OEMs.
// @param elements list<string> = ["Nd", "Pr"]  The element, or a group's members (Nd+Pr, Dy+Tb), counted.
// @param avoid list<string> = ["CN"]  No facility of the route may be in these countries.
// @param via list<string> = ["AU", "MY"]  The route must cross at least one of these countries; [] for no constraint.
// @param limit int[1..100] = 10        How many routes to return.
MATCH (cm:Material)-[k:CONTAINS]->()
WHERE k.element IN $elements AND k.fraction > 0
WITH collect(DISTINCT cm.code) AS carrying
MATCH p = SHORTEST 5 (
  (m:Mine WHERE NOT m.country IN $avoid)
  (()-[s:SUPPLIES WHERE s.material IN carrying]->(b:Facility WHERE NOT b.country IN $avoid)){1,8}
  (d:OEM WHERE d.country = $to)
  WHERE size($via) = 0 OR m.country IN $via OR any(x IN b WHERE x.country IN $via)
)
WITH collect(p) AS paths
// Each distinct flow's content once, then looked up for the paths' hops.
UNWIND paths AS p
UNWIND relationships(p) AS r
WITH paths, collect(DISTINCT r) AS rels
WITH paths, [r IN rels | [r, reduce(c = 0.0, e IN $elements | c + coalesce(
       head([(:Material {code: r.material})-[k:CONTAINS {element: e, from: startNode(r).id, to: endNode(r).id}]->() | k.fraction]),
       head([(:Material {code: r.material})-[k:CONTAINS {element: e, from: startNode(r).id, to: ''}]->() | k.fraction]),
       head([(:Material {code: r.material})-[k:CONTAINS {element: e, from: '', to: ''}]->() | k.fraction]), 0.0))]] AS contents
UNWIND paths AS p
WITH p, [r IN relationships(p) | {r: r, content: head([x IN contents WHERE x[0] = r | x[1]])}] AS hops
WHERE all(h IN hops WHERE h.content > 0)
WITH p, hops, reduce(b = 1.0e18, h IN hops | CASE WHEN coalesce(h.r.tonnesPerYear, 0.0) * h.content < b THEN coalesce(h.r.tonnesPerYear, 0.0) * h.content ELSE b END) AS bottleneck
RETURN [n IN nodes(p) | n.id + ' (' + n.country + ')'] AS route,
       round(bottleneck, 3) AS bottleneckTonnes,
       size(hops) AS hops,
       [h IN hops | {from: startNode(h.r).id, to: endNode(h.r).id, material: h.r.material, materialTonnes: h.r.tonnesPerYear,
                     content: round(h.content, 6), tonnes: CASE WHEN h.r.tonnesPerYear IS NULL THEN null ELSE round(h.r.tonnesPerYear * h.content, 3) END,
                     basis: h.r.basis}] AS flows
ORDER BY bottleneckTonnes DESC, hops, route
LIMIT $limit
