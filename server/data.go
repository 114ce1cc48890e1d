package server

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/chokepoint-dev/chokepoint/graph"
	"github.com/chokepoint-dev/chokepoint/seed"
)

// registerData registers the whole-dataset resources: stats, export, import.
func (s *Server) registerData(api *gin.RouterGroup) {
	api.GET("/stats", s.stats)
	api.GET("/export", s.export)
	api.POST("/import", s.requireAdmin, s.importData)
}

type countJSON struct {
	Key    string   `json:"key"`
	Count  int64    `json:"count"`
	Tonnes *float64 `json:"tonnes,omitempty"`
}

type sourcedJSON struct {
	Total   int64   `json:"total"`
	Sourced int64   `json:"sourced"`
	Share   float64 `json:"share"`
}

type statsJSON struct {
	Facilities      int64                  `json:"facilities"`
	Countries       int64                  `json:"countries"`
	Flows           int64                  `json:"flows"`
	Controls        int64                  `json:"controls"`
	Materials       int64                  `json:"materials"`
	Contents        int64                  `json:"contents"`
	Tiers           int                    `json:"tiers"`
	ByTier          []countJSON            `json:"byTier"`
	ByCountry       []countJSON            `json:"byCountry"`
	ByMaterial      []countJSON            `json:"byMaterial"`
	ByBasis         []countJSON            `json:"byBasis"`
	FlowsEstimated  int64                  `json:"flowsEstimated"`
	FlowsWithTonnes int64                  `json:"flowsWithTonnes"`
	Sourced         map[string]sourcedJSON `json:"sourced"`
	// SourcedShare is the share of all records (facilities, flows,
	// controls, materials, contents) that carry a source.
	SourcedShare float64         `json:"sourcedShare"`
	MassBalance  massBalanceJSON `json:"massBalance"`
	// Tier1 says, per kind of record, how many cite a tier-1 source (see
	// seed/FORMAT.md, "Sources") and how many a denied one.
	Tier1      map[string]tier1JSON `json:"tier1"`
	Tier1Share float64              `json:"tier1Share"`
	Denied     int64                `json:"denied"`
	// Sources counts the source registry, BySourceKind by kind.
	Sources      int64       `json:"sources"`
	BySourceKind []countJSON `json:"bySourceKind"`
}

type tier1JSON struct {
	Total  int64   `json:"total"`
	Tier1  int64   `json:"tier1"`
	Share  float64 `json:"share"`
	Denied int64   `json:"denied"`
}

// massBalanceJSON is the mass-balance check in counts; an import lists the
// imbalances themselves.
type massBalanceJSON struct {
	AsOf       string `json:"asOf,omitempty"`
	Checked    int    `json:"checked"`
	Unchecked  int    `json:"unchecked"`
	Imbalances int    `json:"imbalances"`
	Explained  int    `json:"explained"`
}

func tier1(n, denied, total int64) tier1JSON {
	return tier1JSON{Total: total, Tier1: n, Share: share(n, total).Share, Denied: denied}
}

func counts(list []graph.Count, tonnes bool) []countJSON {
	out := make([]countJSON, len(list))
	for i, c := range list {
		out[i] = countJSON{Key: c.Key, Count: c.Count}
		if tonnes {
			t := c.Tonnes
			out[i].Tonnes = &t
		}
	}
	return out
}

func share(sourced, total int64) sourcedJSON {
	s := sourcedJSON{Total: total, Sourced: sourced, Share: 1}
	if total > 0 {
		s.Share = float64(sourced) / float64(total)
	}
	return s
}

// massBalance is the graph's mass-balance check: the analyzer's (kept with
// its projection), or without one computed from an export.
func (s *Server) massBalance(ctx context.Context) (graph.MassBalance, error) {
	if s.analyzer != nil {
		return s.analyzer.MassBalance(ctx)
	}
	ds, err := s.store.Export(ctx)
	if err != nil {
		return graph.MassBalance{}, err
	}
	return graph.CheckMassBalance(ds, time.Now().Format(time.DateOnly)), nil
}

