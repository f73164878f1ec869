// The tools confine paths with Linux facilities (/proc/self/fd, the *at calls); so do their tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
