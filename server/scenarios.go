package server

import (
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/graph/analysis"
)

// registerScenarios registers the what-if scenarios: run one, and keep,
// list, compare and forget them by name.
func (s *Server) registerScenarios(api *gin.RouterGroup) {
	api.POST("/scenarios", s.limit, s.bounded, s.runScenario)
	api.POST("/scenarios/sensitivity", s.limit, s.bounded, s.scenarioSensitivity)
	api.GET("/scenarios", s.listScenarios)
	api.GET("/scenarios/compare", s.bounded, s.compareScenarios)
	api.GET("/scenarios/:name", s.bounded, s.getScenario)
	api.PUT("/scenarios/:name", s.requireAdmin, s.saveScenario)
	api.DELETE("/scenarios/:name", s.requireAdmin, s.deleteScenario)
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

// runScenario answers POST /scenarios: the scenario of the body, with the
// ranges ?samples= and friends ask for (see rangesParams).
func (s *Server) runScenario(c *gin.Context) {
	var per analysis.Period
	var overTime bool
	sc, u, ok := s.scenarioRequest(c, func(_ *analysis.Uncertainty, errs *[]graph.FieldError) {
		per, overTime = periodParams(c, errs)
	})
	if !ok {
		return
	}
	res, err := s.analyzer.RunScenarioWithRanges(c.Request.Context(), sc, u)
	if err == nil {
		err = s.overTime(c, sc, per, overTime, &res)
	}
	s.answer(c, res, err)
}

// overTime adds the scenario over time to res when the request's ?days=
// (per, asked) or the scenario's own durationDays ask for it.
func (s *Server) overTime(c *gin.Context, sc analysis.Scenario, per analysis.Period, asked bool, res *analysis.ScenarioResult) error {
	if !asked {
		if sc.DurationDays == 0 {
			return nil
		}
		per = analysis.Period{Start: sc.Start, Days: sc.DurationDays, MagnetKgPerUnit: per.MagnetKgPerUnit}
	}
	for _, day := range []string{per.Start, sc.Start, sc.AsOf, time.Now().UTC().Format(time.DateOnly)} {
		if per.Start == "" {
			per.Start = day
		}
	}
	ot, err := s.analyzer.RunScenarioOverTime(c.Request.Context(), sc, per)
	if err == nil {
		res.OverTime = &ot
	}
	return err
}

// scenarioRequest reads what running a scenario takes: the ranges'
// parameters, whatever more check reads (every bad parameter is answered
// at once), then the scenario of the body. It has answered the problem
// when ok is false.
func (s *Server) scenarioRequest(c *gin.Context, check func(*analysis.Uncertainty, *[]graph.FieldError)) (sc analysis.Scenario, u analysis.Uncertainty, ok bool) {
	var errs []graph.FieldError
	u = rangesParams(c, &errs)
	check(&u, &errs)
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return sc, u, false
	}
	sc, ok = s.readScenario(c)
	return sc, u, ok
}

// periodParams reads a scenario's period: ?days= (1 to 3,650) from
// ?start= (YYYY-MM-DD; the scenario's asOf, else today), and the kg of
// magnet in a vehicle its costs count with (?magnetKg=); over time says
// whether days was given.
func periodParams(c *gin.Context, errs *[]graph.FieldError) (per analysis.Period, overTime bool) {
	if v := c.Query("magnetKg"); v != "" {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || !(x >= 0.01 && x <= 100) {
			*errs = append(*errs, graph.FieldError{Field: "magnetKg", Reason: "want the kg of magnet in a vehicle, from 0.01 to 100, got " + quote(v)})
		}
		per.MagnetKgPerUnit = x
	}
	if c.Query("days") == "" {
		if c.Query("start") != "" {
			*errs = append(*errs, graph.FieldError{Field: "days", Reason: "give the period's length in days (1 to 3,650) with start"})
		}
		return per, false
	}
	per.Days = intParam(c, "days", 0, 1, 3650, errs)
	per.Start = c.Query("start")
	if per.Start != "" && !graph.IsDate(per.Start) {
		*errs = append(*errs, graph.FieldError{Field: "start", Reason: graph.DateError(per.Start)})
	}
	return per, true
}

