// Package version holds the build version of the sample server.
package version

// Version is the build version. It is a variable rather than a constant so
// that a release build can stamp it without editing source:
//
//	go build -ldflags "-X example.com/goserver/internal/version.Version=1.2.3"
var Version = "dev"

// String returns the version to report. An empty stamp (-X ...Version=)
// falls back to "dev" so callers never show a blank version.
func String() string {
	if Version == "" {
		return "dev"
	}
	return Version
}
