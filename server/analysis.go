package server

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
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
	Subgraph(ctx context.Context, q analysis.SubgraphQuery) (analysis.Subgraph, error)
	Invalidate()
}

func (s *Server) registerAnalysis(api *gin.RouterGroup) {
	api.GET("/graph", s.subgraph)
	api.GET("/exposure", s.exposure)
	api.GET("/chokepoints", s.chokepoints)
	api.GET("/routes", s.alternateRoutes)
	api.POST("/scenarios", s.limit, s.runScenario)
	api.GET("/scenarios", s.listScenarios)
	api.GET("/scenarios/compare", s.compareScenarios)
	api.GET("/scenarios/:name", s.getScenario)
	api.PUT("/scenarios/:name", s.requireAdmin, s.saveScenario)
	api.DELETE("/scenarios/:name", s.requireAdmin, s.deleteScenario)
}

// list reads a comma-separated (or repeated) query parameter.
func list(c *gin.Context, key string) []string {
	var out []string
	for _, v := range c.QueryArray(key) {
		for p := range strings.SplitSeq(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// checkElement checks an element or group as the analyses read it (NdPr
// when empty), with no space around it, as the OpenAPI document's pattern
// says; it returns the field error for element, or nil.
func checkElement(v string) *graph.FieldError {
	if v == "" {
		return nil
	}
	_, err := graph.ParseElement(v)
	switch {
	case err != nil:
		reason := err.Error()
		var ge *graph.Error
		if asErr(err, &ge) {
			reason = ge.Message
		}
		return &graph.FieldError{Field: "element", Reason: reason}
	case v != strings.TrimSpace(v):
		return &graph.FieldError{Field: "element", Reason: "want an element or group without spaces around it, got " + quote(v)}
	}
	return nil
}

// elementParam reads the element query parameter, given at most once.
func elementParam(c *gin.Context, errs *[]graph.FieldError) string {
	vs := c.QueryArray("element")
	switch len(vs) {
	case 0:
		return ""
	case 1:
		if fe := checkElement(vs[0]); fe != nil {
			*errs = append(*errs, *fe)
		}
		return vs[0]
	}
	*errs = append(*errs, graph.FieldError{Field: "element", Reason: "give one element or group, not " + itoa(len(vs))})
	return ""
}

// analysisParams reads what every analysis takes: to, element, material,
// avoid, asOf.
func analysisParams(c *gin.Context) (analysis.Destination, analysis.Filter, []graph.FieldError) {
	var errs []graph.FieldError
	d, err := analysis.ParseDestination(c.Query("to"))
	if err != nil {
		errs = append(errs, graph.FieldError{Field: "to", Reason: "required: a country code (JP), company:NAME or a facility id"})
	}
	f := analysis.Filter{Avoid: list(c, "avoid"), Element: elementParam(c, &errs),
		Material: strings.TrimSpace(c.Query("material")), AsOf: c.Query("asOf")}
	if f.AsOf != "" && !dateRe.MatchString(f.AsOf) {
		errs = append(errs, graph.FieldError{Field: "asOf", Reason: "want a date YYYY-MM-DD, got " + quote(f.AsOf)})
	}
	return d, f, errs
}

func intParam(c *gin.Context, key string, def, lo, hi int, errs *[]graph.FieldError) int {
	v := c.Query(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		*errs = append(*errs, graph.FieldError{Field: key, Reason: "want a whole number from " + itoa(lo) + " to " + itoa(hi) + ", got " + quote(v)})
	}
	return n
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
		tier := tierByName(t)
		if tier == "" {
			errs = append(errs, graph.FieldError{Field: "tier", Reason: "unknown tier " + quote(t) + "; want one of " + tierNames()})
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
	q := analysis.RoutesQuery{Filter: f, Via: list(c, "via"), Rank: c.DefaultQuery("rank", "widest")}
	q.K = intParam(c, "k", 5, 1, 100, &errs)
	if q.Rank != "widest" && q.Rank != "shortest" {
		errs = append(errs, graph.FieldError{Field: "rank", Reason: "want widest or shortest, got " + quote(q.Rank)})
	}
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	res, err := s.analyzer.Routes(c.Request.Context(), d, q)
	s.answer(c, res, err)
}

// answer renders a result, or the problem for its error.
func (s *Server) answer(c *gin.Context, res any, err error) {
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// readScenario decodes a scenario body, strictly.
func (s *Server) readScenario(c *gin.Context) (analysis.Scenario, bool) {
	var sc analysis.Scenario
	if !s.decodeJSON(c, body{limit: 1 << 20, want: "a scenario"}, &sc) {
		return sc, false
	}
	if fe := checkElement(sc.Element); fe != nil {
		s.problem(c, badParams(*fe))
		return sc, false
	}
	return sc, true
}

func (s *Server) runScenario(c *gin.Context) {
	sc, ok := s.readScenario(c)
	if !ok {
		return
	}
	res, err := s.analyzer.RunScenario(c.Request.Context(), sc)
	s.answer(c, res, err)
}

var scenarioName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$`)

func (s *Server) scenarioName(c *gin.Context) (string, bool) {
	name := c.Param("name")
	if !scenarioName.MatchString(name) {
		s.problem(c, badParams(graph.FieldError{Field: "name", Reason: "letters, digits, _ . - (at most 80), got " + quote(name)}))
		return "", false
	}
	return name, true
}

func (s *Server) saveScenario(c *gin.Context) {
	name, ok := s.scenarioName(c)
	if !ok {
		return
	}
	sc, ok := s.readScenario(c)
	if !ok {
		return
	}
	sc.Name = name
	// Run it first: only a scenario that runs is saved.
	if _, err := s.analyzer.RunScenario(c.Request.Context(), sc); err != nil {
		s.fail(c, err)
		return
	}
	spec, err := json.Marshal(sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.store.SaveScenario(c.Request.Context(), name, string(spec)); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sc)
}

func (s *Server) savedScenario(c *gin.Context, name string) (analysis.Scenario, error) {
	spec, err := s.store.Scenario(c.Request.Context(), name)
	if err != nil {
		return analysis.Scenario{}, err
	}
	var sc analysis.Scenario
	if err := json.Unmarshal([]byte(spec), &sc); err != nil {
		return sc, err
	}
	sc.Name = name
	return sc, nil
}

func (s *Server) getScenario(c *gin.Context) {
	name, ok := s.scenarioName(c)
	if !ok {
		return
	}
	sc, err := s.savedScenario(c, name)
	if err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.analyzer.RunScenario(c.Request.Context(), sc)
	s.answer(c, res, err)
}

func (s *Server) listScenarios(c *gin.Context) {
	names, err := s.store.Scenarios(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	list := make([]analysis.Scenario, 0, len(names))
	for _, n := range names {
		sc, err := s.savedScenario(c, n)
		if err != nil {
			s.fail(c, err)
			return
		}
		list = append(list, sc)
	}
	c.JSON(http.StatusOK, gin.H{"items": list})
}

func (s *Server) deleteScenario(c *gin.Context) {
	name, ok := s.scenarioName(c)
	if !ok {
		return
	}
	if err := s.store.DeleteScenario(c.Request.Context(), name); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

type comparedJSON struct {
	Name      string   `json:"name"`
	Element   string   `json:"element"`
	Unit      string   `json:"unit"`
	Before    float64  `json:"beforeJointTonnes"`
	After     float64  `json:"afterJointTonnes"`
	Lost      float64  `json:"lostJointTonnes"`
	LostShare float64  `json:"lostShare"`
	CutOff    []string `json:"cutOff"`
	Blocked   int      `json:"blockedFlows"`
	TopRoute  string   `json:"bestRoute,omitempty"`
}

// compareScenarios runs saved scenarios side by side: ?names=a,b.
func (s *Server) compareScenarios(c *gin.Context) {
	names := list(c, "names")
	if len(names) < 2 || len(names) > 10 {
		s.problem(c, badParams(graph.FieldError{Field: "names", Reason: "name 2 to 10 saved scenarios, comma-separated"}))
		return
	}
	out := make([]comparedJSON, 0, len(names))
	for _, n := range names {
		sc, err := s.savedScenario(c, n)
		if err != nil {
			s.fail(c, err)
			return
		}
		res, err := s.analyzer.RunScenario(c.Request.Context(), sc)
		if err != nil {
			s.fail(c, err)
			return
		}
		cj := comparedJSON{Name: n, Element: res.Element, Unit: res.Unit, Before: res.Before.Joint, After: res.After.Joint, Lost: res.Lost, LostShare: res.LostShare,
			CutOff: []string{}, Blocked: len(res.Diff.BlockedFlows)}
		for _, o := range res.CutOff {
			cj.CutOff = append(cj.CutOff, o.Facility.ID)
		}
		if len(res.Routes) > 0 {
			cj.TopRoute = res.Routes[0].String()
		}
		out = append(out, cj)
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}
