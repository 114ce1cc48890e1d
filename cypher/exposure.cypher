// @name exposure
// @description Where a country's OEMs' supply of an element comes from: every facility upstream of them (within 10 hops) over flows that carry the element, by tier and country, weighted by the tonnes of the element it ships (tonnesPerYear × content: the flow's own, else its shipper's, else the material's default), with each tier's Herfindahl-Hirschman index (0-10,000). Tonnes are of the element as metal; a facility's shipments count whatever their destination.
// @param to string = "JP"   Destination country: its OEMs.
// @param elements list<string> = ["Nd", "Pr"]  The element, or a group's members (Nd+Pr, Dy+Tb), counted.
MATCH (cm:Material)-[k:CONTAINS]->()
WHERE k.element IN $elements AND k.fraction > 0
WITH collect(DISTINCT cm.code) AS carrying
MATCH (d:OEM {country: $to})
MATCH ANY SHORTEST (u:Facility)(()-[s:SUPPLIES WHERE s.material IN carrying]->()){1,10}(d)
WITH DISTINCT u, carrying
MATCH (u)-[s:SUPPLIES]->(v)
WHERE s.material IN carrying
WITH u, s, reduce(c = 0.0, e IN $elements | c + coalesce(
       head([(:Material {code: s.material})-[k:CONTAINS {element: e, from: u.id, to: v.id}]->() | k.fraction]),
       head([(:Material {code: s.material})-[k:CONTAINS {element: e, from: u.id, to: ''}]->() | k.fraction]),
       head([(:Material {code: s.material})-[k:CONTAINS {element: e, from: '', to: ''}]->() | k.fraction]), 0.0)) AS content
WITH [l IN labels(u) WHERE l <> 'Facility'][0] AS tier, u.country AS country, sum(coalesce(s.tonnesPerYear, 0.0) * content) AS tonnes
WITH tier, collect({country: country, tonnes: tonnes}) AS rows, sum(tonnes) AS total
UNWIND rows AS r
WITH tier, total, r.country AS country, r.tonnes AS tonnes,
     CASE WHEN total > 0 THEN r.tonnes / total ELSE 0.0 END AS share
ORDER BY tier, tonnes DESC
WITH tier, total, collect({country: country, tonnes: round(tonnes, 3), share: round(share, 4)}) AS countries,
     sum(share * share) * 10000 AS hhi
RETURN tier, round(total, 3) AS tonnes, round(hhi) AS hhi, countries
ORDER BY tier
