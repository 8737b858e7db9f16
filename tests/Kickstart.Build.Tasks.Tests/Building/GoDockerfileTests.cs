using Kickstart.Build.Tasks.Building;

namespace Kickstart.Build.Tasks.Tests.Building;

public sealed class GoDockerfileTests
{
    [Theory]
    [InlineData("-trimpath", "-trimpath")]
    [InlineData("./cmd/server", "./cmd/server")]
    [InlineData("-s -w", "\"-s -w\"")]
    [InlineData("-s -w -X main.version=1.2", "\"-s -w -X main.version=1.2\"")]
    [InlineData("-X 'main.name=a b'", "\"-X 'main.name=a b'\"")]
    [InlineData("-X main.v=$HOME", "'-X main.v=$HOME'")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("a\"b$c", "'a\"b$c'")]
    [InlineData("x'$y", "'x'\\''$y'")]
    [InlineData("", "\"\"")]
    public void ShellWordQuotesOnlyWhatTheShellWouldRead(string word, string expected) =>
        Assert.Equal(expected, GoDockerfile.ShellWord(word));

    [Theory]
    [InlineData("golang", false)]
    [InlineData("golang:1.22", true)]
    [InlineData("library/golang", false)]
    [InlineData("localhost:5000/golang", false)]
    [InlineData("localhost:5000/golang:1.22", true)]
    [InlineData("golang@sha256:abc", true)]
    public void HasTagReadsTheTagAfterTheLastSlash(string reference, bool expected) =>
        Assert.Equal(expected, GoDockerfile.HasTag(reference));

    [Theory]
    [InlineData("golang", true)]
    [InlineData("golang:1.22-bookworm", true)]
    [InlineData("my image", false)]
    [InlineData("", false)]
    [InlineData(":1.22", false)]
    [InlineData("golang;rm", false)]
    public void IsImageReference(string reference, bool expected) =>
        Assert.Equal(expected, GoDockerfile.IsImageReference(reference));

    [Fact]
    public void BuildCommandCarriesTagsLdFlagsAndFlagsAfterTheFixedOnes()
    {
        var dockerfile = new GoDockerfile
        {
            ProjectFileName = "api.proj", MainPackage = "cmd/server", ExecutableName = "api", BuildImage = "golang:1.19",
            RuntimeImage = "scratch", Tags = "a;b", LdFlags = " -X main.v=1 ", BuildFlags = "-mod=vendor -v",
        };
        Assert.Equal("CGO_ENABLED=0 go build -trimpath -tags a,b -ldflags \"-s -w -X main.v=1\" -mod=vendor -v -o /out/api ./cmd/server", dockerfile.BuildCommand());
    }

    [Fact]
    public void ProjectOfReadsTheMarkerLine()
    {
        var dockerfile = new GoDockerfile { ProjectFileName = "api.proj" };
        Assert.Equal("api.proj", GoDockerfile.ProjectOf(dockerfile.MarkerLine));
        Assert.Null(GoDockerfile.ProjectOf("FROM golang:1.22"));
        Assert.Null(GoDockerfile.ProjectOf(GoDockerfile.DockerIgnoreMarkerLine));
    }

    [Fact]
    public void ModulesAreDownloadedInALayerBeforeTheSourcesAreCopied()
    {
        var dockerfile = new GoDockerfile
        {
            ProjectFileName = "app.proj", MainPackage = ".", ExecutableName = "app", BuildImage = "golang:1.21", RuntimeImage = "scratch",
            DownloadsModules = true,
        };
        string[] lines = dockerfile.Render().Split('\n');
        int download = System.Array.IndexOf(lines, "RUN go mod download");
        Assert.True(System.Array.IndexOf(lines, "COPY go.mod go.sum* ./") == download - 1, dockerfile.Render());
        Assert.True(System.Array.IndexOf(lines, "COPY . .") > download, dockerfile.Render());
        // Beside go.mod: no second WORKDIR, the build runs in /src.
        Assert.Single(lines, l => l.StartsWith("WORKDIR /src", System.StringComparison.Ordinal));
    }

    [Fact]
    public void OnlyScratchGetsAPasswdFileTheOtherRuntimeImagesKeepTheirOwn()
    {
        var dockerfile = new GoDockerfile
        {
            ProjectFileName = "app.proj", MainPackage = ".", ExecutableName = "app", BuildImage = "golang:1.21", RuntimeImage = "alpine:3.20",
        };
        string text = dockerfile.Render();
        Assert.Contains("FROM alpine:3.20\n", text);
        Assert.DoesNotContain("/etc/passwd", text);
        Assert.Contains("USER 65532:65532\n", text);
        Assert.Contains("COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\n", text);
    }
}
