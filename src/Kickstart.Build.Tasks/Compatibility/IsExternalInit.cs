// .NET Framework 4.7.2 lacks the marker type C# needs for records and init-only setters; the compiler only needs it to exist.
namespace System.Runtime.CompilerServices;

internal static class IsExternalInit { }
