using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Kickstart.Benchmarks.Fixtures;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>What one kind of content edit did, over its saves.</summary>
internal sealed record ContentEditResult(string Kind, string File, string Target)
{
    /// <summary>Save → the server answers with the new content (template only: the server read it at start).</summary>
    public Series Served { get; } = new($"{Kind}: save → served");
    /// <summary>Save → the first event an open page acts on (not `clear`, which only removes an error overlay) on the proxy's event stream.</summary>
    public Series Event { get; } = new($"{Kind}: save → browser event");
    /// <summary>The events a save set off, in order ("clear→reload"), → how many saves did so ("none": no event within the wait).</summary>
    public Dictionary<string, int> EventNames { get; } = new(StringComparer.Ordinal);
    public int Saves { get; set; }
    public int GoBuilds { get; set; }
    public int Restarts { get; set; }
    public int StatusLines { get; set; }

    public string EventSummary => EventNames.Count == 0 ? "n/a" : string.Join(", ", EventNames.OrderByDescending(e => e.Value).Select(e => $"{e.Key}×{e.Value}"));
}

/// <summary>15. Template (not embedded, parsed at start), stylesheet and other static file edits, through the dev proxy.</summary>
internal sealed record ContentEditsResult
{
    public List<ContentEditResult> Kinds { get; } = new();
    public string Note { get; set; } = "";
}

/// <summary>
/// 15. The second small server again, in a copy of its own, under a watch with the dev proxy and the recording `go`
/// first on PATH; an <see cref="EventStream"/> reads the proxy's browser events as an open page would. Per kind, n saves
/// (in place and temp + rename alternating), each of a new text: templates/index.html (save → GET / through the proxy renders it),
/// static/site.css (save → the page's event: a stylesheet swap is the goal) and static/app.js (save → a page reload
/// event), and for each save whether `go build` ran and whether the server restarted (its pid changed).
/// </summary>
internal sealed class ContentEdits
{
    private static readonly Regex Pid = new("\"pid\":(\\d+)", RegexOptions.Compiled);
    /// <summary>How long a save may go without a browser event before "none" (a file the watch ignores gets none at all).</summary>
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(3);
    private readonly BenchmarkContext _context;

    public ContentEdits(BenchmarkContext context) => _context = context;

    public ContentEditsResult Run()
    {
        var result = new ContentEditsResult();
        Workspace ws = _context.Workspace;
        GoModule module = SmallServer.Create(Path.Combine(ws.Root, "content"), ws.SdkVersion);
        BenchmarkContext.MustRun(ws.Dotnet(new[] { "build", module.ProjectPath, "-tl:off", "-nologo" }, workingDirectory: module.Dir), "15: dotnet build");
        int proxyPort = FreePort.Find();
        BenchmarkContext.Log($"15. content edits through the dev proxy (:{proxyPort}): template, CSS, JS, {_context.N} saves each");
        // No KickstartServerUrl: with the proxy on, the watch picks the server's port itself (and may change it).
        using WatchProcess w = _context.StartWatch(module.ProjectPath, 0, new[] { $"-p:KickstartProxyUrl=http://127.0.0.1:{proxyPort}" }, recordGo: true);
        if (Probe.PollUntil(proxyPort, "/api/status", null, TimeSpan.FromSeconds(120), () => w.HasExited) == 0)
            throw new InvalidOperationException("15: the server never answered through the proxy:\n" + w.Output);
        using var events = new EventStream(proxyPort);
        if (!Poll.Until(() => events.Connected, TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException("15: the proxy's event stream did not open:\n" + w.Output);
        Thread.Sleep(300);

        string template = Path.Combine(module.Dir, "templates", "index.html");
        string css = Path.Combine(module.Dir, "static", "site.css");
        string js = Path.Combine(module.Dir, "static", "app.js");
        // Everything goes through the proxy, as a browser's requests do: behind it the server may move to a fresh port
        // on every restart (blue/green), so the server's own address is not where the current one answers.
        result.Kinds.Add(Measure(w, events, proxyPort, new ContentEditResult("template", "templates/index.html", "restart, no go build; served ≤ 50 ms"), template, SmallServer.Template, "/"));
        result.Kinds.Add(Measure(w, events, proxyPort, new ContentEditResult("stylesheet", "static/site.css", "stylesheet swap event ≤ 50 ms, no build, no restart"), css, SmallServer.Css, null));
        result.Kinds.Add(Measure(w, events, proxyPort, new ContentEditResult("static file", "static/app.js", "page reload event, no build, no restart"), js, SmallServer.Js, null));
        _context.StopWatch(w, "15");
        return result;
    }

    private ContentEditResult Measure(WatchProcess w, EventStream events, int port, ContentEditResult kind, string path, SmallServer.Marker marker, string? servedPath)
    {
        Workspace ws = _context.Workspace;
        for (int i = 0; i < _context.N; i++)
        {
            string text = _context.Unique($"{kind.Kind.Replace(' ', '-')}-{i}");
            string? pidBefore = PidOf(port);
            int lines = w.LineCount, eventsFrom = events.Count, builds = ws.GoBuildCallCount();
            long t0 = Stopwatch.GetTimestamp();
            SmallServer.Edit(path, marker, text, tempThenRename: i % 2 == 1);
            if (servedPath is not null)
            {
                long t1 = Probe.PollUntil(port, servedPath, text, TimeSpan.FromSeconds(60), () => w.HasExited);
                if (t1 == 0)
                    throw new InvalidOperationException($"15: the {kind.Kind} edit '{text}' was never served:\n" + w.Output);
                kind.Served.Add(BenchmarkContext.Ms(t0, t1));
            }
            var first = events.WaitForEvent(eventsFrom, EventWait);
            // Whatever else this save sets off (a build after the event, a late restart) shows up within this time.
            Thread.Sleep(700);
            var seen = events.From(eventsFrom);
            string sequence = seen.Count == 0 ? "none" : string.Join("→", seen.Select(e => e.Name));
            kind.EventNames[sequence] = kind.EventNames.GetValueOrDefault(sequence) + 1;
            if (first is not null && seen.FirstOrDefault(e => e.Name is not ("clear" or "errors")) is { Name: not null } acted)
                kind.Event.Add(BenchmarkContext.Ms(t0, acted.Ts));
            kind.Saves++;
            kind.GoBuilds += ws.GoBuildCallCount() - builds;
            if (PidOf(port) is { } after && after != pidBefore) kind.Restarts++;
            kind.StatusLines += w.CountFrom(WatchProcess.StatusLine, lines);
        }
        BenchmarkContext.Log($"   {kind.Served}; {kind.Event}; events {kind.EventSummary}; go builds {kind.GoBuilds}, restarts {kind.Restarts} in {kind.Saves} saves");
        return kind;
    }

    private static string? PidOf(int port)
    {
        // Right after a restart the new server may not accept yet: ask a few times.
        for (int i = 0; i < 200; i++)
        {
            if (Probe.Get(port, "/api/status") is { Status: 200 } r && Pid.Match(r.Body) is { Success: true } m)
                return m.Groups[1].Value;
            Thread.Sleep(5);
        }
        return null;
    }
}
