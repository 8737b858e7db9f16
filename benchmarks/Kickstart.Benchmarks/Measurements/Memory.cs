using System;
using System.Diagnostics;
using System.Linq;

namespace Kickstart.Benchmarks.Measurements;

/// <summary>
/// 8. Ctrl+C (SIGINT to the watch's process group) after all the rebuilds before it, and the memory line the watch
/// prints on its way out. <see cref="Line"/> is null when none came; <see cref="Note"/> then says what came instead.
/// </summary>
internal sealed record MemoryResult(string? Line, string Note, double CtrlCToExitMs)
{
    public static readonly MemoryResult NotMeasured = new(null, "", double.NaN);
}

internal sealed class Memory
{
    private readonly BenchmarkContext _context;

    public Memory(BenchmarkContext context) => _context = context;

    public MemoryResult Run(WatchProcess w)
    {
        BenchmarkContext.Log("8. Ctrl+C (SIGINT to the process group) and the memory line");
        int linesBefore = w.LineCount;
        long c0 = Stopwatch.GetTimestamp();
        bool exited = w.StopWithCtrlC(TimeSpan.FromSeconds(30));
        double ctrlCToExit = exited ? BenchmarkContext.Ms(c0, Stopwatch.GetTimestamp()) : double.NaN;
        var mem = w.LinesFrom(linesBefore).FirstOrDefault(l => WatchLines.Memory.IsMatch(l.Line));
        string? line = mem.Line is null ? null : WatchLines.Memory.Match(mem.Line).Value;
        string note = "";
        if (!exited)
            _context.Notes.Add("8: the watch did not exit within 30 s of SIGINT; its session was killed.");
        if (line is null)
            note = "the process ended without printing the memory line; its last lines were:\n" +
                string.Join("\n", w.LinesFrom(linesBefore).TakeLast(12).Select(l => "    " + l.Line));
        if (w.Leaked.Count > 0)
            _context.Leaks.Add($"8: left running after Ctrl+C: {string.Join(", ", w.Leaked)}");
        BenchmarkContext.Log($"   {line ?? "no memory line"}; Ctrl+C → exit {Series.F(ctrlCToExit)} ms");
        return new MemoryResult(line, note, ctrlCToExit);
    }
}
