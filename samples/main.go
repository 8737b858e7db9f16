// Command goserver is the sample web server built and hot-restarted by the
// Kickstart MSBuild SDK.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"example.com/goserver/internal/web"
)

// shutdownTimeout bounds how long in-flight requests may delay a restart.
const shutdownTimeout = 5 * time.Second

func main() {
	// Plain lines without timestamps: the host (Kickstart, a terminal, a
	// container runtime) adds its own, and the messages stay greppable.
	log.SetFlags(0)
	log.SetOutput(os.Stdout)

	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "goserver: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	addr, err := listenAddr()
	if err != nil {
		return err
	}

	if os.Getenv("KICKSTART_WATCH") == "1" {
		iteration := os.Getenv("KICKSTART_ITERATION")
		if iteration == "" {
			iteration = "?"
		}
		log.Printf("goserver: running under kickstart watch (iteration %s)", iteration)
	}

	srv := &http.Server{
		Handler: web.NewHandler(web.Config{StartTime: time.Now(), ClientDir: clientDir()}),
		// Guards against clients that open a connection and never finish
		// their headers (Slowloris).
		ReadHeaderTimeout: 10 * time.Second,
	}

	// Listen separately from Serve so the "listening" line is printed only
	// once the port is really bound: a watcher can treat it as "ready".
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	log.Printf("goserver: listening on http://%s", ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case err := <-serveErr:
		// Serve only returns early on a real failure.
		return err
	case <-ctx.Done():
	}

	// Restore default signal handling so a second Ctrl+C kills the process
	// at once instead of waiting for the shutdown to finish.
	stop()
	log.Printf("goserver: shutting down")

	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// listenAddr builds the listen address from $HOST and $PORT. It binds the
// loopback interface by default so a development server is not exposed to
// the network unless someone asks for it (HOST=0.0.0.0).
func listenAddr() (string, error) {
	host := os.Getenv("HOST")
	if host == "" {
		host = "127.0.0.1"
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	// Reject a bad PORT here: net.Listen would accept service names such
	// as "http" and fail with a less obvious message.
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return "", fmt.Errorf("invalid PORT %q: want a number from 0 to 65535", port)
	}
	return net.JoinHostPort(host, port), nil
}

// clientDir is where the build copies the WebAssembly client (see
// client/client.proj): $CLIENT_DIR, else wwwroot/ in the working directory,
// which is the project directory under `dotnet run` and Kickstart's watch.
func clientDir() string {
	if dir := os.Getenv("CLIENT_DIR"); dir != "" {
		return dir
	}
	return "wwwroot"
}
