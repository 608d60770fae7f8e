import Foundation
public import SystemPackage

/// A fresh directory under the system's temporary directory, deleted with everything in it when
/// the value is released. Each test gets its own, so tests never see each other's files.
public final class ScratchDirectory: Sendable {
    /// The directory's path.
    public let path: FilePath

    /// Creates a new empty directory whose name starts with `label`.
    public init(label: String = "swarmd-test") throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        let name = "\(label)-\(UUID().uuidString.prefix(8))"
        let url = URL(fileURLWithPath: base).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = FilePath(url.path)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path.string)
    }

    /// Creates the empty directory `relativePath` (and its parents) inside and returns its path.
    public func makeDirectory(_ relativePath: String) throws -> FilePath {
        let directory = appending(relativePath)
        try FileManager.default.createDirectory(atPath: directory.string, withIntermediateDirectories: true)
        return directory
    }

    /// The path of `relativePath` inside the directory.
    public func appending(_ relativePath: String) -> FilePath {
        path.appending(relativePath)
    }
}
