using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Kickstart.Contracts;
using Microsoft.Extensions.Logging;

namespace Kickstart.Aspire.Hosting.Running;

/// <summary>
/// The resource's state in the dashboard, from what its watch says on the control channel: <c>Compiling</c>,
/// <c>Running</c>, <c>Build failed</c> (the Go errors in the <c>kickstart.errors</c> property; the last good build keeps
/// serving), <c>Server exited</c>, and <c>FailedToStart</c> for a watch that ended on a KS error (from the channel's
/// <c>failed</c> event, or from the canonical <c>error KS####:</c> line of its output when it never got to connect).
/// </summary>
/// <remarks>
/// DCP publishes the process's own state (<c>Running</c> as soon as <c>dotnet</c> started, <c>Exited</c> when it ended)
/// over whatever was there. While a watch is connected its word is the truer one, so a <c>Running</c> of DCP's is
/// replaced at once by the watch's current state; DCP's terminal states stand (the process did end), except that a KS
/// failure turns <c>Exited</c> into <c>FailedToStart</c> with the error, which stops dependents' <c>WaitFor</c> and
/// offers the Start command instead of looking like a crash.
/// </remarks>
internal sealed class GoProjectStateReporter : IWatchChannelObserver
{
    /// <summary>Not Aspire's <c>Building</c>: that one means the resource is stopped for a rebuild (it hides Stop and Restart).</summary>
    public const string Compiling = "Compiling";
    public const string BuildFailed = "Build failed";
    public const string ServerExited = "Server exited";

    public const string ErrorsProperty = "kickstart.errors";
    public const string StatusProperty = "kickstart.status";
    public const string StillServingProperty = "kickstart.stillServing";
    public const string ServerPidProperty = "kickstart.server.pid";
    public const string WatchPidProperty = "kickstart.watch.pid";
    public const string UrlProperty = "kickstart.url";

    private static readonly Regex KsErrorLine = new(@"\berror (KS\d{4}): .*$", RegexOptions.Compiled);

    private readonly GoProjectResource _resource;
    private readonly ResourceNotificationService _notifications;
    private readonly ResourceLoggerService _logs;
    private readonly ILogger _resourceLog;
    private readonly object _gate = new();
    private readonly HashSet<string> _watchedLogs = new();

    // What the connected watch last said (null: no watch has spoken since the process started).
    private WatchState? _state;
    // The process the watch said it runs in (its hello): the dotnet DCP started, so DCP's updates of another process
    // (the resource started again) are never overwritten with an older watch's word.
    private int? _watchPid;
    // The KS error that ended the watch: from its failed event, or the last `error KS####:` line of its output.
    private string? _failure;
    private string? _lastKsErrorLine;

    public GoProjectStateReporter(GoProjectResource resource, ResourceNotificationService notifications, ResourceLoggerService logs)
    {
        _resource = resource;
        _notifications = notifications;
        _logs = logs;
        _resourceLog = logs.GetLogger(resource);
    }

    public void Start(CancellationToken stop) => _ = Task.Run(() => FollowSnapshotsAsync(stop), stop);

    public async Task OnConnectedAsync(WatchEvent hello)
    {
        lock (_gate)
        {
            _state = new WatchState(Compiling, KnownResourceStateStyles.Info, Properties(status: "the watch connected"));
            _watchPid = hello.ProcessId;
            _resource.Serving = false;
            _resource.WatchStateText = Compiling;
            _failure = null;
            _lastKsErrorLine = null;
        }
        await PublishAsync(extra: hello.ProcessId is int pid ? new[] { new ResourcePropertySnapshot(WatchPidProperty, pid) } : null).ConfigureAwait(false);
    }

    public async Task OnEventAsync(WatchEvent e)
    {
        WatchState? next = e.Kind switch
        {
            WatchEventKinds.Building => new WatchState(Compiling, KnownResourceStateStyles.Info, Properties(status: e.Message)),
            WatchEventKinds.Running => new WatchState(KnownResourceStates.Running, KnownResourceStateStyles.Success,
                Properties(status: e.Message, url: e.Url, serverPid: e.ServerProcessId)),
            WatchEventKinds.Unchanged => Current() is { } s ? s with { Text = KnownResourceStates.Running, Style = KnownResourceStateStyles.Success } : null,
            WatchEventKinds.BuildFailed => new WatchState(BuildFailed, KnownResourceStateStyles.Error,
                Properties(status: e.Message, errors: e.Errors, stillServing: e.StillServing)),
            WatchEventKinds.ServerExited => new WatchState(ServerExited, KnownResourceStateStyles.Warn, Properties(status: e.Message)),
            WatchEventKinds.Failed => new WatchState(KnownResourceStates.FailedToStart, KnownResourceStateStyles.Error,
                Properties(status: e.Message, errors: e.Errors)),
            WatchEventKinds.Stopping => new WatchState(KnownResourceStates.Stopping, KnownResourceStateStyles.Info, Properties(status: e.Message)),
            _ => null,
        };
        if (next is null)
            return;
        lock (_gate)
        {
            _state = next;
            _resource.WatchStateText = next.Text;
            _resource.Serving = e.Kind switch
            {
                WatchEventKinds.Running or WatchEventKinds.Unchanged => true,
                WatchEventKinds.BuildFailed => e.StillServing == true,
                WatchEventKinds.Building => _resource.Serving, // the old server serves during the build
                _ => false,
            };
            if (e.Kind == WatchEventKinds.Failed)
                _failure = e.Errors is { Count: > 0 } ? string.Join("\n", e.Errors) : e.Message ?? "the watch failed";
        }
        await PublishAsync().ConfigureAwait(false);
    }

