using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Tests.Building;

public sealed class CommandLineWordsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t ")]
    public void NothingGivesNoWords(string? text)
    {
        Assert.Empty(CommandLineWords.Split(text));
    }

    [Theory]
    [InlineData("-race", new[] { "-race" })]
    [InlineData("-race -count=1", new[] { "-race", "-count=1" })]
    [InlineData("  -v\t-x \n -a ", new[] { "-v", "-x", "-a" })]
    [InlineData("-race;-count=1", new[] { "-race", "-count=1" })]
    [InlineData("-gcflags=\"all=-N -l\" -race", new[] { "-gcflags=all=-N -l", "-race" })]
    [InlineData("-ldflags='-s -w'", new[] { "-ldflags=-s -w" })]
    [InlineData("-run \"TestA|TestB\"", new[] { "-run", "TestA|TestB" })]
    [InlineData("\"it's\" 'say \"hi\"'", new[] { "it's", "say \"hi\"" })]
    [InlineData("'a;b' c", new[] { "a;b", "c" })]
    [InlineData("pre\"fix suf\"fix", new[] { "prefix suffix" })]
    [InlineData("-tags \"\" -v", new[] { "-tags", "", "-v" })]
    [InlineData("-o C:\\out\\app.exe", new[] { "-o", "C:\\out\\app.exe" })]
    [InlineData("\"unterminated quote", new[] { "unterminated quote" })]
    public void SplitsLikeAShellWithPlainQuoting(string text, string[] expected)
    {
        Assert.Equal(expected, CommandLineWords.Split(text));
    }
}
