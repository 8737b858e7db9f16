using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Kickstart.Build.Tasks.Supervision;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>Collects a server's output and lets a test wait until a particular line has arrived.</summary>
internal sealed class OutputRecorder
{
    private readonly object _gate = new();
    private readonly List<ServerOutputLine> _lines = new();
    private readonly List<(Func<ServerOutputLine, bool> Matches, TaskCompletionSource Arrived)> _waiters = new();

    public IReadOnlyList<ServerOutputLine> Lines
    {
        get
        {
            lock (_gate)
            {
                return _lines.ToArray();
            }
        }
    }

    public IReadOnlyList<string> Texts(bool isError) =>
        Lines.Where(line => line.IsError == isError).Select(line => line.Text).ToArray();

    public void Record(ServerOutputLine line)
    {
        lock (_gate)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(waiter => waiter.Matches(line)).ToList())
            {
                waiter.Arrived.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    public Task WaitForAsync(string text, bool isError = false) =>
        WaitForAsync(line => line.Text == text && line.IsError == isError, $"\"{text}\"");

    private async Task WaitForAsync(Func<ServerOutputLine, bool> matches, string description)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_lines.Any(matches))
            {
                return;
            }

            _waiters.Add((matches, arrived));
        }

        try
        {
            await arrived.Task.WaitAsync(Deadlines.Condition);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Line {description} did not arrive. Got: {string.Join(" | ", Lines.Select(l => l.Text))}");
        }
    }
}
