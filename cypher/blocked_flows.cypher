// @name blocked_flows
// @description The flows an export control stops (none for one that reaches military end users only, which the graph does not model) and what of them: from a facility in the restricting country to one in the target country (or any other country for "*"), the content of each element the control lists (all of a material it lists) that the flow carries, in tonnes of those elements as metal (tonnesPerYear × content; the flow's own content, else its shipper's, else the material's default).
// @param control string = "CN-2026-01-JP-DEFACTO"   The control's id.
MATCH (:Country)-[c:RESTRICTS {id: $control}]->(target)
WHERE coalesce(c.endUse, '') <> 'military'  // military end users are not modelled: such a control stops no flow
MATCH (a:Facility)-[s:SUPPLIES]->(b:Facility)
WHERE a.country = startNode(c).code AND b.country <> a.country
  AND (target.code = '*' OR b.country = target.code)
MATCH (m:Material {code: s.material})
WITH a, b, s, [e IN m.elements WHERE s.material IN c.materials OR e IN c.elements | {element: e, content: coalesce(
       head([(m)-[k:CONTAINS {element: e, from: a.id, to: b.id}]->() | k.fraction]),
       head([(m)-[k:CONTAINS {element: e, from: a.id, to: ''}]->() | k.fraction]),
       head([(m)-[k:CONTAINS {element: e, from: '', to: ''}]->() | k.fraction]), 0.0)}] AS listed
WITH a, b, s, [x IN listed WHERE x.content > 0] AS stopped
WHERE size(stopped) > 0
WITH a, b, s, stopped, reduce(t = 0.0, x IN stopped | t + x.content) AS content
RETURN a.id AS from, a.country AS fromCountry, b.id AS to, b.country AS toCountry,
       s.material AS material, s.tonnesPerYear AS materialTonnes,
       [x IN stopped | x.element] AS elements, round(content, 6) AS content,
       CASE WHEN s.tonnesPerYear IS NULL THEN null ELSE round(s.tonnesPerYear * content, 3) END AS elementTonnes,
       s.basis AS basis
ORDER BY elementTonnes DESC, from, to
