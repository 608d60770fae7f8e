import Foundation
import SystemPackage

/// Facts about paths the tests check, without following symbolic links.
enum FileSystemTestFacts {
    static func exists(_ path: FilePath) -> Bool {
        (try? path.stat(followTargetSymlink: false)) != nil
    }

    /// The names in `directory`, sorted; empty when it does not exist.
    static func names(in directory: FilePath) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.string)) ?? []).sorted()
    }
}
