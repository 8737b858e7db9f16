using Kickstart.Aspire.Hosting.Running;
using Kickstart.Build.Tasks.Building;

namespace Kickstart.Aspire.Hosting.Tests.Running;

/// <summary>WithArgs's words survive the trip into KickstartServerArguments and back out of the watch's splitter.</summary>
public sealed class WatchCommandLineTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("two words")]
    [InlineData("semi;colon")]
    [InlineData("it's")]
    [InlineData("say \"hi\"")]
    [InlineData("both ' and \"")]
    [InlineData("")]
    [InlineData("tab\there")]
    public void A_word_comes_back_from_the_watchs_splitter_as_it_went_in(string word)
    {
        var words = new[] { "--first", word, "last" };
        Assert.Equal(words, CommandLineWords.Split(ServerArgumentText.Join(words)));
    }

    [Fact]
    public void MSBuilds_special_characters_are_escaped()
    {
        Assert.Equal("a%3Bb%2Cc%24%28d%29%25e%40f%2Ag%3Fh%27%22 i=j", WatchCommandLineAnnotation.MsBuildEscape("a;b,c$(d)%e@f*g?h'\" i=j"));
    }
}
