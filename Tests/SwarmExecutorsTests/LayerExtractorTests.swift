import Foundation
import SwarmExecutors
import SwarmTesting
import SystemPackage
import Testing

@Suite("Layer extraction: entries, whiteouts and opaque directories")
struct LayerExtractorTests {
    /// Writes each layer and applies them in order into `scratch/root`, which it returns.
    static func applyLayers(
        _ layers: [[TestLayer.Entry]], in scratch: ScratchDirectory, whiteouts: WhiteoutHandling = .apply,
        compression: TestLayer.Compression = .gzip
    ) throws -> FilePath {
        let root = try scratch.makeDirectory("root")
        for (index, entries) in layers.enumerated() {
            let layer = scratch.appending("layer\(index)")
            try TestLayer.write(entries, to: layer, compression: compression)
            try LayerExtractor.extract(layer, into: root, whiteouts: whiteouts)
        }
        return root
    }

    @Test("files, directories, symbolic and hard links keep their modes and owners", arguments: TestLayer.Compression.allCases)
    func unpacksEntries(compression: TestLayer.Compression) throws {
        let scratch = try ScratchDirectory(label: "swarmd-layer")
        let layer = scratch.appending("layer")
        try TestLayer.write([
            .directory("etc", mode: 0o750),
            .file("etc/hosts", "127.0.0.1 localhost\n", mode: 0o640, owner: 1000),
            .file("bin/busybox", "#!binary", mode: 0o4755),
            .symbolicLink("bin/sh", to: "busybox"),
            .symbolicLink("host-etc", to: "/etc"),
            .hardLink("etc/hosts.copy", to: "etc/hosts"),
            .fifo("dev/initctl"),
        ], to: layer, compression: compression)
        let root = try scratch.makeDirectory("root")
        let extraction = try LayerExtractor.extract(layer, into: root, whiteouts: .apply)

        #expect(extraction.entryCount == 6)
        #expect(extraction.skippedSpecialFiles == ["dev/initctl"])
        let hosts = try root.appending("etc/hosts").stat()
        #expect(hosts.mode.permissions == FilePermissions(rawValue: 0o640))
        #expect(hosts.userID.rawValue == 1000 && hosts.groupID.rawValue == 1000)
        #expect(try String(contentsOfFile: root.appending("etc/hosts").string, encoding: .utf8) == "127.0.0.1 localhost\n")
        #expect(try root.appending("etc").stat().mode.permissions == FilePermissions(rawValue: 0o750))
        #expect(try root.appending("bin/busybox").stat().mode.permissions == FilePermissions(rawValue: 0o4755))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root.appending("bin/sh").string) == "busybox")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root.appending("host-etc").string) == "/etc")
        #expect(try root.appending("etc/hosts.copy").stat().inode == hosts.inode)
        #expect(!FileSystemTestFacts.exists(root.appending("dev/initctl")))
    }

    @Test("a whiteout deletes what a lower layer put there, and nothing the same layer adds")
    func appliesWhiteouts() throws {
        let scratch = try ScratchDirectory(label: "swarmd-layer")
        let root = try Self.applyLayers([
            [.file("etc/issue", "old"), .file("etc/motd", "kept"), .directory("var/cache"), .file("var/cache/a")],
            [.file("etc/.wh.issue"), .file("etc/new", "added"), .file("var/.wh.cache"), .file("var/cache2"), .file("var/.wh.cache2")],
        ], in: scratch)

        #expect(!FileSystemTestFacts.exists(root.appending("etc/issue")))
        #expect(!FileSystemTestFacts.exists(root.appending("etc/.wh.issue")), "a whiteout marker is not written")
        #expect(FileSystemTestFacts.exists(root.appending("etc/motd")))
        #expect(FileSystemTestFacts.exists(root.appending("etc/new")))
        #expect(!FileSystemTestFacts.exists(root.appending("var/cache")), "a whiteout of a directory deletes its contents")
        #expect(FileSystemTestFacts.exists(root.appending("var/cache2")), "a whiteout does not delete what its own layer adds")
    }

    @Test("an opaque directory hides what lower layers put in it, not what its own layer adds")
    func appliesOpaqueDirectories() throws {
        let scratch = try ScratchDirectory(label: "swarmd-layer")
        let root = try Self.applyLayers([
            [.file("data/old"), .file("data/sub/old"), .file("data/sub/deeper/old"), .file("other/kept")],
            [.file("data/sub/new", "before the marker"), .file("data/.wh..wh..opq"), .file("data/after", "after the marker")],
        ], in: scratch)

        let data = try FileManager.default.subpathsOfDirectory(atPath: root.appending("data").string).sorted()
        #expect(data == ["after", "sub", "sub/new"])
        #expect(FileSystemTestFacts.exists(root.appending("other/kept")))
    }

    @Test("unpacked on its own, a layer keeps its whiteout markers as files")
    func keepsWhiteoutMarkers() throws {
        let scratch = try ScratchDirectory(label: "swarmd-layer")
        let root = try Self.applyLayers([[.file("etc/.wh.issue"), .file("data/.wh..wh..opq"), .file("etc/motd")]], in: scratch, whiteouts: .keepAsFiles)

        #expect(FileSystemTestFacts.exists(root.appending("etc/.wh.issue")))
        #expect(FileSystemTestFacts.exists(root.appending("data/.wh..wh..opq")))
        #expect(FileSystemTestFacts.exists(root.appending("etc/motd")))
    }

    @Test("a file that is not a layer is unreadable, not unsafe")
    func refusesGarbage() throws {
        let scratch = try ScratchDirectory(label: "swarmd-layer")
        let layer = scratch.appending("garbage")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: layer.string))
        let root = try scratch.makeDirectory("root")
        #expect {
            try LayerExtractor.extract(layer, into: root, whiteouts: .apply)
        } throws: { error in
            guard case .unreadable = error as? LayerExtractionError else { return false }
            return true
        }
    }
}
