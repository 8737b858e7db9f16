using System;
using System.Collections.Generic;
using System.Text.Json;
using Kickstart.DevProxy.Hosting;

namespace Kickstart.DevProxy.Control;

/// <summary>Turns one JSON line into a <see cref="ControlMessage"/>; a line it cannot use throws <see cref="FormatException"/>.</summary>
internal static class ControlMessageParser
{
    public static ControlMessage Parse(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON ({e.Message})", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String)
                throw new FormatException("not an object with a string \"type\"");
            return type.GetString() switch
            {
                "restarting" => new RestartingMessage(),
                "ready" => new ReadyMessage(ReadUpstream(root)),
                "buildFailed" => new BuildFailedMessage(ReadErrors(root)),
                "buildSucceeded" => new BuildSucceededMessage(),
                string other => throw new FormatException($"unknown type \"{other}\""),
                null => throw new FormatException("a null \"type\""),
            };
        }
    }

    private static Uri? ReadUpstream(JsonElement root)
    {
        if (!root.TryGetProperty("upstream", out JsonElement upstream) || upstream.ValueKind == JsonValueKind.Null)
            return null;
        if (upstream.ValueKind != JsonValueKind.String)
            throw new FormatException("\"upstream\" is not a string");
        try
        {
            return CommandLine.ParseHttpUrl("upstream", upstream.GetString()!);
        }
        catch (InvalidArgumentsException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    private static IReadOnlyList<BuildError> ReadErrors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out JsonElement errors) || errors.ValueKind != JsonValueKind.Array)
            throw new FormatException("\"errors\" is not an array");
        var result = new List<BuildError>(errors.GetArrayLength());
        foreach (JsonElement error in errors.EnumerateArray())
        {
            if (error.ValueKind != JsonValueKind.Object)
                throw new FormatException("an element of \"errors\" is not an object");
            // Lenient on purpose: an error without a position still deserves to be shown.
            result.Add(new BuildError(
                StringOrEmpty(error, "file"),
                NumberOrZero(error, "line"),
                NumberOrZero(error, "column"),
                StringOrEmpty(error, "message")));
        }
        return result;
    }

    private static string StringOrEmpty(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static int NumberOrZero(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : 0;
}
