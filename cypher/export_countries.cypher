// @name export_countries
// @description Every country, for export.
MATCH (c:Country)
RETURN c.code AS code, c.name AS name, c.region AS region
ORDER BY code