// scenarioSensitivity answers POST /scenarios/sensitivity: the inputs
// that move the scenario's joint loss most, up to ?limit= (default 20).
func (s *Server) scenarioSensitivity(c *gin.Context) {
	sc, u, ok := s.scenarioRequest(c, func(u *analysis.Uncertainty, errs *[]graph.FieldError) {
		u.Rank = intParam(c, "limit", 20, 1, 500, errs)
		if u.Samples == 0 {
			*errs = append(*errs, graph.FieldError{Field: "samples", Reason: "a sensitivity needs samples (at least 1)"})
		}
	})
	if !ok {
		return
	}
	res, err := s.analyzer.RunScenarioWithRanges(c.Request.Context(), sc, u)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sensitivityJSON{Figure: "lostJointTonnes", Point: res.Lost, Range: res.LostRange, Units: res.Units, Ranges: res.Ranges, Inputs: res.Sensitivity})
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
	if err := s.store.SaveScenario(c.Request.Context(), sc); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sc)
}

func (s *Server) getScenario(c *gin.Context) {
	name, ok := s.scenarioName(c)
	if !ok {
		return
	}
	var errs []graph.FieldError
	u := rangesParams(c, &errs)
	per, asked := periodParams(c, &errs)
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	sc, err := s.store.Scenario(c.Request.Context(), name)
	if err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.analyzer.RunScenarioWithRanges(c.Request.Context(), sc, u)
	if err == nil {
		err = s.overTime(c, sc, per, asked, &res)
	}
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
		sc, err := s.store.Scenario(c.Request.Context(), n)
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
	Name      string  `json:"name"`
	Element   string  `json:"element"`
	Unit      string  `json:"unit"`
	Before    float64 `json:"beforeJointTonnes"`
	After     float64 `json:"afterJointTonnes"`
	Lost      float64 `json:"lostJointTonnes"`
	LostShare float64 `json:"lostShare"`
	// The ranges of the three totals and the share, when asked for.
	BeforeRange    *analysis.Range `json:"beforeJointTonnesRange,omitempty"`
	AfterRange     *analysis.Range `json:"afterJointTonnesRange,omitempty"`
	LostRange      *analysis.Range `json:"lostJointTonnesRange,omitempty"`
	LostShareRange *analysis.Range `json:"lostShareRange,omitempty"`
	CutOff         []string        `json:"cutOff"`
	Blocked        int             `json:"blockedFlows"`
	TopRoute       string          `json:"bestRoute,omitempty"`
}

// compareScenarios runs saved scenarios side by side: ?names=a,b.
func (s *Server) compareScenarios(c *gin.Context) {
	names := list(c, "names")
	var errs []graph.FieldError
	if len(names) < 2 || len(names) > 10 {
		errs = append(errs, graph.FieldError{Field: "names", Reason: "name 2 to 10 saved scenarios, comma-separated"})
	}
	u := rangesParams(c, &errs)
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	out := make([]comparedJSON, 0, len(names))
	for _, n := range names {
		sc, err := s.store.Scenario(c.Request.Context(), n)
		if err != nil {
			s.fail(c, err)
			return
		}
		res, err := s.analyzer.RunScenarioWithRanges(c.Request.Context(), sc, u)
		if err != nil {
			s.fail(c, err)
			return
		}
		cj := comparedJSON{Name: n, Element: res.Element, Unit: res.Unit, Before: res.Before.Joint, After: res.After.Joint, Lost: res.Lost, LostShare: res.LostShare,
			BeforeRange: res.Before.JointRange, AfterRange: res.After.JointRange, LostRange: res.LostRange, LostShareRange: res.LostShareRange,
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
