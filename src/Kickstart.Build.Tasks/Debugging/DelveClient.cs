using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Kickstart.Build.Tasks.Debugging;

/// <summary>
/// A client of Delve's JSON-RPC 2 API (`dlv --headless --api-version=2`) over one TCP connection, with nothing but
/// sockets and System.Text.Json (the task assembly runs inside MSBuild and brings no packages).
/// </summary>
/// <remarks>
/// The wire is Go's net/rpc JSON codec: one object per line each way, `{"method","params":[arg],"id"}` out and
/// `{"id","result","error"}` back, answers matched to requests by id. Delve answers most methods at once but
/// Command("continue") only when the process halts or exits, and it serves other calls meanwhile; so a reader of its
/// own hands each answer to whoever waits for that id, and <see cref="Continue"/> returns the pending answer as a task
/// instead of blocking. Delve holds its target lock while the process runs: breakpoints can be listed or created only
/// while it is halted (<see cref="Halt"/> first).
/// </remarks>
internal sealed class DelveClient : IDisposable
{
    /// <summary>How long a call that Delve answers at once may take before the client gives up on it.</summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _connection;
    private readonly NetworkStream _stream;
    private readonly object _writeLock = new();
    private readonly ConcurrentDictionary<long, (string Method, TaskCompletionSource<JsonElement> Answer)> _pending = new();
    private readonly Thread _reader;
    private readonly TimeSpan _callTimeout;
    private long _nextId;
    private volatile Exception? _closed;

    private DelveClient(TcpClient connection, TimeSpan callTimeout)
    {
        _connection = connection;
        _stream = connection.GetStream();
        _callTimeout = callTimeout;
        _reader = new Thread(ReadAnswers) { IsBackground = true, Name = "Kickstart Delve client" };
        _reader.Start();
    }

    public string Address { get; private init; } = "";

