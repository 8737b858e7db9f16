using System;
using System.IO;
using System.Linq;
using Kickstart.Sdk.Tests.Infrastructure;

namespace Kickstart.Sdk.Tests;

/// <summary>The build process that runs the watch does not keep what a burst of server output cost it.</summary>
[Collection(WatchCollection.Name)]
public sealed class WatchMemoryTests
{
    private const string FloodsOnRequest = """
        package main

        import (
        	"bufio"
        	"fmt"
        	"net/http"
        	"os"
        	"strings"
        )

        func main() {
        	line := strings.Repeat("x", 90)
        	http.HandleFunc("/flood", func(w http.ResponseWriter, r *http.Request) {
        		// Answered at once: how fast 40 MB go through the watch is not what this test is about.
        		go func() {
        			out := bufio.NewWriter(os.Stdout)
        			for i := 0; i < 400000; i++ {
        				fmt.Fprintf(out, "%08d %s\n", i, line)
        			}
        			out.Flush()
        			fmt.Println("flood done")
        		}()
        		fmt.Fprint(w, "flooding")
        	})
        	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "message=v1") })
        	http.ListenAndServe("127.0.0.1:"+os.Getenv("PORT"), nil)
        }
        """;

    [Fact]
    public void FortyMegabytesOfServerOutputAreGivenBackOnceTheyAreOver()
    {
        using GoProject project = GoProject.Create(nameof(FortyMegabytesOfServerOutputAreGivenBackOnceTheyAreOver), "server", withMain: false);
        project.Write("main.go", FloodsOnRequest);
        using WatchSession watch = WatchSession.Start(project);
        watch.WaitUntilServing("message=v1");
        long before = ResidentKilobytes(watch.Pid);

        Assert.Contains("flooding", Http.TryGet(watch.Url + "flood") ?? "");
        watch.WaitForLine(l => l.Contains("flood done"), TimeSpan.FromSeconds(120), "the end of the flood");
        long peak = ResidentKilobytes(watch.Pid);

        // Printed and gone: the process comes back to about where it was, instead of keeping the burst's size.
        bool givenBack = Poll.Until(() => ResidentKilobytes(watch.Pid) < before + 40_000, TimeSpan.FromSeconds(30));
        Assert.True(givenBack, $"RSS {before} kB before the flood, {peak} kB after it, {ResidentKilobytes(watch.Pid)} kB 30 s later");
    }

    // The build process is the session's leader (WatchSession starts it with setsid).
    private static long ResidentKilobytes(int pid)
    {
        string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }
}
