// @name delete_all
// @description Deletes the whole network (facilities, countries, materials, elements, stockpiles, demands and every relationship among them, CONTAINS included; not the saved scenarios, nor the graph's generation) in one statement: the replace mode of an import, inside its transaction.
// @mode write
MATCH (n)
WHERE NOT n:Scenario AND NOT n:Generation
DETACH DELETE n
