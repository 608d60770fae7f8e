import Foundation
public import SystemPackage

/// A real docker-registry on 127.0.0.1:`port` for one test, started by tools/images/registry.sh
/// (busybox:latest and busybox:two-layers, also under library/, and evil:escape) and stopped when
/// the test ends, whether it passed or not.
public struct TestRegistry: Sendable {
    public let port: Int
    /// The registry's config, log and storage.
    public let root: FilePath

    /// The repository's root: this file is Sources/SwarmTesting/TestRegistry.swift.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = FilePath(repository.appendingPathComponent("tools/images/registry.sh").path)

    /// `127.0.0.1:PORT`.
    public var address: String { "127.0.0.1:\(port)" }
    /// `http://127.0.0.1:PORT`, as `--registry-mirror` takes it.
    public var url: String { "http://\(address)" }

    /// Starts a registry on `port`, runs `body` with it, and stops it.
    public static func serving<Result>(on port: Int, _ body: (TestRegistry) throws -> Result) throws -> Result {
        let (registry, scratch) = try start(on: port)
        defer { registry.stop(scratch) }
        return try body(registry)
    }

    /// Starts a registry on `port`, runs `body` with it, and stops it.
    public static func serving<Result>(on port: Int, _ body: (TestRegistry) async throws -> Result) async throws -> Result {
        let (registry, scratch) = try start(on: port)
        defer { registry.stop(scratch) }
        return try await body(registry)
    }

    /// Overwrites the registry's stored blob with digest `sha256:hex` with as many garbage bytes,
    /// so that it serves the right length and the wrong content.
    public func corruptBlob(hex: String) throws {
        let path = root.appending("storage/docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)/data")
        let length = try FileManager.default.attributesOfItem(atPath: path.string)[.size] as? Int ?? 0
        try Data(repeating: 0x5A, count: length).write(to: URL(fileURLWithPath: path.string))
    }

    private static func start(on port: Int) throws -> (TestRegistry, ScratchDirectory) {
        let scratch = try ScratchDirectory(label: "swarmd-registry")
        let registry = TestRegistry(port: port, root: scratch.appending("registry"))
        do {
            try registry.script("start")
        } catch {
            registry.stop(scratch)
            throw error
        }
        return (registry, scratch)
    }

    private func stop(_ scratch: ScratchDirectory) {
        try? script("stop")
        _ = scratch
    }

    private func script(_ command: String) throws {
        let outcome = try ChildProcess.run(FilePath("/bin/bash"), [Self.script.string, command, "\(port)", root.string], timeout: .seconds(180))
        guard outcome.exitStatus == 0 else {
            throw RegistryScriptFailure(description: "registry.sh \(command) \(port) failed (\(outcome.exitStatus)): \(outcome.standardError)")
        }
    }
}

/// tools/images/registry.sh failed; its error output follows.
public struct RegistryScriptFailure: Error, CustomStringConvertible {
    public let description: String
}
