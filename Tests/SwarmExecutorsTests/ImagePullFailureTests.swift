import Foundation
import SwarmExecutors
import SwarmTesting
import SystemPackage
import Testing

/// Pulls that must fail, each with an error naming what failed, and a store left clean.
@Suite("Image pulls that fail", .serialized)
struct ImagePullFailureTests {
    /// Asserts that the store keeps nothing of `layer`, and no temporary file.
    static func expectNothingStored(of layer: ImageDigest, in scratch: ScratchDirectory) {
        let images = scratch.appending("images")
        #expect(!FileSystemTestFacts.names(in: images.appending("blobs/sha256")).contains(layer.hex))
        #expect(FileSystemTestFacts.names(in: images.appending("layers/sha256")).isEmpty)
        #expect(FileSystemTestFacts.names(in: images.appending("tmp")).isEmpty)
        #expect(!FileSystemTestFacts.exists(images.appending("references.json")))
    }

    @Test("a corrupted layer blob fails the pull with an error naming its digest, and nothing of it is kept")
    func refusesCorruptLayer() async throws {
        try await TestRegistry.serving(on: 5106) { registry in
            let reference = try ImageReference(parsing: "\(registry.address)/busybox:latest")
            let layer = try await StoreFixture.withStore { store, _ in try await store.pull(reference).image.layers[0].digest }
            try registry.corruptBlob(hex: layer.hex)
            try await StoreFixture.withStore { store, scratch in
                let error = await #expect(throws: ImageError.self) { try await store.pull(reference) }
                guard case .damagedBlob(_, .layer, let digest, _, .digestMismatch) = error else {
                    Issue.record("expected a damaged layer, got \(String(describing: error))")
                    return
                }
                #expect(digest == layer)
                #expect("\(error!)".contains("layer \(layer) of \(registry.address)/busybox:latest is damaged: its content hashes to sha256:"))
                Self.expectNothingStored(of: layer, in: scratch)
            }
        }
    }

    @Test("evil:escape is refused at its ../escaped entry, and nothing is written outside the store")
    func refusesEscapingLayer() async throws {
        try await TestRegistry.serving(on: 5107) { registry in
            try await StoreFixture.withStore { store, scratch in
                let reference = try ImageReference(parsing: "\(registry.address)/evil:escape")
                let error = await #expect(throws: ImageError.self) { try await store.pull(reference) }
                guard case .unusableLayer(_, let layer, .unsafeEntry("../escaped", .leavesRoot)) = error else {
                    Issue.record("expected the ../escaped entry to be refused, got \(String(describing: error))")
                    return
                }
                #expect("\(error!)" == "layer \(layer) of \(registry.address)/evil:escape has an entry ../escaped that leaves the image's root: refusing the image")
                Self.expectNothingStored(of: layer, in: scratch)
                let images = scratch.appending("images")
                for directory in [scratch.path.removingLastComponent(), scratch.path, images, images.appending("layers"), images.appending("layers/sha256"), images.appending("tmp")] {
                    #expect(!FileSystemTestFacts.exists(directory.appending("escaped")), "\(directory) has an escaped file")
                }
                #expect(!FileSystemTestFacts.exists("/etc/evil"))
            }
        }
    }

    @Test("an unknown tag is reported with the image's name and the registry")
    func reportsUnknownTag() async throws {
        try await TestRegistry.serving(on: 5108) { registry in
            try await StoreFixture.withStore { store, _ in
                let error = await #expect(throws: ImageError.self) {
                    try await store.pull(ImageReference(parsing: "\(registry.address)/busybox:nope"))
                }
                guard case .imageNotFound = error else {
                    Issue.record("expected image not found, got \(String(describing: error))")
                    return
                }
                #expect("\(error!)".hasPrefix("image \(registry.address)/busybox:nope not found in registry \(registry.url) (manifest unknown)"))
            }
        }
    }

    @Test("a registry nobody listens for is reported unreachable at once")
    func reportsUnreachableRegistry() async throws {
        try await StoreFixture.withStore { store, _ in
            let started = ContinuousClock.now
            let error = await #expect(throws: ImageError.self) { try await store.pull(ImageReference(parsing: "127.0.0.1:5109/busybox")) }
            guard case .registryUnreachable = error else {
                Issue.record("expected an unreachable registry, got \(String(describing: error))")
                return
            }
            #expect("\(error!)".hasPrefix("registry 127.0.0.1:5109 unreachable: connection refused"))
            // Refused connections are retried twice after short pauses (about 3 s in all), not
            // waited on for a connect timeout (30 s): the bound leaves room for a loaded machine.
            #expect(ContinuousClock.now - started < .seconds(15))
        }
    }
}
