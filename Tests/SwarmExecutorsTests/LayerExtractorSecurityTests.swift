import Foundation
import SwarmExecutors
import SwarmTesting
import SystemPackage
import Testing

/// Hostile layers: every way out of the root is refused, and nothing outside changes.
@Suite("Layer extraction refuses entries that reach outside the root")
struct LayerExtractorSecurityTests {
    /// A hostile layer; `OUTSIDE` in a path or link target stands for a directory beside the
    /// root holding a file `secret`.
    struct HostileCase: Sendable, CustomTestStringConvertible {
        let name: String
        let entries: [TestLayer.Entry]
        let whiteouts: WhiteoutHandling
        /// The entry the error must name.
        let refusedEntry: String
        /// The problem it must give; nil when libarchive's own checks refuse it (any message).
        let problem: LayerEntryProblem?

        var testDescription: String { name }
    }

    static let cases: [HostileCase] = [
        HostileCase(
            name: "a .. component", entries: [.file("../escaped", "out")], whiteouts: .keepAsFiles,
            refusedEntry: "../escaped", problem: .leavesRoot
        ),
        HostileCase(
            name: "a .. component inside the path", entries: [.file("etc/../../escaped", "out")], whiteouts: .apply,
            refusedEntry: "etc/../../escaped", problem: .leavesRoot
        ),
        HostileCase(
            name: "an absolute path", entries: [.file("OUTSIDE/escaped", "out")], whiteouts: .apply,
            refusedEntry: "OUTSIDE/escaped", problem: .absolutePath
        ),
        HostileCase(
            name: "a file through an absolute symbolic link",
            entries: [.symbolicLink("link", to: "OUTSIDE"), .file("link/evil", "through the link")], whiteouts: .keepAsFiles,
            refusedEntry: "link/evil", problem: nil
        ),
        HostileCase(
            name: "a file through a relative symbolic link that leaves the root",
            entries: [.symbolicLink("up", to: "../outside"), .file("up/evil", "through the link")], whiteouts: .apply,
            refusedEntry: "up/evil", problem: nil
        ),
        HostileCase(
            name: "a hard link to ../../etc/passwd", entries: [.hardLink("passwd", to: "../../etc/passwd")], whiteouts: .apply,
            refusedEntry: "passwd", problem: .hardLinkOutside(target: "../../etc/passwd")
        ),
        HostileCase(
            name: "a hard link through a symbolic link",
            entries: [.symbolicLink("link", to: "OUTSIDE"), .hardLink("stolen", to: "link/secret")], whiteouts: .keepAsFiles,
            refusedEntry: "stolen", problem: nil
        ),
        HostileCase(
            name: "a whiteout through a symbolic link",
            entries: [.symbolicLink("link", to: "OUTSIDE"), .file("link/.wh.secret")], whiteouts: .apply,
            refusedEntry: "link/.wh.secret", problem: .throughSymbolicLink("link")
        ),
        HostileCase(
            name: "an opaque marker through a symbolic link",
            entries: [.symbolicLink("link", to: "OUTSIDE"), .file("link/.wh..wh..opq")], whiteouts: .apply,
            refusedEntry: "link/.wh..wh..opq", problem: .throughSymbolicLink("link")
        ),
        HostileCase(
            name: "a whiteout of ..", entries: [.file("etc/.wh...")], whiteouts: .apply,
            refusedEntry: "etc/.wh...", problem: .invalidWhiteout
        ),
    ]

    @Test("refused, naming the entry, with nothing written or deleted outside", arguments: cases)
    func refuses(_ hostile: HostileCase) throws {
        let scratch = try ScratchDirectory(label: "swarmd-hostile-layer")
        let outside = try scratch.makeDirectory("outside")
        try Data("secret\n".utf8).write(to: URL(fileURLWithPath: outside.appending("secret").string))
        let root = try scratch.makeDirectory("root")
        let entries = hostile.entries.map { entry in
            var entry = entry
            entry.path = entry.path.replacingOccurrences(of: "OUTSIDE", with: outside.string)
            if case .symbolicLink(let target) = entry.kind {
                entry.kind = .symbolicLink(target: target.replacingOccurrences(of: "OUTSIDE", with: outside.string))
            }
            return entry
        }
        let layer = scratch.appending("layer")
        try TestLayer.write(entries, to: layer)

        let error = #expect(throws: LayerExtractionError.self) {
            try LayerExtractor.extract(layer, into: root, whiteouts: hostile.whiteouts)
        }
        guard case .unsafeEntry(let entry, let problem) = error else {
            Issue.record("expected an unsafe entry, got \(String(describing: error))")
            return
        }
        #expect(entry == hostile.refusedEntry.replacingOccurrences(of: "OUTSIDE", with: outside.string))
        if let expected = hostile.problem {
            #expect(problem == expected)
        } else {
            guard case .refusedByLibarchive = problem else {
                Issue.record("expected libarchive's refusal, got \(problem)")
                return
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.string) == ["secret"])
        #expect(try String(contentsOfFile: outside.appending("secret").string, encoding: .utf8) == "secret\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path.string).sorted() == ["layer", "outside", "root"])
        #expect(!FileManager.default.fileExists(atPath: scratch.path.removingLastComponent().appending("escaped").string))
    }
}
