package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/chokepoint-dev/chokepoint/graph"
)

func (s *Server) registerFacilities(api *gin.RouterGroup) {
	api.GET("/facilities", s.listFacilities)
	api.GET("/facilities/:id", s.getFacility)
}

// facilityJSON is a facility as the API shows it.
type facilityJSON struct {
	ID                  string              `json:"id"`
	Name                string              `json:"name"`
	Tier                string              `json:"tier"`
	Company             string              `json:"company,omitempty"`
	Country             string              `json:"country"`
	Lat                 *float64            `json:"lat"`
	Lon                 *float64            `json:"lon"`
	LocationApproximate bool                `json:"locationApproximate"`
	LocationNote        string              `json:"locationNote,omitempty"`
	Capacity            *float64            `json:"capacity"`
	CapacityLow         *float64            `json:"capacityLow"`
	CapacityHigh        *float64            `json:"capacityHigh"`
	CapacityUnit        string              `json:"capacityUnit,omitempty"`
	CapacityBasis       graph.CapacityBasis `json:"capacityBasis,omitempty"`
	Status              graph.Status        `json:"status"`
	OnlineDate          string              `json:"onlineDate,omitempty"`
	RampMonths          int                 `json:"rampMonths"`
	StockDays           *float64            `json:"stockDays"`
	Aggregate           bool                `json:"aggregate"`
	Notes               string              `json:"notes,omitempty"`
	provenanceJSON
}

func toFacilityJSON(f graph.Facility, reg map[string]sourceJSON) facilityJSON {
	return facilityJSON{
		ID: f.ID, Name: f.Name, Tier: string(f.Tier), Company: f.Company, Country: f.Country,
		Lat: f.Lat, Lon: f.Lon, LocationApproximate: f.LocationApproximate, LocationNote: f.LocationNote,
		Capacity: f.Capacity, CapacityLow: f.CapacityLow, CapacityHigh: f.CapacityHigh, CapacityUnit: f.CapacityUnit, CapacityBasis: f.CapacityBasis,
		Status: f.Status, OnlineDate: f.OnlineDate, RampMonths: f.RampMonths, StockDays: f.StockDays, Aggregate: f.Aggregate, Notes: f.Notes,
		provenanceJSON: toProvenanceJSON(f.Provenance, reg),
	}
}

type facilityPage struct {
	Items []facilityJSON `json:"items"`
	// Next is the cursor of the next page, or null on the last page.
	Next *string `json:"next"`
}

var (
	maxLimit   = 1000
	defaultLim = 100
)

// parseFacilityFilter reads and checks the query of GET /facilities,
// reporting every bad parameter.
func parseFacilityFilter(c *gin.Context) (graph.FacilityFilter, []graph.FieldError) {
	var f graph.FacilityFilter
	var errs []graph.FieldError
	bad := func(field, reason string) { errs = append(errs, graph.FieldError{Field: field, Reason: reason}) }
	f.Tier = wordParam(c, "tier", graph.Tiers, &errs)
	f.Country = countryParam(c, "country", &errs)
	f.Status = wordParam(c, "status", graph.Statuses, &errs)
	f.Company = strings.TrimSpace(c.Query("company"))
	f.Query = strings.TrimSpace(c.Query("q"))
	for _, p := range []struct{ name, v string }{{"company", f.Company}, {"q", f.Query}} {
		if len(p.v) > 200 {
			bad(p.name, "longer than 200 characters")
		}
	}
	f.Limit = defaultLim
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			bad("limit", "want a whole number from 1 to "+strconv.Itoa(maxLimit)+", got "+strconv.Quote(v))
		}
		f.Limit = n
	}
	f.After = readCursor(c, &errs)
	return f, errs
}

func (s *Server) listFacilities(c *gin.Context) {
	filter, errs := parseFacilityFilter(c)
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	list, next, err := s.store.Facilities(c.Request.Context(), filter)
	if err != nil {
		s.fail(c, err)
		return
	}
	reg, err := s.citations(c.Request.Context(), citedURLs(list, func(f graph.Facility) []string { return f.Sources }))
	if err != nil {
		s.fail(c, err)
		return
	}
	page := facilityPage{Items: make([]facilityJSON, len(list))}
	for i, f := range list {
		page.Items[i] = toFacilityJSON(f, reg)
	}
	page.Next = cursor(next)
	c.JSON(http.StatusOK, page)
}

func (s *Server) getFacility(c *gin.Context) {
	f, err := s.store.Facility(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	reg, err := s.citations(c.Request.Context(), citedURLs([]graph.Facility{f}, func(f graph.Facility) []string { return f.Sources }))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toFacilityJSON(f, reg))
}
