using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Kickstart.Build.Tasks.Hosting;

/// <summary>
/// What the watch's process needs to run the Watch task as the build would have: every parameter the build gave the
/// task (each public settable property of <see cref="GoWatch"/>, by reflection, so that a parameter added to the task
/// travels without anyone remembering to add it here), the build's global properties, its command line and its process
/// id (what a host that started the build knows the watch by).
/// </summary>
internal sealed record WatchStartLine(IReadOnlyDictionary<string, object?> Parameters, IReadOnlyDictionary<string, string> GlobalProperties,
    IReadOnlyList<string> CommandLine, int BuildProcessId)
{
    /// <summary>The parameters of a task the build set up.</summary>
    public static IReadOnlyDictionary<string, object?> ParametersOf(GoWatch task) =>
        Carried().ToDictionary(p => p.Name, p => p.GetValue(task), StringComparer.Ordinal);

    /// <summary>Gives a task in the watch's process the parameters the build gave the one that started it.</summary>
    public void ApplyTo(GoWatch task)
    {
        foreach (PropertyInfo p in Carried())
        {
            if (Parameters.TryGetValue(p.Name, out object? value))
                p.SetValue(task, value);
        }
    }

    // Every parameter but the one that sends the watch to a process of its own (there, it runs where it is).
    internal static IEnumerable<PropertyInfo> Carried() =>
        typeof(GoWatch).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.Name != nameof(GoWatch.InOwnProcess));

    public string Write()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartObject(WatchProcessContract.Parameters);
            foreach (var (name, value) in Parameters)
            {
                switch (value)
                {
                    case null: w.WriteNull(name); break;
                    case string s: w.WriteString(name, s); break;
                    case bool b: w.WriteBoolean(name, b); break;
                    case int i: w.WriteNumber(name, i); break;
                    case string[] list:
                        w.WriteStartArray(name);
                        foreach (string item in list)
                            w.WriteStringValue(item);
                        w.WriteEndArray();
                        break;
                    default: throw new NotSupportedException($"GoWatch.{name}: a parameter of type {value.GetType()} does not travel yet.");
                }
            }
            w.WriteEndObject();
            w.WriteStartObject(WatchProcessContract.GlobalProperties);
            foreach (var (name, value) in GlobalProperties)
                w.WriteString(name, value);
            w.WriteEndObject();
            w.WriteStartArray(WatchProcessContract.CommandLine);
            foreach (string arg in CommandLine)
                w.WriteStringValue(arg);
            w.WriteEndArray();
            w.WriteNumber(WatchProcessContract.BuildProcessId, BuildProcessId);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <exception cref="JsonException">Not a start line of this contract.</exception>
    public static WatchStartLine Read(string line)
    {
        using JsonDocument document = JsonDocument.Parse(line);
        JsonElement root = document.RootElement;
        var types = Carried().ToDictionary(p => p.Name, p => p.PropertyType, StringComparer.Ordinal);
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (JsonProperty p in root.GetProperty(WatchProcessContract.Parameters).EnumerateObject())
        {
            if (!types.TryGetValue(p.Name, out Type? type))
                throw new JsonException($"GoWatch has no parameter {p.Name}");
            parameters[p.Name] = p.Value.ValueKind == JsonValueKind.Null ? null
                : type == typeof(bool) ? p.Value.GetBoolean()
                : type == typeof(int) ? p.Value.GetInt32()
                : type == typeof(string[]) ? p.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToArray()
                : p.Value.GetString();
        }
        var globals = root.GetProperty(WatchProcessContract.GlobalProperties).EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.OrdinalIgnoreCase);
        var commandLine = root.GetProperty(WatchProcessContract.CommandLine).EnumerateArray().Select(v => v.GetString() ?? "").ToList();
        return new WatchStartLine(parameters, globals, commandLine, root.GetProperty(WatchProcessContract.BuildProcessId).GetInt32());
    }
}
