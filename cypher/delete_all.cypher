// @name delete_all
// @description Deletes the whole network (facilities, countries, materials, elements and every relationship among them, CONTAINS included; not the saved scenarios) in one statement: the replace mode of an import, inside its transaction.
// @mode write
MATCH (n)
WHERE NOT n:Scenario
DETACH DELETE n
