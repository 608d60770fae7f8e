import Foundation
import SystemPackage

/// Every file under a directory, read as raw bytes, for checks that something never reached
/// the disk in the clear.
struct RawByteScan {
    private let files: [(relativePath: String, contents: Data)]

    init(_ directory: FilePath) {
        let paths = FileManager.default.enumerator(atPath: directory.string)?.compactMap { $0 as? String } ?? []
        files = paths.compactMap { relative in
            FileManager.default.contents(atPath: directory.appending(relative).string).map { (relative, $0) }
        }
    }

    /// How many files were read.
    var fileCount: Int { files.count }

    /// The files whose bytes contain `text`.
    func files(holding text: String) -> [String] {
        let needle = Data(text.utf8)
        return files.filter { $0.contents.range(of: needle) != nil }.map(\.relativePath)
    }
}
