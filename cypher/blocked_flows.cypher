// @name blocked_flows
// @description The flows an export control stops: from a facility in the restricting country to one in the target country (or any other country for "*"), of a listed material or one carrying a listed element.
// @param control string = "CN-2026-001-JP"   The control's id.
MATCH (:Country)-[c:RESTRICTS {id: $control}]->(target)
MATCH (a:Facility)-[s:SUPPLIES]->(b:Facility)
WHERE a.country = startNode(c).code AND b.country <> a.country
  AND (target.code = '*' OR b.country = target.code)
MATCH (m:Material {code: s.material})
WHERE s.material IN c.materials OR any(e IN m.elements WHERE e IN c.elements)
RETURN a.id AS from, a.country AS fromCountry, b.id AS to, b.country AS toCountry,
       s.material AS material, s.tonnesPerYear AS tonnes, s.basis AS basis
ORDER BY tonnes DESC, from, to