    public async Task OnDisconnectedAsync()
    {
        // The watch is gone or going: DCP's own state (Exited…) follows; until then only the commands change.
        lock (_gate)
        {
            if (_state is { } s && s.Text != KnownResourceStates.FailedToStart)
                _state = null;
            _resource.Serving = false;
            _resource.WatchStateText = null;
        }
        await _notifications.PublishUpdateAsync(_resource, s => s).ConfigureAwait(false);
    }

    public void Warn(string message) => _resourceLog.LogWarning("{Message}", message);

    private WatchState? Current()
    {
        lock (_gate)
            return _state;
    }

    private Task PublishAsync(IEnumerable<ResourcePropertySnapshot>? extra = null)
    {
        WatchState? state = Current();
        if (state is null)
            return Task.CompletedTask;
        return _notifications.PublishUpdateAsync(_resource, s => state.ApplyTo(s, extra));
    }

    // Follows the resource's snapshots: puts the watch's state back over DCP's "Running", turns DCP's "Exited" of a
    // watch that failed on a KS error into FailedToStart, and starts reading the output of each replica it sees.
    private async Task FollowSnapshotsAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var e in _notifications.WatchAsync(stop).ConfigureAwait(false))
            {
                if (!ReferenceEquals(e.Resource, _resource))
                    continue;
                lock (_gate)
                {
                    if (_watchedLogs.Add(e.ResourceId))
                        _ = Task.Run(() => ReadOutputAsync(e.ResourceId, stop), stop);
                }

                string? text = e.Snapshot.State?.Text;
                if (!IsTheWatchsProcess(e.Snapshot))
                    continue; // A new process (Aspire's Start or Restart): until its watch connects, DCP's word stands.
                if (text == KnownResourceStates.Running && Current() is { } state && state.Text != KnownResourceStates.Running)
                {
                    await _notifications.PublishUpdateAsync(_resource, s => state.ApplyTo(s)).ConfigureAwait(false);
                }
                else if ((text == KnownResourceStates.Exited || text == KnownResourceStates.Finished) && Failure(e.Snapshot.ExitCode) is { } failure)
                {
                    await PublishFailedAsync(failure).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // DCP's executable.pid is the dotnet that runs the watch (MSBuild builds a single project in that process); a
    // snapshot that names none, or a watch that said none, counts as the same.
    private bool IsTheWatchsProcess(CustomResourceSnapshot snapshot)
    {
        object? pid = snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
        lock (_gate)
            return _watchPid is null || pid is null || Equals(Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture), _watchPid);
    }

    private string? Failure(int? exitCode)
    {
        lock (_gate)
            return _failure ?? (exitCode is not null and not 0 ? _lastKsErrorLine : null);
    }

    private Task PublishFailedAsync(string failure)
    {
        var state = new WatchState(KnownResourceStates.FailedToStart, KnownResourceStateStyles.Error, Properties(status: failure, errors: new[] { failure }));
        lock (_gate)
            _state = state;
        return _notifications.PublishUpdateAsync(_resource, s => state.ApplyTo(s));
    }

    // The watch's output, as DCP captured it, for a KS error the watch printed before it could connect (evaluation).
    private async Task ReadOutputAsync(string resourceId, CancellationToken stop)
    {
        try
        {
            await foreach (var batch in _logs.WatchAsync(resourceId).WithCancellation(stop).ConfigureAwait(false))
            {
                foreach (var line in batch)
                {
                    var match = KsErrorLine.Match(line.Content);
                    if (!match.Success)
                        continue;
                    bool exited;
                    lock (_gate)
                        _lastKsErrorLine = line.Content.Trim();
                    exited = _notifications.TryGetCurrentState(resourceId, out var current)
                        && (current.Snapshot.State?.Text == KnownResourceStates.Exited || current.Snapshot.State?.Text == KnownResourceStates.Finished);
                    if (exited && Failure(current!.Snapshot.ExitCode) is { } failure)
                        await PublishFailedAsync(failure).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // Status, errors and whether the old build serves are replaced by every state (null: removed); the URL and PID
    // only by a running server's, so a failed build shows the server that still answers.
    private static ImmutableArray<ResourcePropertySnapshot> Properties(
        string? status = null, IReadOnlyCollection<string>? errors = null, bool? stillServing = null, string? url = null, int? serverPid = null)
    {
        var properties = ImmutableArray.CreateBuilder<ResourcePropertySnapshot>();
        properties.Add(new ResourcePropertySnapshot(StatusProperty, status));
        properties.Add(new ResourcePropertySnapshot(ErrorsProperty, errors is { Count: > 0 } ? string.Join("\n", errors) : null));
        properties.Add(new ResourcePropertySnapshot(StillServingProperty, stillServing));
        if (url is not null)
            properties.Add(new ResourcePropertySnapshot(UrlProperty, url));
        if (serverPid is not null)
            properties.Add(new ResourcePropertySnapshot(ServerPidProperty, serverPid));
        return properties.ToImmutable();
    }

    /// <summary>A state as the watch reported it; <see cref="ApplyTo"/> writes it over a snapshot, keeping everything else.</summary>
    private sealed record WatchState(string Text, string Style, ImmutableArray<ResourcePropertySnapshot> Properties)
    {
        public CustomResourceSnapshot ApplyTo(CustomResourceSnapshot snapshot, IEnumerable<ResourcePropertySnapshot>? extra = null)
        {
            var set = Properties.Concat(extra ?? Enumerable.Empty<ResourcePropertySnapshot>()).ToList();
            var names = set.Select(p => p.Name).ToHashSet();
            return snapshot with
            {
                State = new ResourceStateSnapshot(Text, Style),
                Properties = snapshot.Properties.Where(p => !names.Contains(p.Name)).Concat(set.Where(p => p.Value is not null)).ToImmutableArray(),
            };
        }
    }
}
