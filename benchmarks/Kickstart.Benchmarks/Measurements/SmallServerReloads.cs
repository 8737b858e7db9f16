using System;
using System.IO;
using Kickstart.Benchmarks.Fixtures;
using Kickstart.TestSupport;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>13. The second small stdlib server (three internal packages, html/template, JSON): floor and edit → serving.</summary>
internal sealed record SmallServerResult
{
    public ModuleFloor Floor { get; init; } = new("second small server");
    public ModuleReloadResult Reloads { get; init; } = new();
}

internal sealed class SmallServerReloads
{
    private readonly BenchmarkContext _context;

    public SmallServerReloads(BenchmarkContext context) => _context = context;

    public SmallServerResult Run()
    {
        BenchmarkContext.Log($"13. second small server (internal/catalog, render, api): floor and edit → serving, {_context.N} saves per style");
        GoModule module = SmallServer.Create(Path.Combine(_context.Workspace.Root, "shop"), _context.Workspace.SdkVersion);
        ModuleFloor floor = ModuleReloads.Floor(_context, module, "second small server");
        BenchmarkContext.MustRun(_context.Workspace.Dotnet(new[] { "build", module.ProjectPath, "-tl:off", "-nologo" }, workingDirectory: module.Dir), "13: dotnet build");
        int port = FreePort.Find();
        using WatchProcess w = _context.StartWatch(module.ProjectPath, port);
        if (Probe.PollUntil(port, "/api/status", null, TimeSpan.FromSeconds(120), () => w.HasExited) == 0 ||
            w.WaitForLine(WatchLines.Started, 0, TimeSpan.FromSeconds(30)) is null)
            throw new InvalidOperationException("13: the watch never served:\n" + w.Output);
        var reloads = ModuleReloads.EditToServing(_context, w, module, port, "second small server");
        _context.StopWatch(w, "13");
        return new SmallServerResult { Floor = floor, Reloads = reloads };
    }
}
