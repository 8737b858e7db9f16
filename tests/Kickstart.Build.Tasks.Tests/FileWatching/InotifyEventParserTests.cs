using System;
using System.Collections.Generic;
using Kickstart.Build.Tasks.Native;
using Kickstart.Build.Tasks.FileWatching;

namespace Kickstart.Build.Tasks.Tests.FileWatching;

public sealed class InotifyEventParserTests
{
    [Fact]
    public void Parse_SplitsVariableLengthRecordsAndStripsNamePadding()
    {
        var buffer = new List<byte>();
        AppendRecord(buffer, watch: 1, LinuxNative.IN_CREATE, cookie: 0, name: "handlers.go", nameField: 16);
        AppendRecord(buffer, watch: 2, LinuxNative.IN_DELETE_SELF, cookie: 0, name: "", nameField: 0);
        AppendRecord(buffer, watch: 1, LinuxNative.IN_MOVED_TO | LinuxNative.IN_ISDIR, cookie: 7, name: "dossier-été", nameField: 32);

        List<InotifyRecord> records = InotifyEventParser.Parse(buffer.ToArray());

        Assert.Equal(
            new[]
            {
                new InotifyRecord(1, LinuxNative.IN_CREATE, 0, "handlers.go"),
                new InotifyRecord(2, LinuxNative.IN_DELETE_SELF, 0, ""),
                new InotifyRecord(1, LinuxNative.IN_MOVED_TO | LinuxNative.IN_ISDIR, 7, "dossier-été"),
            },
            records);
    }

    [Fact]
    public void Parse_IgnoresATruncatedTail()
    {
        var buffer = new List<byte>();
        AppendRecord(buffer, watch: 1, LinuxNative.IN_MODIFY, cookie: 0, name: "main.go", nameField: 16);
        AppendRecord(buffer, watch: 1, LinuxNative.IN_MODIFY, cookie: 0, name: "util.go", nameField: 16);
        byte[] truncated = buffer.GetRange(0, buffer.Count - 5).ToArray();

        Assert.Equal(new[] { new InotifyRecord(1, LinuxNative.IN_MODIFY, 0, "main.go") }, InotifyEventParser.Parse(truncated));
        Assert.Empty(InotifyEventParser.Parse(new byte[10]));
    }

    [Fact]
    public void Parse_OverflowRecordHasNoName()
    {
        var buffer = new List<byte>();
        AppendRecord(buffer, watch: -1, LinuxNative.IN_Q_OVERFLOW, cookie: 0, name: "", nameField: 0);

        Assert.Equal(new[] { new InotifyRecord(-1, LinuxNative.IN_Q_OVERFLOW, 0, "") }, InotifyEventParser.Parse(buffer.ToArray()));
    }

    private static void AppendRecord(List<byte> buffer, int watch, uint mask, uint cookie, string name, int nameField) =>
        InotifyRecordBytes.Append(buffer, watch, mask, cookie, name, nameField);
}
