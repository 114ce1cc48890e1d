package server

import (
	"context"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
)

// Analyzer answers the analyses; *analysis.Analyzer is one.
type Analyzer interface {
	// MassBalance is the mass-balance check of the graph the analyses run
	// on.
	MassBalance(ctx context.Context) (graph.MassBalance, error)
	Exposure(ctx context.Context, d analysis.Destination, f analysis.Filter, dependsOn string) (analysis.ExposureResult, error)
	Chokepoints(ctx context.Context, d analysis.Destination, f analysis.Filter, limit int) (analysis.ChokepointsResult, error)
	Routes(ctx context.Context, d analysis.Destination, q analysis.RoutesQuery) (analysis.RoutesResult, error)
	RunScenario(ctx context.Context, s analysis.Scenario) (analysis.ScenarioResult, error)
	RunScenarioWithRanges(ctx context.Context, s analysis.Scenario, u analysis.Uncertainty) (analysis.ScenarioResult, error)
	RunScenarioOverTime(ctx context.Context, s analysis.Scenario, per analysis.Period) (analysis.TimeResult, error)
	Timeline(ctx context.Context, q analysis.TimelineQuery) (analysis.Timeline, error)
	Subgraph(ctx context.Context, q analysis.SubgraphQuery) (analysis.Subgraph, error)
	Invalidate()
	// Adopt is Invalidate after this process wrote ds, the whole graph as
	// it knows it: the projection is built from ds when the graph's
	// fingerprint says the graph is ds, instead of read back.
	Adopt(ctx context.Context, ds graph.Dataset) (bool, error)
	// Holding is the dataset of the analyses' projection, when the graph
	// is still what it was built from.
	Holding(ctx context.Context) (graph.Dataset, bool)
}

func (s *Server) registerAnalysis(api *gin.RouterGroup) {
	api.GET("/graph", s.bounded, s.subgraph)
	api.GET("/exposure", s.bounded, s.exposure)
	api.GET("/chokepoints", s.bounded, s.chokepoints)
	api.GET("/routes", s.bounded, s.alternateRoutes)
	api.GET("/sensitivity", s.bounded, s.sensitivity)
	api.GET("/timeline", s.bounded, s.timeline)
}

// timeline answers GET /timeline: the supply to ?to= month by month from
// ?start= to ?end= (default 2023-01-01 to 2030-12-31), as the ?control=s
// (default: every seeded control that restricts) come into force and end
// and facilities come online; &element=, &material=, &avoid= as the other
// analyses take them.
func (s *Server) timeline(c *gin.Context) {
	d, f, errs := analysisParams(c)
	if c.Query("asOf") != "" {
		errs = append(errs, graph.FieldError{Field: "asOf", Reason: "a timeline spans dates: give start and end instead"})
	}
	q := analysis.TimelineQuery{To: d.String(), Element: f.Element, Material: f.Material, Avoid: f.Avoid,
		Controls: f.Controls, Start: c.DefaultQuery("start", "2023-01-01"), End: c.DefaultQuery("end", "2030-12-31")}
	for _, p := range []struct{ name, v string }{{"start", q.Start}, {"end", q.End}} {
		if !graph.IsDate(p.v) {
			errs = append(errs, graph.FieldError{Field: p.name, Reason: graph.DateError(p.v)})
		}
	}
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	res, err := s.analyzer.Timeline(c.Request.Context(), q)
	s.answer(c, res, err)
}

// subgraph answers GET /graph: ?focus=ID&depth=2, or ?tier=…&country=…,
// optionally &material=… and &element=… (what the edges' tonnes count), at
// most &limit= nodes (default 500, up to 5000).
func (s *Server) subgraph(c *gin.Context) {
	var errs []graph.FieldError
	q := analysis.SubgraphQuery{Focus: c.Query("focus"), Material: c.Query("material"), Element: elementParam(c, &errs)}
	q.Depth = intParam(c, "depth", 2, 1, 6, &errs)
	q.Limit = intParam(c, "limit", 500, 1, 5000, &errs)
	for _, t := range list(c, "tier") {
		tier, ok := graph.Word(t, graph.Tiers)
		if !ok {
			errs = append(errs, graph.FieldError{Field: "tier", Reason: graph.WordError(t, graph.Tiers)})
		}
		q.Tiers = append(q.Tiers, tier)
	}
	for _, co := range list(c, "country") {
		code, ok := graph.CountryCode(co)
		if !ok {
			errs = append(errs, graph.FieldError{Field: "country", Reason: graph.CountryError(co)})
		}
		q.Countries = append(q.Countries, code)
	}
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	res, err := s.analyzer.Subgraph(c.Request.Context(), q)
	s.answer(c, res, err)
}

func (s *Server) exposure(c *gin.Context) {
	d, f, errs := analysisParams(c)
	dependsOn := strings.ToUpper(c.Query("country"))
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	res, err := s.analyzer.Exposure(c.Request.Context(), d, f, dependsOn)
	s.answer(c, res, err)
}

func (s *Server) chokepoints(c *gin.Context) {
	d, f, errs := analysisParams(c)
	limit := intParam(c, "limit", 20, 1, 500, &errs)
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	res, err := s.analyzer.Chokepoints(c.Request.Context(), d, f, limit)
	s.answer(c, res, err)
}

func (s *Server) alternateRoutes(c *gin.Context) {
	d, f, errs := analysisParams(c)
	q := analysis.RoutesQuery{Filter: f, Via: list(c, "via"), Rank: graph.RankWidest}
	q.K = intParam(c, "k", 5, 1, 100, &errs)
	if r := wordParam(c, "rank", graph.RouteRanks, &errs); r != "" {
		q.Rank = r
	}
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	res, err := s.analyzer.Routes(c.Request.Context(), d, q)
	s.answer(c, res, err)
}

// sensitivityJSON is what GET /sensitivity and POST
// /scenarios/sensitivity answer: the figure ranked for, its point value
// and range, and the inputs that move it most.
type sensitivityJSON struct {
	Figure string          `json:"figure"`
	Point  float64         `json:"point"`
	Range  *analysis.Range `json:"range"`
	analysis.Units
	Ranges *analysis.RangesInfo   `json:"ranges"`
	Inputs []analysis.Sensitivity `json:"inputs"`
}

// sensitivity answers GET /sensitivity: the inputs that move the
// destination's maximum flow (under the filter and controls) most, up to
// ?limit= (default 20).
func (s *Server) sensitivity(c *gin.Context) {
	d, f, errs := analysisParams(c)
	f.Ranges.Rank = intParam(c, "limit", 20, 1, 500, &errs)
	if f.Ranges.Samples == 0 {
		errs = append(errs, graph.FieldError{Field: "samples", Reason: "a sensitivity needs samples (at least 1)"})
	}
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	res, err := s.analyzer.Exposure(c.Request.Context(), d, f, "")
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sensitivityJSON{Figure: "maxFlowTonnes", Point: res.MaxFlow, Range: res.MaxFlowRange, Units: res.Units, Ranges: res.Ranges, Inputs: res.Sensitivity})
}

// answer renders a result, or the problem for its error.
func (s *Server) answer(c *gin.Context, res any, err error) {
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}