func (s *Server) stats(c *gin.Context) {
	st, err := s.store.Stats(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	mb, err := s.massBalance(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	total := st.Facilities + st.Flows + st.Controls + st.Materials + st.Contents
	sourced := st.FacilitiesSourced + st.FlowsSourced + st.ControlsSourced + st.MaterialsSourced + st.ContentsSourced
	c.JSON(http.StatusOK, statsJSON{
		Facilities: st.Facilities, Countries: st.Countries, Flows: st.Flows, Controls: st.Controls, Materials: st.Materials, Contents: st.Contents,
		Tiers: len(st.ByTier), ByTier: counts(st.ByTier, false), ByCountry: counts(st.ByCountry, false),
		ByMaterial: counts(st.ByMaterial, true), ByBasis: counts(st.ByBasis, false),
		FlowsEstimated: st.FlowsEstimated, FlowsWithTonnes: st.FlowsWithTonnes,
		Sourced: map[string]sourcedJSON{
			"facilities": share(st.FacilitiesSourced, st.Facilities), "flows": share(st.FlowsSourced, st.Flows),
			"controls": share(st.ControlsSourced, st.Controls), "materials": share(st.MaterialsSourced, st.Materials),
			"contents": share(st.ContentsSourced, st.Contents),
		},
		SourcedShare: share(sourced, total).Share,
		MassBalance: massBalanceJSON{AsOf: mb.AsOf, Checked: mb.Checked, Unchecked: mb.Unchecked,
			Imbalances: len(mb.Imbalances), Explained: mb.Explained()},
		Tier1: map[string]tier1JSON{
			"facilities": tier1(st.FacilitiesTier1, st.FacilitiesDenied, st.Facilities),
			"flows":      tier1(st.FlowsTier1, st.FlowsDenied, st.Flows),
			"controls":   tier1(st.ControlsTier1, st.ControlsDenied, st.Controls),
			"materials":  tier1(st.MaterialsTier1, st.MaterialsDenied, st.Materials),
			"contents":   tier1(st.ContentsTier1, st.ContentsDenied, st.Contents),
		},
		Tier1Share: share(st.FacilitiesTier1+st.FlowsTier1+st.ControlsTier1+st.MaterialsTier1+st.ContentsTier1, total).Share,
		Denied:     st.FacilitiesDenied + st.FlowsDenied + st.ControlsDenied + st.MaterialsDenied + st.ContentsDenied,
		Sources:    st.Sources, BySourceKind: counts(st.BySourceKind, false),
	})
}

// ScriptWriter is a store that can write a dataset as a script of its own
// statements (Neo4j's: a Cypher script for cypher-shell); the cypher export
// format needs one.
type ScriptWriter interface {
	WriteScript(w io.Writer, ds graph.Dataset) error
}

// exportFormats maps ?format= to a content type and a file name.
var exportFormats = map[string]struct{ contentType, file string }{
	"json":    {"application/json", "chokepoint.json"},
	"csv":     {"application/zip", "chokepoint-csv.zip"},
	"graphml": {"application/graphml+xml", "chokepoint.graphml"},
	"cypher":  {"application/x-cypher-query; charset=utf-8", "chokepoint.cypher"},
}

func (s *Server) export(c *gin.Context) {
	format := c.DefaultQuery("format", "json")
	f, ok := exportFormats[format]
	if !ok {
		s.problem(c, badParams(graph.FieldError{Field: "format", Reason: "want json, csv, graphml or cypher, got " + quote(format)}))
		return
	}
	ds, err := s.store.Export(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	switch format {
	case "json":
		err = seed.WriteJSON(&buf, ds)
	case "csv":
		err = seed.WriteZip(&buf, ds)
	case "graphml":
		err = seed.WriteGraphML(&buf, ds)
	case "cypher":
		sw, ok := s.store.(ScriptWriter)
		if !ok {
			err = graph.Errorf(graph.Invalid, "export", "this store cannot write a Cypher script; ask for json, csv or graphml")
			break
		}
		err = sw.WriteScript(&buf, ds)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+f.file+`"`)
	c.Data(http.StatusOK, f.contentType, buf.Bytes())
}

// requireAdmin lets a request through only with the admin bearer token.
// Without a configured token, writes are disabled, not open.
func (s *Server) requireAdmin(c *gin.Context) {
	if s.adminToken == "" {
		s.problem(c, &problem{Status: http.StatusForbidden, Type: "writes-disabled", Title: "Writes are disabled",
			Detail: "This server has no admin token (CHOKEPOINT_ADMIN_TOKEN), so it accepts no writes."})
		return
	}
	got, ok := bearerToken(c.GetHeader("Authorization"))
	if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(s.adminToken)) != 1 {
		c.Header("WWW-Authenticate", `Bearer realm="chokepoint"`)
		s.problem(c, &problem{Status: http.StatusUnauthorized, Type: "unauthorized", Title: "Unauthorized",
			Detail: "Send the admin token as Authorization: Bearer <token>."})
		return
	}
	c.Next()
}

// bearerToken is the token of an Authorization header of the Bearer
// scheme, whose name is case-insensitive (RFC 9110, section 11.1).
func bearerToken(h string) (string, bool) {
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimLeft(token, " ")
	return token, token != ""
}

// importData reads a dataset from the body — a JSON document
// (application/json), a zip of CSV files (application/zip), one CSV file
// (text/csv, named by ?file=) or several files (multipart/form-data, each
// part named by its file name) — validates it and writes it.
func (s *Server) importData(c *gin.Context) {
	var errs []graph.FieldError
	mode := c.DefaultQuery("mode", "merge")
	if mode != "merge" && mode != "replace" {
		errs = append(errs, graph.FieldError{Field: "mode", Reason: "want merge or replace, got " + quote(mode)})
	}
	dryRun := false
	switch v := c.Query("dryRun"); v {
	case "", "false":
	case "true":
		dryRun = true
	default:
		errs = append(errs, graph.FieldError{Field: "dryRun", Reason: "want true or false, got " + quote(v)})
	}
	removeAll := false
	switch v := c.Query("confirm"); v {
	case "":
	case "remove-all":
		removeAll = true
	default:
		errs = append(errs, graph.FieldError{Field: "confirm", Reason: "want remove-all, got " + quote(v)})
	}
	if len(errs) > 0 {
		s.problem(c, badParams(errs...))
		return
	}
	// An import may take as long as its transaction may (the store's write
	// timeout), past the server's write timeout: it would commit while
	// the client got no answer.
	rc := http.NewResponseController(c.Writer)
	_ = rc.SetReadDeadline(time.Now().Add(s.importTimeout))
	_ = rc.SetWriteDeadline(time.Now().Add(s.importTimeout))
	files, p := s.readImportBody(c)
	if p != nil {
		s.problem(c, p)
		return
	}
	opts := seed.ImportOptions{Replace: mode == "replace", DryRun: dryRun, RemoveAll: removeAll}
	if s.analyzer != nil {
		// The analyses hold the graph, unless it changed since: the import
		// need not read it before it writes (6 s at 500k flows).
		if current, ok := s.analyzer.Holding(c.Request.Context()); ok {
			opts.Current = &current
		}
	}
	res, err := seed.Import(c.Request.Context(), s.store, files, opts)
	if err != nil {
		s.fail(c, err)
		return
	}
	if res.Written && s.analyzer != nil {
		// The import holds the graph it made: unless another writer came
		// in between, the analyses need not read it back.
		if res.Graph == nil {
			s.analyzer.Invalidate()
		} else if _, err := s.analyzer.Adopt(c.Request.Context(), *res.Graph); err != nil {
			s.log.Warn("the import committed; the analyses' projection of it is not built yet", "err", err)
		}
	}
	c.JSON(http.StatusOK, res)
}

func (s *Server) readImportBody(c *gin.Context) ([]seed.File, *problem) {
	ct, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil {
		ct = ""
	}
	read := func(r io.Reader) ([]byte, *problem) {
		b, err := io.ReadAll(r)
		if tooBig, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, &problem{Status: http.StatusRequestEntityTooLarge, Type: "too-large", Title: "Request body too large",
				Detail: "The body is larger than " + itoa(int(tooBig.Limit>>20)) + " MiB."}
		}
		if err != nil {
			return nil, &problem{Status: http.StatusBadRequest, Type: "bad-body", Title: "Unreadable body", Detail: "The body could not be read."}
		}
		return b, nil
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.maxImportBytes)
	switch ct {
	case "application/json":
		b, p := read(c.Request.Body)
		return []seed.File{{Name: "import.json", Data: b}}, p
	case "application/zip":
		b, p := read(c.Request.Body)
		return []seed.File{{Name: "import.zip", Data: b}}, p
	case "text/csv":
		name := c.Query("file")
		if name == "" {
			return nil, badParams(graph.FieldError{Field: "file", Reason: "name the CSV file, e.g. ?file=flows.csv"})
		}
		b, p := read(c.Request.Body)
		return []seed.File{{Name: name, Data: b}}, p
	case "multipart/form-data":
		mr := multipart.NewReader(c.Request.Body, params["boundary"])
		var files []seed.File
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return files, nil
			}
			if err != nil {
				_, p := read(errReader{err})
				return nil, p
			}
			name := part.FileName()
			if name == "" {
				name = part.FormName()
			}
			b, p := read(part)
			if p != nil {
				return nil, p
			}
			files = append(files, seed.File{Name: name, Data: b})
		}
	default:
		return nil, &problem{Status: http.StatusUnsupportedMediaType, Type: "unsupported-media-type", Title: "Unsupported media type",
			Detail: "Send application/json, application/zip, text/csv or multipart/form-data."}
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
