using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>KickstartServerPort and KickstartServerUrl are one fact: set either, the other follows.</summary>
[Collection(WatchCollection.Name)]
public sealed class ServerPortTests
{
    [Theory]
    [InlineData("-p:KickstartServerUrl=http://127.0.0.1:9123", "9123", "http://127.0.0.1:9123")]
    [InlineData("-p:KickstartServerUrl=http://localhost:9124/", "9124", "http://localhost:9124/")]
    [InlineData("-p:KickstartServerPort=9125", "9125", "http://127.0.0.1:9125")]
    [InlineData("-p:Unrelated=1", "", "")]
    public void PortAndUrlFollowEachOther(string setting, string port, string url)
    {
        using GoProject project = GoProject.Create(nameof(PortAndUrlFollowEachOther));
        var values = Evaluation.Properties(project, new[] { "KickstartServerPort", "KickstartServerUrl" }, setting);
        Assert.Equal(port, values["KickstartServerPort"]);
        Assert.Equal(url, values["KickstartServerUrl"]);
    }

    [Fact]
    public void ServerThatTakesItsPortAsAnArgumentNeedsItWrittenOnce()
    {
        using GoProject project = GoProject.Create(nameof(ServerThatTakesItsPortAsAnArgumentNeedsItWrittenOnce), "server", withMain: false);
        project.Write("main.go", """
            package main

            import (
            	"flag"
            	"fmt"
            	"net/http"
            )

            func main() {
            	port := flag.Int("port", 0, "port to listen on")
            	flag.Parse()
            	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintf(w, "flag-port=%d", *port) })
            	http.ListenAndServe(fmt.Sprintf("127.0.0.1:%d", *port), nil)
            }
            """);
        int port = FreePort.Find();
        project.SetProperty("KickstartServerPort", port.ToString());
        project.SetProperty("KickstartServerArguments", "-port $(KickstartServerPort)");

        // No KickstartServerUrl anywhere: the watch probes and reports the port it was given once.
        using WatchSession watch = WatchSession.StartOn(project, "server.proj");
        Assert.True(Http.WaitForBody($"http://127.0.0.1:{port}/", b => b.Contains($"flag-port={port}"), System.TimeSpan.FromSeconds(60)), watch.Output);
        watch.WaitForLine(l => l.Contains($"serving at http://127.0.0.1:{port}"), what: "the serving line with the port");
    }
}
