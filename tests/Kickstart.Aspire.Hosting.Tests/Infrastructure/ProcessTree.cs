using System.Collections.Generic;
using System.IO;

namespace Kickstart.Aspire.Hosting.Tests.Infrastructure;

/// <summary>A process and everything below it, from /proc's parent links (Linux).</summary>
internal static class ProcessTree
{
    /// <summary><paramref name="root"/> and its live descendants, with their names.</summary>
    public static Dictionary<int, string> Of(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var entry in ProcessTable.All())
        {
            if (ParentOf(entry.Pid) is int parent)
            {
                if (!children.TryGetValue(parent, out var list))
                    children[parent] = list = new List<int>();
                list.Add(entry.Pid);
            }
        }

        var found = new Dictionary<int, string>();
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            int pid = pending.Pop();
            if (ProcessTable.Read(pid) is not { } process || !found.TryAdd(pid, process.Command))
                continue;
            if (children.TryGetValue(pid, out var below))
                foreach (int child in below)
                    pending.Push(child);
        }
        return found;
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            return int.TryParse(fields[1], out int parent) ? parent : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
