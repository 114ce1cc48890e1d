// @name exposure
// @description Where a country's OEMs' supply comes from: every facility upstream of them (within 10 hops), by tier and country, weighted by the tonnes it ships, with each tier's Herfindahl-Hirschman index (0-10,000).
// @param to string = "JP"   Destination country: its OEMs.
MATCH (d:OEM {country: $to})
MATCH ANY SHORTEST (u:Facility)-[:SUPPLIES]->{1,10}(d)
WITH DISTINCT u
MATCH (u)-[s:SUPPLIES]->()
WITH [l IN labels(u) WHERE l <> 'Facility'][0] AS tier, u.country AS country, sum(coalesce(s.tonnesPerYear, 0.0)) AS tonnes
WITH tier, collect({country: country, tonnes: tonnes}) AS rows, sum(tonnes) AS total
UNWIND rows AS r
WITH tier, total, r.country AS country, r.tonnes AS tonnes,
     CASE WHEN total > 0 THEN r.tonnes / total ELSE 0.0 END AS share
ORDER BY tier, tonnes DESC
WITH tier, total, collect({country: country, tonnes: tonnes, share: round(share, 4)}) AS countries,
     sum(share * share) * 10000 AS hhi
RETURN tier, total AS tonnes, round(hhi) AS hhi, countries
ORDER BY tier
