namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// The Go server the watch tests run: answers every request with its message, its embedded page and the watch
/// iteration it was started in; listens on $PORT; shuts down gracefully on SIGINT/SIGTERM. Go 1.19 compatible.
/// </summary>
internal static class TestServer
{
    public const string Main = """
        package main

        import (
        	"context"
        	_ "embed"
        	"fmt"
        	"net/http"
        	"os"
        	"os/signal"
        	"syscall"
        	"time"
        )

        const message = "v1"

        //go:embed page.gohtml
        var page string

        func main() {
        	srv := &http.Server{Addr: "127.0.0.1:" + os.Getenv("PORT"), Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
        		fmt.Fprintf(w, "message=%s page=%s iteration=%s watch=%s", message, page, os.Getenv("KICKSTART_ITERATION"), os.Getenv("KICKSTART_WATCH"))
        	})}
        	stop := make(chan os.Signal, 1)
        	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
        	go func() {
        		<-stop
        		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
        		defer cancel()
        		srv.Shutdown(ctx)
        	}()
        	fmt.Printf("server %s: listening on %s\n", message, srv.Addr)
        	fmt.Fprintf(os.Stderr, "server %s: stderr line\n", message)
        	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
        		fmt.Println("server:", err)
        		os.Exit(1)
        	}
        	fmt.Printf("server %s: stopped\n", message)
        	// A trace on disk that the stop was graceful, for tests that cannot read the output any more.
        	os.WriteFile("stopped-"+message, []byte("graceful"), 0o644)
        }
        """;

    public static GoProject Create(string testName)
    {
        GoProject project = GoProject.Create(testName, "server", withMain: false);
        project.Write("main.go", Main).Write("page.gohtml", "p1");
        return project;
    }

    /// <summary>main.go with another message (a real change to the binary).</summary>
    public static string WithMessage(string message) => Main.Replace("const message = \"v1\"", $"const message = \"{message}\"");
}
