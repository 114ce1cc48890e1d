package server

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/chokepoint-dev/chokepoint/graph"
)

func (s *Server) registerResources(api *gin.RouterGroup) {
	api.GET("/flows", s.listFlows)
	api.GET("/countries", s.listCountries)
	api.GET("/controls", s.listControls)
	api.GET("/sources", s.listSources)
}

type flowJSON struct {
	From          string      `json:"from"`
	To            string      `json:"to"`
	Material      string      `json:"material"`
	TonnesPerYear *float64    `json:"tonnesPerYear"`
	TonnesLow     *float64    `json:"tonnesLow"`
	TonnesHigh    *float64    `json:"tonnesHigh"`
	Basis         graph.Basis `json:"basis"`
	ValidFrom     string      `json:"validFrom,omitempty"`
	ValidTo       string      `json:"validTo,omitempty"`
	Notes         string      `json:"notes,omitempty"`
	provenanceJSON
}

type countryJSON struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Region string `json:"region,omitempty"`
}

type controlJSON struct {
	ID        string   `json:"id"`
	From      string   `json:"from"`
	To        string   `json:"to"`
	Title     string   `json:"title"`
	Kind      string   `json:"kind"`
	Elements  []string `json:"elements"`
	Materials []string `json:"materials"`
	Effective string   `json:"effective"`
	Until     string   `json:"until,omitempty"`
	// EndUse is set when the control reaches military end users only.
	EndUse graph.EndUse `json:"endUse,omitempty"`
	Notes  string       `json:"notes,omitempty"`
	provenanceJSON
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (s *Server) listFlows(c *gin.Context) {
	var errs []graph.FieldError
	f := graph.FlowFilter{Material: c.Query("material"), From: c.Query("from"), To: c.Query("to")}
	f.Basis = wordParam(c, "basis", graph.Bases, &errs)
	f.FromCountry = countryParam(c, "fromCountry", &errs)
	f.ToCountry = countryParam(c, "toCountry", &errs)
	f.Limit = intParam(c, "limit", defaultLim, 1, maxLimit, &errs)
	f.After = readCursor(c, &errs)
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	list, next, err := s.store.Flows(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	reg, err := s.citations(c.Request.Context(), citedURLs(list, func(f graph.Flow) []string { return f.Sources }))
	if err != nil {
		s.fail(c, err)
		return
	}
	items := make([]flowJSON, len(list))
	for i, fl := range list {
		items[i] = flowJSON{From: fl.From, To: fl.To, Material: fl.Material, TonnesPerYear: fl.TonnesPerYear,
			TonnesLow: fl.TonnesLow, TonnesHigh: fl.TonnesHigh, Basis: fl.Basis,
			ValidFrom: fl.ValidFrom, ValidTo: fl.ValidTo, Notes: fl.Notes, provenanceJSON: toProvenanceJSON(fl.Provenance, reg)}
	}
	c.JSON(http.StatusOK, gin.H{"items": items, "next": cursor(next)})
}

func (s *Server) listCountries(c *gin.Context) {
	list, err := s.store.Countries(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	items := make([]countryJSON, len(list))
	for i, co := range list {
		items[i] = countryJSON{Code: co.Code, Name: co.Name, Region: co.Region}
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// listControls lists export controls, optionally only those from or to a
// country (?from=CN&to=JP; to also matches controls on every country).
func (s *Server) listControls(c *gin.Context) {
	var errs []graph.FieldError
	from, to := countryParam(c, "from", &errs), countryParam(c, "to", &errs)
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	list, err := s.store.Controls(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	list = slices.DeleteFunc(list, func(k graph.Control) bool {
		return (from != "" && k.From != from) || (to != "" && k.To != to && k.To != "*")
	})
	reg, err := s.citations(c.Request.Context(), citedURLs(list, func(k graph.Control) []string { return k.Sources }))
	if err != nil {
		s.fail(c, err)
		return
	}
	items := []controlJSON{}
	for _, k := range list {
		items = append(items, controlJSON{ID: k.ID, From: k.From, To: k.To, Title: k.Title, Kind: k.Kind,
			Elements: nonNil(k.Elements), Materials: nonNil(k.Materials), Effective: k.Effective, Until: k.Until, EndUse: k.EndUse,
			Notes: k.Notes, provenanceJSON: toProvenanceJSON(k.Provenance, reg)})
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}