    /// <summary>
    /// Connects to a Delve listening on <paramref name="address"/> (host:port, [::1]:port). Delve starts listening only
    /// once it has loaded the binary, so a refused connection is tried again until <paramref name="timeout"/> has passed.
    /// </summary>
    public static DelveClient Connect(string address, TimeSpan timeout, TimeSpan? callTimeout = null)
    {
        if (!DebugAddress.TryParse(address, out string host, out int port))
            throw new ArgumentException($"'{address}' is not host:port.", nameof(address));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var connection = new TcpClient { NoDelay = true };
            try
            {
                connection.Connect(host, port);
                return new DelveClient(connection, callTimeout ?? DefaultCallTimeout) { Address = address };
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused && clock.Elapsed < timeout)
            {
                connection.Dispose();
                // Nothing tells a client when a starting Delve begins to listen; a refused connect costs microseconds.
                Thread.Sleep(20);
            }
            catch (SocketException e)
            {
                connection.Dispose();
                throw new DelveException($"Delve did not accept a connection on {address} within {timeout.TotalMilliseconds:0} ms ({e.Message}).", e);
            }
        }
    }

    /// <summary>The user's breakpoints (not Delve's internal ones such as unrecovered-panic). The process must be halted.</summary>
    public IReadOnlyList<DelveBreakpoint> ListBreakpoints()
    {
        JsonElement result = Call("ListBreakpoints", new { All = false });
        var breakpoints = new List<DelveBreakpoint>();
        if (result.TryGetProperty("Breakpoints", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement b in list.EnumerateArray())
            {
                DelveBreakpoint breakpoint = ReadBreakpoint(b);
                if (breakpoint.Id > 0) // Delve's own (unrecovered-panic, fatal-throw) have negative IDs.
                    breakpoints.Add(breakpoint);
            }
        }
        return breakpoints;
    }

    /// <summary>
    /// Sets a breakpoint at file:line. Delve's CreateBreakpoint ignores "disabled", so a disabled one is created and then
    /// amended. A line that holds no code is a <see cref="DelveException"/> with Delve's reason. The process must be halted.
    /// </summary>
    public DelveBreakpoint CreateBreakpoint(string file, int line, string? condition = null, string? hitCondition = null, bool disabled = false, string? name = null)
    {
        var wanted = new JsonObject
        {
            ["file"] = file,
            ["line"] = line,
            ["Cond"] = condition ?? "",
            ["HitCond"] = hitCondition ?? "",
        };
        if (!string.IsNullOrEmpty(name))
            wanted["name"] = name;
        JsonElement result = Call("CreateBreakpoint", new JsonObject { ["Breakpoint"] = wanted });
        JsonElement created = result.GetProperty("Breakpoint");
        if (!disabled)
            return ReadBreakpoint(created);

        JsonNode amended = JsonNode.Parse(created.GetRawText())!;
        amended["disabled"] = true;
        Call("AmendBreakpoint", new JsonObject { ["Breakpoint"] = amended });
        return ReadBreakpoint(created) with { Disabled = true };
    }

    /// <summary>
    /// Lets the process run. Returns at once; the task completes with the state Delve reports when the process halts
    /// (a breakpoint, <see cref="Halt"/>) or exits, and faults when the connection goes first (a detach, Delve killed).
    /// </summary>
    public Task<DelveState> Continue()
    {
        Task<JsonElement> answer = Send("Command", new { name = "continue" });
        return answer.ContinueWith(t => ReadState(t.GetAwaiter().GetResult().GetProperty("State")),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Stops a running process (a pending <see cref="Continue"/> then completes too) and returns the halted state.</summary>
    public DelveState Halt() => ReadState(Call("Command", new { name = "halt" }).GetProperty("State"));

    /// <summary>The state now, without waiting for a running process to halt.</summary>
    public DelveState State() => ReadState(Call("State", new { NonBlocking = true }).GetProperty("State"));

    /// <summary>
    /// Ends the debug session; with <paramref name="kill"/> the process is killed, and a headless Delve then exits.
    /// Delve detaches only a halted process (its target lock is held while it runs), so a running one is halted first.
    /// </summary>
    public void Detach(bool kill)
    {
        DelveState state = State();
        if (state.Running)
            Halt();
        try
        {
            Call("Detach", new { Kill = kill });
        }
        catch (DelveException) when (_closed is not null)
        {
            // Delve may close the connection as it exits, before or instead of answering: the detach happened.
        }
    }

    public void Dispose()
    {
        _closed ??= new ObjectDisposedException(nameof(DelveClient));
        _connection.Dispose();
    }

    private JsonElement Call(string method, object argument)
    {
        Task<JsonElement> answer = Send(method, argument);
        try
        {
            if (!answer.Wait(_callTimeout))
                throw new DelveException($"Delve at {Address} did not answer {method} within {_callTimeout.TotalMilliseconds:0} ms.");
            return answer.Result;
        }
        catch (AggregateException e) when (e.InnerException is DelveException inner)
        {
            throw new DelveException(inner.Message, inner);
        }
    }

    private Task<JsonElement> Send(string method, object argument)
    {
        long id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (method, answer);
        string request = JsonSerializer.Serialize(new { method = "RPCServer." + method, @params = new[] { argument }, id }) + "\n";
        try
        {
            lock (_writeLock)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(request);
                _stream.Write(bytes, 0, bytes.Length);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Fail(id, new DelveException($"The connection to Delve at {Address} is closed ({method}: {e.Message}).", e));
        }
        // The reader may have ended between registering and now: nobody else would complete this one.
        if (_closed is { } closed)
            Fail(id, new DelveException($"The connection to Delve at {Address} is closed ({method}: {closed.Message}).", closed));
        return answer.Task;
    }

    private void ReadAnswers()
    {
        Exception ended;
        try
        {
            using var reader = new StreamReader(_stream, new UTF8Encoding(false), false, 1 << 16, leaveOpen: true);
            // Go's JSON encoder escapes newlines inside strings, so every line is exactly one answer.
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0)
                    continue;
                using JsonDocument document = JsonDocument.Parse(line);
                JsonElement root = document.RootElement;
                if (!root.TryGetProperty("id", out JsonElement idElement) || !idElement.TryGetInt64(out long id)
                    || !_pending.TryRemove(id, out var waiting))
                    continue;
                if (root.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.String)
                    waiting.Answer.TrySetException(new DelveException($"Delve refused {waiting.Method}: {error.GetString()}"));
                else
                    waiting.Answer.TrySetResult(root.TryGetProperty("result", out JsonElement result) ? result.Clone() : default);
            }
            ended = new EndOfStreamException("Delve closed the connection");
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or JsonException or SocketException)
        {
            ended = e;
        }
        _closed ??= ended;
        foreach (long id in _pending.Keys)
            Fail(id, new DelveException($"The connection to Delve at {Address} is closed ({ended.Message}).", ended));
    }

    private void Fail(long id, DelveException error)
    {
        if (_pending.TryRemove(id, out var waiting))
            waiting.Answer.TrySetException(error);
    }

    private static DelveBreakpoint ReadBreakpoint(JsonElement b) => new(
        Id: Int(b, "id"),
        Name: NonEmpty(b, "name"),
        File: NonEmpty(b, "file") ?? "",
        Line: Int(b, "line"),
        Condition: NonEmpty(b, "Cond"),
        HitCondition: NonEmpty(b, "HitCond"),
        Disabled: b.TryGetProperty("disabled", out JsonElement d) && d.ValueKind == JsonValueKind.True,
        FunctionName: NonEmpty(b, "functionName"));

    private static DelveState ReadState(JsonElement s)
    {
        DelveLocation? location = null;
        int? breakpointId = null;
        if (s.TryGetProperty("currentThread", out JsonElement thread) && thread.ValueKind == JsonValueKind.Object)
        {
            if (NonEmpty(thread, "file") is { } file)
                location = new DelveLocation(file, Int(thread, "line"));
            if (thread.TryGetProperty("breakPoint", out JsonElement b) && b.ValueKind == JsonValueKind.Object)
                breakpointId = Int(b, "id");
        }
        return new DelveState(
            Pid: Int(s, "Pid"),
            Running: s.TryGetProperty("Running", out JsonElement r) && r.ValueKind == JsonValueKind.True,
            Exited: s.TryGetProperty("exited", out JsonElement x) && x.ValueKind == JsonValueKind.True,
            ExitStatus: Int(s, "exitStatus"),
            Location: location,
            BreakpointId: breakpointId);
    }

    private static int Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) ? n : 0;

    private static string? NonEmpty(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
