using System;
using System.IO;
using System.Threading.Tasks;

namespace Kickstart.Build.Tasks.Tests.Supervision;

/// <summary>
/// Lets a test hold a script at a point and release it: the script blocks in <c>read x &lt; gate</c> (created with
/// mkfifo by the script) until the test writes a line into the FIFO. No sleeps on either side.
/// </summary>
internal static class FifoGate
{
    /// <summary>Shell text that waits at the gate named <paramref name="name"/>.</summary>
    internal static string WaitIn(string name) => $"read _ < {name}";

    internal static async Task ReleaseAsync(string fifoPath)
    {
        // Opening a FIFO for writing blocks until the script opens it for reading, so run it off the test thread
        // and bound it: a script that never reaches the gate must fail the test, not hang it.
        Task write = Task.Run(() =>
        {
            using var fifo = new FileStream(fifoPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            fifo.Write("go\n"u8);
        });
        try
        {
            await write.WaitAsync(Deadlines.Condition);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The script never waited at {fifoPath}.");
        }
    }
}
