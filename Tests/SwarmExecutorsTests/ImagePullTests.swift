import Foundation
import SwarmExecutors
import SwarmTesting
import SystemPackage
import Testing

/// Pulls from a real docker-registry on loopback, each test with its own registry and store.
@Suite("Image pulls from a real registry", .serialized)
struct ImagePullTests {
    /// How a test reaches the registry.
    enum Route: String, CaseIterable, Sendable {
        /// `busybox:latest` through the registry as Docker Hub's mirror (`library/busybox`).
        case mirror
        /// `127.0.0.1:PORT/busybox:latest`, naming the registry.
        case registryHost

        var port: Int { self == .mirror ? 5101 : 5102 }
    }

    @Test("busybox:latest gives a root filesystem with bin/busybox executable and bin/sh a symbolic link", arguments: Route.allCases)
    func pullsBusybox(route: Route) async throws {
        try await TestRegistry.serving(on: route.port) { registry in
            let text = route == .mirror ? "busybox:latest" : "\(registry.address)/busybox:latest"
            try await StoreFixture.withStore(mirror: route == .mirror ? registry.url : nil) { store, scratch in
                let image = try await store.pull(ImageReference(parsing: text)).image
                #expect(image.configuration.command == ["sh"])
                #expect(image.configuration.environment.contains { $0.hasPrefix("PATH=") })
                #expect(image.layers.count == 1)

                let rootfs = scratch.appending("rootfs")
                try store.makeRootFilesystem(for: image, at: rootfs)
                let busybox = try rootfs.appending("bin/busybox").stat(followTargetSymlink: false)
                #expect(busybox.type == .regular)
                #expect(busybox.permissions.contains(.ownerExecute))
                #expect(try rootfs.appending("bin/sh").stat(followTargetSymlink: false).type == .symbolicLink)
                #expect(try FileManager.default.destinationOfSymbolicLink(atPath: rootfs.appending("bin/sh").string) == "busybox")
                #expect(!FileSystemTestFacts.exists(FilePath(rootfs.string + ".partial")))
                #expect(throws: ImageError.self) { try store.makeRootFilesystem(for: image, at: rootfs) }
            }
        }
    }

    @Test("busybox:two-layers: the upper layer's whiteout removes etc/issue and it adds etc/motd")
    func appliesLayersInOrder() async throws {
        try await TestRegistry.serving(on: 5103) { registry in
            try await StoreFixture.withStore { store, scratch in
                let image = try await store.pull(ImageReference(parsing: "\(registry.address)/busybox:two-layers")).image
                #expect(image.layers.count == 2)
                let rootfs = scratch.appending("rootfs")
                try store.makeRootFilesystem(for: image, at: rootfs)
                #expect(try String(contentsOfFile: rootfs.appending("etc/motd").string, encoding: .utf8) == "Welcome to the second layer.\n")
                #expect(!FileSystemTestFacts.exists(rootfs.appending("etc/issue")))
                #expect(!FileSystemTestFacts.exists(rootfs.appending("etc/.wh.issue")))
                #expect(FileSystemTestFacts.exists(rootfs.appending("etc/passwd")))
            }
        }
    }

    @Test("an image pulled twice is downloaded once; by digest it is not even asked for")
    func pullsOnce() async throws {
        try await TestRegistry.serving(on: 5104) { registry in
            try await StoreFixture.withStore { store, _ in
                let reference = try ImageReference(parsing: "\(registry.address)/busybox:latest")
                let first = try await store.pull(reference)
                #expect(first.report.fetchedBlobCount == 2, "the configuration and the layer")
                #expect(first.report.fetchedBlobByteCount > 500_000)

                let second = try await store.pull(reference)
                #expect(second.image == first.image)
                #expect(second.report.fetchedBlobCount == 0)
                #expect(second.report.reusedBlobCount == 2)
                #expect(second.report.fetchedManifestCount == 1, "a tag is resolved again")

                let pinned = try ImageReference(parsing: "\(registry.address)/busybox@\(first.image.digest)")
                let third = try await store.pull(pinned)
                #expect(third.image.id == first.image.id)
                #expect(third.report.fetchedManifestCount == 0 && third.report.fetchedBlobCount == 0)
                #expect(try await store.image(for: reference) == first.image)
            }
        }
    }

    @Test("pulls of one image at once download it once, and each gets the image")
    func concurrentPullsDownloadOnce() async throws {
        try await TestRegistry.serving(on: 5112) { registry in
            try await StoreFixture.withStore { store, _ in
                let reference = try ImageReference(parsing: "\(registry.address)/busybox:latest")
                let results = try await withThrowingTaskGroup(of: PullResult.self) { group in
                    for _ in 0..<8 { group.addTask { try await store.pull(reference) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(results.count == 8 && Set(results.map(\.image.digest)).count == 1)
                #expect(results.map(\.report.fetchedBlobCount).reduce(0, +) == 2, "the configuration and the layer, once: \(results.map(\.report))")
            }
        }
    }

    @Test("resolveDigest gives the manifest's digest, media type and size, and its platform")
    func resolvesDigests() async throws {
        try await TestRegistry.serving(on: 5105) { registry in
            let client = RegistryClient(endpoints: try RegistryEndpoints())
            do {
                let reference = try ImageReference(parsing: "\(registry.address)/busybox:latest")
                let distribution = try await client.resolveDigest(reference)
                #expect(distribution.descriptor.mediaType == "application/vnd.docker.distribution.manifest.v2+json")
                #expect(distribution.descriptor.size > 0)
                #expect(distribution.platforms == [ImagePlatform.host])
                let pinned = try ImageReference(parsing: "\(registry.address)/busybox@\(distribution.descriptor.digest)")
                #expect(try await client.resolveDigest(pinned) == distribution)
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }
}
