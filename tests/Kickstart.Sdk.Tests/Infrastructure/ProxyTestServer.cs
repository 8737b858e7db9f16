namespace Kickstart.Sdk.Tests.Infrastructure;

/// <summary>
/// The Go server behind the dev proxy in the browser tests: an HTML page from an embedded template, a Server-Sent
/// Events stream and a WebSocket echo (written by hand on net/http's Hijacker: the standard library has no WebSocket
/// package, and the fixtures use nothing but it). Go 1.19 compatible.
/// </summary>
internal static class ProxyTestServer
{
    public const string Main = """
        package main

        import (
        	"bufio"
        	"context"
        	"crypto/sha1"
        	"embed"
        	"encoding/base64"
        	"encoding/binary"
        	"fmt"
        	"html/template"
        	"io"
        	"net/http"
        	"os"
        	"os/signal"
        	"syscall"
        	"time"
        )

        const message = "v1"

        //go:embed page.gohtml
        var files embed.FS

        var page = template.Must(template.ParseFS(files, "page.gohtml"))

        func main() {
        	mux := http.NewServeMux()
        	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
        		w.Header().Set("Content-Type", "text/html; charset=utf-8")
        		page.Execute(w, map[string]string{"Message": message})
        	})
        	mux.HandleFunc("/api", func(w http.ResponseWriter, r *http.Request) {
        		w.Header().Set("Content-Type", "application/json")
        		fmt.Fprintf(w, `{"message":%q}`, message)
        	})
        	mux.HandleFunc("/sse", func(w http.ResponseWriter, r *http.Request) {
        		w.Header().Set("Content-Type", "text/event-stream")
        		w.Header().Set("Cache-Control", "no-cache")
        		flusher := w.(http.Flusher)
        		for i := 1; ; i++ {
        			fmt.Fprintf(w, "data: tick %d\n\n", i)
        			flusher.Flush()
        			select {
        			case <-r.Context().Done():
        				return
        			case <-time.After(100 * time.Millisecond):
        			}
        		}
        	})
        	mux.HandleFunc("/ws", echoWebSocket)
        	srv := &http.Server{Addr: "127.0.0.1:" + os.Getenv("PORT"), Handler: mux}
        	stop := make(chan os.Signal, 1)
        	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
        	go func() {
        		<-stop
        		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
        		defer cancel()
        		srv.Shutdown(ctx)
        	}()
        	fmt.Println("proxied server", message, "listening on", srv.Addr)
        	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
        		fmt.Println(err)
        		os.Exit(1)
        	}
        }

        // echoWebSocket answers the RFC 6455 handshake and echoes text frames (unfragmented, < 64 KiB) until close.
        func echoWebSocket(w http.ResponseWriter, r *http.Request) {
        	key := r.Header.Get("Sec-WebSocket-Key")
        	sum := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
        	conn, rw, err := w.(http.Hijacker).Hijack()
        	if err != nil {
        		return
        	}
        	defer conn.Close()
        	fmt.Fprintf(rw, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", base64.StdEncoding.EncodeToString(sum[:]))
        	rw.Flush()
        	for {
        		opcode, payload, err := readFrame(rw.Reader)
        		if err != nil || opcode == 8 {
        			return
        		}
        		writeFrame(rw.Writer, opcode, []byte("echo: "+string(payload)))
        		rw.Flush()
        	}
        }

        func readFrame(r *bufio.Reader) (byte, []byte, error) {
        	var head [2]byte
        	if _, err := io.ReadFull(r, head[:]); err != nil {
        		return 0, nil, err
        	}
        	length := int(head[1] & 0x7f)
        	if length == 126 {
        		var ext [2]byte
        		if _, err := io.ReadFull(r, ext[:]); err != nil {
        			return 0, nil, err
        		}
        		length = int(binary.BigEndian.Uint16(ext[:]))
        	}
        	var mask [4]byte
        	if head[1]&0x80 != 0 {
        		if _, err := io.ReadFull(r, mask[:]); err != nil {
        			return 0, nil, err
        		}
        	}
        	payload := make([]byte, length)
        	if _, err := io.ReadFull(r, payload); err != nil {
        		return 0, nil, err
        	}
        	for i := range payload {
        		payload[i] ^= mask[i%4]
        	}
        	return head[0] & 0x0f, payload, nil
        }

        func writeFrame(w *bufio.Writer, opcode byte, payload []byte) {
        	w.WriteByte(0x80 | opcode)
        	if len(payload) < 126 {
        		w.WriteByte(byte(len(payload)))
        	} else {
        		w.WriteByte(126)
        		var ext [2]byte
        		binary.BigEndian.PutUint16(ext[:], uint16(len(payload)))
        		w.Write(ext[:])
        	}
        	w.Write(payload)
        }
        """;

    public const string Page = """
        <!DOCTYPE html>
        <html>
        <head><title>proxied</title></head>
        <body>
        <h1 id="message">{{.Message}}</h1>
        <p id="template">template-1</p>
        <p id="sse">none</p>
        <p id="ws">none</p>
        <script>
          const sse = new EventSource("/sse");
          sse.onmessage = e => { document.getElementById("sse").textContent = e.data; };
          const ws = new WebSocket("ws://" + location.host + "/ws");
          ws.onopen = () => ws.send("hello");
          ws.onmessage = e => { document.getElementById("ws").textContent = e.data; };
        </script>
        </body>
        </html>
        """;

    public static GoProject Create(string testName)
    {
        GoProject project = GoProject.Create(testName, "web", withMain: false);
        project.Write("main.go", Main).Write("page.gohtml", Page);
        return project;
    }

    public static string WithMessage(string message) => Main.Replace("const message = \"v1\"", $"const message = \"{message}\"");
}
