package web

import (
	"bytes"
	"encoding/json"
	"log"
	"net/http"
	"runtime"
	"time"

	"example.com/goserver/internal/version"
)

// Greeting is shown on the page and returned by /api/status. Change it while
// the server runs under Kickstart to watch the rebuild and restart happen.
const Greeting = "Hello from Go"

// items are the steps listed on the page.
var items = []string{
	"Edit a .go file or a template",
	"Kickstart rebuilds the server with go build",
	"The old process stops and the new one starts",
}

// indexData is what templates/index.gohtml renders.
type indexData struct {
	Greeting string
	Version  string
	Started  time.Time
	Items    []string
}

// statusResponse is the JSON body of /api/status.
type statusResponse struct {
	Greeting      string `json:"greeting"`
	Version       string `json:"version"`
	UptimeSeconds int64  `json:"uptimeSeconds"`
	GoVersion     string `json:"goVersion"`
}

// index renders the HTML page.
func (s *server) index(w http.ResponseWriter, r *http.Request) {
	// The "/" pattern matches every path no other route claims, so anything
	// but the root itself is an unknown page.
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	if !allowGet(w, r) {
		return
	}

	// Render into a buffer first so a template error becomes a clean 500
	// instead of a half-written page with a 200 status.
	var buf bytes.Buffer
	data := indexData{
		Greeting: Greeting,
		Version:  version.String(),
		Started:  s.start,
		Items:    items,
	}
	if err := templates.ExecuteTemplate(&buf, "index.gohtml", data); err != nil {
		log.Printf("goserver: rendering index: %v", err)
		http.Error(w, "internal server error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = buf.WriteTo(w)
}

// status reports the server's state as JSON, for scripts and health checks
// that want more than "ok".
func (s *server) status(w http.ResponseWriter, r *http.Request) {
	if !allowGet(w, r) {
		return
	}
	resp := statusResponse{
		Greeting:      Greeting,
		Version:       version.String(),
		UptimeSeconds: int64(time.Since(s.start) / time.Second),
		GoVersion:     runtime.Version(),
	}
	w.Header().Set("Content-Type", "application/json")
	// An encoding error here can only be a failed write to the client, which
	// there is nobody left to report to.
	_ = json.NewEncoder(w).Encode(resp)
}

// healthz answers liveness probes; it does no work so it stays cheap.
func (s *server) healthz(w http.ResponseWriter, r *http.Request) {
	if !allowGet(w, r) {
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok"))
}

// allowGet lets GET and HEAD through and answers anything else with 405.
// It reports whether the handler should continue.
func allowGet(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	return false
}
