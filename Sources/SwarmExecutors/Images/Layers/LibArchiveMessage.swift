import CArchive
import Foundation

/// libarchive's messages, made readable: the root's absolute path is cut from the paths they
/// name, so that they show entry paths.
enum LibArchiveMessage {
    static func last(of archive: OpaquePointer, root: [UInt8]) -> String {
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
        return message.replacingOccurrences(of: String(decoding: root, as: UTF8.self) + "/", with: "")
    }
}
