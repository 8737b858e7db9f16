// Package web contains the HTTP handlers of the sample server, kept apart
// from main so they can be tested with httptest without opening a socket.
package web

import (
	"embed"
	"html/template"
	"net/http"
	"time"
)

// templateFS embeds the page templates into the binary, so the server runs
// from any working directory and a rebuild picks up template edits.
//
//go:embed templates/*.gohtml
var templateFS embed.FS

// templates is parsed once at startup: a broken template is a programming
// error that should fail immediately (and in the tests), not on a request.
var templates = template.Must(template.ParseFS(templateFS, "templates/*.gohtml"))

// Config carries what the handlers need from the process.
type Config struct {
	// StartTime is when the server started; the page shows it and
	// /api/status derives the uptime from it. Zero means "now".
	StartTime time.Time
	// ClientDir is the directory served at /client/: the WebAssembly client
	// (main.wasm, wasm_exec.js, index.html) that the build copies there.
	// Empty means no /client/ route.
	ClientDir string
}

// NewHandler returns the server's routes.
func NewHandler(cfg Config) http.Handler {
	if cfg.StartTime.IsZero() {
		cfg.StartTime = time.Now()
	}
	s := &server{start: cfg.StartTime}

	// Go 1.19's ServeMux matches paths only, not methods, so each handler
	// checks its own method (see allowGet).
	mux := http.NewServeMux()
	mux.HandleFunc("/", s.index)
	mux.HandleFunc("/api/status", s.status)
	mux.HandleFunc("/healthz", s.healthz)
	if cfg.ClientDir != "" {
		mux.Handle("/client/", http.StripPrefix("/client/", http.FileServer(http.Dir(cfg.ClientDir))))
	}
	return mux
}

// server holds the state shared by the handlers.
type server struct {
	start time.Time
}
