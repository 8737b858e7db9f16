using System.IO;

namespace Kickstart.Benchmarks.Fixtures;

/// <summary>
/// The second small server (13, and the content edits of 15): standard library only, three internal packages —
/// `catalog` (data, with the Greeting the edits change), `render` (html/template, parsed from templates/ on disk when
/// the server starts, not embedded) and `api` (the JSON handler) — plus static files served from static/ on disk.
/// GET /api/status answers {"greeting", "items", "pid"}; GET / renders the template; /static/ serves the files.
/// </summary>
internal static class SmallServer
{
    public static GoModule Create(string dir, string sdkVersion)
    {
        GoModule.WriteFile(Path.Combine(dir, "go.mod"), "module example.com/shop\n\ngo 1.19\n");
        GoModule.WriteFile(Path.Combine(dir, "internal", "catalog", "catalog.go"), """
            // Package catalog holds what the shop sells.
            package catalog

            // Greeting is what /api/status says; the benchmark's edits change it.
            const Greeting = "shop"

            // Item is one thing for sale.
            type Item struct {
            	Name  string `json:"name"`
            	Price int    `json:"price"`
            }

            // Items lists everything for sale.
            func Items() []Item {
            	return []Item{{Name: "tea", Price: 3}, {Name: "cake", Price: 5}, {Name: "bread", Price: 4}}
            }

            """);
        GoModule.WriteFile(Path.Combine(dir, "internal", "render", "render.go"), """
            // Package render renders the shop's pages from templates parsed once, when the server starts.
            package render

            import (
            	"html/template"
            	"io"
            	"path/filepath"
            )

            // Pages are the parsed templates.
            type Pages struct{ t *template.Template }

            // Load parses every templates/*.html under dir.
            func Load(dir string) (*Pages, error) {
            	t, err := template.ParseGlob(filepath.Join(dir, "templates", "*.html"))
            	if err != nil {
            		return nil, err
            	}
            	return &Pages{t: t}, nil
            }

            // Index writes the index page.
            func (p *Pages) Index(w io.Writer, data interface{}) error {
            	return p.t.ExecuteTemplate(w, "index.html", data)
            }

            """);
        GoModule.WriteFile(Path.Combine(dir, "internal", "api", "api.go"), """
            // Package api is the shop's JSON interface.
            package api

            import (
            	"encoding/json"
            	"net/http"
            	"os"

            	"example.com/shop/internal/catalog"
            )

            // Status answers GET /api/status.
            func Status(w http.ResponseWriter, r *http.Request) {
            	w.Header().Set("Content-Type", "application/json")
            	_ = json.NewEncoder(w).Encode(map[string]interface{}{"greeting": catalog.Greeting, "items": catalog.Items(), "pid": os.Getpid()})
            }

            """);
        GoModule.WriteFile(Path.Combine(dir, "main.go"), """
            package main

            import (
            	"log"
            	"net/http"
            	"os"

            	"example.com/shop/internal/api"
            	"example.com/shop/internal/catalog"
            	"example.com/shop/internal/render"
            )

            func main() {
            	port := os.Getenv("PORT")
            	if port == "" {
            		port = "8080"
            	}
            	pages, err := render.Load(".")
            	if err != nil {
            		log.Fatal(err)
            	}
            	mux := http.NewServeMux()
            	mux.HandleFunc("/api/status", api.Status)
            	mux.Handle("/static/", http.StripPrefix("/static/", http.FileServer(http.Dir("static"))))
            	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
            		w.Header().Set("Content-Type", "text/html; charset=utf-8")
            		_ = pages.Index(w, map[string]interface{}{"Greeting": catalog.Greeting, "Items": catalog.Items(), "Pid": os.Getpid()})
            	})
            	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, mux))
            }

            """);
        GoModule.WriteFile(Path.Combine(dir, "templates", "index.html"), $$$"""
            <!doctype html>
            <html>
            <head><title>shop</title><link rel="stylesheet" href="/static/site.css"><script src="/static/app.js" defer></script></head>
            <body>
            <h1>{{.Greeting}}</h1>
            <ul>{{range .Items}}<li>{{.Name}}: {{.Price}}</li>{{end}}</ul>
            <p>pid {{.Pid}}</p>
            {{{Template.Line("start")}}}
            </body>
            </html>

            """);
        GoModule.WriteFile(Path.Combine(dir, "static", "site.css"), $"body {{ font-family: sans-serif; }}\nh1 {{ color: #333; }}\n{Css.Line("start")}\n");
        GoModule.WriteFile(Path.Combine(dir, "static", "app.js"), $"document.documentElement.dataset.shop = 'ready';\n{Js.Line("start")}\n");
        string project = Path.Combine(dir, "Shop.proj");
        File.WriteAllText(project, GoModule.OneLineProject(sdkVersion));
        return new GoModule(dir, project, Path.Combine(dir, "internal", "catalog", "catalog.go"));
    }

    /// <summary>A line of a content file that an edit rewrites: it starts with <see cref="Prefix"/>.</summary>
    public sealed record Marker(string Prefix, string Suffix)
    {
        public string Line(string text) => Prefix + " " + text + Suffix;
    }

    // Visible text, not a comment: html/template drops HTML comments from what it renders.
    public static readonly Marker Template = new("<p id=\"edit\">edit:", "</p>");
    public static readonly Marker Css = new("/* edit:", " */");
    public static readonly Marker Js = new("// edit:", "");

    /// <summary>Rewrites the marker's line of <paramref name="path"/> to carry <paramref name="text"/>, in place or through a temporary file.</summary>
    public static void Edit(string path, Marker marker, string text, bool tempThenRename = false)
    {
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith(marker.Prefix, System.StringComparison.Ordinal))
                lines[i] = marker.Line(text);
        }
        string content = string.Join("\n", lines) + "\n";
        if (!tempThenRename)
        {
            File.WriteAllText(path, content);
            return;
        }
        string temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".bench-tmp");
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
