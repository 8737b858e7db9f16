package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// serve runs one request through the full handler, routing included, so the
// tests exercise the same mux the server uses.
func serve(t *testing.T, method, path string) *httptest.ResponseRecorder {
	t.Helper()
	h := NewHandler(Config{StartTime: time.Now().Add(-3 * time.Second)})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}

func TestIndex(t *testing.T) {
	rec := serve(t, http.MethodGet, "/")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want %d", rec.Code, http.StatusOK)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type = %q, want text/html", ct)
	}
	body := rec.Body.String()
	for _, want := range []string{"<title>Kickstart sample</title>", Greeting, "<li>" + items[0] + "</li>"} {
		if !strings.Contains(body, want) {
			t.Errorf("body does not contain %q:\n%s", want, body)
		}
	}
}

func TestStatus(t *testing.T) {
	rec := serve(t, http.MethodGet, "/api/status")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want %d", rec.Code, http.StatusOK)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var got statusResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("invalid JSON %q: %v", rec.Body.String(), err)
	}
	if got.Greeting != Greeting {
		t.Errorf("greeting = %q, want %q", got.Greeting, Greeting)
	}
	if got.Version == "" || got.GoVersion == "" {
		t.Errorf("version and goVersion must be set: %+v", got)
	}
	// The handler was started 3 s in the past.
	if got.UptimeSeconds < 3 {
		t.Errorf("uptimeSeconds = %d, want >= 3", got.UptimeSeconds)
	}
}

func TestHealthz(t *testing.T) {
	rec := serve(t, http.MethodGet, "/healthz")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want %d", rec.Code, http.StatusOK)
	}
	if body := rec.Body.String(); body != "ok" {
		t.Errorf("body = %q, want %q", body, "ok")
	}
}

func TestUnknownPathIs404(t *testing.T) {
	for _, path := range []string{"/nope", "/api", "/api/status/extra"} {
		if rec := serve(t, http.MethodGet, path); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status = %d, want %d", path, rec.Code, http.StatusNotFound)
		}
	}
}

func TestPostIndexIs405(t *testing.T) {
	rec := serve(t, http.MethodPost, "/")
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("status = %d, want %d", rec.Code, http.StatusMethodNotAllowed)
	}
	if allow := rec.Header().Get("Allow"); allow == "" {
		t.Error("405 response has no Allow header")
	}
}

func TestClientDirIsServedUnderClient(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.wasm"), []byte("\x00asm"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := NewHandler(Config{ClientDir: dir})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/client/main.wasm", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want %d", rec.Code, http.StatusOK)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/wasm" {
		t.Errorf("Content-Type = %q, want application/wasm", ct)
	}
}

func TestNoClientDirMeansNoClientRoute(t *testing.T) {
	rec := serve(t, http.MethodGet, "/client/main.wasm")
	if rec.Code != http.StatusNotFound {
		t.Fatalf("status = %d, want %d", rec.Code, http.StatusNotFound)
	}
}
