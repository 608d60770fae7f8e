import Foundation
public import SystemPackage

/// Where this build's executables are: next to the test runner, in SwiftPM's bin directory.
public enum BuiltProducts {
    /// The path of the executable product `name` (e.g. `swarmd`) of the build running the tests.
    public static func executable(_ name: String) -> FilePath {
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return FilePath(runner.deletingLastPathComponent().appendingPathComponent(name).path)
    }
}
