// @description Facilities are often filtered by country.
// @mode write
CREATE INDEX facility_country IF NOT EXISTS FOR (f:Facility) ON (f.country)
